package changecapture_test

import (
	"context"
	"testing"

	lambdaevents "github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
	"github.com/conveyor-dev/conveyor/shared/correlation"
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
