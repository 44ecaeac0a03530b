package poller

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// Stream configures one DynamoDB stream event source mapping. It behaves
// as the platform configures every stream mapping on AWS (infra/stream.go):
// from the oldest record, with BisectBatchOnFunctionError and
// ReportBatchItemFailures on, and no maximum record age.
type Stream struct {
	// StreamARN names the table's stream.
	StreamARN string
	// Region is reported in each record's awsRegion.
	Region string
	// BatchSize is the largest batch per invocation.
	BatchSize int
	// Window is how long to gather records before invoking with a batch
	// that is not full.
	Window time.Duration
	// RetryAttempts is how often a record that keeps failing is retried
	// before it is given up on and reported to OnFailure; a negative value
	// (spec.RetryForever) retries it until it succeeds, and the records
	// after it wait.
	RetryAttempts int
	// RetryBackoff is the pause before retrying a failed batch; it doubles
	// with each further failure of the same records, up to MaxRetryBackoff.
	// 0 means 100 ms.
	RetryBackoff time.Duration
	// MaxRetryBackoff caps the pause between retries; 0 means 2 s.
	MaxRetryBackoff time.Duration
	// PollInterval is the pause between reads of an idle shard; 0 means
	// 250 ms, as Lambda polls four times a second.
	PollInterval time.Duration
	// Function is invoked with each batch.
	Function Invoker
	// OnFailure is the on-failure destination: it receives a pointer to
	// every record given up on, as Lambda sends one to a queue. nil means
	// none (the Notice line remains). An error is retried.
	OnFailure func(ctx context.Context, failure StreamFailure) error
	// Notice receives a line for every failed, retried or given-up batch.
	Notice func(message string)
}

// StreamFailure is what Lambda sends a stream mapping's on-failure
// destination about records it gave up on: where they are in the stream,
// not what they hold.
type StreamFailure struct {
	RequestContext StreamFailureContext `json:"requestContext"`
	Version        string               `json:"version"`
	Timestamp      time.Time            `json:"timestamp"`
	BatchInfo      StreamBatchInfo      `json:"DDBStreamBatchInfo"`
}

// StreamFailureContext says why the records were given up on.
type StreamFailureContext struct {
	// Condition is "RetryAttemptsExhausted".
	Condition string `json:"condition"`
	// ApproximateInvokeCount is how often the records were handed to the
	// function.
	ApproximateInvokeCount int `json:"approximateInvokeCount"`
}

// StreamBatchInfo locates the records given up on.
type StreamBatchInfo struct {
	ShardID             string `json:"shardId"`
	StartSequenceNumber string `json:"startSequenceNumber"`
	EndSequenceNumber   string `json:"endSequenceNumber"`
	BatchSize           int    `json:"batchSize"`
	StreamARN           string `json:"streamArn"`
}

// RunStream reads every shard of the stream from its oldest record, in
// order, until ctx is done.
func RunStream(ctx context.Context, client *dynamodbstreams.Client, cfg Stream) error {
	if cfg.StreamARN == "" || cfg.Function == nil {
		return errors.New("stream poller: stream ARN and function are required")
	}
	if cfg.BatchSize < 1 {
		return fmt.Errorf("stream poller: batch size %d must be positive", cfg.BatchSize)
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 250 * time.Millisecond
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = 100 * time.Millisecond
	}
	if cfg.MaxRetryBackoff <= 0 {
		cfg.MaxRetryBackoff = 2 * time.Second
	}
	if cfg.Notice == nil {
		cfg.Notice = func(string) {}
	}
	var (
		wg      sync.WaitGroup
		started = map[string]bool{}
	)
	defer wg.Wait()
	for {
		d, err := client.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: aws.String(cfg.StreamARN)})
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			cfg.Notice(fmt.Sprintf("describe stream %s: %v", cfg.StreamARN, err))
		} else {
			for _, sh := range d.StreamDescription.Shards {
				id := aws.ToString(sh.ShardId)
				if started[id] {
					continue
				}
				started[id] = true
				wg.Add(1)
				go func() {
					defer wg.Done()
					(&shardReader{client: client, cfg: cfg, shardID: id}).run(ctx)
				}()
			}
		}
		if !sleep(ctx, 5*time.Second) {
			return nil
		}
	}
}

