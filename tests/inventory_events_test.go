package tests

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	dbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/events/schemas"
	"github.com/conveyor-dev/conveyor/functions/inventory"
	"github.com/conveyor-dev/conveyor/shared/eventbus/eventbustest"
)

// inventoryEventTimeout bounds the wait for inventory's answer to an
// order event: bus, queue, poller, function, bus, probe queue.
const inventoryEventTimeout = 10 * time.Second

// orderEvent wraps an order event in an envelope from conveyor.orders.
func orderEvent(t *testing.T, e events.Event) events.Envelope {
	t.Helper()
	env, err := events.NewEnvelope(e, events.Meta{
		ID: uuid.NewString(), Source: "conveyor.orders", Time: time.Now(), CorrelationID: uuid.NewString(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return env
}

func orderPlaced(t *testing.T, orderID string, lines map[string]int) events.Envelope {
	t.Helper()
	e := events.OrderPlaced{OrderID: orderID, CustomerID: "e2e-customer", PlacedAt: time.Now().UTC(),
		Total: events.Money{Amount: 0, Currency: "EUR"}}
	skus := make([]string, 0, len(lines))
	for sku := range lines {
		skus = append(skus, sku)
	}
	slices.Sort(skus)
	for _, sku := range skus {
		e.Lines = append(e.Lines, events.OrderLine{SKU: sku, Quantity: lines[sku], UnitPrice: events.Money{Amount: 100, Currency: "EUR"}})
		e.Total.Amount += int64(100 * lines[sku])
	}
	return orderEvent(t, e)
}

// putOnBus puts the envelopes on the platform bus as the orders service
// would, in one PutEvents call.
func putOnBus(t *testing.T, envs ...events.Envelope) {
	t.Helper()
	in := &eventbridge.PutEventsInput{}
	for _, env := range envs {
		detail, err := json.Marshal(env)
		if err != nil {
			t.Fatal(err)
		}
		if err := schemas.Validate(detail); err != nil {
			t.Fatalf("the test's own %s breaks its schema: %v", env.Type, err)
		}
		in.Entries = append(in.Entries, ebtypes.PutEventsRequestEntry{
			EventBusName: aws.String(target.cloud.Platform.Bus), Source: aws.String(env.Source),
			DetailType: aws.String(env.Type), Detail: aws.String(string(detail)), Time: aws.Time(env.Time),
		})
	}
	out, err := target.cloud.Clients.Events.PutEvents(t.Context(), in)
	if err != nil || out.FailedEntryCount != 0 {
		t.Fatalf("PutEvents: %v, %d failed", err, aws.ToInt32(&out.FailedEntryCount))
	}
}

// inventoryProbe is a queue of the test's own that receives every event
// inventory publishes about orders whose id starts with a prefix. Delivery
// is at least once, so it remembers the ids it has seen.
type inventoryProbe struct {
	route eventbustest.Route
	seen  map[string]bool
}

func newInventoryProbe(t *testing.T, prefix string) *inventoryProbe {
	t.Helper()
	c := target.cloud.Clients
	return &inventoryProbe{seen: map[string]bool{}, route: eventbustest.NewRoute(t, c.Events, c.SQS, "e2e-"+prefix+"-probe", eventbustest.Options{
		Bus: target.cloud.Platform.Bus,
		Pattern: map[string]any{
			"source": []any{inventory.Spec.Source()},
			"detail": map[string]any{"data": map[string]any{"orderId": []any{map[string]any{"prefix": prefix}}}},
		},
	})}
}

// receive waits for the next event on the probe, a copy of one seen before
// included, and checks it against its schema.
func (p *inventoryProbe) receive(t *testing.T) events.Envelope {
	t.Helper()
	m := eventbustest.Receive(t, target.cloud.Clients.SQS, p.route.QueueURL, 1, inventoryEventTimeout)[0]
	detail, err := json.Marshal(m.Event.Detail)
	if err != nil {
		t.Fatal(err)
	}
	if err := schemas.Validate(detail); err != nil {
		t.Errorf("inventory published a %s that breaks its schema: %v", m.Event.DetailType, err)
	}
	p.seen[m.Event.Detail.ID] = true
	return m.Event.Detail
}

// next waits for the next event not seen before.
func (p *inventoryProbe) next(t *testing.T) events.Envelope {
	t.Helper()
	deadline := time.Now().Add(inventoryEventTimeout)
	for time.Now().Before(deadline) {
		seen := maps.Clone(p.seen)
		if env := p.receive(t); !seen[env.ID] {
			return env
		}
	}
	t.Fatalf("no new event within %v", inventoryEventTimeout)
	return events.Envelope{}
}

// quiet fails the test when an event not seen before arrives within wait.
func (p *inventoryProbe) quiet(t *testing.T, wait time.Duration) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		out, err := target.cloud.Clients.SQS.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(p.route.QueueURL), MaxNumberOfMessages: 10, WaitTimeSeconds: 1,
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range out.Messages {
			var ev eventbustest.Event
			if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &ev); err != nil {
				t.Fatal(err)
			}
			if !p.seen[ev.Detail.ID] {
				t.Fatalf("unexpected %s %s", ev.DetailType, aws.ToString(m.Body))
			}
		}
	}
}

