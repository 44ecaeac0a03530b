package eventbus_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/conveyor-dev/conveyor/shared/metrics"
)

func TestPublishCountsTheEventsTheBusAccepted(t *testing.T) {
	tests := []struct {
		name   string
		failed bool
		want   float64
	}{
		{"every accepted event is counted", false, 3},
		{"an event the bus never accepted is not counted", true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var victim string
			h := newHarness(t, func(call int, id string) string {
				if !tt.failed {
					return ""
				}
				if victim == "" {
					victim = id
				}
				if id == victim {
					return "AccessDeniedException"
				}
				return ""
			})
			var out bytes.Buffer
			batch := metrics.New(metrics.Namespace, &out, map[string]string{metrics.DimService: "catalog"}).Begin()
			err := h.pub.Publish(metrics.NewContext(t.Context(), batch), products(3, "")...)
			if (err != nil) != tt.failed {
				t.Fatalf("Publish() = %v, want failure %v", err, tt.failed)
			}
			if err := batch.Flush(); err != nil {
				t.Fatal(err)
			}
			var rec map[string]any
			if err := json.Unmarshal(out.Bytes(), &rec); err != nil {
				t.Fatalf("%v: %q", err, out.String())
			}
			if rec[metrics.MetricEventsPublished] != tt.want {
				t.Errorf("%s = %v, want %v", metrics.MetricEventsPublished, rec[metrics.MetricEventsPublished], tt.want)
			}
		})
	}
}
