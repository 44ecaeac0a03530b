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
	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/inventory"
	"github.com/conveyor-dev/conveyor/functions/inventory/adapters"
	"github.com/conveyor-dev/conveyor/functions/inventory/app"
	"github.com/conveyor-dev/conveyor/functions/inventory/service"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

// flakyBus stands between the function and the emulator's EventBridge:
// AWS_ENDPOINT_URL_EVENTBRIDGE points the function's EventBridge client at
// it, so the outage is configuration, not a replaced client. It answers
// the first failures PutEvents calls as EventBridge does while it is
// unavailable (every entry failed with InternalFailure), passes every
// other request to the emulator, and records the envelopes of each
// PutEvents call.
type flakyBus struct {
	upstream string

	mu       sync.Mutex
	failures int
	calls    []putEventsCall
}

// putEventsCall is one PutEvents call the function made.
type putEventsCall struct {
	failed bool
	envs   []events.Envelope
}

// startFlakyBus serves a flakyBus in front of the emulator at upstream.
func startFlakyBus(t *testing.T, upstream string, failures int) *flakyBus {
	t.Helper()
	b := &flakyBus{upstream: upstream, failures: failures}
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

// record notes a PutEvents call and reports how many entries it has and
// whether it is one of the calls that fail.
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
	if b.failures > 0 {
		b.failures--
		call.failed = true
	}
	b.calls = append(b.calls, call)
	return len(in.Entries), call.failed
}

// seen returns the PutEvents calls so far.
func (b *flakyBus) seen() []putEventsCall {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.calls)
}

// eventsFunction builds inventory-events with its constructor against the
// emulator, on a table and a bus of its own, with EventBridge failing the
// first failures PutEvents calls.
func eventsFunction(t *testing.T, failures int) (lambda.Handler, *flakyBus, string) {
	t.Helper()
	env := kumotest.Start(t)
	env.Setenv(t)
	bus := startFlakyBus(t, env.Endpoint, failures)
	table := kumotest.UniqueName(t, "inventory")
	kumotest.CreateTable(t, env.DynamoDB(), table, inventory.Spec.Table)
	busName := kumotest.UniqueName(t, "bus")
	if _, err := env.EventBridge().CreateEventBus(t.Context(), &eventbridge.CreateEventBusInput{Name: aws.String(busName)}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("function output:\n%s", out.String())
		}
	})
	h, opts, err := service.NewEventsHandler(t.Context(), service.Config{Platform: config.Platform{
		Service: inventory.Spec.Name, Stage: "local", TableName: table, EventBusName: busName, LogLevel: slog.LevelInfo,
	}}, &out)
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
	return middleware.Standard(opts)(h), bus, table
}

// TestAFailedPublishIsRetriedWithTheSameEvent runs inventory-events as its
// constructor builds it, against the emulator, while EventBridge fails the
// first six PutEvents calls: the publisher tries five times per handling,
// so the first delivery of an OrderPlaced fails and its redelivery goes
// through on its second call.
func TestAFailedPublishIsRetriedWithTheSameEvent(t *testing.T) {
	fn, bus, table := eventsFunction(t, 6)
	env := kumotest.Start(t)
	repo, err := adapters.NewStockDynamoRepository(env.DynamoDB(), table)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.NewSetStockHandler(repo, time.Now).Handle(t.Context(), app.SetStock{SKU: "MUG-RED-350", OnHand: 5}); err != nil {
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

	if failed := deliver(t, fn, placed, 1); len(failed) != 1 {
		t.Fatalf("first delivery: failed records %v, want the one whose publish failed", failed)
	}
	if failed := deliver(t, fn, placed, 2); len(failed) != 0 {
		t.Fatalf("redelivery: failed records %v, want none", failed)
	}
	calls := bus.seen()

	t.Run("every attempt carries the same event, with the id derived from the order", func(t *testing.T) {
		if len(calls) != 7 {
			t.Fatalf("%d PutEvents calls, want the 6 failed ones and a good one", len(calls))
		}
		want := eventbus.StableID(inventory.Spec.Source(), events.TypeStockReserved, orderID)
		for i, c := range calls {
			if len(c.envs) != 1 || c.envs[0].Type != events.TypeStockReserved || c.envs[0].ID != want {
				var sent []string
				for _, e := range c.envs {
					sent = append(sent, e.Type+" "+e.ID)
				}
				t.Fatalf("call %d sent %v, want one StockReserved %s", i+1, sent, want)
			}
		}
		if calls[6].failed {
			t.Error("the last call failed too")
		}
	})
	t.Run("the event names the OrderPlaced as its cause and keeps its correlation id", func(t *testing.T) {
		e := calls[len(calls)-1].envs[0]
		if e.CausationID != placed.ID || e.CorrelationID != placed.CorrelationID || e.Source != inventory.Spec.Source() {
			t.Errorf("source %q cause %q correlation %q", e.Source, e.CausationID, e.CorrelationID)
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
	t.Run("a delivery after the success is not handled again", func(t *testing.T) {
		if failed := deliver(t, fn, placed, 3); len(failed) != 0 {
			t.Fatalf("failed records %v", failed)
		}
		if n := len(bus.seen()); n != len(calls) {
			t.Errorf("%d PutEvents calls after a duplicate delivery, want still %d", n, len(calls))
		}
	})
}

func TestNewEventsHandlerRefusesAnIncompleteConfig(t *testing.T) {
	cases := []struct {
		name     string
		platform config.Platform
		want     string
	}{
		{"without a table", config.Platform{Service: "inventory", EventBusName: "bus"}, "TABLE_NAME"},
		{"without an event bus", config.Platform{Service: "inventory", TableName: "table"}, "EVENT_BUS_NAME"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := service.NewEventsHandler(t.Context(), service.Config{Platform: c.platform}, io.Discard)
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