// handled waits until inventory-events has handled the event, as its
// idempotency record in the inventory table shows (see shared/idempotency).
func handled(t *testing.T, env events.Envelope) {
	t.Helper()
	sum := sha256.Sum256([]byte(env.ID))
	key := map[string]dbtypes.AttributeValue{
		"pk": &dbtypes.AttributeValueMemberS{Value: "IDEMPOTENCY#" + inventory.EventsFunction + "#" + hex.EncodeToString(sum[:])},
		"sk": &dbtypes.AttributeValueMemberS{Value: "IDEMPOTENCY"},
	}
	table := target.cloud.Platform.Tables[inventory.Spec.Name].Name
	eventually(t, fmt.Sprintf("inventory handled %s %s", env.Type, env.ID), inventoryEventTimeout, func() bool {
		out, err := target.cloud.Clients.DynamoDB.GetItem(context.Background(), &dynamodb.GetItemInput{
			TableName: aws.String(table), Key: key, ConsistentRead: aws.Bool(true),
		})
		if err != nil {
			t.Fatal(err)
		}
		s, _ := out.Item["status"].(*dbtypes.AttributeValueMemberS)
		return s != nil && s.Value == "COMPLETED"
	})
}

func decodeAs[T events.Event](t *testing.T, env events.Envelope) T {
	t.Helper()
	e, err := events.DecodeData[T](env)
	if err != nil {
		t.Fatalf("got %s, want %T: %v", env.Type, *new(T), err)
	}
	return e
}

func TestInventoryReactsToOrderEventsOnTheBus(t *testing.T) {
	localOnly(t)
	mug, tea := inventorySKU(t, "MUG"), inventorySKU(t, "TEA")
	inventorySetStock(t, mug, 5)
	inventorySetStock(t, tea, 2)
	prefix := "inv-" + uuid.NewString()[:8]
	probe := newInventoryProbe(t, prefix)
	levels := func() [2][3]int {
		m, e := inventoryStock(t, mug), inventoryStock(t, tea)
		return [2][3]int{{m.OnHand, m.Reserved, m.Available}, {e.OnHand, e.Reserved, e.Available}}
	}

	placed := orderPlaced(t, prefix+"-1", map[string]int{mug: 2, tea: 1})
	var reserved events.Envelope
	t.Run("an OrderPlaced reserves every line and StockReserved follows", func(t *testing.T) {
		putOnBus(t, placed)
		reserved = probe.next(t)
		e := decodeAs[events.StockReserved](t, reserved)
		if e.OrderID != prefix+"-1" || len(e.Lines) != 2 || e.Total.Amount != 300 {
			t.Errorf("StockReserved %+v", e)
		}
		if reserved.CausationID != placed.ID || reserved.CorrelationID != placed.CorrelationID {
			t.Errorf("StockReserved names cause %q and correlation %q, want %q and %q", reserved.CausationID, reserved.CorrelationID, placed.ID, placed.CorrelationID)
		}
		if got := levels(); got != [2][3]int{{5, 2, 3}, {2, 1, 1}} {
			t.Errorf("onHand, reserved, available = %v", got)
		}
	})
	t.Run("the same OrderPlaced delivered twice reserves once", func(t *testing.T) {
		again := placed
		again.ID = uuid.NewString()
		putOnBus(t, placed, again)
		handled(t, again)
		if got := levels(); got != [2][3]int{{5, 2, 3}, {2, 1, 1}} {
			t.Errorf("onHand, reserved, available = %v, want the order reserved once", got)
		}
		// The redelivery under a new envelope id finds the stored
		// decision and changes nothing: no new event follows.
		probe.quiet(t, time.Second)
	})
	t.Run("an order of more than is available is rejected naming the short SKU, and nothing is reserved", func(t *testing.T) {
		putOnBus(t, orderPlaced(t, prefix+"-2", map[string]int{mug: 1, tea: 2}))
		e := decodeAs[events.StockRejected](t, probe.next(t))
		want := []events.Shortage{{SKU: tea, Requested: 2, Available: 1}}
		if e.OrderID != prefix+"-2" || !slices.Equal(e.Shortages, want) {
			t.Errorf("StockRejected %+v, want shortages %+v", e, want)
		}
		if got := levels(); got != [2][3]int{{5, 2, 3}, {2, 1, 1}} {
			t.Errorf("onHand, reserved, available = %v, want no change", got)
		}
	})
	t.Run("an OrderCancelled releases the stock once and StockReleased follows", func(t *testing.T) {
		cancelled := orderEvent(t, events.OrderCancelled{OrderID: prefix + "-1", Reason: events.CancelCustomerRequest, CancelledAt: time.Now().UTC()})
		putOnBus(t, cancelled)
		released := probe.next(t)
		e := decodeAs[events.StockReleased](t, released)
		if e.OrderID != prefix+"-1" || len(e.Lines) != 2 {
			t.Errorf("StockReleased %+v", e)
		}
		if got := levels(); got != [2][3]int{{5, 0, 5}, {2, 0, 2}} {
			t.Errorf("onHand, reserved, available = %v, want everything available", got)
		}
		repeat := cancelled
		repeat.ID = uuid.NewString()
		putOnBus(t, repeat)
		handled(t, repeat)
		if got := levels(); got != [2][3]int{{5, 0, 5}, {2, 0, 2}} {
			t.Errorf("after a repeated cancel: %v", got)
		}
		probe.quiet(t, time.Second)
	})
	t.Run("an OrderConfirmed takes the reserved units off the stock on hand", func(t *testing.T) {
		putOnBus(t, orderPlaced(t, prefix+"-3", map[string]int{mug: 3}))
		decodeAs[events.StockReserved](t, probe.next(t))
		confirmed := orderEvent(t, events.OrderConfirmed{OrderID: prefix + "-3", CustomerID: "e2e-customer",
			Lines: []events.OrderLine{{SKU: mug, Quantity: 3, UnitPrice: events.Money{Amount: 100, Currency: "EUR"}}},
			Total: events.Money{Amount: 300, Currency: "EUR"}, ConfirmedAt: time.Now().UTC()})
		putOnBus(t, confirmed)
		handled(t, confirmed)
		if got := inventoryStock(t, mug); got.OnHand != 2 || got.Reserved != 0 || got.Available != 2 {
			t.Errorf("after confirming 3 of 5: %+v, want onHand 2, reserved 0", got)
		}
	})
}

