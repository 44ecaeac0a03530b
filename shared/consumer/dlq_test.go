package consumer_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/internal/localcloud/poller"
	"github.com/conveyor-dev/conveyor/shared/consumer"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
	"github.com/conveyor-dev/conveyor/shared/eventbus/eventbustest"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// TestAPoisonRecordReachesTheDeadLetterQueue runs the consumer behind the
// local cloud's SQS poller, on a queue fed by an EventBridge rule with a
// redrive policy, as the platform provisions every subscription.
func TestAPoisonRecordReachesTheDeadLetterQueue(t *testing.T) {
	c := kumotest.Start(t).Clients()
	route := eventbustest.NewRoute(t, c.Events, c.SQS, kumotest.Prefix(t), eventbustest.Options{
		Pattern:         map[string]any{"source": []any{"conveyor.orders"}},
		MaxReceiveCount: 2, VisibilityTimeout: time.Second,
	})
	var log logBuffer
	var mu sync.Mutex
	handled := map[string]int{}
	cons, err := consumer.New(consumer.Config{Name: "inventory-orders", Idempotency: newStore(t), Log: slog.New(slog.NewJSONHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	consumer.Handle(cons, func(ctx context.Context, e events.OrderPlaced, env events.Envelope) error {
		mu.Lock()
		defer mu.Unlock()
		handled[e.OrderID]++
		return nil
	})

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- poller.RunSQS(ctx, c.SQS, poller.SQS{
			QueueURL: route.QueueURL, BatchSize: 10, WaitTime: 200 * time.Millisecond,
			Function: poller.InvokerFunc(cons.Invoke),
		})
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})

	pub, err := eventbus.New(eventbus.Config{Client: c.Events, Bus: route.Bus, Source: "conveyor.orders"})
	if err != nil {
		t.Fatal(err)
	}
	good := events.OrderPlaced{OrderID: "O-good", CustomerID: "c-1", PlacedAt: time.Now(),
		Lines: []events.OrderLine{{SKU: "MUG", Quantity: 1, UnitPrice: events.Money{Amount: 100, Currency: "EUR"}}},
		Total: events.Money{Amount: 100, Currency: "EUR"}}
	if err := pub.Publish(t.Context(), good); err != nil {
		t.Fatal(err)
	}
	// A producer that does not use the envelope: its detail is bare data.
	if _, err := c.Events.PutEvents(t.Context(), &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
		EventBusName: aws.String(route.Bus), Source: aws.String("conveyor.orders"),
		DetailType: aws.String(events.TypeOrderPlaced), Detail: aws.String(`{"orderId":"O-poison"}`),
	}}}); err != nil {
		t.Fatal(err)
	}

	dead := eventbustest.Receive(t, c.SQS, route.DLQURL, 1, 10*time.Second)
	if got := dead[0].Event.Detail.ID; got != "" {
		t.Errorf("the dead-letter queue got event %q, want the poison record", got)
	}
	if !log.Contains("poison event") || !log.Contains("lacks id") {
		t.Error("the poison record's reason was not logged")
	}
	mu.Lock()
	defer mu.Unlock()
	if handled["O-good"] != 1 || len(handled) != 1 {
		t.Errorf("handled %v, want O-good once", handled)
	}
}
