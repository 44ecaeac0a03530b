package eventbus_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/eventbridge"

	"github.com/conveyor-dev/conveyor/shared/eventbus"
)

func TestStableID(t *testing.T) {
	a := eventbus.StableID("ProductUpserted", "MUG", "3")
	if a != eventbus.StableID("ProductUpserted", "MUG", "3") {
		t.Error("the same parts gave two ids")
	}
	for _, other := range [][]string{{"ProductUpserted", "MUG", "4"}, {"ProductUpserted", "MUG3"}, {"ProductDeleted", "MUG", "3"}} {
		if eventbus.StableID(other...) == a {
			t.Errorf("%v gave the id of another change", other)
		}
	}
}

// unusedBus fails the test if anything is sent.
type unusedBus struct{ t *testing.T }

func (b unusedBus) PutEvents(context.Context, *eventbridge.PutEventsInput, ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error) {
	b.t.Error("PutEvents was called")
	return &eventbridge.PutEventsOutput{}, nil
}

func TestPublishOnceRefusesNoEvent(t *testing.T) {
	p, err := eventbus.New(eventbus.Config{Client: unusedBus{t}, Bus: "bus", Source: "conveyor.test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.PublishOnce(t.Context(), "k", time.Now(), nil); err == nil {
		t.Fatal("a nil event was published")
	}
}
