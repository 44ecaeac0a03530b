package metering

import (
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
)

// ChunkBytes is the payload one billed SQS request or EventBridge event
// carries: 64 KB. A larger payload is billed as one more per 64 KB
// started.
const ChunkBytes = 64 * 1024

// Chunks is how many billed requests (or events) a payload of size bytes
// makes: one per 64 KB started, at least one.
func Chunks(size int) int64 {
	if size <= 0 {
		return 1
	}
	return int64((size + ChunkBytes - 1) / ChunkBytes)
}

// sqsMessage holds what counts of one message's size: its body and its
// message attributes (name, data type and value each). System attributes
// (AWSTraceHeader) do not count.
type sqsMessage struct {
	Body              string
	MessageBody       string
	MessageAttributes map[string]sqsAttribute
}

type sqsAttribute struct {
	DataType    string
	StringValue string
	BinaryValue []byte
}

func (m sqsMessage) size() int {
	n := len(m.Body) + len(m.MessageBody)
	for name, a := range m.MessageAttributes {
		n += len(name) + len(a.DataType) + len(a.StringValue) + len(a.BinaryValue)
	}
	return n
}

// sqsRequest and sqsAnswer hold the members of the SQS calls the meter
// reads.
type sqsRequest struct {
	QueueURL string
	sqsMessage
	Entries []sqsMessage
}

type sqsAnswer struct {
	Messages   []sqsMessage
	Successful []json.RawMessage
}

// sqs meters one SQS call: of function, or, when function is "", an
// EventBridge delivery to a queue, charged to the function that drains
// it.
func (fd *frontDoor) sqs(w http.ResponseWriter, r *http.Request, function, action string) {
	var req sqsRequest
	body, ok := []byte(nil), true
	needBody := function == "" || action == "SendMessage" || action == "SendMessageBatch"
	if needBody {
		body, ok = readBody(r)
		ok = ok && json.Unmarshal(body, &req) == nil
	}
	if function == "" {
		charged, known := fd.m.queueFunction(queueName(req.QueueURL))
		if !ok || !known {
			fd.next.ServeHTTP(w, r)
			return
		}
		function = charged
	}
	c := fd.serve(w, r)
	defer c.flush()
	var ans sqsAnswer
	if (action == "ReceiveMessage" || action == "SendMessageBatch") && c.status == http.StatusOK && c.body.Len() > 0 {
		_ = json.Unmarshal(c.body.Bytes(), &ans)
	}
	fd.m.sqsCall(function, action, c.status, req, ans)
}

// sqsCall counts one SQS call answered with status.
func (m *Meter) sqsCall(function, action string, status int, req sqsRequest, ans sqsAnswer) {
	ok := status >= 200 && status < 300
	payload, sent, received := 0, 0, 0
	switch action {
	case "SendMessage":
		payload, sent = req.size(), 1
	case "SendMessageBatch":
		for _, e := range req.Entries {
			payload += e.size()
		}
		sent = len(ans.Successful)
	case "ReceiveMessage":
		for _, msg := range ans.Messages {
			payload += msg.size()
		}
		received = len(ans.Messages)
	}
	m.update(function, func(u *Usage) {
		u.SQS.Calls[action]++
		if !ok {
			return
		}
		u.SQS.Requests += Chunks(payload)
		u.SQS.MessagesSent += int64(sent)
		u.SQS.MessagesReceived += int64(received)
		if action == "ReceiveMessage" && received == 0 {
			u.SQS.EmptyReceives++
		}
	})
}

// queueName is the name of the queue at a queue URL
// (".../<account>/<name>").
func queueName(queueURL string) string {
	u, err := url.Parse(queueURL)
	if err != nil || u.Path == "" {
		return ""
	}
	return path.Base(u.Path)
}

// isSQSQuery reports whether r is an SQS call in the form-encoded Query
// protocol.
func isSQSQuery(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/x-www-form-urlencoded" && r.Method == http.MethodPost &&
		strings.Contains(r.Header.Get("Authorization"), "/sqs/")
}

// sqsQuery meters one SQS call of function in the Query protocol: a
// request per 64 KB of the messages it sends. Its XML answer is not read,
// so a receive counts as one request, never as an empty one.
func (fd *frontDoor) sqsQuery(w http.ResponseWriter, r *http.Request, function string) {
	body, ok := readBody(r)
	form, err := url.ParseQuery(string(body))
	if !ok || err != nil || form.Get("Action") == "" {
		fd.next.ServeHTTP(w, r)
		return
	}
	var req sqsRequest
	req.MessageBody = form.Get("MessageBody")
	for i := 1; ; i++ {
		b, ok := form["SendMessageBatchRequestEntry."+strconv.Itoa(i)+".MessageBody"]
		if !ok {
			break
		}
		req.Entries = append(req.Entries, sqsMessage{MessageBody: b[0]})
	}
	c := fd.serve(w, r)
	defer c.flush()
	ans := sqsAnswer{Successful: make([]json.RawMessage, len(req.Entries))}
	action := form.Get("Action")
	if action == "ReceiveMessage" {
		action = "ReceiveMessage (Query protocol)"
	}
	fd.m.sqsCall(function, action, c.status, req, ans)
}
