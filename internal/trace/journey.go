package trace

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"
)

// Outcomes of a span.
const (
	OutcomeOK         = "ok"
	OutcomeError      = "error"
	OutcomeFault      = "fault"
	OutcomeThrottled  = "throttled"
	OutcomeInProgress = "in progress"
)

// Kinds of span.
const (
	// KindAPI is an API Gateway stage segment.
	KindAPI = "api"
	// KindFunction is a Lambda function invocation.
	KindFunction = "function"
	// KindAWS is a call to an AWS service through the SDK.
	KindAWS = "aws"
	// KindHTTP is an outbound HTTP call, e.g. to the payment provider.
	KindHTTP = "http"
	// KindCode is a unit of work the code recorded (handler, event).
	KindCode = "code"
)

// Journey is every span of the traces one order passed through, in the
// order they started.
type Journey struct {
	// OrderID is the order looked up.
	OrderID string `json:"orderId"`
	// CorrelationIDs are the correlation ids the order's traces carry.
	CorrelationIDs []string `json:"correlationIds"`
	// TraceIDs are the traces the journey is drawn from, oldest first.
	TraceIDs []string `json:"traceIds"`
	// Start is when the first span started.
	Start time.Time `json:"start"`
	// Spans are every segment and subsegment, by start time.
	Spans []Span `json:"spans"`
}

// Span is one segment or subsegment of the journey.
type Span struct {
	TraceID  string `json:"traceId"`
	ID       string `json:"id"`
	ParentID string `json:"parentId,omitempty"`
	// Depth is how many ancestors the span has within its trace.
	Depth int `json:"depth"`
	// Service and Function are the nearest the span or an ancestor names
	// in its annotations.
	Service  string `json:"service,omitempty"`
	Function string `json:"function,omitempty"`
	// Kind is one of the Kind constants.
	Kind string `json:"kind"`
	// Operation says what the span did, e.g. "DynamoDB PutItem" or
	// "POST /orders".
	Operation string `json:"operation"`
	// Start is when the span started; OffsetMS is its start after the
	// journey's first span, DurationMS its length (0 while in progress).
	Start      time.Time `json:"start"`
	OffsetMS   float64   `json:"offsetMs"`
	DurationMS float64   `json:"durationMs"`
	// Outcome is one of the Outcome constants.
	Outcome string `json:"outcome"`
	// HTTPStatus is the response status of an HTTP call or API request.
	HTTPStatus int `json:"httpStatus,omitempty"`
	// Errors are the messages of the exceptions the span recorded.
	Errors []string `json:"errors,omitempty"`
	// Annotations are the span's own annotations.
	Annotations map[string]any `json:"annotations,omitempty"`
}

// document is an X-Ray segment or subsegment document.
type document struct {
	Name        string         `json:"name"`
	ID          string         `json:"id"`
	TraceID     string         `json:"trace_id"`
	ParentID    string         `json:"parent_id"`
	Origin      string         `json:"origin"`
	Namespace   string         `json:"namespace"`
	StartTime   float64        `json:"start_time"`
	EndTime     float64        `json:"end_time"`
	InProgress  bool           `json:"in_progress"`
	Error       bool           `json:"error"`
	Fault       bool           `json:"fault"`
	Throttle    bool           `json:"throttle"`
	Annotations map[string]any `json:"annotations"`
	AWS         struct {
		Operation string `json:"operation"`
	} `json:"aws"`
	HTTP struct {
		Request struct {
			Method string `json:"method"`
			URL    string `json:"url"`
		} `json:"request"`
		Response struct {
			Status int `json:"status"`
		} `json:"response"`
	} `json:"http"`
	Cause       json.RawMessage `json:"cause"`
	Subsegments []document      `json:"subsegments"`
}

type cause struct {
	Exceptions []struct {
		Message string `json:"message"`
		Type    string `json:"type"`
	} `json:"exceptions"`
}

// node is a span with what it takes to place it in its trace.
type node struct {
	doc    document
	trace  string
	parent string
}

