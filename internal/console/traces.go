package console

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/internal/trace"
)

// Waterfall is a journey as the console draws it: each span with where
// its bar starts and how wide it is, in percent of the whole.
type Waterfall struct {
	trace.Journey
	TotalMS float64
	Rows    []WaterfallRow
	// Failed is how many spans did not end well.
	Failed int
}

// WaterfallRow is one span of a Waterfall.
type WaterfallRow struct {
	trace.Span
	Left, Width float64
	Failed      bool
}

func newWaterfall(j trace.Journey) Waterfall {
	w := Waterfall{Journey: j}
	for _, s := range j.Spans {
		w.TotalMS = max(w.TotalMS, s.OffsetMS+s.DurationMS)
	}
	for _, s := range j.Spans {
		r := WaterfallRow{Span: s, Failed: s.Outcome != trace.OutcomeOK && s.Outcome != trace.OutcomeInProgress}
		if w.TotalMS > 0 {
			r.Left = s.OffsetMS / w.TotalMS * 100
			r.Width = max(0.3, s.DurationMS/w.TotalMS*100)
		}
		if r.Failed {
			w.Failed++
		}
		w.Rows = append(w.Rows, r)
	}
	return w
}

// traceMargin widens the window an order's traces are looked for in
// beyond its first and last events: the request that placed it ran
// before its first event.
const traceMargin = 30 * time.Second

// orderJourney finds an order's traces between its first and last events,
// widened by traceMargin, as `conveyor trace` does over a longer window.
func orderJourney(ctx context.Context, api trace.API, o Order) (trace.Journey, error) {
	end := o.Last.Add(traceMargin)
	if now := time.Now().Add(time.Minute); end.After(now) {
		end = now
	}
	return trace.Find(ctx, api, trace.Query{OrderID: o.ID, Start: o.First.Add(-traceMargin), End: end})
}

// correlationJourney gathers the traces that ran between start and end
// and carry the correlation id, as one journey.
func correlationJourney(ctx context.Context, api trace.API, corr string, start, end time.Time) (trace.Journey, error) {
	ids, err := trace.IDs(ctx, api, start, end, fmt.Sprintf("annotation.correlation_id = %q", corr))
	if err != nil {
		return trace.Journey{}, err
	}
	docs, err := trace.Documents(ctx, api, ids)
	if err != nil {
		return trace.Journey{}, err
	}
	selected := map[string][]string{}
	for id, ds := range docs {
		for _, d := range ds {
			if carries(d, "correlation_id", corr) {
				selected[id] = ds
				break
			}
		}
	}
	return trace.Build("", selected)
}

// traceJourney is one trace as a journey.
func traceJourney(ctx context.Context, api trace.API, id string) (trace.Journey, error) {
	docs, err := trace.Documents(ctx, api, []string{id})
	if err != nil {
		return trace.Journey{}, err
	}
	if len(docs[id]) == 0 {
		return trace.Journey{}, fmt.Errorf("%w: trace %s", trace.ErrNotFound, id)
	}
	return trace.Build("", docs)
}

// carries reports whether a segment document, or one of its subsegments,
// is annotated with key = value.
func carries(doc, key, value string) bool {
	var d segment
	if json.Unmarshal([]byte(doc), &d) != nil {
		return false
	}
	return d.carries(key, value)
}

type segment struct {
	Annotations map[string]any `json:"annotations"`
	Subsegments []segment      `json:"subsegments"`
}

func (s segment) carries(key, value string) bool {
	if v, ok := s.Annotations[key].(string); ok && v == value {
		return true
	}
	for _, sub := range s.Subsegments {
		if sub.carries(key, value) {
			return true
		}
	}
	return false
}
