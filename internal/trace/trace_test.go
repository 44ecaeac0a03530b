package trace_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/xray"

	"github.com/conveyor-dev/conveyor/internal/trace"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func at(ms float64) float64 { return float64(t0.UnixNano())/1e9 + ms/1000 }

// orderTraces is one order's journey as the local cloud records it: the
// API request that placed it (its trace knows only the correlation id),
// and the saga continued through the bus into inventory, where a
// provider call failed.
func orderTraces(orderID, corr, other string) (map[string][]string, []string) {
	api, saga, unrelated := "1-67c2f6c0-aaaaaaaaaaaaaaaaaaaaaaaa", "1-67c2f6c0-bbbbbbbbbbbbbbbbbbbbbbbb", "1-67c2f6c0-cccccccccccccccccccccccc"
	doc := func(v map[string]any) string {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		return string(b)
	}
	traces := map[string][]string{
		api: {
			doc(map[string]any{"name": "conveyor-api/local", "id": "a000000000000001", "trace_id": api, "origin": "AWS::ApiGateway::Stage",
				"start_time": at(0), "end_time": at(40), "http": map[string]any{"request": map[string]any{"method": "POST", "url": "/orders"}, "response": map[string]any{"status": 201}},
				"annotations": map[string]any{"service": "api", "function": "orders-api"}}),
			doc(map[string]any{"name": "orders-api", "id": "a000000000000002", "parent_id": "a000000000000001", "trace_id": api, "origin": "AWS::Lambda::Function",
				"start_time": at(1), "end_time": at(39), "annotations": map[string]any{"service": "orders", "function": "orders-api"}}),
			doc(map[string]any{"type": "subsegment", "name": "handler", "id": "a000000000000003", "parent_id": "a000000000000002", "trace_id": api,
				"start_time": at(2), "end_time": at(38), "annotations": map[string]any{"service": "orders", "correlation_id": corr},
				"subsegments": []any{map[string]any{"name": "DynamoDB", "id": "a000000000000004", "namespace": "aws", "start_time": at(5), "end_time": at(9),
					"aws": map[string]any{"operation": "PutItem"}}}}),
		},
		saga: {
			doc(map[string]any{"name": "inventory-orders", "id": "b000000000000001", "trace_id": saga, "origin": "AWS::Lambda::Function",
				"start_time": at(60), "end_time": at(90), "annotations": map[string]any{"service": "inventory", "function": "inventory-orders"}}),
			doc(map[string]any{"type": "subsegment", "name": "handle OrderPlaced", "id": "b000000000000002", "parent_id": "b000000000000001", "trace_id": saga,
				"start_time": at(61), "end_time": at(89), "fault": true, "annotations": map[string]any{"order_id": orderID, "correlation_id": corr},
				"cause": map[string]any{"exceptions": []any{map[string]any{"message": "provider unavailable", "type": "error"}}},
				"subsegments": []any{map[string]any{"name": "psp.local", "id": "b000000000000003", "namespace": "remote", "start_time": at(70), "end_time": at(80), "fault": true,
					"http": map[string]any{"request": map[string]any{"method": "POST"}, "response": map[string]any{"status": 503}}}}}),
		},
		unrelated: {
			doc(map[string]any{"name": "orders-api", "id": "c000000000000001", "trace_id": unrelated, "origin": "AWS::Lambda::Function",
				"start_time": at(10), "end_time": at(20), "annotations": map[string]any{"order_id": other, "correlation_id": "someone-else"}}),
		},
	}
	return traces, []string{api, saga, unrelated}
}

