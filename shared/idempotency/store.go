package idempotency

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Record statuses.
const (
	StatusInProgress = "INPROGRESS"
	StatusCompleted  = "COMPLETED"
)

// SortKeyValue is the sort key of every record, on tables that have one.
const SortKeyValue = "IDEMPOTENCY"

// DefaultTTLAttribute holds a record's expiry when the table declares no
// TTL attribute.
const DefaultTTLAttribute = "expiresAt"

// DefaultExpires is how long a record is kept when Config.Expires is 0:
// a day, as the IETF Idempotency-Key draft and Stripe keep keys, so that
// a client retrying the next day is still answered from the record.
const DefaultExpires = 24 * time.Hour

// Errors a Store returns.
var (
	// ErrInProgress means another attempt with the key is running; retry
	// later.
	ErrInProgress = errors.New("idempotency: an attempt with this key is in progress")
	// ErrPayloadMismatch means the key was first used with a different
	// payload.
	ErrPayloadMismatch = errors.New("idempotency: the key was used with a different payload")
)

// API is the part of the DynamoDB client a Store uses.
type API interface {
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
}

// Config configures a Store. Client, Table and PartitionKey are required.
type Config struct {
	// Client talks to DynamoDB.
	Client API
	// Table is the physical table name.
	Table string
	// PartitionKey and SortKey name the table's string key attributes;
	// SortKey is empty for a table without a sort key.
	PartitionKey string
	SortKey      string
	// TTLAttribute holds the record's expiry in epoch seconds; empty means
	// DefaultTTLAttribute.
	TTLAttribute string
	// Expires is how long a completed record is replayed; 0 means
	// DefaultExpires.
	Expires time.Duration
	// LockTimeout is how long an in-progress record blocks other attempts
	// when the context has no deadline; 0 means 1 minute. With a deadline
	// (a Lambda invocation has one) the lock lasts until the deadline.
	LockTimeout time.Duration
	// Now tells the time; nil means time.Now.
	Now func() time.Time
}

// Validate reports the first missing or invalid setting.
func (c Config) Validate() error {
	switch {
	case c.Client == nil:
		return errors.New("idempotency: a DynamoDB client is required")
	case c.Table == "":
		return errors.New("idempotency: a table name is required")
	case c.PartitionKey == "":
		return errors.New("idempotency: the partition key attribute is required")
	case c.Expires < 0 || c.LockTimeout < 0:
		return errors.New("idempotency: durations must not be negative")
	}
	return nil
}

// ConfigFor returns the Config for a service's table as its declaration
// describes it. It fails when a key is not a string.
func ConfigFor(client API, tableName string, t spec.Table) (Config, error) {
	c := Config{Client: client, Table: tableName, PartitionKey: t.PartitionKey.Name, TTLAttribute: t.TTLAttribute}
	if t.PartitionKey.Type != spec.String {
		return Config{}, fmt.Errorf("idempotency: table %s: the partition key must be a string", tableName)
	}
	if t.SortKey != nil {
		if t.SortKey.Type != spec.String {
			return Config{}, fmt.Errorf("idempotency: table %s: the sort key must be a string", tableName)
		}
		c.SortKey = t.SortKey.Name
	}
	return c, nil
}

// Store keeps idempotency records in one table. It is safe for concurrent
// use.
type Store struct {
	cfg Config
}

