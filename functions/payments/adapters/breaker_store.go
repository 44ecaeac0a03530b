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
// stops them all within a read.
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

// Open shares that the breaker is open until the given time.
func (s *BreakerDynamoStore) Open(ctx context.Context, until time.Time) error {
	item := s.key()
	item["openUntil"] = &types.AttributeValueMemberN{Value: strconv.FormatInt(until.UnixMilli(), 10)}
	item[s.ttlAttribute] = &types.AttributeValueMemberN{Value: strconv.FormatInt(until.Add(breakerLinger).Unix(), 10)}
	if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.table), Item: item}); err != nil {
		return fmt.Errorf("open breaker %s: %w", s.name, err)
	}
	return nil
}

// Close shares that the breaker closed.
func (s *BreakerDynamoStore) Close(ctx context.Context) error {
	if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.table), Key: s.key()}); err != nil {
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

// Open shares that the breaker is open until the given time.
func (s *BreakerMemoryStore) Open(_ context.Context, until time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.until = until
	return nil
}

// Close shares that the breaker closed.
func (s *BreakerMemoryStore) Close(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.until = time.Time{}
	return nil
}
