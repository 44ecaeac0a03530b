package dynamodbstreams

import (
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/sivchari/kumo/internal/streams"
)

const (
	defaultMaxRecords       = 1000
	shardIteratorExpiration = 5 * time.Minute
)

// The error codes of GetShardIterator and GetRecords.
const (
	// codeExpiredIterator: the iterator is unknown or has expired.
	codeExpiredIterator = "ExpiredIteratorException"
	// codeTrimmed: the iterator's position, or the sequence number asked
	// for, is beyond the shard's trim horizon (streams.ErrTrimmed).
	codeTrimmed = "TrimmedDataAccessException"
	// codeValidation: the iterator type or sequence number is not valid.
	codeValidation = "ValidationException"
)

// Error is an error DynamoDB Streams answers with its own code.
type Error struct {
	Code    string
	Message string
}

// Error returns the code and the message.
func (e *Error) Error() string {
	return e.Code + ": " + e.Message
}

// Storage defines the DynamoDB Streams storage interface.
type Storage interface {
	DescribeStream(streamARN string, limit int32, exclusiveStartShardID string) (*StreamDescription, error)
	GetShardIterator(streamARN, shardID, iteratorType, sequenceNumber string) (string, error)
	GetRecords(shardIterator string, limit int32) ([]RecordOutput, *string, error)
}

// Option is a configuration option for MemoryStorage.
type Option func(*MemoryStorage)

// shardIteratorData holds shard iterator state.
type shardIteratorData struct {
	streamARN string
	shardID   string
	position  int
	expiresAt time.Time
}

// MemoryStorage implements Storage backed by the shared streams.Store.
type MemoryStorage struct {
	mu             sync.Mutex
	store          *streams.Store
	shardIterators map[string]*shardIteratorData
	// nextSweep is when expired iterators are next removed.
	nextSweep time.Time
}

// sweepLocked removes the expired iterators, at most once a minute. An
// iterator stays usable until it expires, as on DynamoDB Streams, so a
// client may repeat a GetRecords whose answer it lost; this keeps the map
// from growing with every read.
func (m *MemoryStorage) sweepLocked(now time.Time) {
	if now.Before(m.nextSweep) {
		return
	}

	m.nextSweep = now.Add(time.Minute)

	for id, it := range m.shardIterators {
		if now.After(it.expiresAt) {
			delete(m.shardIterators, id)
		}
	}
}

// NewMemoryStorage creates a new MemoryStorage.
func NewMemoryStorage(store *streams.Store, _ ...Option) *MemoryStorage {
	return &MemoryStorage{
		store:          store,
		shardIterators: make(map[string]*shardIteratorData),
	}
}

// DescribeStream returns stream metadata from the shared store.
func (m *MemoryStorage) DescribeStream(streamARN string, _ int32, _ string) (*StreamDescription, error) {
	info, shards, err := m.store.DescribeStream(streamARN)
	if err != nil {
		return nil, fmt.Errorf("describe-stream failed: %w", err)
	}

	outShards := make([]Shard, len(shards))
	for i, sh := range shards {
		outShards[i] = Shard{
			ShardID:       sh.ShardID,
			ParentShardID: sh.ParentShardID,
			SequenceNumberRange: SequenceNumberRange{
				StartingSequenceNumber: sh.SequenceNumberRangeStart,
			},
		}
	}

	keySchema := make([]KeySchema, len(info.KeySchema))
	for i, ks := range info.KeySchema {
		keySchema[i] = KeySchema{
			AttributeName: ks.AttributeName,
			KeyType:       ks.KeyType,
		}
	}

	return &StreamDescription{
		StreamArn:               info.StreamARN,
		StreamLabel:             info.StreamLabel,
		StreamStatus:            info.StreamStatus,
		StreamViewType:          info.StreamViewType,
		TableName:               info.TableName,
		KeySchema:               keySchema,
		Shards:                  outShards,
		CreationRequestDateTime: float64(info.CreationTime.Unix()),
	}, nil
}