// NewStore returns a Store configured by cfg.
func NewStore(cfg Config) (*Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.TTLAttribute == "" {
		cfg.TTLAttribute = DefaultTTLAttribute
	}
	if cfg.Expires == 0 {
		cfg.Expires = DefaultExpires
	}
	if cfg.LockTimeout == 0 {
		cfg.LockTimeout = time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Store{cfg: cfg}, nil
}

// Result is the outcome of a unit of work.
type Result struct {
	// Data is what the work returned.
	Data []byte
	// Replayed is true when Data comes from an earlier run.
	Replayed bool
}

// Do runs fn once for scope and key: the first time it is called, or again
// after an earlier run failed, crashed past its lock, or expired. A repeat
// returns the stored result with Replayed set. payload is what the key
// stands for; reusing the key with another payload is ErrPayloadMismatch.
// When fn fails or panics the record is removed, so a retry runs fn again.
func (s *Store) Do(ctx context.Context, scope, key string, payload []byte, fn func(context.Context) ([]byte, error)) (Result, error) {
	lock, replay, err := s.Begin(ctx, scope, key, payload)
	if err != nil || lock == nil {
		return replay, err
	}
	done := false
	defer func() {
		if !done {
			// fn panicked: free the key for a retry, then let the panic go on.
			_ = lock.Release(context.WithoutCancel(ctx))
		}
	}()
	data, err := fn(ctx)
	done = true
	if err != nil {
		if rerr := lock.Release(context.WithoutCancel(ctx)); rerr != nil {
			return Result{}, errors.Join(err, rerr)
		}
		return Result{}, err
	}
	if err := lock.Complete(context.WithoutCancel(ctx), data); err != nil {
		return Result{Data: data}, err
	}
	return Result{Data: data}, nil
}

// DoOptimistic runs fn for scope and key unless a run with the key has
// completed, and then records the run with a single conditional write: it
// reads the record first and takes no lock. A repeat after a completed run
// returns the stored result with Replayed set, and reusing the key with
// another payload is ErrPayloadMismatch, as with Do. When fn fails or
// panics nothing is written, so a retry runs fn again.
//
// What it gives up for the write it saves: deliveries that arrive while
// fn runs are not held back, so two of them may run fn at the same time.
// The first to complete keeps its record; the others return their own
// result. fn must be safe to run again, and at the same time, for one key:
// a handler whose effects are conditional writes and calls made with
// idempotency keys is. Such a handler must already tolerate a second run,
// since an attempt that crashes after its effects and before its record
// is run again. A record in progress under Do's live lock is
// ErrInProgress, as it is for Do.
func (s *Store) DoOptimistic(ctx context.Context, scope, key string, payload []byte, fn func(context.Context) ([]byte, error)) (Result, error) {
	if scope == "" || key == "" {
		return Result{}, errors.New("idempotency: scope and key must not be empty")
	}
	sum := sha256.Sum256(payload)
	l := &Lock{s: s, key: s.recordKey(scope, key), hash: hex.EncodeToString(sum[:])}
	out, err := s.cfg.Client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(s.cfg.Table), Key: l.key, ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return Result{}, fmt.Errorf("idempotency: read %s/%s: %w", scope, key, err)
	}
	if r, done, err := s.standing(out.Item, l.hash, s.cfg.Now()); done || err != nil {
		if err != nil {
			err = fmt.Errorf("%w: %s/%s", err, scope, key)
		}
		return r, err
	}
	data, err := fn(ctx)
	if err != nil {
		return Result{}, err
	}
	now := s.cfg.Now()
	l.expires = now.Add(s.cfg.Expires).Unix()
	item := l.item(StatusCompleted)
	item["result"] = &types.AttributeValueMemberB{Value: bytes.Clone(data)}
	err = s.putIfFree(context.WithoutCancel(ctx), item, now)
	var ccf *types.ConditionalCheckFailedException
	switch {
	case err == nil:
		return Result{Data: data}, nil
	case errors.As(err, &ccf):
		// Another delivery recorded the key while fn ran: its record
		// stands, and this run's result is returned as it ran.
		if ccf.Item != nil && str(ccf.Item["payloadHash"]) != l.hash {
			return Result{Data: data}, fmt.Errorf("%w: %s/%s", ErrPayloadMismatch, scope, key)
		}
		return Result{Data: data}, nil
	default:
		return Result{Data: data}, fmt.Errorf("idempotency: record %s/%s: %w", scope, key, err)
	}
}

