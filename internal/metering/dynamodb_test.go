package metering_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"github.com/conveyor-dev/conveyor/shared/awsclient"
)

// Each test makes real SDK calls, signed as a function, through the
// front door to kumo, and checks what they moved on that function's
// counters against DynamoDB's worked examples.

func TestReadsAreChargedByTheSizeOfWhatTheyRead(t *testing.T) {
	h := newHarness(t)
	tbl := table(t, h)
	const fn = "orders-reader"
	db := h.dynamo(fn)
	put(t, h.direct(), tbl, sized("A", "1", 3500))
	put(t, h.direct(), tbl, sized("B", "1", 8*1024))
	put(t, h.direct(), tbl, sized("C", "1", 4096))
	put(t, h.direct(), tbl, sized("C", "2", 4097))

	get := func(pk, sk string, consistent bool) func() {
		return func() {
			if _, err := db.GetItem(ctx(t), &dynamodb.GetItemInput{TableName: aws.String(tbl), Key: key(pk, sk), ConsistentRead: aws.Bool(consistent)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name string
		f    func()
		want float64
	}{
		{"a strongly consistent read of a 3,500-byte item takes one unit", get("A", "1", true), 1},
		{"an eventually consistent read of it takes half a unit", get("A", "1", false), 0.5},
		{"an 8 KB item read strongly takes two units", get("B", "1", true), 2},
		{"an 8 KB item read eventually takes one", get("B", "1", false), 1},
		{"an item of exactly 4 KB takes one unit", get("C", "1", true), 1},
		{"an item one byte over 4 KB takes two", get("C", "2", true), 2},
		{"a read of an item that does not exist still takes one unit", get("Z", "9", true), 1},
		{"the same read eventually consistent takes half", get("Z", "9", false), 0.5},
		{"a projection does not make a read cheaper: the whole item is charged", func() {
			_, err := db.GetItem(ctx(t), &dynamodb.GetItemInput{TableName: aws.String(tbl), Key: key("B", "1"),
				ConsistentRead: aws.Bool(true), ProjectionExpression: aws.String("pk")})
			if err != nil {
				t.Fatal(err)
			}
		}, 2},
		{"an item a transaction reads that does not exist still takes two units", func() {
			_, err := db.TransactGetItems(ctx(t), &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
				{Get: &types.Get{TableName: aws.String(tbl), Key: key("Z", "9")}},
			}})
			if err != nil {
				t.Fatal(err)
			}
		}, 2},
		{"an 8 KB item read in a transaction takes four units", func() {
			_, err := db.TransactGetItems(ctx(t), &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
				{Get: &types.Get{TableName: aws.String(tbl), Key: key("B", "1")}},
			}})
			if err != nil {
				t.Fatal(err)
			}
		}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := h.moved(t, fn, tt.f)
			if u.DynamoDB.ReadUnits != tt.want || u.DynamoDB.TotalWriteUnits() != 0 {
				t.Errorf("read %v units, wrote %d; want %v read, none written", u.DynamoDB.ReadUnits, u.DynamoDB.TotalWriteUnits(), tt.want)
			}
		})
	}
}