// Build draws the journey of orderID from the segment documents of the
// traces it passed through (trace id to documents). A document that is not
// a segment is an error.
func Build(orderID string, traces map[string][]string) (Journey, error) {
	j := Journey{OrderID: orderID, CorrelationIDs: []string{}, TraceIDs: []string{}, Spans: []Span{}}
	var nodes []node
	for traceID, docs := range traces {
		for _, raw := range docs {
			var d document
			if err := json.Unmarshal([]byte(raw), &d); err != nil {
				return Journey{}, fmt.Errorf("trace %s: segment document: %w", traceID, err)
			}
			if d.TraceID == "" {
				d.TraceID = traceID
			}
			nodes = flatten(nodes, d, d.TraceID, d.ParentID)
		}
	}
	byID := map[string]*node{}
	for i := range nodes {
		byID[nodes[i].trace+"/"+nodes[i].doc.ID] = &nodes[i]
	}
	corr := map[string]bool{}
	traceStart := map[string]float64{}
	for _, n := range nodes {
		if v, ok := n.doc.Annotations["correlation_id"].(string); ok && v != "" {
			corr[v] = true
		}
		if s, ok := traceStart[n.trace]; !ok || n.doc.StartTime < s {
			traceStart[n.trace] = n.doc.StartTime
		}
		j.Spans = append(j.Spans, span(n, byID))
	}
	j.CorrelationIDs = slices.Sorted(maps.Keys(corr))
	j.TraceIDs = slices.Collect(maps.Keys(traceStart))
	sort.SliceStable(j.TraceIDs, func(a, b int) bool { return traceStart[j.TraceIDs[a]] < traceStart[j.TraceIDs[b]] })
	sort.SliceStable(j.Spans, func(a, b int) bool {
		x, y := j.Spans[a], j.Spans[b]
		if !x.Start.Equal(y.Start) {
			return x.Start.Before(y.Start)
		}
		return x.Depth < y.Depth
	})
	if len(j.Spans) > 0 {
		j.Start = j.Spans[0].Start
		for i := range j.Spans {
			j.Spans[i].OffsetMS = ms(j.Spans[i].Start.Sub(j.Start))
		}
	}
	return j, nil
}

// flatten adds d and its embedded subsegments to nodes.
func flatten(nodes []node, d document, traceID, parent string) []node {
	nodes = append(nodes, node{doc: d, trace: traceID, parent: parent})
	for _, sub := range d.Subsegments {
		nodes = flatten(nodes, sub, traceID, d.ID)
	}
	return nodes
}

func span(n node, byID map[string]*node) Span {
	d := n.doc
	s := Span{
		TraceID: n.trace, ID: d.ID, ParentID: n.parent,
		Start:       fromEpoch(d.StartTime),
		Annotations: d.Annotations,
		HTTPStatus:  d.HTTP.Response.Status,
	}
	if !d.InProgress && d.EndTime >= d.StartTime {
		s.DurationMS = ms(fromEpoch(d.EndTime).Sub(s.Start))
	}
	// Walk up for the depth and the nearest service and function.
	seen := map[string]bool{}
	for cur := &n; cur != nil; {
		if s.Service == "" {
			s.Service, _ = cur.doc.Annotations["service"].(string)
		}
		if s.Function == "" {
			s.Function, _ = cur.doc.Annotations["function"].(string)
		}
		if cur.parent == "" || seen[cur.parent] {
			break
		}
		seen[cur.parent] = true
		next := byID[n.trace+"/"+cur.parent]
		if next == nil {
			break
		}
		s.Depth++
		cur = next
	}
	switch {
	case d.Origin == "AWS::ApiGateway::Stage":
		s.Kind, s.Operation = KindAPI, strings.TrimSpace(d.HTTP.Request.Method+" "+d.HTTP.Request.URL)
	case d.Origin == "AWS::Lambda::Function":
		s.Kind, s.Operation = KindFunction, "Invoke "+d.Name
	case d.Namespace == "aws":
		s.Kind, s.Operation = KindAWS, strings.TrimSpace(d.Name+" "+d.AWS.Operation)
	case d.Namespace == "remote" || d.HTTP.Request.Method != "":
		s.Kind, s.Operation = KindHTTP, strings.TrimSpace(d.HTTP.Request.Method+" "+d.Name)
	default:
		s.Kind, s.Operation = KindCode, d.Name
	}
	switch {
	case d.InProgress:
		s.Outcome = OutcomeInProgress
	case d.Fault:
		s.Outcome = OutcomeFault
	case d.Throttle:
		s.Outcome = OutcomeThrottled
	case d.Error:
		s.Outcome = OutcomeError
	default:
		s.Outcome = OutcomeOK
	}
	var c cause
	if len(d.Cause) > 0 && json.Unmarshal(d.Cause, &c) == nil {
		for _, e := range c.Exceptions {
			msg := e.Message
			if e.Type != "" && !strings.HasPrefix(msg, e.Type) {
				msg = e.Type + ": " + msg
			}
			s.Errors = append(s.Errors, msg)
		}
	}
	return s
}

func fromEpoch(sec float64) time.Time {
	whole := int64(sec)
	return time.Unix(whole, int64((sec-float64(whole))*1e9)).UTC()
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
