package changecapture_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"

	lambdaevents "github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/logging"
)

func TestAStoredFlowCarriesOnIntoTheEvents(t *testing.T) {
	tests := []struct {
		name                  string
		corr, cause           string
		wantCorr, wantCausing string
	}{
		{"the writer's correlation and causation ids are the envelope's", "flow-1", "evt-0", "flow-1", "evt-0"},
		{"without a stored flow the event starts one named by its id", "", "", "the-event", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &publisher{}
			h, err := changecapture.New(changecapture.Config{Source: "conveyor.notes", Publisher: p,
				Map: func(c changecapture.Change) ([]changecapture.Emit, error) {
					return []changecapture.Emit{{ID: "the-event", CorrelationID: tt.corr, CausationID: tt.cause,
						Event: events.OrderCancelled{OrderID: "O-1", Reason: events.CancelCustomerRequest, CancelledAt: c.Time}}}, nil
				}})
			if err != nil {
				t.Fatal(err)
			}
			ctx := correlation.Track(context.Background(), "provisional")
			batch := lambdaevents.DynamoDBEvent{Records: []lambdaevents.DynamoDBEventRecord{record(1, changecapture.Insert, "NOTE#a", 1, false)}}
			if _, err := h.Handle(ctx, batch); err != nil {
				t.Fatal(err)
			}
			if len(p.calls) != 1 || len(p.calls[0]) != 1 {
				t.Fatalf("published %v, want one event", p.calls)
			}
			got := p.calls[0]
			if len(got) != 1 || got[0].CorrelationID != tt.wantCorr || got[0].CausationID != tt.wantCausing {
				t.Fatalf("published %+v, want correlation %q and causation %q", got, tt.wantCorr, tt.wantCausing)
			}
			if id := correlation.From(ctx); id != tt.wantCorr {
				t.Errorf("the invocation's correlation id is %q, want %q", id, tt.wantCorr)
			}
		})
	}
}

// flowPublisher records the correlation id of the context of each publish
// call and fails the calls whose 1-based number is in failCalls.
type flowPublisher struct {
	failCalls []int
	flows     []string
}

func (p *flowPublisher) PublishEnvelopes(ctx context.Context, _ ...events.Envelope) error {
	p.flows = append(p.flows, correlation.From(ctx))
	if slices.Contains(p.failCalls, len(p.flows)) {
		return errors.New("bus unavailable")
	}
	return nil
}

func TestEachPublishRoundRunsInItsFlow(t *testing.T) {
	// Two changes of one note are published in two rounds; each change
	// belongs to the flow its writer stored.
	flows := map[int]string{1: "flow-1", 2: "flow-2"}
	mapper := func(c changecapture.Change) ([]changecapture.Emit, error) {
		version, _ := strconv.Atoi(c.SequenceNumber)
		return []changecapture.Emit{{ID: "event-" + c.SequenceNumber, CorrelationID: flows[version],
			Event: events.OrderCancelled{OrderID: "O-1", Reason: events.CancelCustomerRequest, CancelledAt: c.Time}}}, nil
	}
	batch := lambdaevents.DynamoDBEvent{Records: []lambdaevents.DynamoDBEventRecord{
		record(1, changecapture.Insert, "NOTE#a", 1, false),
		record(2, changecapture.Modify, "NOTE#a", 2, false),
	}}
	var logs bytes.Buffer
	p := &flowPublisher{failCalls: []int{2}}
	h, err := changecapture.New(changecapture.Config{Source: "conveyor.notes", Publisher: p, Map: mapper,
		Log: logging.New(&logs, slog.LevelDebug)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := correlation.Track(context.Background(), "provisional")
	if _, err := h.Handle(ctx, batch); err != nil {
		t.Fatal(err)
	}

	t.Run("each round is published in the flow of its first change", func(t *testing.T) {
		if !slices.Equal(p.flows, []string{"flow-1", "flow-2"}) {
			t.Errorf("published in flows %v, want [flow-1 flow-2]", p.flows)
		}
	})
	t.Run("the failure of a round is logged with that round's correlation id", func(t *testing.T) {
		var line struct {
			Msg           string `json:"msg"`
			CorrelationID string `json:"correlation_id"`
		}
		found := false
		for _, raw := range bytes.Split(bytes.TrimSpace(logs.Bytes()), []byte("\n")) {
			if err := json.Unmarshal(raw, &line); err != nil {
				t.Fatalf("log line %q: %v", raw, err)
			}
			if strings.HasPrefix(line.Msg, "publishing stream changes failed") {
				found = true
				if line.CorrelationID != "flow-2" {
					t.Errorf("the failure is logged with correlation id %q, want flow-2: %s", line.CorrelationID, raw)
				}
			}
		}
		if !found {
			t.Fatalf("no failure logged: %s", logs.String())
		}
	})
	t.Run("the invocation adopts the flow of its first change", func(t *testing.T) {
		if id := correlation.From(ctx); id != "flow-1" {
			t.Errorf("the invocation's correlation id is %q, want flow-1", id)
		}
	})
}