func TestBatchReadsAndWritesRoundEachItemOnItsOwn(t *testing.T) {
	h := newHarness(t)
	tbl := table(t, h)
	const fn = "inventory-batcher"
	db := h.dynamo(fn)
	put(t, h.direct(), tbl, sized("A", "1", 1536))
	put(t, h.direct(), tbl, sized("A", "2", 6656))

	t.Run("a batch read of a 1.5 KB and a 6.5 KB item reads 12 KB, not 8 KB", func(t *testing.T) {
		u := h.moved(t, fn, func() {
			_, err := db.BatchGetItem(ctx(t), &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
				tbl: {Keys: []map[string]types.AttributeValue{key("A", "1"), key("A", "2")}, ConsistentRead: aws.Bool(true)},
			}})
			if err != nil {
				t.Fatal(err)
			}
		})
		if u.DynamoDB.ReadUnits != 3 {
			t.Errorf("read %v units, want 3", u.DynamoDB.ReadUnits)
		}
	})
	t.Run("a key a batch read does not find still takes its minimum", func(t *testing.T) {
		u := h.moved(t, fn, func() {
			_, err := db.BatchGetItem(ctx(t), &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
				tbl: {Keys: []map[string]types.AttributeValue{key("A", "1"), key("nope", "0")}},
			}})
			if err != nil {
				t.Fatal(err)
			}
		})
		if u.DynamoDB.ReadUnits != 1 {
			t.Errorf("read %v units, want 1 (0.5 + 0.5)", u.DynamoDB.ReadUnits)
		}
	})
	t.Run("a batch write of a 500-byte and a 3.5 KB item writes 5 KB, not 4 KB", func(t *testing.T) {
		u := h.moved(t, fn, func() {
			_, err := db.BatchWriteItem(ctx(t), &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{
				tbl: {{PutRequest: &types.PutRequest{Item: sized("W", "1", 500)}}, {PutRequest: &types.PutRequest{Item: sized("W", "2", 3584)}}},
			}})
			if err != nil {
				t.Fatal(err)
			}
		})
		if u.DynamoDB.WriteUnits != 5 {
			t.Errorf("wrote %d units, want 5", u.DynamoDB.WriteUnits)
		}
	})
}

func TestQueryAndScanAreChargedForEveryItemTheyRead(t *testing.T) {
	h := newHarness(t)
	tbl := table(t, h)
	const fn = "orders-querier"
	db := h.dynamo(fn)
	// Ten items of 4,178 bytes: 41,780 bytes, 40.8 KB in all.
	for i := range 10 {
		put(t, h.direct(), tbl, sized("Q", fmt.Sprintf("%02d", i), 4178))
	}
	// 1,500 items of 64 bytes: 96 KB.
	var batch []types.WriteRequest
	for i := range 1500 {
		batch = append(batch, types.WriteRequest{PutRequest: &types.PutRequest{Item: sized("S", fmt.Sprintf("%04d", i), 64)}})
		if len(batch) == 25 {
			if _, err := h.direct().BatchWriteItem(ctx(t), &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{tbl: batch}}); err != nil {
				t.Fatal(err)
			}
			batch = nil
		}
	}
	query := func(pk string, consistent bool, filter bool) func() {
		return func() {
			in := &dynamodb.QueryInput{
				TableName: aws.String(tbl), KeyConditionExpression: aws.String("pk = :pk"), ConsistentRead: aws.Bool(consistent),
				ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: pk}},
			}
			if filter {
				in.FilterExpression = aws.String("sk = :sk")
				in.ExpressionAttributeValues[":sk"] = &types.AttributeValueMemberS{Value: "03"}
			}
			out, err := db.Query(ctx(t), in)
			if err != nil {
				t.Fatal(err)
			}
			if out.LastEvaluatedKey != nil {
				t.Fatal("the query was cut into pages; the test expects one")
			}
		}
	}
	tests := []struct {
		name string
		f    func()
		want float64
	}{
		{"a Query returning 40.8 KB is rounded up to 44 KB: 11 units", query("Q", true, false), 11},
		{"the same Query eventually consistent takes half", query("Q", false, false), 5.5},
		{"a Query returning 1,500 items of 64 bytes reads 96 KB: 24 units", query("S", true, false), 24},
		{"a filter does not make a Query cheaper: every item evaluated is charged", query("Q", true, true), 11},
		{"a Query that finds nothing still takes its minimum", query("none", true, false), 1},
		{"a Scan is charged for every item it evaluates, whatever its filter returns", func() {
			_, err := db.Scan(ctx(t), &dynamodb.ScanInput{TableName: aws.String(tbl), ConsistentRead: aws.Bool(true),
				FilterExpression:          aws.String("pk = :pk"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "Q"}}})
			if err != nil {
				t.Fatal(err)
			}
		}, 34}, // 41,780 + 96,000 bytes = 137,780: 33.6 blocks of 4 KB
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := h.moved(t, fn, tt.f)
			if u.DynamoDB.ReadUnits != tt.want {
				t.Errorf("read %v units, want %v", u.DynamoDB.ReadUnits, tt.want)
			}
		})
	}
}

