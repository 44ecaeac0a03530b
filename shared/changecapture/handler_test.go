package changecapture_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
)

// publisher records what it is asked to publish and fails the calls whose
// 1-based number is in failCalls. The Handler's ordering and retry logic
// is tested against it; the path through EventBridge is tested with the
// catalog's publisher function.
type publisher struct {
	failCalls []int
	calls     [][]events.Envelope
}

func (p *publisher) PublishEnvelopes(_ context.Context, envs ...events.Envelope) error {
	p.calls = append(p.calls, envs)
	if slices.Contains(p.failCalls, len(p.calls)) {
		return errors.New("bus unavailable")
	}
	return nil
}

func (p *publisher) published() []string {
	var out []string
	for _, c := range p.calls {
		for _, env := range c {
			out = append(out, env.ID)
		}
	}
	return out
}

// noteMapper maps items {pk: "NOTE#<id>", version: n} to OrderCancelled
// events (any event type serves), ignores other items, and fails on an
// item with "bad" set.
func noteMapper(c changecapture.Change) ([]changecapture.Emit, error) {
	var it struct {
		PK      string `dynamodbav:"pk"`
		Version int    `dynamodbav:"version"`
		Bad     bool   `dynamodbav:"bad"`
	}
	img := c.NewImage
	if c.Kind == changecapture.Remove {
		img = c.OldImage
	}
	if err := attributevalue.UnmarshalMap(img, &it); err != nil {
		return nil, err
	}
	if it.Bad {
		return nil, errors.New("unreadable note")
	}
	if len(it.PK) < 5 || it.PK[:5] != "NOTE#" {
		return nil, nil
	}
	return []changecapture.Emit{{
		ID:    eventbus.StableID(it.PK, strconv.Itoa(it.Version), c.Kind),
		Event: events.OrderCancelled{OrderID: it.PK, Reason: events.CancelCustomerRequest, CancelledAt: c.Time},
	}}, nil
}

func record(seq int, kind, pk string, version int, bad bool) lambdaevents.DynamoDBEventRecord {
	img := map[string]lambdaevents.DynamoDBAttributeValue{
		"pk":      lambdaevents.NewStringAttribute(pk),
		"version": lambdaevents.NewNumberAttribute(strconv.Itoa(version)),
		"bad":     lambdaevents.NewBooleanAttribute(bad),
	}
	r := lambdaevents.DynamoDBEventRecord{
		EventID: "rec-" + strconv.Itoa(seq), EventName: kind,
		Change: lambdaevents.DynamoDBStreamRecord{
			SequenceNumber:              strconv.Itoa(seq),
			ApproximateCreationDateTime: lambdaevents.SecondsEpochTime{Time: time.Unix(1772359200, 0)},
			Keys:                        map[string]lambdaevents.DynamoDBAttributeValue{"pk": img["pk"]},
		},
	}
	if kind == changecapture.Remove {
		r.Change.OldImage = img
	} else {
		r.Change.NewImage = img
	}
	return r
}

func newHandler(t *testing.T, p *publisher) *changecapture.Handler {
	t.Helper()
	h, err := changecapture.New(changecapture.Config{Source: "conveyor.notes", Map: noteMapper, Publisher: p})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func failures(resp lambdaevents.DynamoDBEventResponse) []string {
	var out []string
	for _, f := range resp.BatchItemFailures {
		out = append(out, f.ItemIdentifier)
	}
	return out
}

func TestHandlePublishesInOrderPerItem(t *testing.T) {
	batch := lambdaevents.DynamoDBEvent{Records: []lambdaevents.DynamoDBEventRecord{
		record(1, changecapture.Insert, "NOTE#a", 1, false),
		record(2, changecapture.Insert, "NOTE#b", 1, false),
		record(3, changecapture.Insert, "OTHER#x", 1, false),
		record(4, changecapture.Modify, "NOTE#a", 2, false),
		record(5, changecapture.Remove, "NOTE#b", 1, false),
	}}
	p := &publisher{}
	resp, err := newHandler(t, p).Handle(t.Context(), batch)
	if err != nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("Handle: %v, %v", failures(resp), err)
	}
	t.Run("a round never holds two changes of one item", func(t *testing.T) {
		if len(p.calls) != 2 || len(p.calls[0]) != 2 || len(p.calls[1]) != 2 {
			t.Fatalf("rounds %v", p.calls)
		}
		for _, call := range p.calls {
			if call[0].Data == nil || string(call[0].Data) == string(call[1].Data) {
				t.Errorf("a round repeats an item: %s", call[0].Data)
			}
		}
	})
	t.Run("items the mapper ignores publish nothing", func(t *testing.T) {
		if got := len(p.published()); got != 4 {
			t.Errorf("%d events, want 4", got)
		}
	})
	t.Run("the envelopes carry the source, the change time and their id as correlation", func(t *testing.T) {
		env := p.calls[0][0]
		if env.Source != "conveyor.notes" || !env.Time.Equal(time.Unix(1772359200, 0)) || env.CorrelationID != env.ID {
			t.Errorf("envelope %+v", env)
		}
	})
	t.Run("a second delivery of the batch publishes the same ids", func(t *testing.T) {
		again := &publisher{}
		if _, err := newHandler(t, again).Handle(t.Context(), batch); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(again.published(), p.published()) {
			t.Errorf("ids %v, then %v", p.published(), again.published())
		}
	})
}

func TestHandleStopsAtTheFirstFailure(t *testing.T) {
	batch := lambdaevents.DynamoDBEvent{Records: []lambdaevents.DynamoDBEventRecord{
		record(1, changecapture.Insert, "NOTE#a", 1, false),
		record(2, changecapture.Modify, "NOTE#a", 2, false),
		record(3, changecapture.Modify, "NOTE#a", 3, false),
	}}
	tests := []struct {
		name        string
		failCalls   []int
		records     []lambdaevents.DynamoDBEventRecord
		wantFailure []string
		wantCalls   int
	}{
		{"a failed round is retried from its first record", []int{2}, batch.Records, []string{"2"}, 2},
		{"nothing after a failed round is published", []int{1}, batch.Records, []string{"1"}, 1},
		{"an unreadable change stops the stream at it", nil, append(slices.Clone(batch.Records[:1]), record(2, changecapture.Modify, "NOTE#a", 2, true), batch.Records[2]), []string{"2"}, 1},
		{"a whole success reports nothing", nil, batch.Records, nil, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &publisher{failCalls: tt.failCalls}
			resp, err := newHandler(t, p).Handle(t.Context(), lambdaevents.DynamoDBEvent{Records: tt.records})
			if err != nil {
				t.Fatal(err)
			}
			if got := failures(resp); !slices.Equal(got, tt.wantFailure) {
				t.Errorf("failures %v, want %v", got, tt.wantFailure)
			}
			if len(p.calls) != tt.wantCalls {
				t.Errorf("%d publish rounds, want %d", len(p.calls), tt.wantCalls)
			}
		})
	}
}