type shardReader struct {
	client   *dynamodbstreams.Client
	cfg      Stream
	shardID  string
	iterator *string
	pending  []types.Record
	// lastRead is the sequence number of the last record read, where a new
	// iterator starts when the current one fails.
	lastRead string
}

func (r *shardReader) run(ctx context.Context) {
	it, err := r.client.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{
		StreamArn: aws.String(r.cfg.StreamARN), ShardId: aws.String(r.shardID),
		ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
	})
	if err != nil {
		if ctx.Err() == nil {
			r.cfg.Notice(fmt.Sprintf("shard %s of %s: %v", r.shardID, r.cfg.StreamARN, err))
		}
		return
	}
	r.iterator = it.ShardIterator
	for ctx.Err() == nil {
		batch, closed := r.gather(ctx)
		if len(batch) > 0 {
			r.deliver(ctx, batch)
		} else if closed {
			return
		} else if !sleep(ctx, r.cfg.PollInterval) {
			return
		}
	}
}

// gather reads up to BatchSize records, waiting up to Window for more
// once the first record is there. closed reports the end of the shard.
func (r *shardReader) gather(ctx context.Context) (batch []types.Record, closed bool) {
	var deadline time.Time
	for len(r.pending) < r.cfg.BatchSize && r.iterator != nil {
		out, err := r.client.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{
			ShardIterator: r.iterator, Limit: aws.Int32(int32(min(r.cfg.BatchSize-len(r.pending), 1000))),
		})
		if err != nil {
			if ctx.Err() == nil {
				r.cfg.Notice(fmt.Sprintf("read shard %s of %s: %v", r.shardID, r.cfg.StreamARN, err))
				r.renewIterator(ctx)
			}
			break
		}
		r.iterator = out.NextShardIterator
		// A record at or before the last one read (a renewed iterator
		// overlapping the old one) is not delivered again.
		fresh := out.Records[:0:0]
		for _, rec := range out.Records {
			if r.lastRead == "" || sequenceAfter(sequence(rec), r.lastRead) {
				fresh = append(fresh, rec)
			}
		}
		out.Records = fresh
		if n := len(out.Records); n > 0 {
			r.lastRead = sequence(out.Records[n-1])
		}
		if len(r.pending) == 0 && len(out.Records) > 0 {
			deadline = time.Now().Add(r.cfg.Window)
		}
		r.pending = append(r.pending, out.Records...)
		if len(r.pending) == 0 || time.Now().After(deadline) {
			break
		}
		if len(out.Records) == 0 && !sleep(ctx, min(r.cfg.PollInterval, time.Until(deadline))) {
			break
		}
	}
	n := min(len(r.pending), r.cfg.BatchSize)
	batch, r.pending = r.pending[:n:n], r.pending[n:]
	return batch, r.iterator == nil && len(r.pending) == 0
}

// renewIterator replaces an iterator a failed read may have spent (an
// iterator is good for one read) with one just after the last record read,
// or at the start of the shard when none was read yet, so the reader goes
// on where it was instead of failing on the dead iterator forever. When
// the stream no longer keeps the records after the last one read (it
// trimmed them: a consumer that far behind loses them, as a Lambda
// mapping does past a stream's retention), the reader goes on from the
// oldest record kept, and says so.
func (r *shardReader) renewIterator(ctx context.Context) {
	in := &dynamodbstreams.GetShardIteratorInput{
		StreamArn: aws.String(r.cfg.StreamARN), ShardId: aws.String(r.shardID),
		ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
	}
	if r.lastRead != "" {
		in.ShardIteratorType = types.ShardIteratorTypeAfterSequenceNumber
		in.SequenceNumber = aws.String(r.lastRead)
	}
	it, err := r.client.GetShardIterator(ctx, in)
	var trimmed *types.TrimmedDataAccessException
	if errors.As(err, &trimmed) {
		r.cfg.Notice(fmt.Sprintf("shard %s of %s: the stream no longer keeps the records after %s; going on from the oldest it keeps, and the records between are lost",
			r.shardID, r.cfg.StreamARN, r.lastRead))
		in.ShardIteratorType, in.SequenceNumber = types.ShardIteratorTypeTrimHorizon, nil
		it, err = r.client.GetShardIterator(ctx, in)
	}
	if err != nil {
		if ctx.Err() == nil {
			r.cfg.Notice(fmt.Sprintf("renew the iterator of shard %s of %s: %v", r.shardID, r.cfg.StreamARN, err))
		}
		return
	}
	r.iterator = it.ShardIterator
}

