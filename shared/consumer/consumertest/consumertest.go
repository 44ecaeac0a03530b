// Package consumertest helps unit tests of a service's event port: a
// consumer that handles every delivery (its idempotency store remembers
// nothing), a way to deliver one event to it as Lambda's SQS event source
// would, and a publisher that records what the use cases publish.
//
// Tests that prove idempotency itself run the real store on kumo instead
// (shared/kumotest).
package consumertest

import (
	"context"
	"encoding/json"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/shared/consumer"
	"github.com/conveyor-dev/conveyor/shared/idempotency"
)

// forgetfulTable is the table of an idempotency store that remembers
// nothing: every event may run, so the tests see each handling.
type forgetfulTable struct{}

func (forgetfulTable) PutItem(context.Context, *dynamodb.PutItemInput, ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	return &dynamodb.PutItemOutput{}, nil
}

func (forgetfulTable) GetItem(context.Context, *dynamodb.GetItemInput, ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	return &dynamodb.GetItemOutput{}, nil
}

func (forgetfulTable) DeleteItem(context.Context, *dynamodb.DeleteItemInput, ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	return &dynamodb.DeleteItemOutput{}, nil
}

// New returns a consumer named name whose idempotency store remembers
// nothing, logging to log (nil: nowhere).
func New(t testing.TB, name string, log *slog.Logger) *consumer.Consumer {
	t.Helper()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	store, err := idempotency.NewStore(idempotency.Config{Client: forgetfulTable{}, Table: "test", PartitionKey: "pk", SortKey: "sk"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := consumer.New(consumer.Config{Name: name, Idempotency: store, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Deliver hands e, published by source at at, to c as one SQS message in
// EventBridge's shape, and reports whether c failed it (a batch item
// failure).
func Deliver(t testing.TB, c *consumer.Consumer, source string, at time.Time, e events.Event) bool {
	t.Helper()
	env, err := events.NewEnvelope(e, events.Meta{ID: "ev-" + e.EventType(), Source: source, Time: at, CorrelationID: "corr-1"})
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(map[string]any{"id": "eb-" + env.ID, "detail-type": env.Type, "source": env.Source, "detail": env})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Handle(context.Background(), lambdaevents.SQSEvent{Records: []lambdaevents.SQSMessage{{MessageId: "m-1", Body: string(body)}}})
	if err != nil {
		t.Fatal(err)
	}
	return len(resp.BatchItemFailures) > 0
}

// Publisher records the events published through PublishOnce, the port
// every service's use cases publish through. It is safe for concurrent
// use.
type Publisher struct {
	mu     sync.Mutex
	events []events.Event
	keys   []string
}

// PublishOnce records e and its key.
func (p *Publisher) PublishOnce(_ context.Context, key string, _ time.Time, e events.Event) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.events = append(p.events, e)
	p.keys = append(p.keys, key)
	return nil
}

// Published returns the events published so far, in order.
func (p *Publisher) Published() []events.Event {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.events)
}

// Types returns the types of the events published so far, in order.
func (p *Publisher) Types() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	types := make([]string, len(p.events))
	for i, e := range p.events {
		types[i] = e.EventType()
	}
	return types
}
