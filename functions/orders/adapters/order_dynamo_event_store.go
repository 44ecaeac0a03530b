package adapters

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/dynamo"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
)

// OrderDynamoEventStore keeps order event streams in the orders table, one
// item per commit (see commitItem), each written with PutItem on the
// condition that the commit does not exist. PutItem, not a transaction:
// the table's stream carries every commit to the projector and the relay.
type OrderDynamoEventStore struct {
	db    DynamoDBAPI
	table string
	now   func() time.Time
}

// NewOrderDynamoEventStore returns an event store on the named table; now
// stamps the commits.
func NewOrderDynamoEventStore(db DynamoDBAPI, table string, now func() time.Time) (*OrderDynamoEventStore, error) {
	if db == nil || table == "" || now == nil {
		return nil, errors.New("adapters: a DynamoDB client, a table name and a clock are required")
	}
	return &OrderDynamoEventStore{db: db, table: table, now: now}, nil
}

// Load reads every commit of the order with a consistent query and folds
// them.
func (s *OrderDynamoEventStore) Load(ctx context.Context, id domain.OrderID) (*domain.Order, error) {
	o, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if o == nil {
		return nil, domain.ErrOrderNotFound
	}
	return o, nil
}

func (s *OrderDynamoEventStore) load(ctx context.Context, id domain.OrderID) (*domain.Order, error) {
	keyCond := expression.Key("pk").Equal(expression.Value(orderPK(id))).
		And(expression.Key("sk").BeginsWith(commitPrefix))
	expr, err := expression.NewBuilder().WithKeyCondition(keyCond).Build()
	if err != nil {
		return nil, err
	}
	var (
		commits [][]domain.Event
		start   map[string]types.AttributeValue
	)
	for {
		out, err := s.db.Query(ctx, &dynamodb.QueryInput{
			TableName:                 aws.String(s.table),
			KeyConditionExpression:    expr.KeyCondition(),
			ExpressionAttributeNames:  expr.Names(),
			ExpressionAttributeValues: expr.Values(),
			ConsistentRead:            aws.Bool(true),
			ExclusiveStartKey:         start,
		})
		if err != nil {
			return nil, fmt.Errorf("load order %s: %w", id, err)
		}
		for _, av := range out.Items {
			var c commitItem
			if err := attributevalue.UnmarshalMap(av, &c); err != nil {
				return nil, fmt.Errorf("load order %s: decode commit: %w", id, err)
			}
			if c.Version != int64(len(commits)+1) {
				return nil, fmt.Errorf("load order %s: commit %d follows commit %d", id, c.Version, len(commits))
			}
			evs, err := c.domainEvents()
			if err != nil {
				return nil, err
			}
			commits = append(commits, evs)
		}
		if out.LastEvaluatedKey == nil {
			break
		}
		start = out.LastEvaluatedKey
	}
	if len(commits) == 0 {
		return nil, nil
	}
	o, err := domain.Rehydrate(commits)
	if err != nil {
		return nil, fmt.Errorf("load order %s: %w", id, err)
	}
	return o, nil
}

// Append decides on the loaded order and puts the next commit, retried by
// dynamo.Retry from a fresh load when another command committed that
// version first.
func (s *OrderDynamoEventStore) Append(ctx context.Context, id domain.OrderID,
	decide func(context.Context, *domain.Order) ([]domain.Event, error)) (*domain.Order, error) {
	o, err := dynamo.Retry(ctx, func(ctx context.Context) (*domain.Order, error) {
		current, err := s.load(ctx, id)
		if err != nil {
			return nil, err
		}
		evs, err := decide(ctx, current)
		if err != nil {
			return nil, err
		}
		if len(evs) == 0 {
			return current, nil
		}
		version := int64(1)
		if current != nil {
			version = current.Version() + 1
		}
		next, err := domain.Apply(current, version, evs)
		if err != nil {
			return nil, fmt.Errorf("order %s: %w", id, err)
		}
		if next.ID() != id {
			return nil, fmt.Errorf("order %s: the events are of order %s", id, next.ID())
		}
		if err := s.put(ctx, id, version, evs); err != nil {
			return nil, err
		}
		return next, nil
	})
	if err != nil {
		return nil, concurrentUpdate(err)
	}
	return o, nil
}

