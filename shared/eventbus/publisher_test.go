package eventbus_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/eventbridge"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
	"github.com/conveyor-dev/conveyor/shared/eventbus/eventbustest"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
	"github.com/conveyor-dev/conveyor/shared/tracing"
)

const deliveryTimeout = 5 * time.Second

type harness struct {
	route eventbustest.Route
	bus   *faultyBus
	pub   *eventbus.Publisher
}

func newHarness(t *testing.T, fail func(call int, id string) string, publishes ...string) harness {
	t.Helper()
	c := kumotest.Start(t).Clients()
	route := eventbustest.NewRoute(t, c.Events, c.SQS, kumotest.Prefix(t), eventbustest.Options{})
	bus := &faultyBus{next: http.DefaultTransport, fail: fail}
	client := eventbridge.NewFromConfig(c.Config, func(o *eventbridge.Options) {
		o.HTTPClient = &http.Client{Transport: bus}
	})
	pub, err := eventbus.New(eventbus.Config{
		Client: client, Bus: route.Bus, Source: "conveyor.catalog", Publishes: publishes,
		BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxAttempts: 3,
	})
	if err != nil {
		t.Fatal(err)
	}
	return harness{route: route, bus: bus, pub: pub}
}

func products(n int, description string) []events.Event {
	out := make([]events.Event, n)
	for i := range out {
		out[i] = events.ProductUpserted{
			SKU: "SKU-" + strings.Repeat("A", i%5+1), Name: "Mug", Description: description,
			Price: events.Money{Amount: int64(100 + i), Currency: "EUR"}, Active: true,
			ProductVersion: int64(i + 1), UpdatedAt: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC),
		}
	}
	return out
}

// receivedIDs waits for n events on the route's queue and proves no more
// follow, so a duplicate publication fails the test.
func receivedIDs(t *testing.T, h harness, n int) []string {
	t.Helper()
	c := kumotest.Start(t).Clients()
	var ids []string
	for _, m := range eventbustest.Receive(t, c.SQS, h.route.QueueURL, n, deliveryTimeout) {
		ids = append(ids, m.Event.Detail.ID)
	}
	eventbustest.Quiet(t, c.SQS, h.route.QueueURL, time.Second)
	slices.Sort(ids)
	return ids
}

func TestPublishSplitsIntoBatchesEventBridgeAccepts(t *testing.T) {
	tests := []struct {
		name        string
		count       int
		description string
		wantCalls   []int
	}{
		{"23 small events go in batches of 10, 10 and 3", 23, "", []int{10, 10, 3}},
		{"5 events of 100 KB go in batches within 256 KB", 5, strings.Repeat("x", 100*1024), []int{2, 2, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, nil)
			if err := h.pub.Publish(t.Context(), products(tt.count, tt.description)...); err != nil {
				t.Fatal(err)
			}
			var sizes []int
			var sent []string
			for _, c := range h.bus.Calls() {
				sizes = append(sizes, len(c.IDs))
				sent = append(sent, c.IDs...)
			}
			if !slices.Equal(sizes, tt.wantCalls) {
				t.Errorf("PutEvents calls of %v entries, want %v", sizes, tt.wantCalls)
			}
			slices.Sort(sent)
			if got := receivedIDs(t, h, tt.count); !slices.Equal(got, sent) {
				t.Errorf("queue received %v, want %v", got, sent)
			}
		})
	}
}

func TestPublishRetriesOnlyTheFailedEntries(t *testing.T) {
	var victims []string
	h := newHarness(t, func(call int, id string) string {
		if call == 1 && len(victims) < 2 {
			victims = append(victims, id)
			return "ThrottlingException"
		}
		return ""
	})
	if err := h.pub.Publish(t.Context(), products(4, "")...); err != nil {
		t.Fatal(err)
	}
	calls := h.bus.Calls()
	if len(calls) != 2 {
		t.Fatalf("%d PutEvents calls, want 2", len(calls))
	}
	if !slices.Equal(calls[1].IDs, victims) {
		t.Errorf("the retry sent %v, want only the failed %v", calls[1].IDs, victims)
	}
	if got := receivedIDs(t, h, 4); !slices.Equal(got, slices.Sorted(slices.Values(calls[0].IDs))) {
		t.Errorf("queue received %v, want each of %v once", got, calls[0].IDs)
	}
}