func TestBuildDrawsTheJourneyInCausalOrder(t *testing.T) {
	traces, ids := orderTraces("O-1", "corr-1", "O-2")
	delete(traces, ids[2])
	j, err := trace.Build("O-1", traces)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		operation, service, function, outcome string
		depth                                 int
		offset                                float64
	}
	want := []row{
		{"POST /orders", "api", "orders-api", trace.OutcomeOK, 0, 0},
		{"Invoke orders-api", "orders", "orders-api", trace.OutcomeOK, 1, 1},
		{"handler", "orders", "orders-api", trace.OutcomeOK, 2, 2},
		{"DynamoDB PutItem", "orders", "orders-api", trace.OutcomeOK, 3, 5},
		{"Invoke inventory-orders", "inventory", "inventory-orders", trace.OutcomeOK, 0, 60},
		{"handle OrderPlaced", "inventory", "inventory-orders", trace.OutcomeFault, 1, 61},
		{"POST psp.local", "inventory", "inventory-orders", trace.OutcomeFault, 2, 70},
	}
	if len(j.Spans) != len(want) {
		t.Fatalf("%d spans, want %d: %+v", len(j.Spans), len(want), j.Spans)
	}
	for i, w := range want {
		s := j.Spans[i]
		t.Run(fmt.Sprintf("span %d is %s", i, w.operation), func(t *testing.T) {
			got := row{s.Operation, s.Service, s.Function, s.Outcome, s.Depth, s.OffsetMS}
			if got.offset-w.offset > 0.01 || w.offset-got.offset > 0.01 {
				t.Errorf("offset %v, want %v", got.offset, w.offset)
			}
			got.offset = w.offset
			if got != w {
				t.Errorf("span %+v, want %+v", got, w)
			}
		})
	}
	t.Run("the failed handling carries its error and the provider call its status", func(t *testing.T) {
		if len(j.Spans[5].Errors) != 1 || !strings.Contains(j.Spans[5].Errors[0], "provider unavailable") || j.Spans[6].HTTPStatus != 503 {
			t.Errorf("spans %+v, want the exception and status 503", j.Spans[5:])
		}
	})
	t.Run("the journey names its traces oldest first and its correlation id", func(t *testing.T) {
		if strings.Join(j.TraceIDs, ",") != ids[0]+","+ids[1] || strings.Join(j.CorrelationIDs, ",") != "corr-1" {
			t.Errorf("traces %v, correlation %v", j.TraceIDs, j.CorrelationIDs)
		}
	})
	t.Run("the waterfall prints every span with its outcome and error", func(t *testing.T) {
		var out bytes.Buffer
		if err := j.WriteText(&out); err != nil {
			t.Fatal(err)
		}
		text := out.String()
		for _, want := range []string{"order O-1: 7 spans in 2 traces", "POST /orders", "      DynamoDB PutItem", "fault", "provider unavailable", "+60.0ms"} {
			if !strings.Contains(text, want) {
				t.Errorf("waterfall lacks %q:\n%s", want, text)
			}
		}
	})
}

func TestFindFollowsTheOrderAndItsCorrelationIDThroughTheXRayAPI(t *testing.T) {
	order := "O-" + kumotest.Prefix(t)
	traces, ids := orderTraces(order, "corr-"+order, order+"-other")
	client := xray.NewFromConfig(kumotest.Start(t).Config)
	var docs []string
	for _, id := range ids {
		docs = append(docs, traces[id]...)
	}
	out, err := client.PutTraceSegments(t.Context(), &xray.PutTraceSegmentsInput{TraceSegmentDocuments: docs})
	if err != nil || len(out.UnprocessedTraceSegments) > 0 {
		t.Fatalf("PutTraceSegments() = %+v, %v", out, err)
	}
	window := trace.Query{OrderID: order, Start: t0.Add(-time.Hour), End: time.Now().Add(time.Hour)}
	j, err := trace.Find(t.Context(), client, window)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the API trace joins through the correlation id and the unrelated order stays out", func(t *testing.T) {
		if strings.Join(j.TraceIDs, ",") != ids[0]+","+ids[1] || len(j.Spans) != 7 {
			t.Errorf("traces %v with %d spans, want %v with 7", j.TraceIDs, len(j.Spans), ids[:2])
		}
	})
	t.Run("an order no trace carries is not found", func(t *testing.T) {
		_, err := trace.Find(t.Context(), client, trace.Query{OrderID: "O-nobody", Start: window.Start, End: window.End})
		if !errors.Is(err, trace.ErrNotFound) {
			t.Errorf("Find() = %v, want ErrNotFound", err)
		}
	})
	t.Run("an order id that would break the filter is refused", func(t *testing.T) {
		_, err := trace.Find(t.Context(), client, trace.Query{OrderID: `O" OR "1`, Start: window.Start, End: window.End})
		if err == nil || !strings.Contains(err.Error(), "quotes") {
			t.Errorf("Find() = %v, want the id refused", err)
		}
	})
	t.Run("JSON output round-trips", func(t *testing.T) {
		var buf bytes.Buffer
		if err := j.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		var back trace.Journey
		if err := json.Unmarshal(buf.Bytes(), &back); err != nil || back.OrderID != order || len(back.Spans) != 7 {
			t.Errorf("decoded %+v, %v", back, err)
		}
	})
}
