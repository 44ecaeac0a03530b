package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/inventory"
	"github.com/conveyor-dev/conveyor/functions/inventory/adapters"
	"github.com/conveyor-dev/conveyor/functions/inventory/app"
	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
	"github.com/conveyor-dev/conveyor/functions/inventory/service"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/eventbus/eventbustest"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

// flakyBus stands between the functions and the emulator's EventBridge:
// AWS_ENDPOINT_URL_EVENTBRIDGE points the functions' EventBridge clients
// at it, so the outage is configuration, not a replaced client. While it
// is down it answers PutEvents as EventBridge does while it is unavailable
// (every entry failed with InternalFailure); it passes every other request
// to the emulator, and records the envelopes of each PutEvents call.
type flakyBus struct {
	upstream string

	mu    sync.Mutex
	down  bool
	calls []putEventsCall
}

// putEventsCall is one PutEvents call the function made.
type putEventsCall struct {
	failed bool
	envs   []events.Envelope
}

// startFlakyBus serves a flakyBus in front of the emulator at upstream,
// down or not.
func startFlakyBus(t *testing.T, upstream string, down bool) *flakyBus {
	t.Helper()
	b := &flakyBus{upstream: upstream, down: down}
	srv := httptest.NewServer(http.HandlerFunc(b.serve))
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ENDPOINT_URL_EVENTBRIDGE", srv.URL)
	return b
}

func (b *flakyBus) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if r.Header.Get("X-Amz-Target") == "AWSEvents.PutEvents" {
		if n, failed := b.record(body); failed {
			entries := make([]map[string]string, n)
			for i := range entries {
				entries[i] = map[string]string{"ErrorCode": "InternalFailure", "ErrorMessage": "EventBridge is unavailable"}
			}
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			_ = json.NewEncoder(w).Encode(map[string]any{"FailedEntryCount": n, "Entries": entries})
			return
		}
	}
	req, err := http.NewRequestWithContext(r.Context(), r.Method, b.upstream+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

// setDown takes the bus down or brings it back.
func (b *flakyBus) setDown(down bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.down = down
}

// record notes a PutEvents call and reports how many entries it has and
// whether it fails, the bus being down.
func (b *flakyBus) record(body []byte) (int, bool) {
	var in struct {
		Entries []struct{ Detail string }
	}
	call := putEventsCall{}
	if err := json.Unmarshal(body, &in); err == nil {
		for _, e := range in.Entries {
			var env events.Envelope
			if json.Unmarshal([]byte(e.Detail), &env) == nil {
				call.envs = append(call.envs, env)
			}
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	call.failed = b.down
	b.calls = append(b.calls, call)
	return len(in.Entries), call.failed
}

// seen returns the PutEvents calls so far.
func (b *flakyBus) seen() []putEventsCall {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.calls)
}

// platform is what the inventory's functions run on in these tests: the
// emulator, a table made as the declaration says (its stream included),
// a bus of its own, reached through a flakyBus, and a probe queue that
// receives every event the inventory puts on that bus.
type platform struct {
	cfg   service.Config
	bus   *flakyBus
	probe eventbustest.Route
	sqs   *sqs.Client
	repo  *adapters.StockDynamoRepository
	out   *syncBuffer
}

func newPlatform(t *testing.T) *platform {
	t.Helper()
	env := kumotest.Start(t)
	env.Setenv(t)
	c := env.Clients()
	p := &platform{bus: startFlakyBus(t, env.Endpoint, false), sqs: c.SQS, out: &syncBuffer{}}
	table := kumotest.UniqueName(t, "inventory")
	kumotest.CreateTable(t, c.DynamoDB, table, inventory.Spec.Table)
	busName := kumotest.UniqueName(t, "bus")
	if _, err := c.Events.CreateEventBus(t.Context(), &eventbridge.CreateEventBusInput{Name: aws.String(busName)}); err != nil {
		t.Fatal(err)
	}
	p.probe = eventbustest.NewRoute(t, c.Events, c.SQS, kumotest.Prefix(t)+"-probe", eventbustest.Options{
		Bus: busName, Pattern: map[string]any{"source": []any{inventory.Spec.Source()}},
	})
	repo, err := adapters.NewStockDynamoRepository(c.DynamoDB, table)
	if err != nil {
		t.Fatal(err)
	}
	p.repo = repo
	p.cfg = service.Config{Platform: config.Platform{
		Service: inventory.Spec.Name, Stage: "local", TableName: table, EventBusName: busName, LogLevel: slog.LevelInfo,
	}}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("functions' output:\n%s", p.out.String())
		}
	})
	return p
}

// build runs a function's constructor on the platform and puts the
// standard middleware around what it returns, as its main does.
func (p *platform) build(t *testing.T, construct middleware.Constructor[service.Config]) lambda.Handler {
	t.Helper()
	h, opts, err := construct(t.Context(), p.cfg, p.out)
	if err != nil {
		t.Fatal(err)
	}
	return middleware.Standard(opts)(h)
}