func TestWritesAreChargedByTheLargerOfTheItemBeforeAndAfter(t *testing.T) {
	h := newHarness(t)
	tbl := table(t, h)
	const fn = "payments-writer"
	db := h.dynamo(fn)

	tests := []struct {
		name  string
		setup func()
		f     func() error
		want  int64
	}{
		{"a 1.6 KB put takes two units", nil, func() error {
			_, err := db.PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String(tbl), Item: sized("P", "1", 1638)})
			return err
		}, 2},
		{"a put of exactly 1 KB takes one unit", nil, func() error {
			_, err := db.PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String(tbl), Item: sized("P", "2", 1024)})
			return err
		}, 1},
		{"a put one byte over 1 KB takes two", nil, func() error {
			_, err := db.PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String(tbl), Item: sized("P", "3", 1025)})
			return err
		}, 2},
		{"a put that only creates (attribute_not_exists) takes its item's size", nil, func() error {
			_, err := db.PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String(tbl), Item: sized("P", "4", 2048),
				ConditionExpression: aws.String("attribute_not_exists(#pk)"), ExpressionAttributeNames: map[string]string{"#pk": "pk"}})
			return err
		}, 2},
		{"a put replacing a 3 KB item with a 500-byte one takes three units", func() { put(t, h.direct(), tbl, sized("R", "1", 3000)) }, func() error {
			_, err := db.PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String(tbl), Item: sized("R", "1", 500)})
			return err
		}, 3},
		{"an update growing a 500-byte item past 2 KB takes three units", func() { put(t, h.direct(), tbl, sized("U", "1", 500)) }, func() error {
			_, err := db.UpdateItem(ctx(t), &dynamodb.UpdateItemInput{TableName: aws.String(tbl), Key: key("U", "1"),
				UpdateExpression:          aws.String("SET e = :e"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":e": &types.AttributeValueMemberS{Value: strings.Repeat("y", 2047)}}})
			return err
		}, 3},
		{"an update shrinking a 2.5 KB item takes three units", func() { put(t, h.direct(), tbl, sized("U", "2", 2560)) }, func() error {
			_, err := db.UpdateItem(ctx(t), &dynamodb.UpdateItemInput{TableName: aws.String(tbl), Key: key("U", "2"),
				UpdateExpression: aws.String("REMOVE d")})
			return err
		}, 3},
		{"a delete takes the size of the item it deletes", func() { put(t, h.direct(), tbl, sized("D", "1", 2560)) }, func() error {
			_, err := db.DeleteItem(ctx(t), &dynamodb.DeleteItemInput{TableName: aws.String(tbl), Key: key("D", "1")})
			return err
		}, 3},
		{"a put whose condition fails takes the existing item's size", func() { put(t, h.direct(), tbl, sized("F", "1", 3000)) }, func() error {
			_, err := db.PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String(tbl), Item: sized("F", "1", 3100),
				ConditionExpression: aws.String("attribute_not_exists(pk)")})
			return expectConditionFailure(err)
		}, 3},
		{"a write whose condition fails with no item there takes one unit", nil, func() error {
			_, err := db.UpdateItem(ctx(t), &dynamodb.UpdateItemInput{TableName: aws.String(tbl), Key: key("F", "none"),
				UpdateExpression: aws.String("SET e = :e"), ConditionExpression: aws.String("attribute_exists(pk)"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":e": &types.AttributeValueMemberS{Value: strings.Repeat("y", 5000)}}})
			return expectConditionFailure(err)
		}, 1},
		{"a transaction doubles each item's units", func() { put(t, h.direct(), tbl, sized("T", "2", 900)) }, func() error {
			_, err := db.TransactWriteItems(ctx(t), &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
				{Put: &types.Put{TableName: aws.String(tbl), Item: sized("T", "1", 1536)}},
				{Update: &types.Update{TableName: aws.String(tbl), Key: key("T", "2"), UpdateExpression: aws.String("SET e = :e"),
					ExpressionAttributeValues: map[string]types.AttributeValue{":e": &types.AttributeValueMemberN{Value: "1"}}}},
			}})
			return err
		}, 2*2 + 2*1},
		{"a cancelled transaction takes, once, what each item's failed write would", func() { put(t, h.direct(), tbl, sized("T", "3", 1536)) }, func() error {
			_, err := db.TransactWriteItems(ctx(t), &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
				{Put: &types.Put{TableName: aws.String(tbl), Item: sized("T", "3", 100), ConditionExpression: aws.String("attribute_not_exists(pk)")}},
				{Put: &types.Put{TableName: aws.String(tbl), Item: sized("T", "4", 3000)}},
			}})
			var cancelled *types.TransactionCanceledException
			if !errors.As(err, &cancelled) {
				return fmt.Errorf("want the transaction cancelled, got %v", err)
			}
			return nil
		}, 2 + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.setup != nil {
				tt.setup()
			}
			u := h.moved(t, fn, func() {
				if err := tt.f(); err != nil {
					t.Fatal(err)
				}
			})
			if u.DynamoDB.WriteUnits != tt.want {
				t.Errorf("wrote %d units, want %d", u.DynamoDB.WriteUnits, tt.want)
			}
		})
	}
}

