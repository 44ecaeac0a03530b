package trace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/xray"
	"github.com/aws/aws-sdk-go-v2/service/xray/types"
)

// API is the part of the X-Ray API that Find uses; *xray.Client is one.
type API interface {
	GetTraceSummaries(ctx context.Context, in *xray.GetTraceSummariesInput, opts ...func(*xray.Options)) (*xray.GetTraceSummariesOutput, error)
	BatchGetTraces(ctx context.Context, in *xray.BatchGetTracesInput, opts ...func(*xray.Options)) (*xray.BatchGetTracesOutput, error)
}

// Query selects an order's traces.
type Query struct {
	// OrderID is the order to follow.
	OrderID string
	// Start and End bound when the traces ran.
	Start, End time.Time
}

// ErrNotFound means no trace in the window carries the order's id.
var ErrNotFound = errors.New("trace: no trace carries the order")

// batchGetLimit is how many trace ids one BatchGetTraces call takes.
const batchGetLimit = 5

// Find gathers the traces annotated with the order's id, then the traces
// that share their correlation ids, and builds the order's journey.
func Find(ctx context.Context, api API, q Query) (Journey, error) {
	if err := validID("order id", q.OrderID); err != nil {
		return Journey{}, err
	}
	if !q.Start.Before(q.End) {
		return Journey{}, fmt.Errorf("trace: the window %s to %s is empty", q.Start.Format(time.RFC3339), q.End.Format(time.RFC3339))
	}
	f := &finder{api: api, q: q, docs: map[string][]string{}}
	orderTraces, err := f.matching(ctx, fmt.Sprintf("annotation.order_id = %q", q.OrderID), func(a map[string]any) bool {
		return a["order_id"] == q.OrderID
	})
	if err != nil {
		return Journey{}, err
	}
	if len(orderTraces) == 0 {
		return Journey{}, fmt.Errorf("%w %s between %s and %s", ErrNotFound, q.OrderID, q.Start.Format(time.RFC3339), q.End.Format(time.RFC3339))
	}
	corr := map[string]bool{}
	for _, id := range orderTraces {
		for _, a := range f.annotations(id) {
			if v, ok := a["correlation_id"].(string); ok && validID("correlation id", v) == nil {
				corr[v] = true
			}
		}
	}
	selected := map[string][]string{}
	for _, id := range orderTraces {
		selected[id] = f.docs[id]
	}
	if len(corr) > 0 {
		var terms []string
		for v := range corr {
			terms = append(terms, fmt.Sprintf("annotation.correlation_id = %q", v))
		}
		more, err := f.matching(ctx, strings.Join(terms, " OR "), func(a map[string]any) bool {
			v, _ := a["correlation_id"].(string)
			return corr[v]
		})
		if err != nil {
			return Journey{}, err
		}
		for _, id := range more {
			selected[id] = f.docs[id]
		}
	}
	return Build(q.OrderID, selected)
}

// validID refuses what cannot go inside a quoted filter expression value.
func validID(what, v string) error {
	if v == "" || len(v) > 250 || strings.ContainsAny(v, "\"\\\n\r") {
		return fmt.Errorf("trace: %s %q must be 1-250 characters without quotes, backslashes or line breaks", what, v)
	}
	return nil
}

type finder struct {
	api  API
	q    Query
	docs map[string][]string // trace id to segment documents, once fetched
}

// matching returns the ids of the traces the filter selects in which some
// entity's annotations satisfy keep.
func (f *finder) matching(ctx context.Context, filter string, keep func(map[string]any) bool) ([]string, error) {
	ids, err := f.summaries(ctx, filter)
	if err != nil {
		return nil, err
	}
	if err := f.fetch(ctx, ids); err != nil {
		return nil, err
	}
	var out []string
	for _, id := range ids {
		for _, a := range f.annotations(id) {
			if keep(a) {
				out = append(out, id)
				break
			}
		}
	}
	return out, nil
}

func (f *finder) summaries(ctx context.Context, filter string) ([]string, error) {
	return IDs(ctx, f.api, f.q.Start, f.q.End, filter)
}

// IDs lists, once each, the traces with an event within [start, end]
// that the X-Ray filter expression matches, through every page of
// GetTraceSummaries.
func IDs(ctx context.Context, api API, start, end time.Time, filter string) ([]string, error) {
	in := &xray.GetTraceSummariesInput{
		StartTime: aws.Time(start), EndTime: aws.Time(end),
		FilterExpression: aws.String(filter), TimeRangeType: types.TimeRangeTypeEvent,
	}
	var ids []string
	seen := map[string]bool{}
	for {
		out, err := api.GetTraceSummaries(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("trace: GetTraceSummaries: %w", err)
		}
		for _, s := range out.TraceSummaries {
			if id := aws.ToString(s.Id); id != "" && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		if aws.ToString(out.NextToken) == "" || aws.ToString(out.NextToken) == aws.ToString(in.NextToken) {
			return ids, nil
		}
		in.NextToken = out.NextToken
	}
}

func (f *finder) fetch(ctx context.Context, ids []string) error {
	var missing []string
	for _, id := range ids {
		if _, ok := f.docs[id]; !ok {
			missing = append(missing, id)
		}
	}
	docs, err := Documents(ctx, f.api, missing)
	if err != nil {
		return err
	}
	// A trace X-Ray returned nothing for is remembered as empty, so it is
	// not asked for again.
	for _, id := range missing {
		f.docs[id] = docs[id]
	}
	return nil
}

// Documents fetches the segment documents of traces by trace id, as many
// at a time as BatchGetTraces takes. A trace X-Ray does not know has no
// entry.
func Documents(ctx context.Context, api API, ids []string) (map[string][]string, error) {
	out := map[string][]string{}
	for len(ids) > 0 {
		n := min(batchGetLimit, len(ids))
		in := &xray.BatchGetTracesInput{TraceIds: ids[:n]}
		ids = ids[n:]
		for {
			resp, err := api.BatchGetTraces(ctx, in)
			if err != nil {
				return nil, fmt.Errorf("trace: BatchGetTraces: %w", err)
			}
			for _, t := range resp.Traces {
				id := aws.ToString(t.Id)
				for _, s := range t.Segments {
					out[id] = append(out[id], aws.ToString(s.Document))
				}
			}
			if aws.ToString(resp.NextToken) == "" {
				break
			}
			in.NextToken = resp.NextToken
		}
	}
	return out, nil
}

// annotations lists the annotations of every entity of a fetched trace.
func (f *finder) annotations(traceID string) []map[string]any {
	var out []map[string]any
	for _, raw := range f.docs[traceID] {
		var d document
		if err := json.Unmarshal([]byte(raw), &d); err != nil {
			continue
		}
		out = collect(out, d)
	}
	return out
}

func collect(out []map[string]any, d document) []map[string]any {
	if len(d.Annotations) > 0 {
		out = append(out, d.Annotations)
	}
	for _, s := range d.Subsegments {
		out = collect(out, s)
	}
	return out
}
