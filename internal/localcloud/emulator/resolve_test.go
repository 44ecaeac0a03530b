package emulator

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// request builds a request signed (in its Authorization header only) by
// key for service.
func request(method, path, target, service, body string) (*http.Request, scope) {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if target != "" {
		r.Header.Set("X-Amz-Target", target)
	}
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=fn.orders-api/20260101/us-east-1/"+service+"/aws4_request, SignedHeaders=host, Signature=0")
	sc, _ := signingScope(r)
	return r, sc
}

func TestResolve(t *testing.T) {
	const (
		table  = "arn:aws:dynamodb:us-east-1:000000000000:table/orders"
		stream = table + "/stream/2026-11-30T06:05:00.000"
	)
	iterator := base64.StdEncoding.EncodeToString([]byte(stream + ":shardId-00000001:7:1764482700000000000"))
	tests := []struct {
		name                      string
		method, path, target, svc string
		body                      string
		want                      []check
		wantProtocol              protocol
		wantUnresolved            bool
	}{
		{
			name: "a GetItem acts on its table", method: "POST", path: "/", target: "DynamoDB_20120810.GetItem", svc: "dynamodb",
			body: `{"TableName":"orders","Key":{}}`,
			want: []check{{action: "dynamodb:GetItem", resource: table}},
		},
		{
			name: "a table named by its ARN keeps it", method: "POST", path: "/", target: "DynamoDB_20120810.PutItem", svc: "dynamodb",
			body: `{"TableName":"` + table + `","Item":{}}`,
			want: []check{{action: "dynamodb:PutItem", resource: table}},
		},
		{
			name: "a Scan of an index acts on the index", method: "POST", path: "/", target: "DynamoDB_20120810.Scan", svc: "dynamodb",
			body: `{"TableName":"orders","IndexName":"by-customer"}`,
			want: []check{{action: "dynamodb:Scan", resource: table + "/index/by-customer"}},
		},
		{
			name: "a BatchWriteItem is checked on every table", method: "POST", path: "/", target: "DynamoDB_20120810.BatchWriteItem", svc: "dynamodb",
			body: `{"RequestItems":{"orders":[],"catalog":[]}}`,
			want: []check{
				{action: "dynamodb:BatchWriteItem", resource: "arn:aws:dynamodb:us-east-1:000000000000:table/catalog"},
				{action: "dynamodb:BatchWriteItem", resource: table},
			},
		},
		{
			name: "a TransactGetItems is checked as GetItem on each item", method: "POST", path: "/", target: "DynamoDB_20120810.TransactGetItems", svc: "dynamodb",
			body: `{"TransactItems":[{"Get":{"TableName":"orders","Key":{}}}]}`,
			want: []check{{action: "dynamodb:GetItem", resource: table, context: map[string][]string{"dynamodb:EnclosingOperation": {"TransactGetItems"}}}},
		},
		{
			name: "a GetRecords acts on the stream of its shard iterator", method: "POST", path: "/", target: "DynamoDBStreams_20120810.GetRecords", svc: "dynamodb",
			body: `{"ShardIterator":"` + iterator + `"}`,
			want: []check{{action: "dynamodb:GetRecords", resource: stream}},
		},
		{
			name: "a shard iterator the emulator did not issue is refused", method: "POST", path: "/", target: "DynamoDBStreams_20120810.GetRecords", svc: "dynamodb",
			body: `{"ShardIterator":"bm90IGFuIGl0ZXJhdG9y"}`, wantUnresolved: true,
		},
		{
			name: "ListStreams acts on no resource", method: "POST", path: "/", target: "DynamoDBStreams_20120810.ListStreams", svc: "dynamodb",
			body: `{"TableName":"orders"}`,
			want: []check{{action: "dynamodb:ListStreams", resource: "*"}},
		},
		{
			name: "an SQS batch is checked as its single action", method: "POST", path: "/", target: "AmazonSQS.DeleteMessageBatch", svc: "sqs",
			body:         `{"QueueUrl":"http://127.0.0.1:4566/000000000000/conveyor-orders-payments","Entries":[]}`,
			want:         []check{{action: "sqs:DeleteMessage", resource: "arn:aws:sqs:us-east-1:000000000000:conveyor-orders-payments"}},
			wantProtocol: sqsJSON,
		},
		{
			name: "an SQS GetQueueUrl acts on the queue it names", method: "POST", path: "/", target: "AmazonSQS.GetQueueUrl", svc: "sqs",
			body:         `{"QueueName":"conveyor-orders-payments"}`,
			want:         []check{{action: "sqs:GetQueueUrl", resource: "arn:aws:sqs:us-east-1:000000000000:conveyor-orders-payments"}},
			wantProtocol: sqsJSON,
		},
		{
			name: "an SQS Query call to the queue's path acts on that queue", method: "POST", path: "/000000000000/q1", svc: "sqs",
			body:         "Action=ChangeMessageVisibilityBatch&Version=2012-11-05",
			want:         []check{{action: "sqs:ChangeMessageVisibility", resource: "arn:aws:sqs:us-east-1:000000000000:q1"}},
			wantProtocol: sqsQuery,
		},
		{
			name: "each PutEvents entry is a check with its source and detail type", method: "POST", path: "/", target: "AWSEvents.PutEvents", svc: "events",
			body: `{"Entries":[{"Source":"conveyor.orders","DetailType":"OrderPlaced","EventBusName":"conveyor","Detail":"{}"},{"Source":"conveyor.orders","DetailType":"OrderCancelled","Detail":"{}"}]}`,
			want: []check{
				{action: "events:PutEvents", resource: "arn:aws:events:us-east-1:000000000000:event-bus/conveyor",
					context: map[string][]string{"events:source": {"conveyor.orders"}, "events:detail-type": {"OrderPlaced"}}},
				{action: "events:PutEvents", resource: "arn:aws:events:us-east-1:000000000000:event-bus/default",
					context: map[string][]string{"events:source": {"conveyor.orders"}, "events:detail-type": {"OrderCancelled"}}},
			},
		},
		{
			name: "an SSM GetParameter acts on the parameter's ARN", method: "POST", path: "/", target: "AmazonSSM.GetParameter", svc: "ssm",
			body: `{"Name":"/conveyor/dev/payments/provider-url"}`,
			want: []check{{action: "ssm:GetParameter", resource: "arn:aws:ssm:us-east-1:000000000000:parameter/conveyor/dev/payments/provider-url"}},
		},
		{
			name: "X-Ray's telemetry acts on no resource", method: "POST", path: "/TelemetryRecords", svc: "xray",
			body:         `{}`,
			want:         []check{{action: "xray:PutTelemetryRecords", resource: "*"}},
			wantProtocol: restJSON,
		},
		{
			name: "another JSON service is checked by its signing name on no resource", method: "POST", path: "/", target: "GraniteServiceVersion20100801.PutMetricData", svc: "monitoring",
			body: `{}`,
			want: []check{{action: "cloudwatch:PutMetricData", resource: "*"}},
		},
		{
			name: "a REST API the front door cannot read is refused", method: "POST", path: "/2015-03-31/functions/f/invocations", svc: "lambda",
			wantProtocol: restJSON, wantUnresolved: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, sc := request(tt.method, tt.path, tt.target, tt.svc, tt.body)
			got := resolve(r, []byte(tt.body), sc, DefaultAccountID)
			if (got.unresolved != "") != tt.wantUnresolved {
				t.Fatalf("unresolved %q, want unresolved %v", got.unresolved, tt.wantUnresolved)
			}
			if got.protocol != tt.wantProtocol {
				t.Fatalf("protocol %d, want %d", got.protocol, tt.wantProtocol)
			}
			if !tt.wantUnresolved && !reflect.DeepEqual(got.checks, tt.want) {
				t.Fatalf("checks\n%+v\nwant\n%+v", got.checks, tt.want)
			}
		})
	}
}

func TestSigningScope(t *testing.T) {
	r := httptest.NewRequest("GET", "/?X-Amz-Credential=fn.a%2F20260101%2Feu-west-1%2Fsqs%2Faws4_request", nil)
	if sc, ok := signingScope(r); !ok || sc != (scope{accessKey: "fn.a", region: "eu-west-1", service: "sqs"}) {
		t.Fatalf("presigned: %+v %v", sc, ok)
	}
	if _, ok := signingScope(httptest.NewRequest("GET", "/", nil)); ok {
		t.Fatal("an unsigned request has a scope")
	}
}