// sequenceAfter reports whether stream sequence number a comes after b.
// Sequence numbers are decimal strings of growing value.
func sequenceAfter(a, b string) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}

// segment is a run of consecutive records of a batch still to deliver.
type segment struct {
	records []types.Record
	// failures counts the invocations in a row that made no progress.
	failures int
	// invoked counts the invocations the segment was handed to.
	invoked int
}

// deliver hands batch to the function the way Lambda's stream mapping
// does with BisectBatchOnFunctionError and ReportBatchItemFailures, and
// returns once every record of it succeeded or was given up on, or ctx is
// done. Records are delivered in order: what follows a failing record
// waits for it.
//
//   - A partial failure checkpoints the records before the first one the
//     function reported, and retries from that one.
//   - Records that fail without progress (an error, an invalid response,
//     or a report naming the first record) are split in two, and each
//     half is tried on its own, so that a failing record ends up alone.
//   - A record that fails alone is retried after a pause that doubles up to
//     MaxRetryBackoff, RetryAttempts times or, when RetryAttempts is
//     negative, until it succeeds. Only a record given up on goes to
//     OnFailure; the records after it are delivered.
func (r *shardReader) deliver(ctx context.Context, batch []types.Record) {
	todo := []*segment{{records: batch}}
	for len(todo) > 0 {
		seg := todo[0]
		seg.invoked++
		done, err := r.invoke(ctx, seg.records)
		if ctx.Err() != nil {
			return
		}
		switch {
		case err == nil:
			todo = todo[1:]
			continue
		case done > 0:
			// Progress: the records before the reported one are done; the
			// rest is tried again as new.
			seg.records, seg.failures = seg.records[done:], 0
			r.cfg.Notice(fmt.Sprintf("retrying %d records of %s from sequence %s: %v", len(seg.records), r.cfg.StreamARN, sequence(seg.records[0]), err))
			if !sleep(ctx, r.cfg.RetryBackoff) {
				return
			}
			continue
		case len(seg.records) > 1:
			half := (len(seg.records) + 1) / 2
			r.cfg.Notice(fmt.Sprintf("splitting %d failed records of %s in two: %v", len(seg.records), r.cfg.StreamARN, err))
			todo = append([]*segment{{records: seg.records[:half]}, {records: seg.records[half:]}}, todo[1:]...)
			continue
		default:
			seg.failures++
		}
		// Only a single record gets here: it alone is retried or given up.
		if r.cfg.RetryAttempts >= 0 && seg.failures > r.cfg.RetryAttempts {
			r.giveUp(ctx, seg, err)
			todo = todo[1:]
			continue
		}
		r.cfg.Notice(fmt.Sprintf("retrying record %s of %s (failure %d): %v", sequence(seg.records[0]), r.cfg.StreamARN, seg.failures, err))
		if !sleep(ctx, r.backoff(seg.failures)) {
			return
		}
	}
}

// backoff is the pause before retrying records that failed n times in a
// row.
func (r *shardReader) backoff(n int) time.Duration {
	d := r.cfg.RetryBackoff
	for i := 1; i < n && d < r.cfg.MaxRetryBackoff; i++ {
		d *= 2
	}
	return min(d, r.cfg.MaxRetryBackoff)
}

// giveUp reports the records of seg, which failed for the last time, to
// the on-failure destination.
func (r *shardReader) giveUp(ctx context.Context, seg *segment, cause error) {
	first, last := sequence(seg.records[0]), sequence(seg.records[len(seg.records)-1])
	r.cfg.Notice(fmt.Sprintf("giving up on %d records (sequence %s to %s) of %s after %d retries: %v",
		len(seg.records), first, last, r.cfg.StreamARN, seg.failures-1, cause))
	if r.cfg.OnFailure == nil {
		return
	}
	failure := StreamFailure{
		RequestContext: StreamFailureContext{Condition: "RetryAttemptsExhausted", ApproximateInvokeCount: seg.invoked},
		Version:        "1.0",
		Timestamp:      time.Now().UTC(),
		BatchInfo: StreamBatchInfo{ShardID: r.shardID, StartSequenceNumber: first, EndSequenceNumber: last,
			BatchSize: len(seg.records), StreamARN: r.cfg.StreamARN},
	}
	for attempt := 1; ; attempt++ {
		err := r.cfg.OnFailure(ctx, failure)
		if err == nil || ctx.Err() != nil {
			return
		}
		r.cfg.Notice(fmt.Sprintf("send the failure of sequence %s to %s to the on-failure destination: %v", first, last, err))
		if !sleep(ctx, r.backoff(attempt)) {
			return
		}
	}
}

