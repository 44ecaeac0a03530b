package localcloud

import (
	"encoding/json"
	"fmt"
	"testing"

	lambdaevents "github.com/aws/aws-lambda-go/events"
)

func TestSQSRecordsGetBackTheTraceHeaderPutEventsReceived(t *testing.T) {
	const header = "Root=1-67a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1"
	traces := newEventTraces()
	put, err := json.Marshal(map[string]any{"Entries": []map[string]string{
		{"Detail": `{"id":"evt-traced","type":"OrderPlaced"}`, "TraceHeader": header},
		{"Detail": `{"id":"evt-untraced","type":"OrderPlaced"}`},
	}})
	if err != nil {
		t.Fatal(err)
	}
	traces.observePutEvents(put)
	event := func(ids ...string) []byte {
		var ev lambdaevents.SQSEvent
		for _, id := range ids {
			ev.Records = append(ev.Records, lambdaevents.SQSMessage{MessageId: "m-" + id, Body: `{"detail":{"id":"` + id + `"}}`})
		}
		b, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name      string
		ids       []string
		wantFirst string
		want      []string
	}{
		{"a traced event's record carries its header and leads the invocation's trace", []string{"evt-traced", "evt-untraced"}, header, []string{header, ""}},
		{"an untraced first record leaves the invocation a trace of its own", []string{"evt-untraced", "evt-traced"}, "", []string{"", header}},
		{"records of unknown events are left alone", []string{"evt-unknown"}, "", []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, first := traces.restore(event(tt.ids...))
			if first != tt.wantFirst {
				t.Errorf("first header %q, want %q", first, tt.wantFirst)
			}
			var ev lambdaevents.SQSEvent
			if err := json.Unmarshal(out, &ev); err != nil {
				t.Fatal(err)
			}
			for i, rec := range ev.Records {
				if got := rec.Attributes[traceHeaderAttribute]; got != tt.want[i] {
					t.Errorf("record %s AWSTraceHeader %q, want %q", rec.MessageId, got, tt.want[i])
				}
			}
		})
	}
}

func TestParseTraceHeader(t *testing.T) {
	tests := []struct {
		name, header, root, parent string
	}{
		{"a sampled header gives its root and parent", "Root=1-a-b;Parent=p1;Sampled=1", "1-a-b", "p1"},
		{"an unsampled header gives nothing", "Root=1-a-b;Parent=p1;Sampled=0", "", ""},
		{"an empty header gives nothing", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if root, parent := parseTraceHeader(tt.header); root != tt.root || parent != tt.parent {
				t.Errorf("parseTraceHeader(%q) = %q, %q; want %q, %q", tt.header, root, parent, tt.root, tt.parent)
			}
		})
	}
}

func TestEventTracesRemembersTheNewestEventsOnly(t *testing.T) {
	traces := newEventTraces()
	const batch = 500
	total := maxEventTraces + 3*batch
	for start := 0; start < total; start += batch {
		var entries []map[string]string
		for i := start; i < start+batch; i++ {
			entries = append(entries, map[string]string{
				"Detail":      fmt.Sprintf(`{"id":"evt-%d"}`, i),
				"TraceHeader": fmt.Sprintf("Root=1-67a1b2c3-%024d;Parent=53995c3f42cd8ad8;Sampled=1", i),
			})
		}
		body, err := json.Marshal(map[string]any{"Entries": entries})
		if err != nil {
			t.Fatal(err)
		}
		traces.observePutEvents(body)
	}
	if len(traces.byID) != maxEventTraces || len(traces.order) != maxEventTraces {
		t.Fatalf("%d events remembered (%d in order), want %d", len(traces.byID), len(traces.order), maxEventTraces)
	}
	for _, tt := range []struct {
		i    int
		kept bool
	}{{0, false}, {total - maxEventTraces - 1, false}, {total - maxEventTraces, true}, {total - 1, true}} {
		if _, ok := traces.byID[fmt.Sprintf("evt-%d", tt.i)]; ok != tt.kept {
			t.Errorf("event %d remembered: %v, want %v", tt.i, ok, tt.kept)
		}
	}
}
