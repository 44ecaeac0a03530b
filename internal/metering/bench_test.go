package metering_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/internal/metering"
)

// cannedDynamoDB answers every DynamoDB call at once from memory, so that
// a benchmark in front of it measures the meter's own work.
type cannedDynamoDB struct{ item string }

func (c cannedDynamoDB) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	switch strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "DynamoDB_20120810.") {
	case "GetItem":
		fmt.Fprintf(w, `{"Item":%s}`, c.item)
	case "Query":
		fmt.Fprintf(w, `{"Items":[%s,%s,%s,%s,%s],"Count":5,"ScannedCount":5}`, c.item, c.item, c.item, c.item, c.item)
	case "DescribeTable":
		_, _ = io.WriteString(w, `{"Table":{"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],`+
			`"GlobalSecondaryIndexes":[{"IndexName":"gsi1","KeySchema":[{"AttributeName":"gpk","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]}}`)
	default:
		_, _ = io.WriteString(w, `{}`)
	}
}

// BenchmarkMeterCPU is the meter's own work per call, in front of an
// emulator that answers instantly: "unmetered" is an operator's call the
// meter passes on, "metered" the same call made by a function.
func BenchmarkMeterCPU(b *testing.B) {
	// An item of about 600 bytes, as the platform's items are.
	item := `{"pk":{"S":"ORDER#0190d6a4-1d1c-7c63-a0a4-0a7b3c0f6c1e"},"sk":{"S":"COMMIT#0000000001"},` +
		`"events":{"S":"` + strings.Repeat("e", 450) + `"},"version":{"N":"1"},"gpk":{"S":"CUSTOMER#alice"}}`
	calls := []struct{ op, body string }{
		{"GetItem", `{"TableName":"t","Key":{"pk":{"S":"a"},"sk":{"S":"b"}},"ConsistentRead":true}`},
		{"Query", `{"TableName":"t","KeyConditionExpression":"pk = :pk","ExpressionAttributeValues":{":pk":{"S":"a"}}}`},
		{"PutItem (create only)", `{"TableName":"t","Item":` + item + `,"ConditionExpression":"attribute_not_exists(pk)"}`},
		{"PutItem (may replace)", `{"TableName":"t","Item":` + item + `}`},
	}
	m := metering.New()
	fd := m.FrontDoor(cannedDynamoDB{item: item}, callerOf)
	for _, c := range calls {
		op, _, _ := strings.Cut(c.op, " ")
		for _, mode := range []string{"unmetered", "metered"} {
			b.Run(c.op+"/"+mode, func(b *testing.B) {
				key := "operator"
				if mode == "metered" {
					key = "fn.orders-api"
				}
				body := []byte(c.body)
				b.ReportAllocs()
				for b.Loop() {
					r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
					r.Header.Set("X-Amz-Target", "DynamoDB_20120810."+op)
					r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+key+"/20261130/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x")
					fd.ServeHTTP(httptest.NewRecorder(), r)
				}
			})
		}
	}
}

// BenchmarkMeterWithKumo is a function's call through the front door to
// the test binary's kumo, with and without the meter. The emulator serves
// kumo in its own process; here a reverse proxy stands in between, so the
// reads a write costs the meter (one over HTTP per item) count more than
// they do in the local cloud.
func BenchmarkMeterWithKumo(b *testing.B) {
	h := newBenchHarness(b)
	tbl := h.table
	item := sized("B", "1", 600)
	put(b, h.direct(), tbl, item)
	for i := range 5 {
		put(b, h.direct(), tbl, sized("Q", fmt.Sprint(i), 600))
	}
	for _, mode := range []string{"unmetered", "metered"} {
		db := h.dynamo(mode)
		n := 0
		calls := map[string]func() error{
			"GetItem": func() error {
				_, err := db.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(tbl), Key: key("B", "1"), ConsistentRead: aws.Bool(true)})
				return err
			},
			"Query": func() error {
				_, err := db.Query(context.Background(), &dynamodb.QueryInput{TableName: aws.String(tbl), KeyConditionExpression: aws.String("pk = :pk"),
					ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "Q"}}})
				return err
			},
			"PutItem (create only)": func() error {
				n++
				_, err := db.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(tbl), Item: sized("N"+mode, fmt.Sprint(n), 600),
					ConditionExpression: aws.String("attribute_not_exists(pk)")})
				return err
			},
			"PutItem (may replace)": func() error {
				_, err := db.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(tbl), Item: item})
				return err
			},
		}
		for _, name := range []string{"GetItem", "Query", "PutItem (create only)", "PutItem (may replace)"} {
			b.Run(name+"/"+mode, func(b *testing.B) {
				call := calls[name]
				b.ReportAllocs()
				for b.Loop() {
					if err := call(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

type benchHarness struct {
	*harness
	table string
}

func newBenchHarness(b *testing.B) benchHarness {
	b.Helper()
	h := newHarness(b)
	return benchHarness{harness: h, table: table(b, h)}
}

func (h benchHarness) dynamo(mode string) *dynamodb.Client {
	if mode == "metered" {
		return h.harness.dynamo("orders-api")
	}
	return h.harness.dynamo("")
}