func TestPublishReportsEntriesThatNeverGoThrough(t *testing.T) {
	tests := []struct {
		name      string
		code      string
		wantCalls int
	}{
		{"a transient failure on every attempt is reported after the last one", "InternalFailure", 3},
		{"a failure no retry can fix is reported at once", "AccessDeniedException", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var victim string
			h := newHarness(t, func(call int, id string) string {
				if victim == "" {
					victim = id
				}
				if id == victim {
					return tt.code
				}
				return ""
			})
			err := h.pub.Publish(t.Context(), products(3, "")...)
			var pe *eventbus.PublishError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want a *PublishError", err)
			}
			if !slices.Equal(pe.FailedIDs(), []string{victim}) || pe.Failed[0].Code != tt.code {
				t.Errorf("failed %+v, want only %s with %s", pe.Failed, victim, tt.code)
			}
			if got := len(h.bus.Calls()); got != tt.wantCalls {
				t.Errorf("%d PutEvents calls, want %d", got, tt.wantCalls)
			}
			if got := receivedIDs(t, h, 2); slices.Contains(got, victim) {
				t.Errorf("the failed event %s was delivered", victim)
			}
		})
	}
}

func TestPublishRefusesWhatItCannotSend(t *testing.T) {
	h := newHarness(t, nil, events.TypeProductUpserted, events.TypeProductDeleted)
	t.Run("an event type the service does not declare", func(t *testing.T) {
		err := h.pub.Publish(t.Context(), events.OrderCancelled{OrderID: "O-1", Reason: events.CancelCustomerRequest, CancelledAt: time.Now()})
		if !errors.Is(err, eventbus.ErrUndeclared) {
			t.Errorf("error %v, want ErrUndeclared", err)
		}
	})
	t.Run("an event larger than 256 KB", func(t *testing.T) {
		err := h.pub.Publish(t.Context(), products(1, strings.Repeat("x", 257*1024))...)
		if err == nil || !strings.Contains(err.Error(), "more than") {
			t.Errorf("error %v, want a size error", err)
		}
	})
	t.Run("an envelope from another source", func(t *testing.T) {
		env, err := events.NewEnvelope(products(1, "")[0], events.Meta{ID: "x", Source: "conveyor.orders", Time: time.Now(), CorrelationID: "c"})
		if err != nil {
			t.Fatal(err)
		}
		if err := h.pub.PublishEnvelopes(t.Context(), env); err == nil {
			t.Error("published an envelope of another service")
		}
	})
	if calls := h.bus.Calls(); len(calls) != 0 {
		t.Errorf("%d PutEvents calls for refused events", len(calls))
	}
}

func TestForServiceAcceptsOnlyDeclaredTypes(t *testing.T) {
	svc := spec.Service{Name: "catalog", Publishes: []string{events.TypeProductUpserted}}
	c := kumotest.Start(t).Clients()
	pub, err := eventbus.ForService(c.Events, "bus", svc)
	if err != nil {
		t.Fatal(err)
	}
	err = pub.Publish(t.Context(), events.ProductDeleted{SKU: "A", ProductVersion: 1, DeletedAt: time.Now()})
	if !errors.Is(err, eventbus.ErrUndeclared) {
		t.Errorf("error %v, want ErrUndeclared", err)
	}
	if _, err := eventbus.ForService(c.Events, "bus", spec.Service{Name: "quiet"}); err == nil {
		t.Error("ForService accepted a service that publishes nothing")
	}
}

func TestPublishCarriesTheContext(t *testing.T) {
	rec, err := tracing.NewRecorder()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rec.Close() })
	ctx, err := rec.Start(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	cause := events.Envelope{ID: "cause-1", CorrelationID: "corr-of-cause"}
	tests := []struct {
		name            string
		ctx             context.Context
		wantCorrelation string
		wantCausation   string
	}{
		{"the correlation id of the context wins", correlation.With(events.ContextWithCause(ctx, cause), "corr-1"), "corr-1", "cause-1"},
		{"without one, the cause's correlation id is kept", events.ContextWithCause(ctx, cause), "corr-of-cause", "cause-1"},
		{"without either, a new correlation id is made", ctx, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, nil)
			if err := h.pub.Publish(tt.ctx, products(1, "")...); err != nil {
				t.Fatal(err)
			}
			m := eventbustest.Receive(t, kumotest.Start(t).SQS(), h.route.QueueURL, 1, deliveryTimeout)[0]
			env := m.Event.Detail
			if tt.wantCorrelation != "" && env.CorrelationID != tt.wantCorrelation || env.CorrelationID == "" {
				t.Errorf("correlation id %q, want %q", env.CorrelationID, tt.wantCorrelation)
			}
			if env.CausationID != tt.wantCausation {
				t.Errorf("causation id %q, want %q", env.CausationID, tt.wantCausation)
			}
			if m.Event.DetailType != events.TypeProductUpserted || m.Event.Source != "conveyor.catalog" {
				t.Errorf("EventBridge event %s from %s", m.Event.DetailType, m.Event.Source)
			}
			th := h.bus.Calls()[0].TraceHeaders[0]
			if want := "Root=" + tracing.TraceID(ctx); !strings.Contains(th, want) {
				t.Errorf("trace header %q, want one with %s", th, want)
			}
		})
	}
}