// invoke runs one attempt with records. It returns how many of the
// leading records are done: all of them with a nil error on success; on a
// partial failure, those before the first record the function reported,
// with an error; none, with an error, when the invocation failed or its
// response is invalid.
func (r *shardReader) invoke(ctx context.Context, records []types.Record) (int, error) {
	payload, err := json.Marshal(DynamoDBEvent(records, r.cfg.StreamARN, r.cfg.Region))
	if err != nil {
		return 0, fmt.Errorf("encode stream event: %w", err)
	}
	out, err := r.cfg.Function.Invoke(ctx, payload)
	if err != nil {
		return 0, err
	}
	seqs := make(map[string]bool, len(records))
	for _, rec := range records {
		seqs[sequence(rec)] = true
	}
	failed, whole, reason := failedItems(out, seqs)
	if whole {
		return 0, errors.New(reason)
	}
	for i, rec := range records {
		if failed[sequence(rec)] {
			return i, fmt.Errorf("record %s failed", sequence(rec))
		}
	}
	return len(records), nil
}

func sequence(rec types.Record) string {
	if rec.Dynamodb == nil {
		return ""
	}
	return aws.ToString(rec.Dynamodb.SequenceNumber)
}

// DynamoDBEvent shapes stream records as the event Lambda sends a function.
func DynamoDBEvent(records []types.Record, streamARN, region string) events.DynamoDBEvent {
	ev := events.DynamoDBEvent{Records: make([]events.DynamoDBEventRecord, 0, len(records))}
	for _, rec := range records {
		d := rec.Dynamodb
		if d == nil {
			d = &types.StreamRecord{}
		}
		er := events.DynamoDBEventRecord{
			AWSRegion:      region,
			EventID:        aws.ToString(rec.EventID),
			EventName:      string(rec.EventName),
			EventSource:    "aws:dynamodb",
			EventVersion:   "1.1",
			EventSourceArn: streamARN,
			Change: events.DynamoDBStreamRecord{
				Keys:           attributeMap(d.Keys),
				NewImage:       attributeMap(d.NewImage),
				OldImage:       attributeMap(d.OldImage),
				SequenceNumber: aws.ToString(d.SequenceNumber),
				SizeBytes:      aws.ToInt64(d.SizeBytes),
				StreamViewType: string(d.StreamViewType),
			},
		}
		if d.ApproximateCreationDateTime != nil {
			er.Change.ApproximateCreationDateTime = events.SecondsEpochTime{Time: *d.ApproximateCreationDateTime}
		}
		ev.Records = append(ev.Records, er)
	}
	return ev
}

func attributeMap(m map[string]types.AttributeValue) map[string]events.DynamoDBAttributeValue {
	if m == nil {
		return nil
	}
	out := make(map[string]events.DynamoDBAttributeValue, len(m))
	for k, v := range m {
		out[k] = attribute(v)
	}
	return out
}

func attribute(av types.AttributeValue) events.DynamoDBAttributeValue {
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		return events.NewStringAttribute(v.Value)
	case *types.AttributeValueMemberN:
		return events.NewNumberAttribute(v.Value)
	case *types.AttributeValueMemberB:
		return events.NewBinaryAttribute(v.Value)
	case *types.AttributeValueMemberBOOL:
		return events.NewBooleanAttribute(v.Value)
	case *types.AttributeValueMemberNULL:
		return events.NewNullAttribute()
	case *types.AttributeValueMemberSS:
		return events.NewStringSetAttribute(v.Value)
	case *types.AttributeValueMemberNS:
		return events.NewNumberSetAttribute(v.Value)
	case *types.AttributeValueMemberBS:
		return events.NewBinarySetAttribute(v.Value)
	case *types.AttributeValueMemberL:
		l := make([]events.DynamoDBAttributeValue, len(v.Value))
		for i, x := range v.Value {
			l[i] = attribute(x)
		}
		return events.NewListAttribute(l)
	case *types.AttributeValueMemberM:
		return events.NewMapAttribute(attributeMap(v.Value))
	default:
		return events.NewNullAttribute()
	}
}
