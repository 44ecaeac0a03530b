package emulator_test

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// envStreamMaxRecords bounds the records each DynamoDB stream shard of
// kumo keeps; kumo reads it when the process starts.
const envStreamMaxRecords = "KUMO_DYNAMODB_STREAMS_MAX_RECORDS"

// testStreamMaxRecords is the bound on stream records of this test
// binary's emulator: small enough for TestAStreamKeepsItsNewestRecords
// to pass it, large enough for every other test's streams to keep all
// their records.
const testStreamMaxRecords = 2000

// init sets the bound before TestMain starts the emulator: kumotest.Main
// restarts the test binary with this environment, and kumo reads it as
// the restarted binary starts.
func init() {
	if os.Getenv(envStreamMaxRecords) == "" {
		_ = os.Setenv(envStreamMaxRecords, strconv.Itoa(testStreamMaxRecords))
	}
}

// TestAStreamKeepsItsNewestRecordsWithinItsBound checks the bound carried
// in third_party/kumo: past it, a shard drops its oldest records, and a
// reader behind the trim horizon is told so, with
// TrimmedDataAccessException, as DynamoDB Streams tells a reader behind
// its 24 hours; iterators at or after a sequence number start there.
func TestAStreamKeepsItsNewestRecordsWithinItsBound(t *testing.T) {
	env := kumotest.Start(t)
	if got := os.Getenv(envStreamMaxRecords); got != strconv.Itoa(testStreamMaxRecords) {
		t.Fatalf("%s=%q, want this binary's %d", envStreamMaxRecords, got, testStreamMaxRecords)
	}
	db, streams := env.DynamoDB(), env.Clients().Streams
	ctx := t.Context()
	table := kumotest.UniqueName(t, "trimmed")
	kumotest.CreateTable(t, db, table, spec.Table{PartitionKey: stringKey("pk"), SortKey: ptr(stringKey("sk")), Stream: spec.NewImage})
	d, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)})
	if err != nil {
		t.Fatal(err)
	}
	arn := d.Table.LatestStreamArn
	desc, err := streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: arn})
	if err != nil {
		t.Fatal(err)
	}
	if len(desc.StreamDescription.Shards) != 1 {
		t.Fatalf("the stream has %d shards, want 1", len(desc.StreamDescription.Shards))
	}
	shard := desc.StreamDescription.Shards[0].ShardId
	iterator := func(typ streamtypes.ShardIteratorType, seq string) (*string, error) {
		in := &dynamodbstreams.GetShardIteratorInput{StreamArn: arn, ShardId: shard, ShardIteratorType: typ}
		if seq != "" {
			in.SequenceNumber = aws.String(seq)
		}
		out, err := streams.GetShardIterator(ctx, in)
		if err != nil {
			return nil, err
		}
		return out.ShardIterator, nil
	}
	sk := func(i int) string { return fmt.Sprintf("%05d", i) }

	// One record, read by an iterator that stays at the start.
	putAll(t, db, table, []map[string]types.AttributeValue{{"pk": str("P"), "sk": str(sk(0))}})
	early, err := iterator(streamtypes.ShardIteratorTypeTrimHorizon, "")
	if err != nil {
		t.Fatal(err)
	}
	first, err := streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: early, Limit: aws.Int32(1)})
	if err != nil || len(first.Records) != 1 {
		t.Fatalf("read the first record: %v, %d records", err, len(first.Records))
	}
	firstSeq := aws.ToString(first.Records[0].Dynamodb.SequenceNumber)

	// Then enough for the shard to drop the oldest 500.
	const written = testStreamMaxRecords + 500
	var items []map[string]types.AttributeValue
	for i := 1; i < written; i++ {
		items = append(items, map[string]types.AttributeValue{"pk": str("P"), "sk": str(sk(i))})
	}
	putAll(t, db, table, items)

	var trimmed *streamtypes.TrimmedDataAccessException
	if _, err := streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: early}); !errors.As(err, &trimmed) {
		t.Fatalf("reading from a trimmed position: %v, want TrimmedDataAccessException", err)
	}
	if _, err := iterator(streamtypes.ShardIteratorTypeAfterSequenceNumber, firstSeq); !errors.As(err, &trimmed) {
		t.Fatalf("an iterator after a trimmed record: %v, want TrimmedDataAccessException", err)
	}

	horizon, err := iterator(streamtypes.ShardIteratorTypeTrimHorizon, "")
	if err != nil {
		t.Fatal(err)
	}
	var kept []streamtypes.Record
	for it := horizon; it != nil; {
		out, err := streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Records) == 0 {
			break
		}
		kept = append(kept, out.Records...)
		it = out.NextShardIterator
	}
	if len(kept) != testStreamMaxRecords {
		t.Fatalf("the shard keeps %d records, want the newest %d", len(kept), testStreamMaxRecords)
	}
	for i, r := range kept {
		if got, want := attrStreamText(r.Dynamodb.Keys["sk"]), sk(written-testStreamMaxRecords+i); got != want {
			t.Fatalf("kept record %d is item %s, want %s", i, got, want)
		}
	}

	for _, c := range []struct {
		typ  streamtypes.ShardIteratorType
		want int
	}{{streamtypes.ShardIteratorTypeAtSequenceNumber, 10}, {streamtypes.ShardIteratorTypeAfterSequenceNumber, 11}} {
		it, err := iterator(c.typ, aws.ToString(kept[10].Dynamodb.SequenceNumber))
		if err != nil {
			t.Fatal(err)
		}
		out, err := streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it, Limit: aws.Int32(1)})
		if err != nil || len(out.Records) != 1 {
			t.Fatalf("%s: %v, %d records", c.typ, err, len(out.Records))
		}
		if got, want := aws.ToString(out.Records[0].Dynamodb.SequenceNumber), aws.ToString(kept[c.want].Dynamodb.SequenceNumber); got != want {
			t.Errorf("%s the sequence number of kept record 10 starts at %s, want kept record %d's %s", c.typ, got, c.want, want)
		}
	}
}