func TestInventoryNeverStrandsStockWhenACancelComesFirst(t *testing.T) {
	localOnly(t)
	sku := inventorySKU(t, "VASE")
	inventorySetStock(t, sku, 4)
	prefix := "inv-" + uuid.NewString()[:8]
	probe := newInventoryProbe(t, prefix)
	cancel := func(id string) events.Envelope {
		return orderEvent(t, events.OrderCancelled{OrderID: id, Reason: events.CancelCustomerRequest, CancelledAt: time.Now().UTC()})
	}

	t.Run("a cancel that arrives before the placement makes the late placement reserve nothing", func(t *testing.T) {
		first := cancel(prefix + "-1")
		putOnBus(t, first)
		handled(t, first)
		late := orderPlaced(t, prefix+"-1", map[string]int{sku: 2})
		putOnBus(t, late)
		handled(t, late)
		if got := inventoryStock(t, sku); got.Reserved != 0 || got.Available != 4 {
			t.Errorf("stock %+v, want nothing reserved", got)
		}
		probe.quiet(t, time.Second)
	})
	t.Run("cancels racing their placements end with every unit released", func(t *testing.T) {
		var envs []events.Envelope
		for i := range 4 {
			id := fmt.Sprintf("%s-race-%d", prefix, i)
			envs = append(envs, orderPlaced(t, id, map[string]int{sku: 1}), cancel(id))
		}
		putOnBus(t, envs...)
		for _, env := range envs {
			handled(t, env)
		}
		if got := inventoryStock(t, sku); got.OnHand != 4 || got.Reserved != 0 || got.Available != 4 {
			t.Errorf("stock %+v, want all 4 available", got)
		}
	})
}

func TestInventoryReservesExactlyWhatIsInStockUnderConcurrentOrders(t *testing.T) {
	localOnly(t)
	const orders, inStock = 50, 10
	sku := inventorySKU(t, "BOWL")
	inventorySetStock(t, sku, inStock)
	prefix := "inv-" + uuid.NewString()[:8]
	probe := newInventoryProbe(t, prefix)

	var envs []events.Envelope
	for i := range orders {
		envs = append(envs, orderPlaced(t, fmt.Sprintf("%s-%02d", prefix, i), map[string]int{sku: 1}))
	}
	for i := 0; i < len(envs); i += 10 {
		putOnBus(t, envs[i:i+10]...)
	}
	got := map[string]int{}
	deadline := time.Now().Add(30 * time.Second)
	for got[events.TypeStockReserved]+got[events.TypeStockRejected] < orders {
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s: %v of %d decisions", got, orders)
		}
		// A redelivered decision carries the same id; next skips it.
		got[probe.next(t).Type]++
		// Every read checks onHand = available + reserved.
		if s := inventoryStock(t, sku); s.Reserved > inStock {
			t.Fatalf("more reserved than in stock: %+v", s)
		}
	}
	if got[events.TypeStockReserved] != inStock || got[events.TypeStockRejected] != orders-inStock {
		t.Errorf("decisions %v, want %d StockReserved and %d StockRejected", got, inStock, orders-inStock)
	}
	if s := inventoryStock(t, sku); s.OnHand != inStock || s.Reserved != inStock || s.Available != 0 {
		t.Errorf("stock %+v, want all %d reserved", s, inStock)
	}
}
