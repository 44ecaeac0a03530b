//go:build !notracing

package tracing_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/shared/tracing"
)

func TestContinueJoinsTheProducersTrace(t *testing.T) {
	const (
		upstreamTrace  = "1-67a1b2c3-0123456789abcdef01234567"
		upstreamParent = "53995c3f42cd8ad8"
	)
	upstream := "Root=" + upstreamTrace + ";Parent=" + upstreamParent + ";Sampled=1"
	rec, err := tracing.NewRecorder()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rec.Close() })
	ctx, err := rec.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	invocationTrace := tracing.TraceID(ctx)
	failed := errors.New("stock table missing")

	tests := []struct {
		name, upstream, segment string
		wantTrace, wantParent   string
		wantTopLevel            bool
	}{
		{"a sampled header from another trace opens a segment in that trace", upstream, "orders-saga", upstreamTrace, upstreamParent, true},
		{"a header of the invocation's own trace gives a subsegment", "Root=" + invocationTrace + ";Parent=" + upstreamParent + ";Sampled=1", "same-trace", invocationTrace, "", false},
		{"an unsampled header gives a subsegment of the invocation", "Root=" + upstreamTrace + ";Parent=" + upstreamParent + ";Sampled=0", "unsampled", invocationTrace, "", false},
		{"no header gives a subsegment of the invocation", "", "no-header", invocationTrace, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var inner string
			err := tracing.Capture(ctx, "handler", func(ctx context.Context) error {
				tracing.Annotate(ctx, "service", "orders")
				return tracing.Continue(ctx, tt.upstream, tt.segment, func(ctx context.Context) error {
					inner = tracing.TraceID(ctx)
					tracing.Annotate(ctx, "order_id", "o-1")
					return tracing.Capture(ctx, "work", func(context.Context) error { return failed })
				})
			})
			if !errors.Is(err, failed) {
				t.Fatalf("Continue() = %v, want fn's error", err)
			}
			if inner != tt.wantTrace {
				t.Errorf("TraceID inside fn = %s, want %s", inner, tt.wantTrace)
			}
			wait, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			span, err := rec.WaitFor(wait, tt.segment)
			if err != nil {
				t.Fatal(err)
			}
			if span.TraceID != "" && span.TraceID != tt.wantTrace {
				t.Errorf("segment trace %s, want %s", span.TraceID, tt.wantTrace)
			}
			if tt.wantTopLevel {
				if span.ParentID != tt.wantParent || span.Annotations["service"] != "orders" || span.Annotations["order_id"] != "o-1" {
					t.Errorf("segment %+v, want parent %s with the service and order_id annotations", span, tt.wantParent)
				}
				if !span.Error && !span.Fault {
					t.Errorf("segment %+v records no error", span)
				}
				if w, ok := span.Find("work"); !ok || !(w.Error || w.Fault) {
					t.Errorf("work = %+v, %v; want a failed child of the segment", w, ok)
				}
			}
		})
	}
}
