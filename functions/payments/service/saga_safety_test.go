package service_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/functions/payments/service"
	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

// lockedBuffer collects what the functions write, from any goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// sagaRig is payments-saga and payments-api as Lambda runs them, on the
// emulator's table, bus and saga queue, calling the payment provider
// simulator. Its settings are today's, made fast: one try per call of at
// most 150 ms, three authorisation attempts a second apart, and settlement
// retries a second apart.
type sagaRig struct {
	env      kumotest.Env
	table    string
	bus      string
	queueURL string
	psp      *pspsim.Server
	// reject makes the provider refuse every authorisation with 400.
	reject atomic.Bool
	saga   lambda.Handler
	api    lambda.Handler
	out    *lockedBuffer
	seq    atomic.Int64
}

// fastSettings are the saga's settings in these tests.
var fastSettings = map[string]string{
	"PROVIDER_CALL_TIMEOUT": "150ms", "PROVIDER_MAX_TRIES": "1", "PROVIDER_MAX_ELAPSED": "1s",
	"PROVIDER_FIRST_BACKOFF": "10ms", "PROVIDER_MAX_BACKOFF": "20ms",
	"BREAKER_FAILURES_TO_OPEN": "1000", "BREAKER_SHARED_CACHE_FOR": "1ms",
	"PARK_MAX_ATTEMPTS": "3", "PARK_FIRST_DELAY": "1s", "PARK_MAX_DELAY": "1s",
	"SETTLE_MAX_ATTEMPTS": "30", "SETTLE_FIRST_DELAY": "1s", "SETTLE_MAX_DELAY": "1s",
	"LOG_LEVEL": "INFO",
}

