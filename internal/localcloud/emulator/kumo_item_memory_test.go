package emulator_test

import (
	"fmt"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// The tests in this file check how kumo keeps items and stream records,
// as carried in third_party/kumo: encoded, in a fraction of the memory
// of attribute value structs, and read back exactly as written.

// everyKindOfValue is an item with a value of every kind DynamoDB has,
// empty collections, nesting, and strings JSON has to escape.
func everyKindOfValue(pk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk":      str(pk),
		"sk":      str("ITEM"),
		"text":    str("quote \" backslash \\ newline \n tab \t control \x01 <tag> & é 日本 \u2028"),
		"empty":   str(""),
		"number":  num("-12.5e3"),
		"binary":  &types.AttributeValueMemberB{Value: []byte{0, 1, 2, 0xff}},
		"noBytes": &types.AttributeValueMemberB{Value: []byte{}},
		"strings": &types.AttributeValueMemberSS{Value: []string{"b", "a", "c"}},
		"numbers": &types.AttributeValueMemberNS{Value: []string{"3", "1.5", "-2"}},
		"binarys": &types.AttributeValueMemberBS{Value: [][]byte{{1}, {2, 3}}},
		"null":    &types.AttributeValueMemberNULL{Value: true},
		"yes":     &types.AttributeValueMemberBOOL{Value: true},
		"no":      &types.AttributeValueMemberBOOL{Value: false},
		"noList":  &types.AttributeValueMemberL{Value: []types.AttributeValue{}},
		"noMap":   &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{}},
		"nested": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
			"list": &types.AttributeValueMemberL{Value: []types.AttributeValue{
				str("first"), num("2"),
				&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"deep": &types.AttributeValueMemberBOOL{Value: true}}},
				&types.AttributeValueMemberNULL{Value: true},
			}},
			"name": str("inner"),
		}},
	}
}

// TestItemsReadBackExactlyAsWritten writes an item with every kind of
// value and reads it back through every call that returns items and
// through the table's stream: each answer must be the item as written.
func TestItemsReadBackExactlyAsWritten(t *testing.T) {
	env := kumotest.Start(t)
	db := env.DynamoDB()
	ctx := t.Context()
	table := kumotest.UniqueName(t, "kinds")
	kumotest.CreateTable(t, db, table, spec.Table{
		PartitionKey: stringKey("pk"), SortKey: ptr(stringKey("sk")), Stream: spec.NewAndOldImages,
		Indexes: []spec.Index{{Name: "byText", PartitionKey: stringKey("text"), SortKey: ptr(stringKey("pk"))}},
	})
	written := everyKindOfValue("A")
	if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: written}); err != nil {
		t.Fatal(err)
	}
	key := map[string]types.AttributeValue{"pk": str("A"), "sk": str("ITEM")}
	// Rewrite one attribute so the stream holds an old and a new image.
	updated, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(table), Key: key, ReturnValues: types.ReturnValueAllNew,
		UpdateExpression:          aws.String("SET #n = :n"),
		ExpressionAttributeNames:  map[string]string{"#n": "number"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":n": num("7")},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := everyKindOfValue("A")
	want["number"] = num("7")

	reads := map[string]map[string]types.AttributeValue{"UpdateItem ALL_NEW": updated.Attributes}
	get, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(table), Key: key})
	if err != nil {
		t.Fatal(err)
	}
	reads["GetItem"] = get.Item
	query, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str("A")}})
	if err != nil || len(query.Items) != 1 {
		t.Fatalf("Query: %v, %d items", err, len(query.Items))
	}
	reads["Query"] = query.Items[0]
	byText, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String(table), IndexName: aws.String("byText"),
		KeyConditionExpression: aws.String("#t = :t"), ExpressionAttributeNames: map[string]string{"#t": "text"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":t": written["text"]}})
	if err != nil || len(byText.Items) != 1 {
		t.Fatalf("Query on the index: %v, %d items", err, len(byText.Items))
	}
	reads["Query on an index"] = byText.Items[0]
	scan, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(table)})
	if err != nil || len(scan.Items) != 1 {
		t.Fatalf("Scan: %v, %d items", err, len(scan.Items))
	}
	reads["Scan"] = scan.Items[0]
	tget, err := db.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{{Get: &types.Get{TableName: aws.String(table), Key: key}}}})
	if err != nil {
		t.Fatal(err)
	}
	reads["TransactGetItems"] = tget.Responses[0].Item
	bget, err := db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{table: {Keys: []map[string]types.AttributeValue{key}}}})
	if err != nil || len(bget.Responses[table]) != 1 {
		t.Fatalf("BatchGetItem: %v", err)
	}
	reads["BatchGetItem"] = bget.Responses[table][0]

	records := streamRecords(t, env.Clients().Streams, table, db)
	if len(records) != 2 {
		t.Fatalf("%d stream records, want 2", len(records))
	}
	for name, image := range map[string]struct {
		got  map[string]streamtypes.AttributeValue
		want map[string]types.AttributeValue
	}{
		"the INSERT's new image": {records[0].Dynamodb.NewImage, written},
		"the MODIFY's old image": {records[1].Dynamodb.OldImage, written},
		"the MODIFY's new image": {records[1].Dynamodb.NewImage, want},
	} {
		converted, err := attributevalue.FromDynamoDBStreamsMap(image.got)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(converted, image.want) {
			t.Errorf("%s:\n got %s\nwant %s", name, describe(converted), describe(image.want))
		}
	}
	for call, got := range reads {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", call, describe(got), describe(want))
		}
	}
}

