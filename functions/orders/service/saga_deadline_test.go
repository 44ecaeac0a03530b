package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/functions/orders/adapters"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/metrics"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

// syncBuffer is a bytes.Buffer safe for the writes of concurrent
// invocations.
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

// metricTotal adds up a metric in the EMF records of out.
func metricTotal(out, name string) float64 {
	var sum float64
	for _, line := range strings.Split(out, "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) != nil || rec["_aws"] == nil {
			continue
		}
		if v, ok := rec[name].(float64); ok {
			sum += v
		}
	}
	return sum
}

// placedOrder stores a pending order placed at placedAt, and returns it
// and its OrderPlaced as the relay publishes it.
func placedOrder(t *testing.T, store *adapters.OrderDynamoEventStore, placedAt time.Time) (domain.OrderID, events.Envelope) {
	t.Helper()
	id := domain.OrderID(uuid.Must(uuid.NewV7()).String())
	placed, err := domain.Place(id, "alice", []domain.Line{{SKU: "MUG", Quantity: 1, UnitPrice: domain.Money{Amount: 1250, Currency: "EUR"}}}, placedAt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Append(t.Context(), id, func(context.Context, *domain.Order) ([]domain.Event, error) {
		return []domain.Event{placed}, nil
	}); err != nil {
		t.Fatal(err)
	}
	pub, err := adapters.ToPublished(placed)
	if err != nil {
		t.Fatal(err)
	}
	env, err := events.NewEnvelope(pub, events.Meta{ID: uuid.NewString(), Source: orders.Spec.Source(), Time: placedAt, CorrelationID: "flow-" + string(id)})
	if err != nil {
		t.Fatal(err)
	}
	return id, env
}

// sqsEvent is the Lambda payload of SQS messages whose bodies are
// EventBridge events of the envelopes.
func sqsEvent(t *testing.T, envs ...events.Envelope) []byte {
	t.Helper()
	var in lambdaevents.SQSEvent
	for i, env := range envs {
		body, err := json.Marshal(map[string]any{"version": "0", "id": "eb-" + env.ID, "detail-type": env.Type, "source": env.Source, "time": env.Time, "detail": env})
		if err != nil {
			t.Fatal(err)
		}
		in.Records = append(in.Records, lambdaevents.SQSMessage{MessageId: "m-" + env.ID + "-" + string(rune('a'+i)), Body: string(body)})
	}
	payload, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	return payload
}

// drain receives the deadline queue's messages and hands each batch to
// invoke, as the event source mapping does, deleting what it handled,
// until done, told how many messages were handled so far, says so, or
// the time is up.
func drain(t *testing.T, client *sqs.Client, url string, invoke middleware.HandlerFunc, timeout time.Duration, done func(handled int) bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	handled := 0
	for !done(handled) {
		if time.Now().After(deadline) {
			t.Fatalf("not done after %s of draining the deadline queue", timeout)
		}
		out, err := client.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Messages) == 0 {
			continue
		}
		var in lambdaevents.SQSEvent
		for _, m := range out.Messages {
			in.Records = append(in.Records, lambdaevents.SQSMessage{MessageId: aws.ToString(m.MessageId), Body: aws.ToString(m.Body)})
		}
		payload, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := invoke(invocation(t), payload)
		if err != nil {
			t.Fatal(err)
		}
		var resp lambdaevents.SQSEventResponse
		if err := json.Unmarshal(raw, &resp); err != nil || len(resp.BatchItemFailures) > 0 {
			t.Fatalf("the handler failed messages: %s %v", raw, err)
		}
		handled += len(out.Messages)
		for _, m := range out.Messages {
			if _, err := client.DeleteMessage(t.Context(), &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestAnOrderStillPendingAtItsDeadlineIsCancelledThroughTheQueue(t *testing.T) {
	cfg, table := onKumo(t)
	const deadline = 2 * time.Second
	cfg.SagaDeadline = deadline
	env := kumotest.Start(t)
	store, err := adapters.NewOrderDynamoEventStore(env.DynamoDB(), table, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	h, opts, err := constructors[orders.EventsFunction](t.Context(), cfg, out)
	if err != nil {
		t.Fatal(err)
	}
	invoke := middleware.Standard(opts)(h).Invoke

	placedAt := time.Now()
	id, placed := placedOrder(t, store, placedAt)
	// OrderPlaced arrives twice, as at-least-once delivery allows.
	if _, err := invoke(invocation(t), sqsEvent(t, placed, placed)); err != nil {
		t.Fatal(err)
	}
	var o *domain.Order
	drain(t, env.SQS(), cfg.DeadlineQueueURL, invoke, 20*time.Second, func(int) bool {
		if o, err = store.Load(t.Context(), id); err != nil {
			t.Fatal(err)
		}
		return o.Status() != domain.StatusPending
	})
	if o.Status() != domain.StatusCancelled || o.CancelReason() != domain.ReasonSagaTimeout || o.Version() != 2 {
		t.Errorf("order %s (%s) at version %d, want CANCELLED (saga_timeout) at 2", o.Status(), o.CancelReason(), o.Version())
	}
	if early := o.UpdatedAt().Sub(placedAt); early < deadline {
		t.Errorf("cancelled %s after it was placed, before its deadline of %s", early, deadline)
	}
	if n := metricTotal(out.String(), metrics.MetricSagaDeadlinesExpired); n != 1 {
		t.Errorf("%s = %v, want 1", metrics.MetricSagaDeadlinesExpired, n)
	}
}

func TestAnOrderThatSettledBeforeItsDeadlineIsLeftAsItIs(t *testing.T) {
	cfg, table := onKumo(t)
	cfg.SagaDeadline = time.Second
	env := kumotest.Start(t)
	store, err := adapters.NewOrderDynamoEventStore(env.DynamoDB(), table, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	h, opts, err := constructors[orders.EventsFunction](t.Context(), cfg, out)
	if err != nil {
		t.Fatal(err)
	}
	invoke := middleware.Standard(opts)(h).Invoke
	id, placed := placedOrder(t, store, time.Now())
	authorised, err := events.NewEnvelope(events.PaymentAuthorized{OrderID: string(id), PaymentID: "pay-1", Amount: events.Money{Amount: 1250, Currency: "EUR"}, AuthorizedAt: time.Now()},
		events.Meta{ID: uuid.NewString(), Source: "conveyor.payments", Time: time.Now(), CorrelationID: placed.CorrelationID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := invoke(invocation(t), sqsEvent(t, placed, authorised)); err != nil {
		t.Fatal(err)
	}
	// The deadline's check arrives, once, and finds the order settled.
	drain(t, env.SQS(), cfg.DeadlineQueueURL, invoke, 20*time.Second, func(handled int) bool { return handled >= 1 })
	o, err := store.Load(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if o.Status() != domain.StatusConfirmed || o.Version() != 2 {
		t.Errorf("order %s at version %d, want CONFIRMED at 2", o.Status(), o.Version())
	}
	if n := metricTotal(out.String(), metrics.MetricSagaDeadlinesExpired); n != 0 {
		t.Errorf("%s = %v, want 0", metrics.MetricSagaDeadlinesExpired, n)
	}
}
