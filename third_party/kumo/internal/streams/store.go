// Package streams provides a shared event store for DynamoDB Streams.
// Both the dynamodb service (producer) and the dynamodbstreams service
// (consumer) reference this package to avoid circular imports.
package streams

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Retention is how long a shard keeps a record, as on DynamoDB Streams.
const Retention = 24 * time.Hour

// ErrTrimmed is returned for a read from a position, or a sequence
// number, whose record is no longer kept: it is older than Retention,
// or the shard dropped it to stay within its bound (SetMaxRecords).
// DynamoDB Streams answers TrimmedDataAccessException.
var ErrTrimmed = errors.New("the requested position is beyond the shard's trim horizon")

// OperationType represents the type of DynamoDB stream event.
type OperationType string

// Operation type constants.
const (
	OperationTypeInsert OperationType = "INSERT"
	OperationTypeModify OperationType = "MODIFY"
	OperationTypeRemove OperationType = "REMOVE"
)

// StreamRecord represents a single change event in a DynamoDB stream.
//
// Keys, NewImage and OldImage are kept as the JSON GetRecords answers
// with (an attribute map, as {"name":{"S":"value"}}; nil when absent):
// in that form a record holds no pointers, takes a fraction of the memory
// of attribute value structs, and is written out without conversion.
type StreamRecord struct {
	EventID        string
	EventName      OperationType
	EventVersion   string
	EventSource    string
	AwsRegion      string
	StreamViewType string
	TableName      string
	StreamARN      string
	Keys           json.RawMessage
	NewImage       json.RawMessage
	OldImage       json.RawMessage
	SequenceNumber string
	CreatedAt      time.Time
	SizeBytes      int64
}

// StreamInfo holds metadata about a stream.
type StreamInfo struct {
	StreamARN      string
	TableName      string
	StreamViewType string
	StreamLabel    string
	StreamStatus   string
	KeySchema      []KeySchemaElement
	CreationTime   time.Time
}

// KeySchemaElement represents a key schema element.
type KeySchemaElement struct {
	AttributeName string
	KeyType       string // HASH or RANGE
}

// ShardInfo holds metadata about a shard within a stream.
type ShardInfo struct {
	ShardID                  string
	ParentShardID            string
	SequenceNumberRangeStart string
}

// Store is a global, concurrency-safe store for DynamoDB stream events.
// DynamoDB storage writes events here; DynamoDB Streams reads them.
//
// A record's position is its index among every record its shard was
// ever given, so positions stay valid when the oldest records are
// trimmed: those before the shard's trim horizon are gone.
type Store struct {
	mu              sync.RWMutex
	streams         map[string]*streamData // keyed by streamARN
	sequenceCounter uint64
	// maxRecords bounds the records a shard keeps when positive (see
	// SetMaxRecords).
	maxRecords int
	// now is the clock records are stamped and aged with.
	now func() time.Time
}

type streamData struct {
	info   StreamInfo
	shards []*shardData
}

type shardData struct {
	info ShardInfo
	// records are the records kept, oldest first.
	records []*StreamRecord
	// horizon is the position of records[0]: how many records were
	// trimmed before it.
	horizon int
	// lastTrimmed is the sequence number of the newest record trimmed.
	lastTrimmed string
}

// end is the position after the shard's newest record.
func (sh *shardData) end() int {
	return sh.horizon + len(sh.records)
}

// trimLocked drops the records older than Retention, and the oldest
// records beyond maxRecords when it is positive.
func (sh *shardData) trimLocked(now time.Time, maxRecords int) {
	drop := sort.Search(len(sh.records), func(i int) bool {
		return now.Sub(sh.records[i].CreatedAt) < Retention
	})

	if maxRecords > 0 && len(sh.records)-drop > maxRecords {
		drop = len(sh.records) - maxRecords
	}

	if drop == 0 {
		return
	}

	sh.lastTrimmed = sh.records[drop-1].SequenceNumber

	// Clear the dropped entries so their records can be collected; the
	// array they were in goes when append next grows the slice.
	clear(sh.records[:drop])
	sh.records = sh.records[drop:]
	sh.horizon += drop
}

// Global is the default global Store instance shared between
// the dynamodb and dynamodbstreams services.
var Global = NewStore()

// NewStore creates a new Store.
func NewStore() *Store {
	return &Store{
		streams: make(map[string]*streamData),
		now:     time.Now,
	}
}

// SetMaxRecords bounds the records each shard keeps to n: past it, the
// oldest records are trimmed. A shard also trims the records older than
// Retention, as DynamoDB Streams does; with n <= 0 that is its only
// bound, and a busy emulator holds a day of writes in memory.
func (s *Store) SetMaxRecords(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.maxRecords = n
}

