package ports_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/functions/payments/adapters"
	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/functions/payments/ports"
	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/shared/consumer"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
	"github.com/conveyor-dev/conveyor/shared/idempotency"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// syncBuffer collects log lines.
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

// saga is the saga consumer over payments' use cases, with its
// idempotency records in a payments table on kumo.
type saga struct {
	*useCases
	retries *retries
	c       *consumer.Consumer
	log     *syncBuffer
}

func newSaga(t *testing.T, scheduler app.RetryScheduler) *saga {
	t.Helper()
	env := kumotest.Start(t)
	db := env.DynamoDB()
	name := kumotest.UniqueName(t, "payments")
	kumotest.CreateTable(t, db, name, payments.Spec.Table)
	icfg, err := idempotency.ConfigFor(db, name, payments.Spec.Table)
	if err != nil {
		t.Fatal(err)
	}
	store, err := idempotency.NewStore(icfg)
	if err != nil {
		t.Fatal(err)
	}
	s := &saga{retries: &retries{}, log: &syncBuffer{}}
	if scheduler == nil {
		scheduler = s.retries
	}
	s.useCases = newUseCases(scheduler, breaker{}, table{})
	s.c, err = consumer.New(consumer.Config{
		Name: payments.SagaFunction, Idempotency: store, Log: slog.New(slog.NewJSONHandler(s.log, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	ports.RegisterSagaHandlers(s.c, s.app)
	return s
}

// message is e from source as EventBridge delivers it to the saga queue.
func message(t *testing.T, id, source string, e events.Event) lambdaevents.SQSMessage {
	t.Helper()
	env, err := events.NewEnvelope(e, events.Meta{ID: id, Source: source, Time: now, CorrelationID: "corr-" + id})
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(map[string]any{"id": "eb-" + id, "detail-type": env.Type, "source": env.Source, "detail": env})
	if err != nil {
		t.Fatal(err)
	}
	return lambdaevents.SQSMessage{MessageId: "m-" + id, Body: string(body)}
}

// deliver hands the messages to the consumer as one batch and returns the
// ids of the messages it failed.
func (s *saga) deliver(t *testing.T, msgs ...lambdaevents.SQSMessage) []string {
	t.Helper()
	resp, err := s.c.Handle(t.Context(), lambdaevents.SQSEvent{Records: msgs})
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, f := range resp.BatchItemFailures {
		failed = append(failed, f.ItemIdentifier)
	}
	return failed
}

func (s *saga) payment(t *testing.T, order string) *domain.Payment {
	t.Helper()
	p, err := s.repo.Payment(t.Context(), order)
	if err != nil {
		t.Fatalf("payment of %s: %v", order, err)
	}
	return p
}

var total = events.Money{Amount: 2500, Currency: "EUR"}

func TestTheSagaMapsEachEventToItsCommand(t *testing.T) {
	placed := events.OrderPlaced{
		OrderID: "order-1", CustomerID: "c-1", PlacedAt: now,
		Lines: []events.OrderLine{{SKU: "MUG", Quantity: 2, UnitPrice: events.Money{Amount: 1250, Currency: "EUR"}}},
		Total: total,
	}
	reserved := events.StockReserved{OrderID: "order-1", Lines: []events.StockLine{{SKU: "MUG", Quantity: 2}}, Total: total, ReservedAt: now}
	cancelled := events.OrderCancelled{OrderID: "order-1", Reason: events.CancelCustomerRequest, CancelledAt: now}
	tests := []struct {
		name       string
		events     []events.Event
		wantStatus domain.Status
		wantStored []domain.Outcome
	}{
		{"OrderPlaced records the order's amount", []events.Event{placed}, domain.StatusPending, nil},
		{"StockReserved authorises the amount and stores the decision", []events.Event{placed, reserved},
			domain.StatusAuthorized, []domain.Outcome{domain.OutcomeAuthorized}},
		{"OrderCancelled refunds the authorisation and stores the decision", []events.Event{placed, reserved, cancelled},
			domain.StatusRefunded, []domain.Outcome{domain.OutcomeAuthorized, domain.OutcomeRefunded}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSaga(t, nil)
			for i, e := range tt.events {
				source := "conveyor.orders"
				if _, ok := e.(events.StockReserved); ok {
					source = "conveyor.inventory"
				}
				if failed := s.deliver(t, message(t, "ev-"+string(rune('a'+i)), source, e)); len(failed) > 0 {
					t.Fatalf("%s failed; log:\n%s", e.EventType(), s.log.String())
				}
			}
			p := s.payment(t, "order-1")
			if p.Status() != tt.wantStatus || p.Amount() != (domain.Money{Amount: total.Amount, Currency: total.Currency}) {
				t.Errorf("payment %s of %v, want %s of %v", p.Status(), p.Amount(), tt.wantStatus, total)
			}
			if got := s.repo.stored(); !slices.Equal(got, tt.wantStored) {
				t.Errorf("stored the decisions %v, want %v", got, tt.wantStored)
			}
		})
	}
}

func TestTheSagaHandlesAParkedAuthorisationsRetry(t *testing.T) {
	s := newSaga(t, nil)
	s.provider.setUnavailable(true)
	reserved := events.StockReserved{OrderID: "order-1", Total: total, ReservedAt: now}
	if failed := s.deliver(t, message(t, "ev-1", "conveyor.inventory", reserved)); len(failed) > 0 {
		t.Fatalf("StockReserved failed; log:\n%s", s.log.String())
	}
	if p := s.payment(t, "order-1"); p.Status() != domain.StatusParked {
		t.Fatalf("payment %s, want PARKED", p.Status())
	}
	s.provider.setUnavailable(false)
	retry := message(t, "retry-1", payments.Spec.Source(), app.PaymentRetryDue{OrderID: "order-1", Attempt: 1})
	if failed := s.deliver(t, retry); len(failed) > 0 {
		t.Fatalf("the retry failed; log:\n%s", s.log.String())
	}
	if p := s.payment(t, "order-1"); p.Status() != domain.StatusAuthorized {
		t.Fatalf("payment %s after the retry, want AUTHORIZED", p.Status())
	}
	if got := s.repo.stored(); !slices.Equal(got, []domain.Outcome{domain.OutcomeAuthorized}) {
		t.Errorf("stored the decisions %v, want the authorisation", got)
	}
}

func TestTheSagaHandlesAParkedRefundsRetry(t *testing.T) {
	s := newSaga(t, nil)
	reserved := events.StockReserved{OrderID: "order-1", Total: total, ReservedAt: now}
	if failed := s.deliver(t, message(t, "ev-1", "conveyor.inventory", reserved)); len(failed) > 0 {
		t.Fatalf("StockReserved failed; log:\n%s", s.log.String())
	}
	s.provider.setUnavailable(true)
	cancelled := events.OrderCancelled{OrderID: "order-1", Reason: events.CancelCustomerRequest, CancelledAt: now}
	if failed := s.deliver(t, message(t, "ev-2", "conveyor.orders", cancelled)); len(failed) > 0 {
		t.Fatalf("OrderCancelled failed during the outage; log:\n%s", s.log.String())
	}
	if p := s.payment(t, "order-1"); !p.RefundDue() || p.SettleAttempts() != 1 {
		t.Fatalf("payment %+v, want its refund parked once", p.Snapshot())
	}
	s.provider.setUnavailable(false)
	retry := message(t, "settle-1", payments.Spec.Source(), app.PaymentSettleDue{OrderID: "order-1", Attempt: 1})
	if failed := s.deliver(t, retry); len(failed) > 0 {
		t.Fatalf("the settlement retry failed; log:\n%s", s.log.String())
	}
	if p := s.payment(t, "order-1"); p.Status() != domain.StatusRefunded {
		t.Fatalf("payment %s after the retry, want REFUNDED", p.Status())
	}
	if got := s.repo.stored(); !slices.Equal(got, []domain.Outcome{domain.OutcomeAuthorized, domain.OutcomeRefunded}) {
		t.Errorf("stored the decisions %v, want the authorisation and the refund", got)
	}
}

func TestAScheduledRetryArrivesAsAMessageTheSagaHandles(t *testing.T) {
	env := kumotest.Start(t)
	client := env.SQS()
	out, err := client.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String(kumotest.UniqueName(t, "saga"))})
	if err != nil {
		t.Fatal(err)
	}
	scheduler, err := adapters.NewRetrySQSScheduler(client, aws.ToString(out.QueueUrl))
	if err != nil {
		t.Fatal(err)
	}
	s := newSaga(t, scheduler)
	s.provider.setUnavailable(true)
	if failed := s.deliver(t, message(t, "ev-1", "conveyor.inventory", events.StockReserved{OrderID: "order-1", Total: total, ReservedAt: now})); len(failed) > 0 {
		t.Fatalf("StockReserved failed; log:\n%s", s.log.String())
	}
	s.provider.setUnavailable(false)

	// The retry waits on the queue for about FirstDelay.
	var msgs []lambdaevents.SQSMessage
	poll.Until(t, "the retry arrives on the queue", 3*policy.FirstDelay, func() bool {
		got, err := client.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{QueueUrl: out.QueueUrl, WaitTimeSeconds: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range got.Messages {
			msgs = append(msgs, lambdaevents.SQSMessage{MessageId: aws.ToString(m.MessageId), Body: aws.ToString(m.Body)})
		}
		return len(msgs) > 0
	})
	if len(msgs) != 1 {
		t.Fatalf("%d messages on the queue, want the one retry", len(msgs))
	}
	var queued struct {
		DetailType string          `json:"detail-type"`
		Source     string          `json:"source"`
		Detail     events.Envelope `json:"detail"`
	}
	if err := json.Unmarshal([]byte(msgs[0].Body), &queued); err != nil {
		t.Fatal(err)
	}
	if queued.DetailType != payments.RetryDueType || queued.Source != payments.Spec.Source() || queued.Detail.CorrelationID != "corr-ev-1" || queued.Detail.CausationID != "ev-1" ||
		queued.Detail.ID != eventbus.StableID(payments.Spec.Source(), payments.RetryDueType, "order-1", "1") {
		t.Errorf("queued %+v, want a %s from %s with a stable id, caused by ev-1 in its correlation", queued, payments.RetryDueType, payments.Spec.Source())
	}
	if failed := s.deliver(t, msgs...); len(failed) > 0 {
		t.Fatalf("the retry failed; log:\n%s", s.log.String())
	}
	if p := s.payment(t, "order-1"); p.Status() != domain.StatusAuthorized {
		t.Fatalf("payment %s after the retry, want AUTHORIZED", p.Status())
	}
}

func TestBadInputIsPoison(t *testing.T) {
	tests := []struct {
		name string
		msg  func(t *testing.T) lambdaevents.SQSMessage
	}{
		{"a body that is not JSON", func(*testing.T) lambdaevents.SQSMessage {
			return lambdaevents.SQSMessage{MessageId: "m-bad", Body: "{not json"}
		}},
		{"an event the saga does not handle", func(t *testing.T) lambdaevents.SQSMessage {
			return message(t, "bad", "conveyor.shipping", events.OrderShipped{OrderID: "order-1", ShippedAt: now})
		}},
		{"an event whose data does not decode", func(t *testing.T) lambdaevents.SQSMessage {
			m := message(t, "bad", "conveyor.inventory", events.StockReserved{OrderID: "order-1", Total: total, ReservedAt: now})
			m.Body = strings.Replace(m.Body, `"orderId":"order-1"`, `"orderId":42`, 1)
			return m
		}},
		{"a retry that names no order", func(t *testing.T) lambdaevents.SQSMessage {
			return message(t, "bad", payments.Spec.Source(), app.PaymentRetryDue{Attempt: 1})
		}},
		{"a retry of no attempt", func(t *testing.T) lambdaevents.SQSMessage {
			return message(t, "bad", payments.Spec.Source(), app.PaymentRetryDue{OrderID: "order-1"})
		}},
		{"a settlement retry that names no order", func(t *testing.T) lambdaevents.SQSMessage {
			return message(t, "bad", payments.Spec.Source(), app.PaymentSettleDue{Attempt: 1})
		}},
		{"a settlement retry of no attempt", func(t *testing.T) lambdaevents.SQSMessage {
			return message(t, "bad", payments.Spec.Source(), app.PaymentSettleDue{OrderID: "order-1"})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" fails as poison, for the dead-letter queue", func(t *testing.T) {
			s := newSaga(t, nil)
			m := tt.msg(t)
			good := message(t, "good", "conveyor.orders", events.OrderPlaced{OrderID: "order-2", CustomerID: "c-1", PlacedAt: now,
				Lines: []events.OrderLine{{SKU: "MUG", Quantity: 2, UnitPrice: events.Money{Amount: 1250, Currency: "EUR"}}}, Total: total})
			failed := s.deliver(t, m, good)
			if !slices.Equal(failed, []string{m.MessageId}) {
				t.Fatalf("failed %v, want only %s", failed, m.MessageId)
			}
			if !strings.Contains(s.log.String(), "poison event") {
				t.Errorf("the log does not report the poison message:\n%s", s.log.String())
			}
			if s.provider.called() != 0 {
				t.Errorf("the provider was called %d times", s.provider.called())
			}
			if _, err := s.repo.Payment(t.Context(), "order-2"); err != nil {
				t.Errorf("the good message of the batch was not handled: %v", err)
			}
		})
	}
}

func TestARedeliveredEventIsHandledOnce(t *testing.T) {
	s := newSaga(t, nil)
	m := message(t, "ev-1", "conveyor.inventory", events.StockReserved{OrderID: "order-1", Total: total, ReservedAt: now})
	for range 2 {
		if failed := s.deliver(t, m); len(failed) > 0 {
			t.Fatalf("StockReserved failed; log:\n%s", s.log.String())
		}
	}
	if n := s.provider.called(); n != 1 {
		t.Errorf("the provider was called %d times, want 1", n)
	}
	if got := s.repo.stored(); !slices.Equal(got, []domain.Outcome{domain.OutcomeAuthorized}) {
		t.Errorf("stored the decisions %v, want one authorisation", got)
	}
}
