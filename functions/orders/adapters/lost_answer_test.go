package adapters_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/functions/orders/adapters"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// lostAnswer stands for the network between a function and DynamoDB: the
// first conditional PutItem is stored, its answer is lost, and the SDK
// sends the same request again, which meets the item the first try wrote.
type lostAnswer struct {
	adapters.DynamoDBAPI
	lost bool
}

func (c *lostAnswer) PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	if !c.lost && in.ConditionExpression != nil {
		c.lost = true
		if _, err := c.DynamoDBAPI.PutItem(ctx, in, opts...); err != nil {
			return nil, err
		}
	}
	return c.DynamoDBAPI.PutItem(ctx, in, opts...)
}

func TestACommitRetriedAfterALostAnswerIsTheCommandsOwn(t *testing.T) {
	env := kumotest.Start(t)
	table := kumotest.UniqueName(t, "orders")
	kumotest.CreateTable(t, env.DynamoDB(), table, orders.Spec.Table)
	db := &lostAnswer{DynamoDBAPI: env.DynamoDB()}
	store, err := adapters.NewOrderDynamoEventStore(db, table, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	s := storage{store: store}
	o := place(t, s, "alice", time.Now())
	if !db.lost {
		t.Fatal("the commit was not retried")
	}
	loaded, err := store.Load(context.Background(), o.ID())
	if err != nil || loaded.Version() != 1 || loaded.Status() != domain.StatusPending {
		t.Fatalf("after a retried commit: %+v, %v; want one commit", loaded, err)
	}
}