// standing reads what a stored record means for a new run with the
// payload hash at now: done with the stored result when a run completed,
// ErrPayloadMismatch or ErrInProgress when it stands in the way, and
// neither when the run may go ahead (no record, an expired one, or one
// whose attempt let its lock expire).
func (s *Store) standing(old map[string]types.AttributeValue, hash string, now time.Time) (Result, bool, error) {
	if old == nil {
		return Result{}, false, nil
	}
	if exp, ok := numOf(old[s.cfg.TTLAttribute]); ok && exp < now.Unix() {
		return Result{}, false, nil
	}
	status := str(old["status"])
	if lock, ok := numOf(old["lockExpiresAt"]); ok && status == StatusInProgress && lock < now.UnixMilli() {
		return Result{}, false, nil
	}
	if str(old["payloadHash"]) != hash {
		return Result{}, false, ErrPayloadMismatch
	}
	if status != StatusCompleted {
		return Result{}, false, ErrInProgress
	}
	r := Result{Replayed: true}
	if data, _ := old["result"].(*types.AttributeValueMemberB); data != nil {
		r.Data = data.Value
	}
	return r, true, nil
}

// Lock is an in-progress record held by one attempt.
type Lock struct {
	s       *Store
	key     map[string]types.AttributeValue
	hash    string
	expires int64
	locked  int64
	// attempt is random per Begin. It lets an attempt recognise its own
	// in-progress record when the SDK retried a PutItem whose first try
	// was stored but whose answer was lost, and it guards Release.
	attempt string
}

// Begin takes the key for one attempt. It returns a Lock to Complete or
// Release when the attempt may run; a nil Lock and the stored Result when
// the key already completed; ErrInProgress or ErrPayloadMismatch otherwise.
// An attempt that takes the lock and never completes or releases it (a
// crash) blocks the key until the lock expires.
func (s *Store) Begin(ctx context.Context, scope, key string, payload []byte) (*Lock, Result, error) {
	if scope == "" || key == "" {
		return nil, Result{}, errors.New("idempotency: scope and key must not be empty")
	}
	now := s.cfg.Now()
	lockUntil := now.Add(s.cfg.LockTimeout)
	if d, ok := ctx.Deadline(); ok {
		lockUntil = d
	}
	sum := sha256.Sum256(payload)
	l := &Lock{
		s: s, key: s.recordKey(scope, key), hash: hex.EncodeToString(sum[:]),
		expires: now.Add(s.cfg.Expires).Unix(), locked: lockUntil.UnixMilli(),
		attempt: uuid.NewString(),
	}
	for range 3 {
		item := l.item(StatusInProgress)
		item["lockExpiresAt"] = num(l.locked)
		item["attempt"] = &types.AttributeValueMemberS{Value: l.attempt}
		err := s.putIfFree(ctx, item, now)
		if err == nil {
			return l, Result{}, nil
		}
		var ccf *types.ConditionalCheckFailedException
		if !errors.As(err, &ccf) {
			return nil, Result{}, fmt.Errorf("idempotency: lock %s/%s: %w", scope, key, err)
		}
		old := ccf.Item
		if old == nil {
			out, err := s.cfg.Client.GetItem(ctx, &dynamodb.GetItemInput{
				TableName: aws.String(s.cfg.Table), Key: l.key, ConsistentRead: aws.Bool(true),
			})
			if err != nil {
				return nil, Result{}, fmt.Errorf("idempotency: read %s/%s: %w", scope, key, err)
			}
			old = out.Item
		}
		if old == nil {
			continue // the record went away in between (a failed attempt released it): try again
		}
		if str(old["payloadHash"]) != l.hash {
			return nil, Result{}, fmt.Errorf("%w: %s/%s", ErrPayloadMismatch, scope, key)
		}
		if str(old["status"]) == StatusInProgress && str(old["attempt"]) == l.attempt {
			// Our own write: the SDK retried a PutItem that had succeeded.
			return l, Result{}, nil
		}
		if str(old["status"]) == StatusCompleted {
			data, _ := old["result"].(*types.AttributeValueMemberB)
			r := Result{Replayed: true}
			if data != nil {
				r.Data = data.Value
			}
			return nil, r, nil
		}
		return nil, Result{}, fmt.Errorf("%w: %s/%s", ErrInProgress, scope, key)
	}
	return nil, Result{}, fmt.Errorf("%w: %s/%s keeps changing", ErrInProgress, scope, key)
}

