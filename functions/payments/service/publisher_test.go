package service_test

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/events/schemas"
	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/functions/payments/service"
	"github.com/conveyor-dev/conveyor/internal/localcloud/poller"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
	"github.com/conveyor-dev/conveyor/shared/eventbus/eventbustest"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/middleware"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// busGate stands between the functions and the emulator: while refusing,
// it answers every PutEvents with an error, as a bus that is down or
// denies the caller does; everything else goes through.
type busGate struct {
	refusing atomic.Bool
	refused  atomic.Int64
	proxy    *httputil.ReverseProxy
}

// newBusGate serves a gate in front of the emulator at endpoint, letting
// everything through until told to refuse.
func newBusGate(t *testing.T, endpoint string) (*busGate, *httptest.Server) {
	t.Helper()
	target, err := url.Parse(endpoint)
	if err != nil {
		t.Fatal(err)
	}
	g := &busGate{proxy: httputil.NewSingleHostReverseProxy(target)}
	// A long poll cut short when the test ends is no failure of the test.
	g.proxy.ErrorLog = log.New(io.Discard, "", 0)
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	return g, srv
}

func (g *busGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if g.refusing.Load() && r.Header.Get("X-Amz-Target") == "AWSEvents.PutEvents" {
		g.refused.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"__type":"AccessDeniedException","message":"the bus refuses the call"}`)
		return
	}
	g.proxy.ServeHTTP(w, r)
}

// TestAnAuthorisationStoredWhileTheBusRefusesIsPublishedOnceItRecovers
// provisions payments as declared, runs payments-saga with the bus
// refusing every PutEvents, then payments-publisher behind the local
// cloud's stream poller: the authorisation the saga stored reaches a test
// subscription on the bus once the bus takes events again, with the id and
// the flow the saga's own publishing gave it.
func TestAnAuthorisationStoredWhileTheBusRefusesIsPublishedOnceItRecovers(t *testing.T) {
	env := kumotest.Start(t)
	env.Setenv(t)
	c := env.Clients()
	prefix := kumotest.Prefix(t)
	platform, err := provision.Apply(t.Context(), c, provision.Names{Prefix: prefix}, []spec.Service{payments.Spec})
	if err != nil {
		t.Fatal(err)
	}
	table := platform.Tables[payments.Spec.Name]
	sub, _ := payments.Spec.Subscription(payments.SagaSubscription)
	queue := platform.Queues[provision.QueueKey(payments.Spec, sub)]
	gate, front := newBusGate(t, env.Endpoint)
	t.Setenv("AWS_ENDPOINT_URL", front.URL)
	gate.refusing.Store(true)

	psp := httptest.NewServer(pspsim.New())
	t.Cleanup(psp.Close)
	out := &lockedBuffer{}
	saga, _, err := service.NewSagaHandler(t.Context(), load(t, environ(t, payments.SagaFunction, table.Name, platform.Bus, psp.URL, queue.URL, nil)), out)
	if err != nil {
		t.Fatal(err)
	}
	reserved, err := events.NewEnvelope(events.StockReserved{OrderID: "order-1", Total: events.Money{Amount: 700, Currency: "EUR"}, ReservedAt: time.Now()},
		events.Meta{ID: "ev-reserved", Source: "conveyor.inventory", Time: time.Now(), CorrelationID: "corr-1"})
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(map[string]any{"id": "eb-1", "detail-type": reserved.Type, "source": reserved.Source, "detail": reserved})
	if err != nil {
		t.Fatal(err)
	}
	var resp lambdaevents.SQSEventResponse
	invoke(t, saga, lambdaevents.SQSEvent{Records: []lambdaevents.SQSMessage{{MessageId: "m-1", Body: string(body)}}}, &resp)
	if len(resp.BatchItemFailures) > 0 {
		t.Fatalf("StockReserved failed while the bus refuses: %+v; its redeliveries end in the DLQ and the stored decision is never announced\n%s", resp, out.String())
	}

	probe := eventbustest.NewRoute(t, c.Events, c.SQS, prefix+"-probe", eventbustest.Options{
		Bus: platform.Bus, Pattern: map[string]any{"source": []any{payments.Spec.Source()}},
	})
	publisher, opts, err := service.NewPublisherHandler(t.Context(), load(t, environ(t, payments.PublisherFunction, table.Name, platform.Bus, "", "", nil)), out)
	if err != nil {
		t.Fatal(err)
	}
	fn := middleware.Standard(opts)(publisher)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	decl, _ := payments.Spec.Function(payments.PublisherFunction)
	go func() {
		done <- poller.RunStream(ctx, c.Streams, poller.Stream{
			StreamARN: table.StreamARN, Region: kumotest.Region, BatchSize: decl.Stream.BatchSize, RetryAttempts: decl.Stream.RetryAttempts,
			Function: poller.InvokerFunc(fn.Invoke),
		})
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		if t.Failed() {
			t.Logf("function output:\n%s", out.String())
		}
	})

	poll.Until(t, "the publisher has tried and been refused twice", 10*time.Second, func() bool { return gate.refused.Load() >= 2 })
	eventbustest.Quiet(t, c.SQS, probe.QueueURL, 500*time.Millisecond)
	gate.refusing.Store(false)

	m := eventbustest.Receive(t, c.SQS, probe.QueueURL, 1, 10*time.Second)[0]
	published := m.Event.Detail
	if published.Type != events.TypePaymentAuthorized || published.ID != eventbus.StableID(payments.Spec.Source(), events.TypePaymentAuthorized, "order-1") {
		t.Fatalf("published %s %s, want the order's PaymentAuthorized with its stable id", published.Type, published.ID)
	}
	if published.CorrelationID != "corr-1" || published.CausationID != "ev-reserved" {
		t.Errorf("published in flow %s caused by %s, want corr-1 caused by ev-reserved", published.CorrelationID, published.CausationID)
	}
	detail, err := json.Marshal(published)
	if err != nil {
		t.Fatal(err)
	}
	if err := schemas.Validate(detail); err != nil {
		t.Errorf("the published event breaks its schema: %v", err)
	}
	e, err := events.DecodeData[events.PaymentAuthorized](published)
	if err != nil {
		t.Fatal(err)
	}
	if e.OrderID != "order-1" || e.PaymentID == "" || e.Amount.Amount != 700 {
		t.Errorf("event %+v", e)
	}
	t.Run("nothing else is published: the parked retries, idempotency records and the breaker are not decisions", func(t *testing.T) {
		eventbustest.Quiet(t, c.SQS, probe.QueueURL, time.Second)
	})
}
