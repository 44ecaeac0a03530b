package adapters

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/shared/dynamo"
)

const (
	breakerSK = "OPEN"
	// breakerLinger keeps an expired open state readable a while, so a
	// reader can tell that the breaker was open; TTL removes it later.
	breakerLinger = time.Hour
)

// BreakerDynamoStore shares a circuit breaker's open state between
// instances through one short-lived item of the service's table: every
// instance reads it before calling the provider, so one instance tripping
// stops them all within a read. Both writes are conditional on the item's
// openUntil: an open state is only ever extended, and a close deletes only
// the open state the closing instance wrote, so a closing instance never
// erases an open state another one has just written.
type BreakerDynamoStore struct {
	db           DynamoDBAPI
	table        string
	name         string
	ttlAttribute string
}

// NewBreakerDynamoStore returns the store of the breaker name in table,
// whose items expire through ttlAttribute.
func NewBreakerDynamoStore(db DynamoDBAPI, table, name, ttlAttribute string) (*BreakerDynamoStore, error) {
	if db == nil || table == "" || name == "" || ttlAttribute == "" {
		return nil, errors.New("adapters: a DynamoDB client, a table, a breaker name and a TTL attribute are required")
	}
	return &BreakerDynamoStore{db: db, table: table, name: name, ttlAttribute: ttlAttribute}, nil
}

func (s *BreakerDynamoStore) key() map[string]types.AttributeValue {
	return key("BREAKER#"+s.name, breakerSK)
}

// OpenUntil returns when the shared open state ends; zero when no instance
// holds the breaker open.
func (s *BreakerDynamoStore) OpenUntil(ctx context.Context) (time.Time, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.table), Key: s.key()})
	if err != nil {
		return time.Time{}, fmt.Errorf("read breaker %s: %w", s.name, err)
	}
	v, ok := out.Item["openUntil"].(*types.AttributeValueMemberN)
	if !ok {
		return time.Time{}, nil
	}
	ms, err := strconv.ParseInt(v.Value, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("read breaker %s: openUntil: %w", s.name, err)
	}
	return time.UnixMilli(ms).UTC(), nil
}

func millis(t time.Time) *types.AttributeValueMemberN {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(t.UnixMilli(), 10)}
}

// Open shares that the breaker is open until the given time, unless the
// shared state already holds it open as long or longer: then it is left
// as it is.
func (s *BreakerDynamoStore) Open(ctx context.Context, until time.Time) error {
	item := s.key()
	item["openUntil"] = millis(until)
	item[s.ttlAttribute] = &types.AttributeValueMemberN{Value: strconv.FormatInt(until.Add(breakerLinger).Unix(), 10)}
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(s.table), Item: item,
		ConditionExpression:       aws.String("attribute_not_exists(openUntil) OR openUntil < :until"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":until": millis(until)},
	})
	if err != nil && !dynamo.ConditionFailed(err) {
		return fmt.Errorf("open breaker %s: %w", s.name, err)
	}
	return nil
}

// Close shares that the breaker closed: it ends the open state until
// until, which the closing instance wrote, and leaves any other (a later
// one another instance wrote since) as it is.
func (s *BreakerDynamoStore) Close(ctx context.Context, until time.Time) error {
	_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName: aws.String(s.table), Key: s.key(),
		ConditionExpression:       aws.String("openUntil = :until"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":until": millis(until)},
	})
	if err != nil && !dynamo.ConditionFailed(err) {
		return fmt.Errorf("close breaker %s: %w", s.name, err)
	}
	return nil
}

// BreakerMemoryStore is the in-memory twin of BreakerDynamoStore: several
// clients given the same store share their breaker as instances do.
type BreakerMemoryStore struct {
	mu    sync.Mutex
	until time.Time
}

// OpenUntil returns when the shared open state ends.
func (s *BreakerMemoryStore) OpenUntil(context.Context) (time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.until, nil
}

// Open shares that the breaker is open until the given time, unless it
// is held open as long or longer.
func (s *BreakerMemoryStore) Open(_ context.Context, until time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if until.After(s.until) {
		s.until = until
	}
	return nil
}

// Close shares that the breaker closed, if it is still open until until.
func (s *BreakerMemoryStore) Close(_ context.Context, until time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.until.UnixMilli() == until.UnixMilli() {
		s.until = time.Time{}
	}
	return nil
}
