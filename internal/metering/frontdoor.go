package metering

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
)

// Path is where the front door serves the meter (see Handler), on the
// emulator's own port: no AWS API has a path starting with "/_".
const Path = "/_conveyor/meter"

// Caller names the function that signed r, or returns "" for any other
// caller (an operator, a test, the platform itself).
type Caller func(r *http.Request) string

// The X-Amz-Target prefixes of the JSON protocols the meter reads.
const (
	targetDynamoDB = "DynamoDB_20120810."
	targetStreams  = "DynamoDBStreams_20120810."
	targetSQS      = "AmazonSQS."
	targetEvents   = "AWSEvents."
)

// maxMeteredBody is the largest request body the meter reads; a larger
// request is passed on unmetered but counted as a call.
const maxMeteredBody = 32 << 20

// FrontDoor returns next behind the meter. It meters the AWS calls next
// serves: those signed by a function (caller names it), and two the
// platform makes on the functions' behalf without signing them:
// EventBridge's deliveries to the subscriptions' queues (charged to the
// function draining the queue) and the X-Ray segments the local cloud's
// daemon relays. It serves Handler under Path, and passes everything else
// on untouched.
//
// It reads a request's body only when the call is metered and the body
// says what is billed, and holds a metered call's answer until the call
// is counted. To
// count DynamoDB writes as DynamoDB does (the larger of the item before
// and after the write, and the index entries the write changes) it reads
// the items a write touches through next, before and after the write,
// unless the write can only create its item; and it reads each table's
// key schema and indexes once (DescribeTable).
func (m *Meter) FrontDoor(next http.Handler, caller Caller) http.Handler {
	return &frontDoor{m: m, next: next, caller: caller, handler: m.Handler()}
}

type frontDoor struct {
	m       *Meter
	next    http.Handler
	caller  Caller
	handler http.Handler
}

func (fd *frontDoor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, Path) {
		fd.handler.ServeHTTP(w, r)
		return
	}
	target := r.Header.Get("X-Amz-Target")
	function := fd.caller(r)
	switch {
	case strings.HasPrefix(target, targetDynamoDB):
		op := strings.TrimPrefix(target, targetDynamoDB)
		if function != "" {
			fd.dynamoDB(w, r, function, op)
			return
		}
		if schemaChanges[op] {
			fd.next.ServeHTTP(w, r)
			fd.m.forgetTables()
			return
		}
	case strings.HasPrefix(target, targetStreams):
		// A trigger's reads of a table's stream are free.
	case strings.HasPrefix(target, targetSQS):
		action := strings.TrimPrefix(target, targetSQS)
		if function != "" {
			fd.sqs(w, r, function, action)
			return
		}
		if action == "SendMessage" && r.Header.Get("Authorization") == "" {
			// EventBridge delivering to a rule's queue target.
			fd.sqs(w, r, "", action)
			return
		}
	case target == targetEvents+"PutEvents":
		if function != "" {
			fd.putEvents(w, r, function)
			return
		}
	case target == "" && r.Method == http.MethodPost && r.URL.Path == "/TraceSegments":
		if function != "" || r.Header.Get("Authorization") == "" {
			fd.traceSegments(w, r, function)
			return
		}
	case target == "" && function != "" && isSQSQuery(r):
		fd.sqsQuery(w, r, function)
		return
	}
	fd.next.ServeHTTP(w, r)
}

// readBody reads r's body, up to maxMeteredBody bytes, and puts it back
// for the next handler. It reports false, with the body untouched, when
// the body is larger or cannot be read.
func readBody(r *http.Request) ([]byte, bool) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, true
	}
	if r.ContentLength > maxMeteredBody {
		return nil, false
	}
	var body []byte
	var err error
	if r.ContentLength >= 0 {
		body = make([]byte, r.ContentLength)
		_, err = io.ReadFull(r.Body, body)
	} else {
		body, err = io.ReadAll(io.LimitReader(r.Body, maxMeteredBody+1))
	}
	rest := r.Body
	r.Body = readCloser{io.MultiReader(bytes.NewReader(body), rest), rest}
	if err != nil || len(body) > maxMeteredBody {
		return nil, false
	}
	return body, true
}

type readCloser struct {
	io.Reader
	io.Closer
}

// capture keeps an answer whole (its headers go to the caller's writer
// as they are set) and passes it on only when flushed, once the call was
// metered: a caller of the AWS API that has its whole answer finds the
// counters moved.
type capture struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (c *capture) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

func (c *capture) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c.body.Write(b)
}

// flush passes the kept answer on to the caller.
func (c *capture) flush() {
	c.ResponseWriter.WriteHeader(c.status)
	_, _ = c.ResponseWriter.Write(c.body.Bytes())
}

// serve passes r on and keeps the answer; the caller meters the call,
// then flushes the answer (defer c.flush() right after serve).
func (fd *frontDoor) serve(w http.ResponseWriter, r *http.Request) *capture {
	c := &capture{ResponseWriter: w}
	fd.next.ServeHTTP(c, r)
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c
}

// call makes a JSON-protocol call of its own through next, unsigned, and
// returns the status and the body of the answer.
func (fd *frontDoor) call(ctx context.Context, target string, body []byte) (int, []byte) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://127.0.0.1/", bytes.NewReader(body))
	if err != nil {
		return 0, nil
	}
	req.Header.Set("X-Amz-Target", target)
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	// The answer of a call made in process, kept whole as the standard
	// library's recorder keeps it.
	rec := httptest.NewRecorder()
	fd.next.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}