// eventsFunction builds inventory-events and checks it is the consumer of
// the order events the subscription declares.
func (p *platform) eventsFunction(t *testing.T) lambda.Handler {
	t.Helper()
	h, _, err := service.NewEventsHandler(t.Context(), p.cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	c, ok := h.(interface{ Types() []string })
	if !ok {
		t.Fatalf("the handler is a %T, not the consumer itself", h)
	}
	want := []string{"OrderCancelled.v1", "OrderConfirmed.v1", "OrderPlaced.v1"}
	if got := c.Types(); !slices.Equal(got, want) {
		t.Fatalf("the consumer handles %v, want %v", got, want)
	}
	return p.build(t, service.NewEventsHandler)
}

// syncBuffer collects the functions' output.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(b)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestAnOrderEventIsHandledOnceWithTheBusDown runs inventory-events as its
// constructor builds it, against the emulator, while EventBridge refuses
// every call: the function stores the decision without publishing
// anything, so the bus cannot fail the handling, and a redelivery finds
// the stored decision.
func TestAnOrderEventIsHandledOnceWithTheBusDown(t *testing.T) {
	p := newPlatform(t)
	p.bus.setDown(true)
	fn := p.eventsFunction(t)
	if _, err := app.NewSetStockHandler(p.repo, time.Now).Handle(t.Context(), app.SetStock{SKU: "MUG-RED-350", OnHand: 5}); err != nil {
		t.Fatal(err)
	}
	orderID := "O-" + uuid.NewString()
	placed := orderPlaced(t, orderID, 2)

	if failed := deliver(t, fn, placed, 1); len(failed) != 0 {
		t.Fatalf("first delivery: failed records %v, want none", failed)
	}
	t.Run("the decision is stored and the function made no PutEvents call", func(t *testing.T) {
		rec, err := p.repo.Reservation(t.Context(), orderID)
		if err != nil || rec == nil || rec.Status() != domain.Reserved {
			t.Fatalf("record %v, %v; want it reserved", rec, err)
		}
		if calls := p.bus.seen(); len(calls) != 0 {
			t.Errorf("%d PutEvents calls from inventory-events, want none", len(calls))
		}
	})
	t.Run("a redelivery changes nothing and the stock is reserved once", func(t *testing.T) {
		if failed := deliver(t, fn, placed, 2); len(failed) != 0 {
			t.Fatalf("redelivery: failed records %v", failed)
		}
		it, err := p.repo.StockItem(t.Context(), "MUG-RED-350")
		if err != nil {
			t.Fatal(err)
		}
		if it.OnHand() != 5 || it.Reserved() != 2 || it.Available() != 3 {
			t.Errorf("onHand %d reserved %d available %d, want 5 2 3", it.OnHand(), it.Reserved(), it.Available())
		}
	})
}

// orderPlaced is an OrderPlaced of quantity MUG-RED-350 from orders, with
// a correlation id of its own.
func orderPlaced(t *testing.T, orderID string, quantity int) events.Envelope {
	t.Helper()
	env, err := events.NewEnvelope(events.OrderPlaced{
		OrderID: orderID, CustomerID: "c-1", PlacedAt: time.Now().UTC(),
		Lines: []events.OrderLine{{SKU: "MUG-RED-350", Quantity: quantity, UnitPrice: events.Money{Amount: 1250, Currency: "EUR"}}},
		Total: events.Money{Amount: 1250 * int64(quantity), Currency: "EUR"},
	}, events.Meta{ID: uuid.NewString(), Source: "conveyor.orders", Time: time.Now(), CorrelationID: "corr-" + orderID})
	if err != nil {
		t.Fatal(err)
	}
	return env
}

func TestConstructorsRefuseAnIncompleteConfig(t *testing.T) {
	cases := []struct {
		name     string
		build    middleware.Constructor[service.Config]
		platform config.Platform
		want     string
	}{
		{"the events function without a table", service.NewEventsHandler, config.Platform{Service: "inventory", EventBusName: "bus"}, "TABLE_NAME"},
		{"the publisher without a table", service.NewPublisherHandler, config.Platform{Service: "inventory", EventBusName: "bus"}, "TABLE_NAME"},
		{"the publisher without an event bus", service.NewPublisherHandler, config.Platform{Service: "inventory", TableName: "table"}, "EVENT_BUS_NAME"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := c.build(t.Context(), service.Config{Platform: c.platform}, io.Discard)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one naming %s", err, c.want)
			}
		})
	}
}

// deliver hands env to fn as the SQS message "m-1" on its receiveCount-th
// receive, the way Lambda's event source mapping does, and returns the
// ids of the records fn reported failed.
func deliver(t *testing.T, fn lambda.Handler, env events.Envelope, receiveCount int) []string {
	t.Helper()
	body, err := json.Marshal(map[string]any{
		"version": "0", "id": "eb-" + env.ID, "detail-type": env.Type, "source": env.Source,
		"account": "000000000000", "time": env.Time, "region": kumotest.Region, "resources": []string{},
		"detail": env,
	})
	if err != nil {
		t.Fatal(err)
	}
	payload, err := json.Marshal(lambdaevents.SQSEvent{Records: []lambdaevents.SQSMessage{{
		MessageId: "m-1", Body: string(body), EventSource: "aws:sqs",
		Attributes: map[string]string{"ApproximateReceiveCount": strconv.Itoa(receiveCount)},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	raw, err := fn.Invoke(ctx, payload)
	if err != nil {
		t.Fatalf("invocation failed: %v", err)
	}
	var resp lambdaevents.SQSEventResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, f := range resp.BatchItemFailures {
		failed = append(failed, f.ItemIdentifier)
	}
	return failed
}
