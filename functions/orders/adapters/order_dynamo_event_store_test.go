package adapters_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/functions/orders/adapters"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/dynamo"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// commitWatch stands between the event store and the table: it keeps the
// last commit item put, and once beaten is set, fails every put's condition,
// as when another command wins every race.
type commitWatch struct {
	adapters.DynamoDBAPI
	beaten bool
	puts   int
	last   map[string]types.AttributeValue
}

func (c *commitWatch) PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	c.puts++
	c.last = in.Item
	if c.beaten {
		return nil, &types.ConditionalCheckFailedException{Message: aws.String("beaten")}
	}
	return c.DynamoDBAPI.PutItem(ctx, in, opts...)
}

func watchedStore(t *testing.T) (*adapters.OrderDynamoEventStore, *commitWatch) {
	t.Helper()
	env := kumotest.Start(t)
	table := kumotest.UniqueName(t, "orders")
	kumotest.CreateTable(t, env.DynamoDB(), table, orders.Spec.Table)
	db := &commitWatch{DynamoDBAPI: env.DynamoDB()}
	store, err := adapters.NewOrderDynamoEventStore(db, table, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	return store, db
}

func TestACommandThatLosesEveryRaceIsAConcurrentUpdate(t *testing.T) {
	store, db := watchedStore(t)
	o := place(t, storage{store: store}, "alice", t0)
	db.beaten, db.puts = true, 0
	_, err := store.Append(t.Context(), o.ID(), func(_ context.Context, cur *domain.Order) ([]domain.Event, error) {
		return cur.Cancel(domain.ReasonCustomerRequest, t0.Add(time.Second))
	})
	if !errors.Is(err, domain.ErrConcurrentUpdate) {
		t.Fatalf("error = %v, want ErrConcurrentUpdate", err)
	}
	if db.puts != dynamo.MaxAttempts {
		t.Errorf("%d commits tried, want %d", db.puts, dynamo.MaxAttempts)
	}
	if loaded, err := store.Load(t.Context(), o.ID()); err != nil || loaded.Version() != 1 {
		t.Errorf("after the lost races: %v, %v; want version 1", loaded, err)
	}
}

// TestACommitRecordsTheFlowItBelongsTo commits in the contexts a command
// runs in and reads the correlation and causation ids the relay publishes
// with the commit's events.
func TestACommitRecordsTheFlowItBelongsTo(t *testing.T) {
	cause := events.Envelope{ID: "event-7", CorrelationID: "flow-of-the-cause"}
	cases := []struct {
		name            string
		ctx             func(context.Context) context.Context
		wantCorrelation string
		wantCausation   string
	}{
		{"a request keeps its correlation id and has no cause",
			func(ctx context.Context) context.Context { return correlation.With(ctx, "flow-of-the-request") },
			"flow-of-the-request", ""},
		{"an event handled joins that event's flow and names it as the cause",
			func(ctx context.Context) context.Context { return events.ContextWithCause(ctx, cause) },
			"flow-of-the-cause", "event-7"},
		{"the context's correlation id wins over the cause's",
			func(ctx context.Context) context.Context {
				return correlation.With(events.ContextWithCause(ctx, cause), "flow-of-the-request")
			},
			"flow-of-the-request", "event-7"},
		{"a command without either starts a new flow",
			func(ctx context.Context) context.Context { return ctx },
			"", ""},
	}
	store, db := watchedStore(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := newID(t)
			placed, err := domain.Place(id, "alice", []domain.Line{{SKU: "MUG", Quantity: 1, UnitPrice: domain.Money{Amount: 1250, Currency: "EUR"}}}, t0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := store.Append(c.ctx(t.Context()), id, func(context.Context, *domain.Order) ([]domain.Event, error) {
				return []domain.Event{placed}, nil
			}); err != nil {
				t.Fatal(err)
			}
			emits, err := adapters.OrderEvents(changecapture.Change{
				Kind: changecapture.Insert, Keys: map[string]types.AttributeValue{"pk": db.last["pk"], "sk": db.last["sk"]}, NewImage: db.last,
			})
			if err != nil || len(emits) != 1 {
				t.Fatalf("%d events, %v", len(emits), err)
			}
			got := emits[0]
			if c.wantCorrelation == "" {
				if got.CorrelationID == "" || got.CorrelationID == cause.CorrelationID {
					t.Errorf("correlation id %q, want a new one", got.CorrelationID)
				}
			} else if got.CorrelationID != c.wantCorrelation {
				t.Errorf("correlation id %q, want %q", got.CorrelationID, c.wantCorrelation)
			}
			if got.CausationID != c.wantCausation {
				t.Errorf("causation id %q, want %q", got.CausationID, c.wantCausation)
			}
		})
	}
}
