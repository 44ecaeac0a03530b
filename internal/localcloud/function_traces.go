package localcloud

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/internal/localcloud/runtimeapi"
)

// trigger says what invokes a function, which decides the segments the
// local cloud records around the invocation.
type trigger int

const (
	// byAPI is the gateway: API Gateway records a stage segment.
	byAPI trigger = iota
	// byQueue is an SQS poller: each record carries its producer's trace.
	byQueue
	// byStream is a table stream poller: every batch starts a trace.
	byStream
)

// tracedFunction invokes a function the way Lambda does with active
// tracing. It records each invocation as a segment named after the
// function (origin AWS::Lambda::Function, a fault when the function
// failed) and passes the function a trace header whose parent is that
// segment, so the function's own subsegments hang below it. Invoked by
// the gateway, it also records the API stage's segment. Invoked with SQS
// records, it restores the AWSTraceHeader the emulator drops, from what
// PutEvents received, and continues the first record's trace, as Lambda
// does for a traced message.
type tracedFunction struct {
	fn      *runtimeapi.Function
	name    string
	service string
	trigger trigger
	api     string // the stage segment's name, "<api>/<stage>"
	relay   *xrayRelay
	events  *eventTraces
}

// Invoke runs the function with a trace of its own.
func (t *tracedFunction) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	return t.InvokeWith(ctx, payload, runtimeapi.InvokeOptions{})
}

// InvokeWith runs the function continuing o.TraceHeader, if any.
func (t *tracedFunction) InvokeWith(ctx context.Context, payload []byte, o runtimeapi.InvokeOptions) ([]byte, error) {
	if t.trigger == byQueue {
		var upstream string
		payload, upstream = t.events.restore(payload)
		if o.TraceHeader == "" {
			o.TraceHeader = upstream
		}
	}
	root, parent := parseTraceHeader(o.TraceHeader)
	if root == "" {
		root, parent = newTraceID(), ""
	}
	id := newSegmentID()
	o.TraceHeader = "Root=" + root + ";Parent=" + id + ";Sampled=1"
	start := time.Now()
	out, err := t.fn.InvokeWith(ctx, payload, o)
	end := time.Now()

	fnSeg := segmentDoc{
		Name: t.name, ID: id, TraceID: root, ParentID: parent, Origin: "AWS::Lambda::Function",
		StartTime: epoch(start), EndTime: epoch(end),
		Annotations: map[string]any{"service": t.service, "function": t.name},
	}
	if err != nil {
		fnSeg.fail(err)
	}
	if t.trigger == byAPI && parent != "" {
		t.relay.put(t.stageSegment(root, parent, start, end, payload, out, err))
	}
	t.relay.put(fnSeg.encode())
	return out, err
}

// stageSegment is API Gateway's segment around the invocation: the
// request's method and path, and the status answered.
func (t *tracedFunction) stageSegment(root, id string, start, end time.Time, payload, out []byte, invokeErr error) []byte {
	var req lambdaevents.APIGatewayProxyRequest
	_ = json.Unmarshal(payload, &req)
	var resp lambdaevents.APIGatewayProxyResponse
	_ = json.Unmarshal(out, &resp)
	status := resp.StatusCode
	if invokeErr != nil || status == 0 {
		status = 502
	}
	seg := segmentDoc{
		Name: t.api, ID: id, TraceID: root, Origin: "AWS::ApiGateway::Stage",
		StartTime: epoch(start), EndTime: epoch(end),
		Annotations: map[string]any{"service": "api", "function": t.name},
		HTTP: &segmentHTTP{
			Request:  map[string]any{"method": req.HTTPMethod, "url": req.Path},
			Response: map[string]any{"status": status},
		},
		Error: status >= 400 && status < 500,
		Fault: status >= 500,
	}
	return seg.encode()
}

// segmentDoc is an X-Ray segment document.
type segmentDoc struct {
	Name        string         `json:"name"`
	ID          string         `json:"id"`
	TraceID     string         `json:"trace_id"`
	ParentID    string         `json:"parent_id,omitempty"`
	Origin      string         `json:"origin,omitempty"`
	StartTime   float64        `json:"start_time"`
	EndTime     float64        `json:"end_time"`
	Error       bool           `json:"error,omitempty"`
	Fault       bool           `json:"fault,omitempty"`
	Annotations map[string]any `json:"annotations,omitempty"`
	HTTP        *segmentHTTP   `json:"http,omitempty"`
	Cause       *segmentCause  `json:"cause,omitempty"`
}