func expectConditionFailure(err error) error {
	var failed *types.ConditionalCheckFailedException
	if !errors.As(err, &failed) {
		return fmt.Errorf("want the condition to fail, got %v", err)
	}
	return nil
}

func TestIndexWritesAreChargedForEachIndexEntryTheWriteChanges(t *testing.T) {
	h := newHarness(t)
	tbl := table(t, h)
	const fn = "orders-projector"
	db := h.dynamo(fn)
	indexed := func(pk, gpk string, size int) map[string]types.AttributeValue {
		it := sized(pk, "1", size)
		it["gpk"] = &types.AttributeValueMemberS{Value: gpk}
		it["gsk"] = &types.AttributeValueMemberS{Value: "s"}
		return it
	}
	const extra = len("gpk") + 1 + len("gsk") + 1
	tests := []struct {
		name         string
		setup        func()
		f            func() error
		table, index int64
	}{
		{"a put of an item the index does not hold writes no index entry", nil, func() error {
			_, err := db.PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String(tbl), Item: sized("I", "1", 900)})
			return err
		}, 1, 0},
		{"a put of an indexed item writes its entry, as large as the item (ALL)", nil, func() error {
			_, err := db.PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String(tbl), Item: indexed("I2", "g", 1500-extra)})
			return err
		}, 2, 2},
		{"changing an item's index key deletes the old entry and puts a new one", func() {
			put(t, h.direct(), tbl, indexed("I3", "g", 900-extra))
		}, func() error {
			_, err := db.UpdateItem(ctx(t), &dynamodb.UpdateItemInput{TableName: aws.String(tbl), Key: key("I3", "1"),
				UpdateExpression:          aws.String("SET gpk = :g"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":g": &types.AttributeValueMemberS{Value: "h"}}})
			return err
		}, 1, 2},
		{"changing a projected attribute, the key kept, rewrites the entry once", func() {
			put(t, h.direct(), tbl, indexed("I4", "g", 900-extra))
		}, func() error {
			_, err := db.UpdateItem(ctx(t), &dynamodb.UpdateItemInput{TableName: aws.String(tbl), Key: key("I4", "1"),
				UpdateExpression:          aws.String("SET e = :e"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":e": &types.AttributeValueMemberN{Value: "1"}}})
			return err
		}, 1, 1},
		{"deleting an indexed item deletes its entry", func() {
			put(t, h.direct(), tbl, indexed("I5", "g", 2500-extra))
		}, func() error {
			_, err := db.DeleteItem(ctx(t), &dynamodb.DeleteItemInput{TableName: aws.String(tbl), Key: key("I5", "1")})
			return err
		}, 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.setup != nil {
				tt.setup()
			}
			u := h.moved(t, fn, func() {
				if err := tt.f(); err != nil {
					t.Fatal(err)
				}
			})
			if u.DynamoDB.WriteUnits != tt.table || u.DynamoDB.IndexWriteUnits != tt.index {
				t.Errorf("wrote %d table and %d index units, want %d and %d", u.DynamoDB.WriteUnits, u.DynamoDB.IndexWriteUnits, tt.table, tt.index)
			}
		})
	}
}