// RegisterStream registers a stream for a table. Called when a DynamoDB table
// with StreamSpecification is created.
func (s *Store) RegisterStream(info *StreamInfo) {
	s.mu.Lock()
	defer s.mu.Unlock()

	if _, exists := s.streams[info.StreamARN]; exists {
		return
	}

	seq := s.nextSequenceNumber()
	sd := &streamData{
		info: *info,
		shards: []*shardData{
			{
				info: ShardInfo{
					ShardID:                  "shardId-000000000000",
					SequenceNumberRangeStart: seq,
				},
				records: make([]*StreamRecord, 0),
			},
		},
	}

	s.streams[info.StreamARN] = sd
}

// PutRecord adds a stream record. Called by DynamoDB storage on item mutations.
func (s *Store) PutRecord(record *StreamRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()

	sd, exists := s.streams[record.StreamARN]
	if !exists {
		return
	}

	now := s.now()
	record.SequenceNumber = s.nextSequenceNumber()
	record.CreatedAt = now
	record.EventVersion = "1.1"
	record.EventSource = "aws:dynamodb"

	activeShard := sd.shards[len(sd.shards)-1]
	activeShard.records = append(activeShard.records, record)
	activeShard.trimLocked(now, s.maxRecords)
}

// DescribeStream returns stream info and shard list for the given ARN.
func (s *Store) DescribeStream(streamARN string) (*StreamInfo, []ShardInfo, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()

	sd, exists := s.streams[streamARN]
	if !exists {
		return nil, nil, fmt.Errorf("stream not found: %s", streamARN)
	}

	shards := make([]ShardInfo, len(sd.shards))
	for i, sh := range sd.shards {
		shards[i] = sh.info
	}

	return &sd.info, shards, nil
}

// GetRecords returns records from a given shard starting at the specified
// position, and the position after them. It returns ErrTrimmed when the
// record at position is no longer kept.
func (s *Store) GetRecords(streamARN, shardID string, position, limit int) ([]*StreamRecord, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	sh, err := s.shardLocked(streamARN, shardID)
	if err != nil {
		return nil, 0, err
	}

	// Age the records out even when nothing is written.
	sh.trimLocked(s.now(), s.maxRecords)

	if position < sh.horizon {
		return nil, 0, ErrTrimmed
	}

	if position >= sh.end() {
		return nil, position, nil
	}

	end := min(position+limit, sh.end())

	result := make([]*StreamRecord, end-position)
	copy(result, sh.records[position-sh.horizon:end-sh.horizon])

	return result, end, nil
}

// ShardRecordCount returns the position after a shard's newest record,
// where a LATEST iterator starts.
func (s *Store) ShardRecordCount(streamARN, shardID string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()

	sh, err := s.shardLocked(streamARN, shardID)
	if err != nil {
		return 0
	}

	return sh.end()
}

// TrimHorizon returns the position of a shard's oldest kept record,
// where a TRIM_HORIZON iterator starts.
func (s *Store) TrimHorizon(streamARN, shardID string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	sh, err := s.shardLocked(streamARN, shardID)
	if err != nil {
		return 0, err
	}

	sh.trimLocked(s.now(), s.maxRecords)

	return sh.horizon, nil
}

// SequencePosition returns the position of the record of a shard with
// sequence number seq, or of the record after it when after is true,
// where an AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER iterator starts.
// A sequence number between two records places it at the later one. It
// returns ErrTrimmed for the sequence number of a record no longer kept,
// or an older one.
func (s *Store) SequencePosition(streamARN, shardID, seq string, after bool) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	sh, err := s.shardLocked(streamARN, shardID)
	if err != nil {
		return 0, err
	}

	sh.trimLocked(s.now(), s.maxRecords)

	// Sequence numbers are decimal strings of one length, growing along
	// the shard, so they compare as strings.
	if sh.lastTrimmed != "" && seq <= sh.lastTrimmed {
		return 0, ErrTrimmed
	}

	i := sort.Search(len(sh.records), func(i int) bool {
		if after {
			return sh.records[i].SequenceNumber > seq
		}

		return sh.records[i].SequenceNumber >= seq
	})

	return sh.horizon + i, nil
}

// shardLocked returns a shard of a stream. The caller holds s.mu.
func (s *Store) shardLocked(streamARN, shardID string) (*shardData, error) {
	sd, exists := s.streams[streamARN]
	if !exists {
		return nil, fmt.Errorf("stream not found: %s", streamARN)
	}

	for _, sh := range sd.shards {
		if sh.info.ShardID == shardID {
			return sh, nil
		}
	}

	return nil, fmt.Errorf("shard not found: %s", shardID)
}

func (s *Store) nextSequenceNumber() string {
	seq := atomic.AddUint64(&s.sequenceCounter, 1)

	return fmt.Sprintf("%021d", seq)
}
