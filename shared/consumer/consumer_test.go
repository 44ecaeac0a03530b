package consumer_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/shared/consumer"
	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/idempotency"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// sample returns the envelope of events/testdata for the event type.
func sample(t *testing.T, eventType string) events.Envelope {
	t.Helper()
	b, err := os.ReadFile("../../events/testdata/" + eventType + ".v1.json")
	if err != nil {
		t.Fatal(err)
	}
	var env events.Envelope
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatal(err)
	}
	return env
}

// bridged wraps env the way an EventBridge rule delivers it to SQS.
func bridged(t *testing.T, env events.Envelope) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"version": "0", "id": "eb-" + env.ID, "detail-type": env.Type, "source": env.Source,
		"account": "000000000000", "time": env.Time, "region": "us-east-1", "resources": []string{},
		"detail": env,
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func withOrder(t *testing.T, env events.Envelope, id, orderID string) events.Envelope {
	t.Helper()
	var data map[string]any
	if err := json.Unmarshal(env.Data, &data); err != nil {
		t.Fatal(err)
	}
	data["orderId"] = orderID
	b, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	env.ID, env.Data = id, b
	return env
}

// recorded lists what the handlers saw.
type recorded struct {
	mu    sync.Mutex
	calls []string
	ctxs  map[string]context.Context
}

func (r *recorded) add(ctx context.Context, what string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, what)
	if r.ctxs == nil {
		r.ctxs = map[string]context.Context{}
	}
	r.ctxs[what] = ctx
}