// describe writes an item as text, for failure messages.
func describe(item map[string]types.AttributeValue) string {
	var out any
	if err := attributevalue.UnmarshalMap(item, &out); err != nil {
		return fmt.Sprintf("%#v", item)
	}
	return fmt.Sprintf("%v", out)
}

// orderEvent is an item shaped as an order's event in an event store:
// about 650 bytes of DynamoDB JSON in nine attributes.
func orderEvent(order, seq int) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk":            str(fmt.Sprintf("ORDER#%08d", order)),
		"sk":            str(fmt.Sprintf("EVENT#%04d", seq)),
		"type":          str("OrderPlaced"),
		"version":       num(strconv.Itoa(seq)),
		"customer":      str(fmt.Sprintf("customer-%04d", order%1000)),
		"correlationId": str(fmt.Sprintf("%032x", order*7919+seq)),
		"at":            str("2026-11-30T11:20:12.123456Z"),
		"expiresAt":     num("1893456000"),
		"payload": str(`{"lines":[{"sku":"SKU-0001","quantity":2,"price":1250},{"sku":"SKU-0002","quantity":1,"price":990}],` +
			`"total":3490,"currency":"EUR","address":{"street":"` + strings.Repeat("x", 200) + `"}}`),
	}
}

// BenchmarkMemoryPerItem writes items shaped as order events into a table
// without a stream and into one whose stream keeps new and old images,
// and reports the live heap they add per item written, as
// heap-bytes/item: what a table and its stream cost to keep. Each
// iteration writes 500 items: run it with -benchtime=20x, and with
// KUMO_DYNAMODB_STREAMS_MAX_RECORDS above the items written (this test
// binary keeps testStreamMaxRecords otherwise), e.g.
//
//	KUMO_DYNAMODB_STREAMS_MAX_RECORDS=1000000 go test -run '^$' -bench MemoryPerItem -benchtime 20x ./internal/localcloud/emulator/
func BenchmarkMemoryPerItem(b *testing.B) {
	env := kumotest.Start(b)
	db := env.DynamoDB()
	for _, stream := range []spec.StreamView{spec.NoStream, spec.NewAndOldImages} {
		name := "stream=none"
		if stream != spec.NoStream {
			name = "stream=" + string(stream)
		}
		b.Run(name, func(b *testing.B) {
			table := kumotest.UniqueName(b, "memory")
			kumotest.CreateTable(b, db, table, spec.Table{PartitionKey: stringKey("pk"), SortKey: ptr(stringKey("sk")), Stream: stream})
			const perIteration = 500
			before := liveHeap()
			order := 0
			for b.Loop() {
				var items []map[string]types.AttributeValue
				for range perIteration / 5 {
					order++
					for seq := range 5 {
						items = append(items, orderEvent(order, seq))
					}
				}
				putAll(b, db, table, items)
			}
			b.ReportMetric(float64(liveHeap()-before)/float64(b.N*perIteration), "heap-bytes/item")
		})
	}
}

// liveHeap is the heap the process holds after a full collection.
func liveHeap() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}
