package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/inventory"
	"github.com/conveyor-dev/conveyor/functions/inventory/adapters"
	"github.com/conveyor-dev/conveyor/functions/inventory/app"
	"github.com/conveyor-dev/conveyor/functions/inventory/service"
	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator/emulatortest"
	"github.com/conveyor-dev/conveyor/internal/localcloud/poller"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/eventbus/eventbustest"
	"github.com/conveyor-dev/conveyor/shared/middleware"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestMain(m *testing.M) { emulatortest.Main(m) }

// syncBuffer collects the function's output from the poller's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// outage fails the first PutEvents calls, as EventBridge does while it is
// unavailable, and passes the others to the emulator.
type outage struct {
	next     *eventbridge.Client
	failures atomic.Int32
	calls    atomic.Int32
}

func (o *outage) PutEvents(ctx context.Context, in *eventbridge.PutEventsInput, opts ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error) {
	o.calls.Add(1)
	if o.failures.Add(-1) >= 0 {
		return nil, errors.New("EventBridge unavailable")
	}
	return o.next.PutEvents(ctx, in, opts...)
}

// TestAFailedPublishIsRetriedWithTheSameEvent provisions the inventory as
// its declaration says (with a one-second visibility timeout, so the
// redelivery comes quickly), runs inventory-events behind the local
// cloud's SQS poller with a bus that is down for the first attempts, and
// puts an OrderPlaced on the platform bus.
func TestAFailedPublishIsRetriedWithTheSameEvent(t *testing.T) {
	c := emulatortest.Clients()
	prefix := emulatortest.Prefix(t)
	decl := inventory.Spec
	decl.Subscriptions = []spec.Subscription{decl.Subscriptions[0]}
	decl.Subscriptions[0].VisibilityTimeout = time.Second
	platform, err := provision.Apply(t.Context(), c, provision.Names{Prefix: prefix}, []spec.Service{decl})
	if err != nil {
		t.Fatal(err)
	}
	table := platform.Tables[decl.Name].Name
	queue := platform.Queues[provision.QueueKey(decl, decl.Subscriptions[0])]
	probe := eventbustest.NewRoute(t, c.Events, c.SQS, prefix+"-probe", eventbustest.Options{
		Bus: platform.Bus, Pattern: map[string]any{"source": []any{decl.Source()}},
	})

	bus := &outage{next: c.Events}
	// The publisher tries 5 times per handling: the first handling and
	// the first attempt of the second fail.
	bus.failures.Store(6)
	var out syncBuffer
	cfg := service.EventsConfig{Platform: config.Platform{
		Service: decl.Name, Stage: "local", TableName: table, EventBusName: platform.Bus, LogLevel: slog.LevelInfo,
	}}
	h, opts, err := service.NewEventsHandler(cfg, c.Config, bus, &out)
	if err != nil {
		t.Fatal(err)
	}
	fn := middleware.Standard(opts)(h)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- poller.RunSQS(ctx, c.SQS, poller.SQS{
			QueueURL: queue.URL, QueueARN: queue.ARN, Region: awsclients.Region, BatchSize: 10,
			WaitTime: time.Second, Function: poller.InvokerFunc(fn.Invoke),
		})
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		if t.Failed() {
			t.Logf("function output:\n%s", out.String())
		}
	})

	repo, err := adapters.NewStockDynamoRepository(c.DynamoDB, table)
	if err != nil {
		t.Fatal(err)
	}
	application := service.NewApplication(repo, repo, nopPublisher{}, time.Now)
	if _, err := application.Commands.SetStock.Handle(t.Context(), app.SetStock{SKU: "MUG-RED-350", OnHand: 5}); err != nil {
		t.Fatal(err)
	}
	orderID := "O-" + uuid.NewString()
	placed, err := events.NewEnvelope(events.OrderPlaced{
		OrderID: orderID, CustomerID: "c-1", PlacedAt: time.Now().UTC(),
		Lines: []events.OrderLine{{SKU: "MUG-RED-350", Quantity: 2, UnitPrice: events.Money{Amount: 1250, Currency: "EUR"}}},
		Total: events.Money{Amount: 2500, Currency: "EUR"},
	}, events.Meta{ID: uuid.NewString(), Source: "conveyor.orders", Time: time.Now(), CorrelationID: "corr-" + orderID})
	if err != nil {
		t.Fatal(err)
	}
	detail, err := json.Marshal(placed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Events.PutEvents(t.Context(), &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
		EventBusName: aws.String(platform.Bus), Source: aws.String(placed.Source), DetailType: aws.String(placed.Type),
		Detail: aws.String(string(detail)),
	}}}); err != nil {
		t.Fatal(err)
	}

	m := eventbustest.Receive(t, c.SQS, probe.QueueURL, 1, 15*time.Second)[0]
	t.Run("the event arrives once the bus is back, with the id derived from the order", func(t *testing.T) {
		env := m.Event.Detail
		if env.Type != events.TypeStockReserved || env.ID != app.EventID(orderID, events.TypeStockReserved) {
			t.Errorf("got %s %s", env.Type, env.ID)
		}
		if env.CausationID != placed.ID || env.CorrelationID != placed.CorrelationID {
			t.Errorf("cause %q correlation %q", env.CausationID, env.CorrelationID)
		}
		if n := bus.calls.Load(); n < 7 {
			t.Errorf("%d PutEvents calls, want the 6 failed ones and a good one", n)
		}
	})
	t.Run("the stock is reserved once across the deliveries", func(t *testing.T) {
		it, err := repo.StockItem(t.Context(), "MUG-RED-350")
		if err != nil {
			t.Fatal(err)
		}
		if it.OnHand() != 5 || it.Reserved() != 2 || it.Available() != 3 {
			t.Errorf("onHand %d reserved %d available %d, want 5 2 3", it.OnHand(), it.Reserved(), it.Available())
		}
	})
	t.Run("no second event follows", func(t *testing.T) {
		eventbustest.Quiet(t, c.SQS, probe.QueueURL, time.Second)
	})
}

// nopPublisher stands in for the bus where the test only sets stock.
type nopPublisher struct{}

func (nopPublisher) Publish(context.Context, string, time.Time, events.Event) error { return nil }