// Complete stores data as the key's result.
func (l *Lock) Complete(ctx context.Context, data []byte) error {
	item := l.item(StatusCompleted)
	item["result"] = &types.AttributeValueMemberB{Value: bytes.Clone(data)}
	if _, err := l.s.cfg.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(l.s.cfg.Table), Item: item}); err != nil {
		return fmt.Errorf("idempotency: complete: %w", err)
	}
	return nil
}

// Release removes the in-progress record, so the next attempt runs.
func (l *Lock) Release(ctx context.Context) error {
	_, err := l.s.cfg.Client.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                aws.String(l.s.cfg.Table),
		Key:                      l.key,
		ConditionExpression:      aws.String("#status = :inprogress AND attempt = :attempt"),
		ExpressionAttributeNames: map[string]string{"#status": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":inprogress": &types.AttributeValueMemberS{Value: StatusInProgress},
			":attempt":    &types.AttributeValueMemberS{Value: l.attempt},
		},
	})
	var ccf *types.ConditionalCheckFailedException
	if err != nil && !errors.As(err, &ccf) {
		return fmt.Errorf("idempotency: release: %w", err)
	}
	return nil
}

func (l *Lock) item(status string) map[string]types.AttributeValue {
	item := map[string]types.AttributeValue{
		"type":               &types.AttributeValueMemberS{Value: "Idempotency"},
		"status":             &types.AttributeValueMemberS{Value: status},
		"payloadHash":        &types.AttributeValueMemberS{Value: l.hash},
		l.s.cfg.TTLAttribute: num(l.expires),
	}
	for k, v := range l.key {
		item[k] = v
	}
	return item
}

func (s *Store) recordKey(scope, key string) map[string]types.AttributeValue {
	sum := sha256.Sum256([]byte(key))
	k := map[string]types.AttributeValue{
		s.cfg.PartitionKey: &types.AttributeValueMemberS{Value: "IDEMPOTENCY#" + scope + "#" + hex.EncodeToString(sum[:])},
	}
	if s.cfg.SortKey != "" {
		k[s.cfg.SortKey] = &types.AttributeValueMemberS{Value: SortKeyValue}
	}
	return k
}

func num(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}

// putIfFree puts item unless the key's record stands in the way: it may
// replace no record, an expired one, or one whose attempt let its lock
// expire, as of now. A record in the way fails the put with a
// *types.ConditionalCheckFailedException that carries it.
func (s *Store) putIfFree(ctx context.Context, item map[string]types.AttributeValue, now time.Time) error {
	_, err := s.cfg.Client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(s.cfg.Table),
		Item:      item,
		ConditionExpression: aws.String("attribute_not_exists(#pk) OR #exp < :nowSec OR " +
			"(#status = :inprogress AND lockExpiresAt < :nowMs)"),
		ExpressionAttributeNames: map[string]string{"#pk": s.cfg.PartitionKey, "#exp": s.cfg.TTLAttribute, "#status": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":nowSec": num(now.Unix()), ":nowMs": num(now.UnixMilli()),
			":inprogress": &types.AttributeValueMemberS{Value: StatusInProgress},
		},
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	return err
}

// numOf is the number v holds, if it is one.
func numOf(v types.AttributeValue) (int64, bool) {
	n, _ := v.(*types.AttributeValueMemberN)
	if n == nil {
		return 0, false
	}
	i, err := strconv.ParseInt(n.Value, 10, 64)
	return i, err == nil
}

func str(v types.AttributeValue) string {
	s, _ := v.(*types.AttributeValueMemberS)
	if s == nil {
		return ""
	}
	return s.Value
}