// newCommit builds the commit item: each event gets a new id, and the
// commit records the flow (correlation id) and the event (causation id)
// that led to it, by the rule of every envelope (eventbus.Meta), so the
// relay publishes them with the events.
func newCommit(ctx context.Context, id domain.OrderID, version int64, evs []domain.Event, at time.Time) (commitItem, error) {
	meta := eventbus.Meta(ctx, "", orders.Spec.Source(), at)
	c := commitItem{
		PK: orderPK(id), SK: commitSK(version), Type: commitType, OrderID: string(id), Version: version,
		CommittedAt: at.UTC().Format(time.RFC3339Nano), CorrelationID: meta.CorrelationID, CausationID: meta.CausationID,
	}
	for _, e := range evs {
		eventID, err := uuid.NewV7()
		if err != nil {
			return commitItem{}, fmt.Errorf("event id: %w", err)
		}
		se, err := encodeEvent(eventID.String(), e)
		if err != nil {
			return commitItem{}, fmt.Errorf("order %s: %w", id, err)
		}
		c.Events = append(c.Events, se)
	}
	return c, nil
}

func (s *OrderDynamoEventStore) put(ctx context.Context, id domain.OrderID, version int64, evs []domain.Event) error {
	c, err := newCommit(ctx, id, version, evs, s.now())
	if err != nil {
		return err
	}
	item, err := attributevalue.MarshalMap(c)
	if err != nil {
		return fmt.Errorf("encode commit %d of order %s: %w", version, id, err)
	}
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                           aws.String(s.table),
		Item:                                item,
		ConditionExpression:                 aws.String("attribute_not_exists(pk)"),
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	if err != nil {
		if s.ownCommit(ctx, err, c) {
			// The SDK retried a put whose first try was stored but whose
			// answer was lost: the commit in the way is this one.
			return nil
		}
		return fmt.Errorf("commit %d of order %s: %w", version, id, err)
	}
	return nil
}

// ownCommit reports whether err is a failed condition whose stored commit
// is c itself, recognised by the event ids chosen for c. The stored commit
// comes with the error where the database returns it, else it is read.
func (s *OrderDynamoEventStore) ownCommit(ctx context.Context, err error, c commitItem) bool {
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) || len(c.Events) == 0 {
		return false
	}
	item := ccf.Item
	if item == nil {
		out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
			TableName:      aws.String(s.table),
			Key:            map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: c.PK}, "sk": &types.AttributeValueMemberS{Value: c.SK}},
			ConsistentRead: aws.Bool(true),
		})
		if err != nil {
			return false
		}
		item = out.Item
	}
	var stored commitItem
	if item == nil || attributevalue.UnmarshalMap(item, &stored) != nil || len(stored.Events) != len(c.Events) {
		return false
	}
	for i := range c.Events {
		if stored.Events[i].ID != c.Events[i].ID {
			return false
		}
	}
	return true
}

// OrderIDs scans the table for first commits.
func (s *OrderDynamoEventStore) OrderIDs(ctx context.Context, fn func(domain.OrderID) error) error {
	filt := expression.Name("sk").Equal(expression.Value(commitSK(1)))
	expr, err := expression.NewBuilder().WithFilter(filt).
		WithProjection(expression.NamesList(expression.Name("orderId"))).Build()
	if err != nil {
		return err
	}
	var start map[string]types.AttributeValue
	for {
		out, err := s.db.Scan(ctx, &dynamodb.ScanInput{
			TableName:                 aws.String(s.table),
			FilterExpression:          expr.Filter(),
			ProjectionExpression:      expr.Projection(),
			ExpressionAttributeNames:  expr.Names(),
			ExpressionAttributeValues: expr.Values(),
			ConsistentRead:            aws.Bool(true),
			ExclusiveStartKey:         start,
		})
		if err != nil {
			return fmt.Errorf("scan orders: %w", err)
		}
		for _, av := range out.Items {
			var it struct {
				OrderID string `dynamodbav:"orderId"`
			}
			if err := attributevalue.UnmarshalMap(av, &it); err != nil {
				return fmt.Errorf("scan orders: %w", err)
			}
			if err := fn(domain.OrderID(it.OrderID)); err != nil {
				return err
			}
		}
		if out.LastEvaluatedKey == nil {
			return nil
		}
		start = out.LastEvaluatedKey
	}
}

// CheckHealth reads a reserved key: it proves the table exists and the
// function may read it.
func (s *OrderDynamoEventStore) CheckHealth(ctx context.Context) error {
	_, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.table), Key: key("HEALTH", "HEALTH")})
	if err != nil {
		return fmt.Errorf("read table %s: %w", s.table, err)
	}
	return nil
}