func newSagaRig(t *testing.T, extra map[string]string) *sagaRig {
	t.Helper()
	env := kumotest.Start(t)
	env.Setenv(t)
	r := &sagaRig{env: env, psp: pspsim.New(), out: &lockedBuffer{}}
	r.table = kumotest.UniqueName(t, "payments")
	kumotest.CreateTable(t, env.DynamoDB(), r.table, payments.Spec.Table)
	r.bus = kumotest.UniqueName(t, "bus")
	if _, err := env.EventBridge().CreateEventBus(t.Context(), &eventbridge.CreateEventBusInput{Name: aws.String(r.bus)}); err != nil {
		t.Fatal(err)
	}
	q, err := env.SQS().CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String(kumotest.UniqueName(t, "saga"))})
	if err != nil {
		t.Fatal(err)
	}
	r.queueURL = aws.ToString(q.QueueUrl)
	provider := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if r.reject.Load() && req.URL.Path == "/authorizations" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"error":"the card number is not valid"}`)
			return
		}
		r.psp.ServeHTTP(w, req)
	}))
	t.Cleanup(provider.Close)

	settings := map[string]string{}
	for k, v := range fastSettings {
		settings[k] = v
	}
	for k, v := range extra {
		settings[k] = v
	}
	cfg := load(t, environ(t, payments.SagaFunction, r.table, r.bus, provider.URL, r.queueURL, settings))
	saga, opts, err := service.NewSagaHandler(t.Context(), cfg, r.out)
	if err != nil {
		t.Fatal(err)
	}
	// Behind the standard middleware, as Lambda runs it: its metrics are
	// written out with each invocation.
	r.saga = middleware.Standard(opts)(saga)
	if r.api, _, err = service.NewAPIHandler(t.Context(), load(t, environ(t, payments.APIFunction, r.table, r.bus, "", "", nil)), io.Discard); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("saga output:\n%s", r.out.String())
		}
	})
	return r
}

// faults sets the provider's fault switches.
func (r *sagaRig) faults(t *testing.T, f pspsim.Faults) {
	t.Helper()
	if err := r.psp.SetFaults(f); err != nil {
		t.Fatal(err)
	}
}

// deliver hands e from source to the saga as EventBridge delivers it to
// the queue, and returns the ids of the messages the saga failed.
func (r *sagaRig) deliver(t *testing.T, source string, e events.Event) []string {
	t.Helper()
	id := "ev-" + strings.ToLower(e.EventType()) + "-" + string(rune('a'+r.seq.Add(1)))
	env, err := events.NewEnvelope(e, events.Meta{ID: id, Source: source, Time: time.Now(), CorrelationID: "corr-" + id})
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(map[string]any{"id": "eb-" + id, "detail-type": env.Type, "source": env.Source, "detail": env})
	if err != nil {
		t.Fatal(err)
	}
	return r.invoke(t, []lambdaevents.SQSMessage{{MessageId: "m-" + id, Body: string(body)}})
}

func (r *sagaRig) invoke(t *testing.T, msgs []lambdaevents.SQSMessage) []string {
	t.Helper()
	var out lambdaevents.SQSEventResponse
	invoke(t, r.saga, lambdaevents.SQSEvent{Records: msgs}, &out)
	var failed []string
	for _, f := range out.BatchItemFailures {
		failed = append(failed, f.ItemIdentifier)
	}
	return failed
}

// stockReserved delivers the StockReserved of order for amount (EUR cents).
func (r *sagaRig) stockReserved(t *testing.T, order string, amount int64) []string {
	t.Helper()
	return r.deliver(t, "conveyor.inventory", events.StockReserved{OrderID: order, Total: events.Money{Amount: amount, Currency: "EUR"}, ReservedAt: time.Now()})
}

// cancelled delivers the OrderCancelled of order.
func (r *sagaRig) cancelled(t *testing.T, order string, reason events.CancelReason) []string {
	t.Helper()
	return r.deliver(t, "conveyor.orders", events.OrderCancelled{OrderID: order, Reason: reason, CancelledAt: time.Now()})
}

// payment reads the order's payment through the API; nil when payments
// knows nothing of it.
func (r *sagaRig) payment(t *testing.T, order string) map[string]any {
	t.Helper()
	status, p := getPayment(t, r.api, order)
	switch status {
	case http.StatusOK:
		return p
	case http.StatusNotFound:
		return nil
	}
	t.Fatalf("GET /payments/%s: %d %v", order, status, p)
	return nil
}

// pump plays the saga queue as its event source mapping does, for the
// saga's own delayed messages: it hands every message that becomes
// visible to the saga, until cond holds or timeout passes. A message the
// saga fails fails the test: the queue would redeliver it and, after its
// last receive, dead-letter it.
func (r *sagaRig) pump(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	poll.Until(t, what, timeout, func() bool {
		if cond() {
			return true
		}
		got, err := r.env.SQS().ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(r.queueURL), WaitTimeSeconds: 1, MaxNumberOfMessages: 10,
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Messages) == 0 {
			return cond()
		}
		var msgs []lambdaevents.SQSMessage
		for _, m := range got.Messages {
			msgs = append(msgs, lambdaevents.SQSMessage{MessageId: aws.ToString(m.MessageId), Body: aws.ToString(m.Body)})
			if _, err := r.env.SQS().DeleteMessage(t.Context(), &sqs.DeleteMessageInput{QueueUrl: aws.String(r.queueURL), ReceiptHandle: m.ReceiptHandle}); err != nil {
				t.Fatal(err)
			}
		}
		if failed := r.invoke(t, msgs); len(failed) > 0 {
			t.Fatalf("the saga failed its own delayed messages %v", failed)
		}
		return cond()
	})
}

// entries returns the provider's ledger entries of the kind for order.
func (r *sagaRig) entries(order, kind string) []pspsim.Entry {
	var out []pspsim.Entry
	for _, e := range r.psp.Ledger() {
		if e.OrderID == order && e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// settled reports whether every authorisation the provider made for order
// is voided or refunded.
func (r *sagaRig) settled(order string) bool {
	released := map[string]bool{}
	for _, e := range r.psp.Ledger() {
		if e.OrderID == order && (e.Kind == pspsim.KindVoid || e.Kind == pspsim.KindRefund) {
			released[e.AuthorizationID] = true
		}
	}
	for _, a := range r.entries(order, pspsim.KindAuthorization) {
		if !released[a.ID] {
			return false
		}
	}
	return true
}

func statusOf(p map[string]any) string {
	s, _ := p["status"].(string)
	return s
}

// slow is a provider that records each request at once and answers after
// the saga's call timeout: every call times out, ambiguously.
var slow = pspsim.Faults{LatencyMS: 400}

func TestAnAuthorisationTheProviderMadeTooSlowlyIsVoidedWhenThePaymentIsDeclined(t *testing.T) {
	r := newSagaRig(t, nil)
	r.faults(t, slow)
	if failed := r.stockReserved(t, "order-slow", 700); len(failed) > 0 {
		t.Fatalf("StockReserved failed: %v", failed)
	}
	r.pump(t, "the payment is declined after its last attempt", 20*time.Second, func() bool {
		return statusOf(r.payment(t, "order-slow")) == "DECLINED"
	})
	if p := r.payment(t, "order-slow"); p["declineReason"] != "provider_unavailable" || p["attempts"] != 3.0 {
		t.Fatalf("payment %v, want declined provider_unavailable after 3 attempts", p)
	}
	if n := len(r.entries("order-slow", pspsim.KindAuthorization)); n != 1 {
		t.Fatalf("the slow provider made %d authorisations, want the one the first try asked for", n)
	}
	// Orders cancels the declined order while the provider is still slow.
	if failed := r.cancelled(t, "order-slow", events.CancelPaymentDeclined); len(failed) > 0 {
		t.Fatalf("OrderCancelled failed: %v", failed)
	}
	r.faults(t, pspsim.Faults{})
	r.pump(t, "the authorisation the provider made is voided", 20*time.Second, func() bool { return r.settled("order-slow") })
	if p := r.payment(t, "order-slow"); statusOf(p) != "DECLINED" || p["declineReason"] != "provider_unavailable" {
		t.Errorf("payment %v after the void, want still declined provider_unavailable", p)
	}
	if n := len(r.entries("order-slow", pspsim.KindRefund)); n != 0 {
		t.Errorf("%d refunds of a voided authorisation", n)
	}
}

func TestACancelWhileParkedVoidsTheAuthorisationATimedOutTryMade(t *testing.T) {
	for _, tt := range []struct {
		name string
		// slowAtCancel keeps the provider slow when the cancel arrives.
		slowAtCancel bool
	}{
		{"the provider answers again when the customer cancels", false},
		{"the provider is still slow when the customer cancels", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newSagaRig(t, nil)
			r.faults(t, slow)
			if failed := r.stockReserved(t, "order-parked", 900); len(failed) > 0 {
				t.Fatalf("StockReserved failed: %v", failed)
			}
			if p := r.payment(t, "order-parked"); statusOf(p) != "PARKED" || len(r.entries("order-parked", pspsim.KindAuthorization)) != 1 {
				t.Fatalf("payment %v, ledger %+v: want PARKED with the timed-out try's authorisation", p, r.psp.Ledger())
			}
			if !tt.slowAtCancel {
				r.faults(t, pspsim.Faults{})
			}
			if failed := r.cancelled(t, "order-parked", events.CancelCustomerRequest); len(failed) > 0 {
				t.Fatalf("OrderCancelled failed: %v", failed)
			}
			r.faults(t, pspsim.Faults{})
			r.pump(t, "the authorisation is voided at the provider", 20*time.Second, func() bool { return r.settled("order-parked") })
			if p := r.payment(t, "order-parked"); statusOf(p) != "VOIDED" {
				t.Errorf("payment %v, want VOIDED", p)
			}
			if auths := r.entries("order-parked", pspsim.KindAuthorization); len(auths) != 1 {
				t.Errorf("ledger %+v, want one authorisation", r.psp.Ledger())
			}
		})
	}
}

func TestARefundDuringAProviderOutageIsRetriedLaterAndNeverFailsTheMessage(t *testing.T) {
	r := newSagaRig(t, nil)
	if failed := r.stockReserved(t, "order-refund", 1200); len(failed) > 0 {
		t.Fatalf("StockReserved failed: %v", failed)
	}
	if p := r.payment(t, "order-refund"); statusOf(p) != "AUTHORIZED" {
		t.Fatalf("payment %v, want AUTHORIZED", p)
	}
	r.faults(t, pspsim.Faults{Outage: true})
	if failed := r.cancelled(t, "order-refund", events.CancelCustomerRequest); len(failed) > 0 {
		t.Fatalf("OrderCancelled failed during the outage: %v; the queue would dead-letter it after its last receive", failed)
	}
	// The outage lasts several of the refund's own retries: none of them
	// fails a message, and the refund waits in the payment.
	r.pump(t, "three refund retries are spent in the outage", 20*time.Second, func() bool {
		n, _ := r.payment(t, "order-refund")["settleAttempts"].(float64)
		return n >= 3
	})
	if p := r.payment(t, "order-refund"); statusOf(p) != "AUTHORIZED" || p["cancelled"] != true {
		t.Fatalf("payment %v during the outage, want AUTHORIZED and cancelled, its refund due", p)
	}
	r.faults(t, pspsim.Faults{})
	r.pump(t, "the payment is refunded once the provider is back", 20*time.Second, func() bool {
		return statusOf(r.payment(t, "order-refund")) == "REFUNDED"
	})
	if refunds := r.entries("order-refund", pspsim.KindRefund); len(refunds) != 1 || refunds[0].Amount.Amount != 1200 {
		t.Errorf("ledger %+v, want one refund of 1200", r.psp.Ledger())
	}
}

func TestARefundThatOutlastsItsRetriesIsAbandonedWithALogLineAndAMetric(t *testing.T) {
	r := newSagaRig(t, map[string]string{"SETTLE_MAX_ATTEMPTS": "2"})
	if failed := r.stockReserved(t, "order-lost", 1200); len(failed) > 0 {
		t.Fatalf("StockReserved failed: %v", failed)
	}
	r.faults(t, pspsim.Faults{Outage: true})
	if failed := r.cancelled(t, "order-lost", events.CancelCustomerRequest); len(failed) > 0 {
		t.Fatalf("OrderCancelled failed: %v", failed)
	}
	r.pump(t, "the refund is abandoned", 20*time.Second, func() bool {
		return r.payment(t, "order-lost")["settlementAbandoned"] == true
	})
	out := r.out.String()
	if !strings.Contains(out, "refund abandoned") || !strings.Contains(out, `"RefundsAbandoned":1`) {
		t.Errorf("the output lacks the abandon's log line or its RefundsAbandoned metric:\n%s", out)
	}
	// Nothing more is tried, and a redelivered cancel does not start over.
	if failed := r.cancelled(t, "order-lost", events.CancelCustomerRequest); len(failed) > 0 {
		t.Fatalf("OrderCancelled again failed: %v", failed)
	}
	if p := r.payment(t, "order-lost"); statusOf(p) != "AUTHORIZED" || p["settleAttempts"] != 2.0 {
		t.Errorf("payment %v, want AUTHORIZED with its 2 settle attempts spent", p)
	}
}

func TestAnAmountThatIsNotPositiveIsDeclinedAsInvalid(t *testing.T) {
	tests := []struct {
		name   string
		amount int64
	}{
		{"a zero total", 0},
		{"a negative total", -500},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is declined invalid_amount without calling the provider", func(t *testing.T) {
			r := newSagaRig(t, nil)
			placed := events.OrderPlaced{OrderID: "order-free", CustomerID: "c-1", PlacedAt: time.Now(),
				Lines: []events.OrderLine{{SKU: "FREEBIE", Quantity: 1, UnitPrice: events.Money{Amount: tt.amount, Currency: "EUR"}}},
				Total: events.Money{Amount: tt.amount, Currency: "EUR"}}
			if failed := r.deliver(t, "conveyor.orders", placed); len(failed) > 0 {
				t.Fatalf("OrderPlaced failed: %v", failed)
			}
			if failed := r.stockReserved(t, "order-free", tt.amount); len(failed) > 0 {
				t.Fatalf("StockReserved failed: %v", failed)
			}
			if p := r.payment(t, "order-free"); statusOf(p) != "DECLINED" || p["declineReason"] != "invalid_amount" {
				t.Fatalf("payment %v, want DECLINED invalid_amount", p)
			}
			if n := len(r.psp.Ledger()); n != 0 {
				t.Errorf("the provider's ledger has %d entries", n)
			}
		})
	}
}

func TestAProviderThatRefusesTheRequestDeclinesThePayment(t *testing.T) {
	r := newSagaRig(t, nil)
	r.reject.Store(true)
	if failed := r.stockReserved(t, "order-refused", 800); len(failed) > 0 {
		t.Fatalf("StockReserved failed: %v; a refusal is an answer, and no retry changes it", failed)
	}
	if p := r.payment(t, "order-refused"); statusOf(p) != "DECLINED" || p["declineReason"] != "provider_rejected" {
		t.Fatalf("payment %v, want DECLINED provider_rejected", p)
	}
}
