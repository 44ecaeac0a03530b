package emulator_test

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// testXRayMaxSegments is the bound on X-Ray segments of this test
// binary's emulator, small enough for TestXRayKeepsTheNewestTraces to
// pass it.
const testXRayMaxSegments = 2000

// TestMain runs the tests against the emulator behind its front door.
func TestMain(m *testing.M) {
	if os.Getenv(emulator.EnvXRayMaxSegments) == "" {
		_ = os.Setenv(emulator.EnvXRayMaxSegments, strconv.Itoa(testXRayMaxSegments))
	}
	if os.Getenv(envMaxPendingRetries) == "" {
		_ = os.Setenv(envMaxPendingRetries, strconv.Itoa(testMaxPendingRetries))
	}
	kumotest.Main(m)
}

func str(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func num(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }

func item(pk string, attrs ...string) map[string]types.AttributeValue {
	it := map[string]types.AttributeValue{"pk": str(pk), "sk": str("X")}
	for i := 0; i+1 < len(attrs); i += 2 {
		it[attrs[i]] = str(attrs[i+1])
	}
	return it
}

// TestTransactionsAndBatchesShowOnTheTableStream checks the patch carried
// in third_party/kumo: every item a TransactWriteItems or BatchWriteItem
// call changes is a stream record, as on DynamoDB.
func TestTransactionsAndBatchesShowOnTheTableStream(t *testing.T) {
	env := kumotest.Start(t)
	db := env.DynamoDB()
	table := kumotest.UniqueName(t, "streams")
	kumotest.CreateTable(t, db, table, spec.Table{
		PartitionKey: spec.Key{Name: "pk", Type: spec.String}, SortKey: &spec.Key{Name: "sk", Type: spec.String},
		Stream: spec.NewAndOldImages,
	})
	ctx := t.Context()
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: map[string]types.AttributeValue{"pk": str("COUNTER"), "sk": str("X"), "n": num("1")}}))
	must(db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item("GONE", "v", "old")}))
	transact := func(cond string) error {
		_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{TableName: aws.String(table), Item: item("RECORD", "status", "DONE"), ConditionExpression: aws.String(cond)}},
			{Update: &types.Update{TableName: aws.String(table), Key: item("COUNTER"), UpdateExpression: aws.String("SET n = n + :one"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":one": num("1")}}},
			{Delete: &types.Delete{TableName: aws.String(table), Key: item("GONE")}},
			{ConditionCheck: &types.ConditionCheck{TableName: aws.String(table), Key: item("COUNTER"), ConditionExpression: aws.String("attribute_exists(pk)")}},
		}})
		return err
	}
	must(nil, transact("attribute_not_exists(pk)"))
	if err := transact("attribute_not_exists(pk)"); err == nil {
		t.Fatal("the second transaction's condition held")
	}
	must(db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{table: {
		{PutRequest: &types.PutRequest{Item: item("BATCHED", "v", "1")}},
		{PutRequest: &types.PutRequest{Item: item("RECORD", "status", "DONE")}}, // unchanged: no record
		{DeleteRequest: &types.DeleteRequest{Key: item("NEVER")}},               // absent: no record
		{DeleteRequest: &types.DeleteRequest{Key: item("COUNTER")}},
	}}}))

	var got []string
	for _, r := range streamRecords(t, env.Clients().Streams, table, db) {
		pk := r.Dynamodb.Keys["pk"].(*streamtypes.AttributeValueMemberS).Value
		got = append(got, fmt.Sprintf("%s %s old=%d new=%d", r.EventName, pk, len(r.Dynamodb.OldImage), len(r.Dynamodb.NewImage)))
	}
	want := []string{
		"INSERT COUNTER old=0 new=3", "INSERT GONE old=0 new=3",
		// the transaction, in its order; the ConditionCheck and the
		// cancelled second transaction add nothing
		"INSERT RECORD old=0 new=3", "MODIFY COUNTER old=3 new=3", "REMOVE GONE old=3 new=0",
		// the batch
		"INSERT BATCHED old=0 new=3", "REMOVE COUNTER old=3 new=0",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("stream records:\n%q\nwant\n%q", got, want)
	}
}

// streamRecords reads every record of the table's stream from its start.
func streamRecords(t *testing.T, c *dynamodbstreams.Client, table string, db *dynamodb.Client) []streamtypes.Record {
	t.Helper()
	var out []streamtypes.Record
	for _, it := range shardIterators(t, c, table, db) {
		for iter := it; iter != nil; {
			recs, err := c.GetRecords(t.Context(), &dynamodbstreams.GetRecordsInput{ShardIterator: iter})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, recs.Records...)
			if len(recs.Records) == 0 {
				break
			}
			iter = recs.NextShardIterator
		}
	}
	return out
}

// shardIterators returns an iterator at the start of each shard of the
// table's stream.
func shardIterators(t *testing.T, c *dynamodbstreams.Client, table string, db *dynamodb.Client) []*string {
	t.Helper()
	d, err := db.DescribeTable(t.Context(), &dynamodb.DescribeTableInput{TableName: aws.String(table)})
	if err != nil {
		t.Fatal(err)
	}
	desc, err := c.DescribeStream(t.Context(), &dynamodbstreams.DescribeStreamInput{StreamArn: d.Table.LatestStreamArn})
	if err != nil {
		t.Fatal(err)
	}
	var out []*string
	for _, sh := range desc.StreamDescription.Shards {
		it, err := c.GetShardIterator(t.Context(), &dynamodbstreams.GetShardIteratorInput{
			StreamArn: d.Table.LatestStreamArn, ShardId: sh.ShardId, ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon,
		})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, it.ShardIterator)
	}
	return out
}

// TestAShardIteratorCanBeReadAgainUntilItExpires checks the patch carried
// in third_party/kumo: as on DynamoDB Streams, a GetRecords may be
// repeated with the same iterator (an SDK retries one whose answer it
// lost) and reads the same records.
func TestAShardIteratorCanBeReadAgainUntilItExpires(t *testing.T) {
	env := kumotest.Start(t)
	db := env.DynamoDB()
	table := kumotest.UniqueName(t, "iterators")
	kumotest.CreateTable(t, db, table, spec.Table{
		PartitionKey: spec.Key{Name: "pk", Type: spec.String}, SortKey: &spec.Key{Name: "sk", Type: spec.String},
		Stream: spec.NewImage,
	})
	ctx := t.Context()
	for _, pk := range []string{"A", "B"} {
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item(pk)}); err != nil {
			t.Fatal(err)
		}
	}
	iterators := shardIterators(t, env.Clients().Streams, table, db)
	if len(iterators) == 0 {
		t.Fatal("the stream has no shard")
	}
	streams := env.Clients().Streams
	var reads [][]string
	for range 2 {
		out, err := streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: iterators[0]})
		if err != nil {
			t.Fatalf("read %d with the same iterator: %v", len(reads)+1, err)
		}
		var seqs []string
		for _, r := range out.Records {
			seqs = append(seqs, aws.ToString(r.Dynamodb.SequenceNumber))
		}
		reads = append(reads, seqs)
	}
	if len(reads[0]) != 2 || !slices.Equal(reads[0], reads[1]) {
		t.Fatalf("the two reads got %v and %v, want the same two records", reads[0], reads[1])
	}
}