// GetShardIterator creates a shard iterator for reading stream records:
// at the oldest record kept (TRIM_HORIZON), after the newest (LATEST), or
// at or after the record with sequenceNumber (AT_SEQUENCE_NUMBER,
// AFTER_SEQUENCE_NUMBER).
func (m *MemoryStorage) GetShardIterator(streamARN, shardID, iteratorType, sequenceNumber string) (string, error) {
	_, shards, err := m.store.DescribeStream(streamARN)
	if err != nil {
		return "", fmt.Errorf("get-shard-iterator failed: %w", err)
	}

	found := false

	for _, sh := range shards {
		if sh.ShardID == shardID {
			found = true

			break
		}
	}

	if !found {
		return "", fmt.Errorf("shard not found: %s", shardID)
	}

	var position int

	switch iteratorType {
	case "TRIM_HORIZON":
		position, err = m.store.TrimHorizon(streamARN, shardID)
	case "LATEST":
		position = m.store.ShardRecordCount(streamARN, shardID)
	case "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER":
		if sequenceNumber == "" {
			return "", &Error{Code: codeValidation, Message: iteratorType + " needs a SequenceNumber"}
		}

		position, err = m.store.SequencePosition(streamARN, shardID, sequenceNumber, iteratorType == "AFTER_SEQUENCE_NUMBER")
	default:
		return "", &Error{Code: codeValidation, Message: fmt.Sprintf("unknown ShardIteratorType %q", iteratorType)}
	}

	if errors.Is(err, streams.ErrTrimmed) {
		return "", &Error{Code: codeTrimmed, Message: fmt.Sprintf("sequence number %s is beyond the trim horizon of shard %s", sequenceNumber, shardID)}
	}

	if err != nil {
		return "", fmt.Errorf("get-shard-iterator failed: %w", err)
	}

	m.mu.Lock()
	defer m.mu.Unlock()

	iteratorID := fmt.Sprintf("%s:%s:%d:%d", streamARN, shardID, position, time.Now().UnixNano())
	encoded := base64.StdEncoding.EncodeToString([]byte(iteratorID))

	m.shardIterators[encoded] = &shardIteratorData{
		streamARN: streamARN,
		shardID:   shardID,
		position:  position,
		expiresAt: time.Now().Add(shardIteratorExpiration),
	}

	return encoded, nil
}

// GetRecords reads stream records starting from the position encoded in the shard iterator.
func (m *MemoryStorage) GetRecords(shardIterator string, limit int32) ([]RecordOutput, *string, error) {
	m.mu.Lock()

	iterData, exists := m.shardIterators[shardIterator]
	if !exists {
		m.mu.Unlock()

		return nil, nil, &Error{Code: codeExpiredIterator, Message: "invalid shard iterator"}
	}

	if time.Now().After(iterData.expiresAt) {
		delete(m.shardIterators, shardIterator)
		m.mu.Unlock()

		return nil, nil, &Error{Code: codeExpiredIterator, Message: "expired shard iterator"}
	}

	// Copy iterator data so we can release the lock.
	streamARN := iterData.streamARN
	shardID := iterData.shardID
	position := iterData.position

	m.mu.Unlock()

	if limit <= 0 || limit > int32(defaultMaxRecords) {
		limit = int32(defaultMaxRecords)
	}

	records, nextPos, err := m.store.GetRecords(streamARN, shardID, position, int(limit))
	if errors.Is(err, streams.ErrTrimmed) {
		return nil, nil, &Error{Code: codeTrimmed, Message: "the iterator's position is beyond the trim horizon of shard " + shardID}
	}

	if err != nil {
		return nil, nil, fmt.Errorf("get-records failed: %w", err)
	}

	outputs := make([]RecordOutput, len(records))
	for i, rec := range records {
		outputs[i] = convertStreamRecord(rec)
	}

	m.mu.Lock()
	defer m.mu.Unlock()

	m.sweepLocked(time.Now())

	nextIteratorID := fmt.Sprintf("%s:%s:%d:%d", streamARN, shardID, nextPos, time.Now().UnixNano())
	nextEncoded := base64.StdEncoding.EncodeToString([]byte(nextIteratorID))

	m.shardIterators[nextEncoded] = &shardIteratorData{
		streamARN: streamARN,
		shardID:   shardID,
		position:  nextPos,
		expiresAt: time.Now().Add(shardIteratorExpiration),
	}

	return outputs, &nextEncoded, nil
}

// convertStreamRecord converts an internal StreamRecord to the output format.
func convertStreamRecord(rec *streams.StreamRecord) RecordOutput {
	return RecordOutput{
		EventID:      rec.EventID,
		EventName:    string(rec.EventName),
		EventVersion: rec.EventVersion,
		EventSource:  rec.EventSource,
		AwsRegion:    rec.AwsRegion,
		Dynamodb: &StreamRecordOutput{
			ApproximateCreationDateTime: float64(rec.CreatedAt.Unix()),
			Keys:                        rec.Keys,
			NewImage:                    rec.NewImage,
			OldImage:                    rec.OldImage,
			SequenceNumber:              rec.SequenceNumber,
			SizeBytes:                   rec.SizeBytes,
			StreamViewType:              rec.StreamViewType,
		},
	}
}