func newConsumer(t *testing.T, log *logBuffer, rec *recorded) *consumer.Consumer {
	t.Helper()
	c, err := consumer.New(consumer.Config{
		Name: "inventory-orders", Idempotency: newStore(t),
		Log: slog.New(slog.NewJSONHandler(log, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	consumer.Handle(c, func(ctx context.Context, e events.OrderPlaced, env events.Envelope) error {
		switch e.OrderID {
		case "fails":
			return errors.New("stock table unavailable")
		case "panics":
			panic("nil map in reservation")
		}
		rec.add(ctx, "OrderPlaced "+e.OrderID)
		return nil
	})
	consumer.Handle(c, func(ctx context.Context, e events.OrderCancelled, env events.Envelope) error {
		rec.add(ctx, "OrderCancelled "+e.OrderID)
		return nil
	})
	return c
}

func TestHandleReportsExactlyTheFailedRecords(t *testing.T) {
	var log logBuffer
	var rec recorded
	c := newConsumer(t, &log, &rec)
	placed := sample(t, events.TypeOrderPlaced)
	unknownVersion := sample(t, events.TypeOrderCancelled)
	unknownVersion.ID, unknownVersion.Version = "v9", 9
	mismatched := sample(t, events.TypeOrderCancelled)
	mismatched.ID = "mismatched"

	msgs := []struct {
		id, body string
		wantFail bool
	}{
		{"m-ok-1", bridged(t, withOrder(t, placed, "e-1", "O-1")), false},
		{"m-fails", bridged(t, withOrder(t, placed, "e-2", "fails")), true},
		{"m-panics", bridged(t, withOrder(t, placed, "e-3", "panics")), true},
		{"m-ok-2", bridged(t, sample(t, events.TypeOrderCancelled)), false},
		{"m-not-json", `{"detail-type": "OrderPlaced", "detail": `, true},
		{"m-not-an-envelope", `{"detail-type":"OrderPlaced","source":"conveyor.orders","detail":{"orderId":"O-1"}}`, true},
		{"m-no-handler", bridged(t, sample(t, events.TypeStockReserved)), true},
		{"m-unknown-version", bridged(t, unknownVersion), true},
		{"m-ok-3", bridged(t, withOrder(t, placed, "e-4", "O-4")), false},
	}
	var batch lambdaevents.SQSEvent
	var want []string
	for _, m := range msgs {
		batch.Records = append(batch.Records, lambdaevents.SQSMessage{MessageId: m.id, Body: m.body})
		if m.wantFail {
			want = append(want, m.id)
		}
	}
	// A record whose detail-type disagrees with its envelope.
	var forged map[string]any
	if err := json.Unmarshal([]byte(bridged(t, mismatched)), &forged); err != nil {
		t.Fatal(err)
	}
	forged["detail-type"] = events.TypeOrderPlaced
	b, err := json.Marshal(forged)
	if err != nil {
		t.Fatal(err)
	}
	batch.Records = append(batch.Records, lambdaevents.SQSMessage{MessageId: "m-forged", Body: string(b)})
	want = append(want, "m-forged")

	resp, err := c.Handle(t.Context(), batch)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range resp.BatchItemFailures {
		got = append(got, f.ItemIdentifier)
	}
	t.Run("the failures are exactly the records that failed", func(t *testing.T) {
		if !slices.Equal(got, want) {
			t.Errorf("BatchItemFailures %v, want %v", got, want)
		}
	})
	t.Run("a panic in one record does not stop the others", func(t *testing.T) {
		wantCalls := []string{"OrderCancelled 01JNQ7Z6V4K3M2P8R5T9W1X0YA", "OrderPlaced O-1", "OrderPlaced O-4"}
		if !slices.Equal(slices.Sorted(slices.Values(rec.calls)), wantCalls) {
			t.Errorf("handlers ran for %v, want %v", rec.calls, wantCalls)
		}
		if !log.Contains("nil map in reservation") {
			t.Error("the panic was not logged")
		}
	})
	t.Run("poison records are logged with their reason", func(t *testing.T) {
		for _, reason := range []string{"body is not an EventBridge event", "lacks id", "no handler for StockReserved v1", "no handler for OrderCancelled v9", "disagrees with the EventBridge event"} {
			if !log.Contains(reason) {
				t.Errorf("no log line says %q", reason)
			}
		}
	})
	t.Run("the handler's context carries the event's correlation and cause", func(t *testing.T) {
		ctx := rec.ctxs["OrderPlaced O-1"]
		if got := correlation.From(ctx); got != placed.CorrelationID {
			t.Errorf("correlation id %q, want %q", got, placed.CorrelationID)
		}
		if cause, ok := events.CauseFromContext(ctx); !ok || cause.ID != "e-1" {
			t.Errorf("cause %+v", cause)
		}
	})
}

func TestHandleRunsAnEventOnceHoweverOftenItIsDelivered(t *testing.T) {
	var log logBuffer
	var rec recorded
	c := newConsumer(t, &log, &rec)
	body := bridged(t, withOrder(t, sample(t, events.TypeOrderPlaced), "dup-1", "O-dup"))
	batch := lambdaevents.SQSEvent{Records: []lambdaevents.SQSMessage{{MessageId: "a", Body: body}, {MessageId: "b", Body: body}}}
	for round := range 2 {
		resp, err := c.Handle(t.Context(), batch)
		if err != nil || len(resp.BatchItemFailures) != 0 {
			t.Fatalf("round %d: %+v, %v", round, resp.BatchItemFailures, err)
		}
	}
	if len(rec.calls) != 1 {
		t.Errorf("the handler ran %d times for four deliveries, want once", len(rec.calls))
	}
}

// Copies of an event about no order delivered in one batch run in turn,
// so the second finds the first recorded: run side by side, both would
// pass the record's read and the handler would run twice.
func TestCopiesOfAnEventAboutNoOrderInOneBatchRunOnce(t *testing.T) {
	c, err := consumer.New(consumer.Config{Name: "orders-products", Idempotency: newStore(t), Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	var runs atomic.Int32
	consumer.Handle(c, func(context.Context, events.ProductUpserted, events.Envelope) error {
		runs.Add(1)
		return nil
	})
	body := bridged(t, sample(t, events.TypeProductUpserted))
	batch := lambdaevents.SQSEvent{Records: []lambdaevents.SQSMessage{{MessageId: "a", Body: body}, {MessageId: "b", Body: body}, {MessageId: "c", Body: body}}}
	resp, err := c.Handle(t.Context(), batch)
	if err != nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("failures %+v, %v", resp.BatchItemFailures, err)
	}
	if n := runs.Load(); n != 1 {
		t.Errorf("the handler ran %d times for three copies in one batch, want once", n)
	}
}

func TestRecordsOfDifferentOrdersAreHandledAtOnceAndThoseOfOneOrderInTurn(t *testing.T) {
	c, err := consumer.New(consumer.Config{Name: "shipping-orders", Idempotency: newStore(t), Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	// Every handler of order A waits until order B's handler has started
	// and B's waits for A's: handled one record after the other, the
	// batch would wait out the deadline and fail.
	started := map[string]chan struct{}{"A": make(chan struct{}), "B": make(chan struct{})}
	var once sync.Map
	var mu sync.Mutex
	running := map[string]int{}
	var overlaps, order []string
	handle := func(ctx context.Context, what, orderID string) error {
		mu.Lock()
		running[orderID]++
		if running[orderID] > 1 {
			overlaps = append(overlaps, what)
		}
		order = append(order, what)
		mu.Unlock()
		defer func() {
			mu.Lock()
			running[orderID]--
			mu.Unlock()
		}()
		if _, loaded := once.LoadOrStore(orderID, true); !loaded {
			close(started[orderID])
		}
		other := map[string]string{"A": "B", "B": "A"}[orderID]
		select {
		case <-started[other]:
			return nil
		case <-time.After(5 * time.Second):
			return errors.New("the other order's record was not handled meanwhile")
		}
	}
	consumer.Handle(c, func(ctx context.Context, e events.OrderPlaced, _ events.Envelope) error {
		return handle(ctx, "OrderPlaced "+e.OrderID, e.OrderID)
	})
	consumer.Handle(c, func(ctx context.Context, e events.OrderCancelled, _ events.Envelope) error {
		return handle(ctx, "OrderCancelled "+e.OrderID, e.OrderID)
	})
	placed, cancelled := sample(t, events.TypeOrderPlaced), sample(t, events.TypeOrderCancelled)
	batch := lambdaevents.SQSEvent{Records: []lambdaevents.SQSMessage{
		{MessageId: "1", Body: bridged(t, withOrder(t, placed, "p-A", "A"))},
		{MessageId: "2", Body: bridged(t, withOrder(t, cancelled, "c-A", "A"))},
		{MessageId: "3", Body: bridged(t, withOrder(t, placed, "p-B", "B"))},
	}}
	resp, err := c.Handle(t.Context(), batch)
	if err != nil || len(resp.BatchItemFailures) != 0 {
		t.Fatalf("failures %+v, %v", resp.BatchItemFailures, err)
	}
	if len(overlaps) > 0 {
		t.Errorf("records of one order ran at the same time: %v", overlaps)
	}
	if i, j := slices.Index(order, "OrderPlaced A"), slices.Index(order, "OrderCancelled A"); i < 0 || j < i {
		t.Errorf("order A's records ran as %v, want its OrderPlaced before its OrderCancelled", order)
	}
}

func TestInvokeSpeaksLambdaJSON(t *testing.T) {
	var log logBuffer
	var rec recorded
	c := newConsumer(t, &log, &rec)
	payload, err := json.Marshal(lambdaevents.SQSEvent{Records: []lambdaevents.SQSMessage{{MessageId: "m1", Body: "not json"}}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.Invoke(t.Context(), payload)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"batchItemFailures":[{"itemIdentifier":"m1"}]}` {
		t.Errorf("response %s", out)
	}
	if _, err := c.Invoke(t.Context(), []byte("[")); err == nil {
		t.Error("Invoke accepted a payload that is not an SQS event")
	}
}

// writeCounter counts the writes an idempotency store makes to its table.
type writeCounter struct {
	idempotency.API
	puts, deletes atomic.Int32
}

func (w *writeCounter) PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	w.puts.Add(1)
	return w.API.PutItem(ctx, in, opts...)
}

func (w *writeCounter) DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	w.deletes.Add(1)
	return w.API.DeleteItem(ctx, in, opts...)
}

func TestAHandledEventCostsOneWriteOfItsRecord(t *testing.T) {
	db := kumotest.Start(t).DynamoDB()
	name := kumotest.UniqueName(t, "consumer")
	kumotest.CreateTable(t, db, name, spec.Table{
		PartitionKey: spec.Key{Name: "pk", Type: spec.String},
		SortKey:      &spec.Key{Name: "sk", Type: spec.String},
	})
	table := &writeCounter{API: db}
	store, err := idempotency.NewStore(idempotency.Config{Client: table, Table: name, PartitionKey: "pk", SortKey: "sk"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := consumer.New(consumer.Config{Name: "shipping-saga", Idempotency: store, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	var runs atomic.Int32
	fail := atomic.Bool{}
	consumer.Handle(c, func(ctx context.Context, e events.OrderPlaced, env events.Envelope) error {
		runs.Add(1)
		if fail.Load() {
			return errors.New("shipment table unavailable")
		}
		return nil
	})
	deliver := func(eventID string) bool {
		t.Helper()
		body := bridged(t, withOrder(t, sample(t, events.TypeOrderPlaced), eventID, "O-"+eventID))
		resp, err := c.Handle(t.Context(), lambdaevents.SQSEvent{Records: []lambdaevents.SQSMessage{{MessageId: "m-" + eventID, Body: body}}})
		if err != nil {
			t.Fatal(err)
		}
		return len(resp.BatchItemFailures) == 0
	}
	steps := []struct {
		name                 string
		event                string
		fail                 bool
		wantOK               bool
		wantRuns             int32
		wantPuts, wantDelete int32
	}{
		{"a first delivery is recorded with one write", "e-1", false, true, 1, 1, 0},
		{"a duplicate writes nothing and is not handled again", "e-1", false, true, 1, 0, 0},
		{"a handler that fails leaves nothing to delete", "e-2", true, false, 2, 0, 0},
		{"its retry is handled and recorded with one write", "e-2", false, true, 3, 1, 0},
	}
	for _, st := range steps {
		fail.Store(st.fail)
		ok := deliver(st.event)
		puts, deletes := table.puts.Swap(0), table.deletes.Swap(0)
		if ok != st.wantOK || runs.Load() != st.wantRuns || puts != st.wantPuts || deletes != st.wantDelete {
			t.Errorf("%s: handled %v after %d runs with %d puts and %d deletes; want %v, %d runs, %d puts, %d deletes",
				st.name, ok, runs.Load(), puts, deletes, st.wantOK, st.wantRuns, st.wantPuts, st.wantDelete)
		}
	}
}
