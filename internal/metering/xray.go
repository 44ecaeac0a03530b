package metering

import (
	"encoding/json"
	"net/http"
)

// segmentDoc holds the members of an X-Ray segment document the meter
// reads.
type segmentDoc struct {
	TraceID     string         `json:"trace_id"`
	ParentID    string         `json:"parent_id"`
	Type        string         `json:"type"`
	Name        string         `json:"name"`
	Annotations map[string]any `json:"annotations"`
}

// root reports whether the document is the root segment of its trace:
// every recorded trace has exactly one.
func (d segmentDoc) root() bool { return d.ParentID == "" && d.Type != "subsegment" && d.TraceID != "" }

// traceSegments meters one PutTraceSegments call: each root segment is a
// trace recorded, charged to the function its "function" annotation
// names (the invoked function, or the one an API stage segment led to),
// else to the caller, else to the function the segment is named after.
func (fd *frontDoor) traceSegments(w http.ResponseWriter, r *http.Request, caller string) {
	body, ok := readBody(r)
	var req struct{ TraceSegmentDocuments []string }
	if ok {
		ok = json.Unmarshal(body, &req) == nil
	}
	c := fd.serve(w, r)
	defer c.flush()
	if !ok || c.status != http.StatusOK {
		return
	}
	type counts struct{ traces, segments int64 }
	by := map[string]*counts{}
	for _, raw := range req.TraceSegmentDocuments {
		var doc segmentDoc
		if json.Unmarshal([]byte(raw), &doc) != nil {
			continue
		}
		f := fd.segmentFunction(doc, caller)
		cs := by[f]
		if cs == nil {
			cs = &counts{}
			by[f] = cs
		}
		cs.segments++
		if doc.root() {
			cs.traces++
		}
	}
	for f, cs := range by {
		fd.m.update(f, func(u *Usage) {
			u.XRay.Traces += cs.traces
			u.XRay.Segments += cs.segments
		})
	}
}

// segmentFunction is the function a segment document is charged to.
func (fd *frontDoor) segmentFunction(doc segmentDoc, caller string) string {
	if f, ok := doc.Annotations["function"].(string); ok && f != "" {
		return f
	}
	if caller != "" {
		return caller
	}
	if _, ok := fd.m.attribution.Load().Services[doc.Name]; ok {
		return doc.Name
	}
	return ""
}