type segmentHTTP struct {
	Request  map[string]any `json:"request,omitempty"`
	Response map[string]any `json:"response,omitempty"`
}

type segmentCause struct {
	Exceptions []segmentException `json:"exceptions"`
}

type segmentException struct {
	ID      string `json:"id"`
	Message string `json:"message"`
	Type    string `json:"type,omitempty"`
}

// fail marks the segment as a fault caused by err.
func (s *segmentDoc) fail(err error) {
	s.Fault = true
	exc := segmentException{ID: newSegmentID(), Message: err.Error()}
	var fe *runtimeapi.FunctionError
	if errors.As(err, &fe) {
		exc.Type, exc.Message = fe.Type, fe.Message
	}
	s.Cause = &segmentCause{Exceptions: []segmentException{exc}}
}

func (s segmentDoc) encode() []byte {
	b, err := json.Marshal(s)
	if err != nil {
		// Every field is a plain value; this cannot fail.
		panic(fmt.Sprintf("encode segment: %v", err))
	}
	return b
}

func epoch(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

// parseTraceHeader returns the Root and Parent of a sampled X-Ray trace
// header, or "" for a header that is missing or not sampled.
func parseTraceHeader(h string) (root, parent string) {
	sampled := false
	for part := range strings.SplitSeq(h, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "Root":
			root = v
		case "Parent":
			parent = v
		case "Sampled":
			sampled = v == "1"
		}
	}
	if !sampled {
		return "", ""
	}
	return root, parent
}

func newTraceID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("1-%08x-%s", time.Now().Unix(), hex.EncodeToString(b[:]))
}

func newSegmentID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// eventTraces remembers the trace header PutEvents received with each
// platform event, by the event's envelope id, so that the SQS records the
// event becomes carry it as AWSTraceHeader: EventBridge passes it on, the
// emulator does not.
type eventTraces struct {
	mu    sync.Mutex
	byID  map[string]string
	order []string
}

// maxEventTraces bounds what eventTraces remembers; the oldest go first.
const maxEventTraces = 50000

func newEventTraces() *eventTraces { return &eventTraces{byID: map[string]string{}} }

// observePutEvents reads a PutEvents request body.
func (e *eventTraces) observePutEvents(body []byte) {
	var req struct {
		Entries []struct {
			Detail      string
			TraceHeader string
		}
	}
	if json.Unmarshal(body, &req) != nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, entry := range req.Entries {
		if entry.TraceHeader == "" {
			continue
		}
		var env struct {
			ID string `json:"id"`
		}
		if json.Unmarshal([]byte(entry.Detail), &env) != nil || env.ID == "" {
			continue
		}
		if _, seen := e.byID[env.ID]; !seen {
			e.order = append(e.order, env.ID)
		}
		e.byID[env.ID] = entry.TraceHeader
		if len(e.order) > maxEventTraces {
			delete(e.byID, e.order[0])
			e.order = e.order[1:]
		}
	}
}

// restore sets AWSTraceHeader on the SQS records of payload that lack it
// and whose event PutEvents received with a trace header. It returns the
// payload and the first record's trace header.
func (e *eventTraces) restore(payload []byte) ([]byte, string) {
	var ev lambdaevents.SQSEvent
	if json.Unmarshal(payload, &ev) != nil {
		return payload, ""
	}
	changed, first := false, ""
	for i := range ev.Records {
		rec := &ev.Records[i]
		h := rec.Attributes[traceHeaderAttribute]
		if h == "" {
			var body struct {
				Detail struct {
					ID string `json:"id"`
				} `json:"detail"`
			}
			if json.Unmarshal([]byte(rec.Body), &body) == nil {
				e.mu.Lock()
				h = e.byID[body.Detail.ID]
				e.mu.Unlock()
			}
			if h != "" {
				if rec.Attributes == nil {
					rec.Attributes = map[string]string{}
				}
				rec.Attributes[traceHeaderAttribute] = h
				changed = true
			}
		}
		if i == 0 {
			first = h
		}
	}
	if !changed {
		return payload, first
	}
	out, err := json.Marshal(ev)
	if err != nil {
		return payload, first
	}
	return out, first
}

// traceHeaderAttribute is the SQS system attribute of the producer's trace.
const traceHeaderAttribute = "AWSTraceHeader"