func TestWhatIsFreeOnAWSIsNotMetered(t *testing.T) {
	h := newHarness(t)
	tbl := table(t, h)
	put(t, h.direct(), tbl, sized("A", "1", 3000))

	t.Run("an operator's calls are not charged to anyone", func(t *testing.T) {
		before := h.meter.Snapshot()
		if _, err := h.dynamo("").GetItem(ctx(t), &dynamodb.GetItemInput{TableName: aws.String(tbl), Key: key("A", "1")}); err != nil {
			t.Fatal(err)
		}
		if d := h.meter.Snapshot().Sub(before); len(d.Functions) != 0 {
			t.Errorf("an operator's GetItem moved %v", d.Functions)
		}
	})
	t.Run("a function's reads of a table stream are free", func(t *testing.T) {
		const fn = "orders-relay"
		streams := dynamodbstreams.NewFromConfig(h.as(fn))
		u := h.moved(t, fn, func() {
			desc, err := h.direct().DescribeTable(ctx(t), &dynamodb.DescribeTableInput{TableName: aws.String(tbl)})
			if err != nil {
				t.Fatal(err)
			}
			out, err := streams.DescribeStream(ctx(t), &dynamodbstreams.DescribeStreamInput{StreamArn: desc.Table.LatestStreamArn})
			if err != nil {
				t.Fatal(err)
			}
			it, err := streams.GetShardIterator(ctx(t), &dynamodbstreams.GetShardIteratorInput{StreamArn: desc.Table.LatestStreamArn,
				ShardId: out.StreamDescription.Shards[0].ShardId, ShardIteratorType: "TRIM_HORIZON"})
			if err != nil {
				t.Fatal(err)
			}
			recs, err := streams.GetRecords(ctx(t), &dynamodbstreams.GetRecordsInput{ShardIterator: it.ShardIterator})
			if err != nil {
				t.Fatal(err)
			}
			if len(recs.Records) == 0 {
				t.Fatal("the stream holds no record; the test reads nothing")
			}
		})
		if !zero(u) {
			t.Errorf("reading the stream moved %+v", u)
		}
	})
	t.Run("every call is counted by operation", func(t *testing.T) {
		const fn = "catalog-api"
		db := awsclient.DynamoDB(h.as(fn))
		u := h.moved(t, fn, func() {
			for range 3 {
				if _, err := db.GetItem(ctx(t), &dynamodb.GetItemInput{TableName: aws.String(tbl), Key: key("A", "1")}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.DescribeTable(ctx(t), &dynamodb.DescribeTableInput{TableName: aws.String(tbl)}); err != nil {
				t.Fatal(err)
			}
		})
		if u.DynamoDB.Calls["GetItem"] != 3 || u.DynamoDB.Calls["DescribeTable"] != 1 || u.DynamoDB.ReadUnits != 1.5 {
			t.Errorf("calls %v, read %v units; want 3 GetItem, 1 DescribeTable, 1.5 units", u.DynamoDB.Calls, u.DynamoDB.ReadUnits)
		}
		if u.Service != "catalog" {
			t.Errorf("charged to service %q, want catalog (the function name's prefix)", u.Service)
		}
	})
}
