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

// Stream configures one DynamoDB stream event source mapping.
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
	// RetryAttempts is how often a failed batch is retried before it is
	// reported and skipped.
	RetryAttempts int
	// PollInterval is the pause between reads of an idle shard; 0 means
	// 250 ms, as Lambda polls four times a second.
	PollInterval time.Duration
	// Function is invoked with each batch.
	Function Invoker
	// Notice receives a line for every failed or skipped batch.
	Notice func(message string)
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
		// The emulator starts every iterator at the shard's start, even
		// one asked for after a sequence number: drop what was read already.
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
// on where it was instead of failing on the dead iterator forever.
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

// deliver invokes the function with batch until it succeeds or the retries
// are spent; a partial failure retries from the first failed record.
func (r *shardReader) deliver(ctx context.Context, batch []types.Record) {
	for attempt := 0; ; attempt++ {
		err := r.invoke(ctx, &batch)
		if err == nil || ctx.Err() != nil {
			return
		}
		if attempt >= r.cfg.RetryAttempts {
			first, last := sequence(batch[0]), sequence(batch[len(batch)-1])
			r.cfg.Notice(fmt.Sprintf("skipping %d records (sequence %s to %s) of %s after %d attempts: %v",
				len(batch), first, last, r.cfg.StreamARN, attempt+1, err))
			return
		}
		r.cfg.Notice(fmt.Sprintf("retrying %d records of %s (attempt %d failed): %v", len(batch), r.cfg.StreamARN, attempt+1, err))
		if !sleep(ctx, min(time.Duration(1<<attempt)*100*time.Millisecond, 2*time.Second)) {
			return
		}
	}
}

// invoke runs one attempt; on a partial failure it trims batch to the
// records from the first failed one on.
func (r *shardReader) invoke(ctx context.Context, batch *[]types.Record) error {
	payload, err := json.Marshal(DynamoDBEvent(*batch, r.cfg.StreamARN, r.cfg.Region))
	if err != nil {
		return fmt.Errorf("encode stream event: %w", err)
	}
	out, err := r.cfg.Function.Invoke(ctx, payload)
	if err != nil {
		return err
	}
	seqs := make(map[string]bool, len(*batch))
	for _, rec := range *batch {
		seqs[sequence(rec)] = true
	}
	failed, whole, reason := failedItems(out, seqs)
	if whole {
		return errors.New(reason)
	}
	for i, rec := range *batch {
		if failed[sequence(rec)] {
			*batch = (*batch)[i:]
			return fmt.Errorf("record %s failed", sequence(rec))
		}
	}
	return nil
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
