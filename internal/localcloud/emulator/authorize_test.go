package emulator_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/xray"

	"github.com/conveyor-dev/conveyor/internal/iampolicy"
	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
	"github.com/conveyor-dev/conveyor/shared/awsclient"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

const account = emulator.DefaultAccountID

// apiError is what the SDK's errors implement: smithy's APIError.
type apiError interface {
	error
	ErrorCode() string
	ErrorMessage() string
}

// world is what one enforcement test works on: two services' tables, two
// queues and a bus, and the ARNs a policy names them by.
type world struct {
	env                       kumotest.Env
	catalog, orders           string // table names
	catalogARN, ordersARN     string
	catalogStream, ordersStrm string
	ownQueue, otherQueue      string // queue URLs
	ownQueueARN               string
	bus, busARN               string
	denials                   *denialLog
}

type denialLog struct {
	mu    sync.Mutex
	lines []emulator.Denial
}

func (l *denialLog) add(d emulator.Denial) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, d)
}

func (l *denialLog) last(t *testing.T) emulator.Denial {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.lines) == 0 {
		t.Fatal("no denial was reported")
	}
	return l.lines[len(l.lines)-1]
}

func (l *denialLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.lines)
}

var (
	table = spec.Table{
		PartitionKey: spec.Key{Name: "pk", Type: spec.String}, SortKey: &spec.Key{Name: "sk", Type: spec.String},
		Indexes: []spec.Index{{Name: "by-kind", PartitionKey: spec.Key{Name: "kind", Type: spec.String}}},
		Stream:  spec.NewAndOldImages,
	}
)

// newWorld creates the resources and makes the front door enforce
// catalogPolicy on "fn.catalog-api" until the test ends.
func newWorld(t *testing.T) *world {
	t.Helper()
	env := kumotest.Start(t)
	if env.Emulator == nil {
		t.Fatal("the enforcement tests need the front door: call kumotest.Main from TestMain")
	}
	ctx := t.Context()
	w := &world{env: env, denials: &denialLog{}}
	db := env.DynamoDB()
	w.catalog, w.orders = kumotest.UniqueName(t, "catalog"), kumotest.UniqueName(t, "orders")
	for _, name := range []string{w.catalog, w.orders} {
		kumotest.CreateTable(t, db, name, table)
	}
	w.catalogARN = fmt.Sprintf("arn:aws:dynamodb:us-east-1:%s:table/%s", account, w.catalog)
	w.ordersARN = fmt.Sprintf("arn:aws:dynamodb:us-east-1:%s:table/%s", account, w.orders)
	w.catalogStream, w.ordersStrm = streamARN(t, db, w.catalog), streamARN(t, db, w.orders)
	q := env.SQS()
	for _, p := range []*string{&w.ownQueue, &w.otherQueue} {
		out, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(kumotest.UniqueName(t, "q"))})
		if err != nil {
			t.Fatal(err)
		}
		*p = *out.QueueUrl
	}
	w.ownQueueARN = fmt.Sprintf("arn:aws:sqs:us-east-1:%s:%s", account, w.ownQueue[strings.LastIndex(w.ownQueue, "/")+1:])
	w.bus = kumotest.UniqueName(t, "bus")
	out, err := env.EventBridge().CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String(w.bus)})
	if err != nil {
		t.Fatal(err)
	}
	w.busARN = *out.EventBusArn
	if want := fmt.Sprintf("arn:aws:events:us-east-1:%s:event-bus/%s", account, w.bus); w.busARN != want {
		t.Fatalf("the emulator names the bus %s, the front door %s", w.busARN, want)
	}
	w.enforce(t, w.catalogPolicy())
	return w
}

func (w *world) enforce(t *testing.T, statements []iampolicy.Statement) {
	t.Helper()
	err := w.env.Emulator.Enforce(&emulator.Enforcement{
		Principals: map[string]emulator.Principal{"catalog-api": {Role: "conveyor-local-catalog-api", Statements: statements}},
		Denied:     w.denials.add,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.env.Emulator.Enforce(nil) })
}

// catalogPolicy is what a catalog API might be granted: its own table and
// indexes, its own stream, one queue, its own events on the bus, traces.
func (w *world) catalogPolicy() []iampolicy.Statement {
	return []iampolicy.Statement{
		{Sid: "OwnTable", Effect: iampolicy.Allow,
			Actions:   []string{"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"},
			Resources: []string{w.catalogARN, w.catalogARN + "/index/*"}},
		{Sid: "OwnStream", Effect: iampolicy.Allow,
			Actions:   []string{"dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords"},
			Resources: []string{w.catalogARN + "/stream/*"}},
		{Sid: "SendToOwnQueue", Effect: iampolicy.Allow, Actions: []string{"sqs:SendMessage"}, Resources: []string{w.ownQueueARN}},
		{Sid: "PublishOwnEvents", Effect: iampolicy.Allow, Actions: []string{"events:PutEvents"}, Resources: []string{w.busARN},
			Conditions: []iampolicy.Condition{
				{Operator: "StringEquals", Key: "events:source", Values: []string{"conveyor.catalog"}},
				{Operator: "StringEquals", Key: "events:detail-type", Values: []string{"ProductAdded", "PriceChanged"}},
			}},
		{Sid: "Traces", Effect: iampolicy.Allow, Actions: []string{"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, Resources: []string{"*"},
			Reason: "X-Ray has no resource-level permissions"},
	}
}

// as returns an SDK configuration signing with access key id key.
func (w *world) as(key string) aws.Config {
	cfg := w.env.Config.Copy()
	cfg.Credentials = credentials.NewStaticCredentialsProvider(key, "secret", "")
	return cfg
}

func (w *world) function() aws.Config { return w.as(emulator.FunctionAccessKey("catalog-api")) }

func streamARN(t *testing.T, db *dynamodb.Client, name string) string {
	t.Helper()
	d, err := db.DescribeTable(t.Context(), &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	return *d.Table.LatestStreamArn
}

func key(pk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"pk": str(pk), "sk": str("X")}
}

// mustDeny checks that err is the AccessDenied error AWS returns: code,
// and a message naming the role, action and resource.
func mustDeny(t *testing.T, err error, code, action, resource string) {
	t.Helper()
	var ae apiError
	if !errors.As(err, &ae) {
		t.Fatalf("want %s, got %v", code, err)
	}
	if ae.ErrorCode() != code {
		t.Fatalf("error code %q, want %q (%v)", ae.ErrorCode(), code, err)
	}
	want := fmt.Sprintf("User: arn:aws:sts::%s:assumed-role/conveyor-local-catalog-api/catalog-api is not authorized to perform: %s", account, action)
	if resource != "*" {
		want += " on resource: " + resource
	}
	want += " because no identity-based policy allows the " + action + " action"
	if ae.ErrorMessage() != want {
		t.Fatalf("message\n%s\nwant\n%s", ae.ErrorMessage(), want)
	}
}

// must returns the result of a call that must succeed:
// must(client.Call(...))(t).
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func TestFunctionReadsOnlyTheTablesItsPolicyAllows(t *testing.T) {
	w := newWorld(t)
	ctx := t.Context()
	admin := w.env.DynamoDB()
	fn := awsclient.DynamoDB(w.function())
	must(admin.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(w.orders), Item: key("ORDER#1")}))(t)

	t.Run("its own table is read", func(t *testing.T) {
		must(fn.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(w.catalog), Item: key("PRODUCT#1")}))(t)
		out := must(fn.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(w.catalog), Key: key("PRODUCT#1")}))(t)
		if out.Item == nil {
			t.Fatal("own item not found")
		}
	})
	t.Run("another service's table is refused with AccessDeniedException", func(t *testing.T) {
		_, err := fn.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(w.orders), Key: key("ORDER#1")})
		mustDeny(t, err, "AccessDeniedException", "dynamodb:GetItem", w.ordersARN)
		d := w.denials.last(t)
		if d.Function != "catalog-api" || d.Action != "dynamodb:GetItem" || d.Resource != w.ordersARN {
			t.Fatalf("denial reported as %+v", d)
		}
		line := d.String()
		for _, part := range []string{"AccessDenied", "catalog-api", "dynamodb:GetItem", w.ordersARN} {
			if !strings.Contains(line, part) || strings.Contains(line, "\n") {
				t.Fatalf("log line %q does not name %q on one line", line, part)
			}
		}
	})
	t.Run("an action its policy lacks is refused on its own table", func(t *testing.T) {
		_, err := fn.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(w.catalog), Key: key("PRODUCT#1")})
		mustDeny(t, err, "AccessDeniedException", "dynamodb:DeleteItem", w.catalogARN)
	})
	t.Run("a query on its own index is allowed, on another table's index refused", func(t *testing.T) {
		q := func(name string) error {
			_, err := fn.Query(ctx, &dynamodb.QueryInput{TableName: aws.String(name), IndexName: aws.String("by-kind"),
				KeyConditionExpression:    aws.String("kind = :k"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":k": str("product")}})
			return err
		}
		if err := q(w.catalog); err != nil {
			t.Fatal(err)
		}
		mustDeny(t, q(w.orders), "AccessDeniedException", "dynamodb:Query", w.ordersARN+"/index/by-kind")
	})
	t.Run("a batch read that touches another table is refused as a whole", func(t *testing.T) {
		_, err := fn.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
			w.catalog: {Keys: []map[string]types.AttributeValue{key("PRODUCT#1")}},
			w.orders:  {Keys: []map[string]types.AttributeValue{key("ORDER#1")}},
		}})
		mustDeny(t, err, "AccessDeniedException", "dynamodb:BatchGetItem", w.ordersARN)
		must(fn.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
			w.catalog: {Keys: []map[string]types.AttributeValue{key("PRODUCT#1")}},
		}}))(t)
	})
	t.Run("an administrator key is never refused", func(t *testing.T) {
		must(admin.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(w.orders), Key: key("ORDER#1")}))(t)
		must(admin.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(w.catalog), Key: key("NOTHING")}))(t)
		other := awsclient.DynamoDB(w.as("AKIAADMINISTRATOR"))
		must(other.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(w.orders), Key: key("ORDER#1")}))(t)
	})
	t.Run("a function with no policy is refused everything", func(t *testing.T) {
		stranger := awsclient.DynamoDB(w.as(emulator.FunctionAccessKey("stranger")))
		_, err := stranger.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(w.catalog), Key: key("PRODUCT#1")})
		var ae apiError
		if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDeniedException" {
			t.Fatalf("want AccessDeniedException, got %v", err)
		}
	})
}

func TestTransactionIsRefusedWhenOneItemIsOnAnotherTable(t *testing.T) {
	w := newWorld(t)
	ctx := t.Context()
	fn := awsclient.DynamoDB(w.function())
	transact := func(items ...types.TransactWriteItem) error {
		_, err := fn.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
		return err
	}
	put := func(table, pk string) types.TransactWriteItem {
		return types.TransactWriteItem{Put: &types.Put{TableName: aws.String(table), Item: key(pk)}}
	}
	err := transact(put(w.catalog, "PRODUCT#2"), put(w.orders, "ORDER#2"))
	mustDeny(t, err, "AccessDeniedException", "dynamodb:PutItem", w.ordersARN)
	got := must(w.env.DynamoDB().GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(w.catalog), Key: key("PRODUCT#2"), ConsistentRead: aws.Bool(true)}))(t)
	if got.Item != nil {
		t.Fatal("the refused transaction wrote its first item")
	}
	d := w.denials.last(t)
	if d.Context["dynamodb:EnclosingOperation"][0] != "TransactWriteItems" {
		t.Fatalf("denial context %v lacks the enclosing operation", d.Context)
	}

	// Each item is authorised as its single-item action: the policy
	// grants PutItem and ConditionCheckItem, not UpdateItem.
	if err := transact(put(w.catalog, "PRODUCT#2"), types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{
		TableName: aws.String(w.catalog), Key: key("PRODUCT#5"), ConditionExpression: aws.String("attribute_not_exists(pk)")}}); err != nil {
		t.Fatal(err)
	}
	err = transact(put(w.catalog, "PRODUCT#3"), types.TransactWriteItem{Update: &types.Update{TableName: aws.String(w.catalog), Key: key("PRODUCT#4"),
		UpdateExpression: aws.String("SET n = :n"), ExpressionAttributeValues: map[string]types.AttributeValue{":n": num("1")}}})
	mustDeny(t, err, "AccessDeniedException", "dynamodb:UpdateItem", w.catalogARN)
	if err := transact(put(w.catalog, "PRODUCT#3")); err != nil {
		t.Fatal(err)
	}
}

func TestFunctionReadsOnlyItsOwnStream(t *testing.T) {
	w := newWorld(t)
	ctx := t.Context()
	must(w.env.DynamoDB().PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(w.catalog), Item: key("PRODUCT#1")}))(t)
	must(w.env.DynamoDB().PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(w.orders), Item: key("ORDER#1")}))(t)
	fn := dynamodbstreams.NewFromConfig(w.function())
	admin := dynamodbstreams.NewFromConfig(w.env.Config)

	records := func(c *dynamodbstreams.Client, stream string) (int, error) {
		d, err := c.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: aws.String(stream)})
		if err != nil {
			return 0, err
		}
		n := 0
		for _, sh := range d.StreamDescription.Shards {
			it, err := c.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: aws.String(stream), ShardId: sh.ShardId,
				ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon})
			if err != nil {
				return 0, err
			}
			out, err := c.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it.ShardIterator})
			if err != nil {
				return 0, err
			}
			n += len(out.Records)
		}
		return n, nil
	}
	if n, err := records(fn, w.catalogStream); err != nil || n != 1 {
		t.Fatalf("own stream: %d records, %v", n, err)
	}
	_, err := records(fn, w.ordersStrm)
	mustDeny(t, err, "AccessDeniedException", "dynamodb:DescribeStream", w.ordersStrm)

	// An iterator of the other stream, got by someone allowed, does not
	// let the function read it.
	d := must(admin.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: aws.String(w.ordersStrm)}))(t)
	it := must(admin.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: aws.String(w.ordersStrm),
		ShardId: d.StreamDescription.Shards[0].ShardId, ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon}))(t)
	_, err = fn.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it.ShardIterator})
	mustDeny(t, err, "AccessDeniedException", "dynamodb:GetRecords", w.ordersStrm)
}

func TestFunctionPublishesOnlyTheEventsItsPolicyAllows(t *testing.T) {
	w := newWorld(t)
	ctx := t.Context()
	fn := awsclient.EventBridge(w.function())
	entry := func(source, detailType string) ebtypes.PutEventsRequestEntry {
		return ebtypes.PutEventsRequestEntry{EventBusName: aws.String(w.bus), Source: aws.String(source),
			DetailType: aws.String(detailType), Detail: aws.String(`{}`)}
	}
	put := func(entries ...ebtypes.PutEventsRequestEntry) error {
		_, err := fn.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: entries})
		return err
	}

	if err := put(entry("conveyor.catalog", "ProductAdded"), entry("conveyor.catalog", "PriceChanged")); err != nil {
		t.Fatalf("its own events: %v", err)
	}
	mustDeny(t, put(entry("conveyor.orders", "ProductAdded")), "AccessDeniedException", "events:PutEvents", w.busARN)
	if d := w.denials.last(t); d.Context["events:source"][0] != "conveyor.orders" {
		t.Fatalf("denial %+v does not name the source", d)
	}
	mustDeny(t, put(entry("conveyor.catalog", "OrderPlaced")), "AccessDeniedException", "events:PutEvents", w.busARN)
	// One entry the policy does not allow refuses the whole call.
	mustDeny(t, put(entry("conveyor.catalog", "ProductAdded"), entry("conveyor.payments", "PaymentCaptured")),
		"AccessDeniedException", "events:PutEvents", w.busARN)
	// The default bus is another resource.
	_, err := fn.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
		Source: aws.String("conveyor.catalog"), DetailType: aws.String("ProductAdded"), Detail: aws.String(`{}`)}}})
	mustDeny(t, err, "AccessDeniedException", "events:PutEvents", fmt.Sprintf("arn:aws:events:us-east-1:%s:event-bus/default", account))
}

func TestFunctionSendsOnlyToItsQueues(t *testing.T) {
	w := newWorld(t)
	ctx := t.Context()
	fn := awsclient.SQS(w.function())
	send := func(queue string) error {
		_, err := fn.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(queue), MessageBody: aws.String("{}")})
		return err
	}
	if err := send(w.ownQueue); err != nil {
		t.Fatal(err)
	}
	otherARN := fmt.Sprintf("arn:aws:sqs:us-east-1:%s:%s", account, w.otherQueue[strings.LastIndex(w.otherQueue, "/")+1:])
	// SQS names actions in lower case, and the SDK takes the code
	// "AccessDenied" from the X-Amzn-Query-Error header, as from AWS.
	mustDeny(t, send(w.otherQueue), "AccessDenied", "sqs:sendmessage", otherARN)
	_, err := fn.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(w.ownQueue)})
	mustDeny(t, err, "AccessDenied", "sqs:receivemessage", w.ownQueueARN)

	t.Run("the Query protocol is refused with its XML error", func(t *testing.T) {
		form := url.Values{"Action": {"SendMessage"}, "QueueUrl": {w.otherQueue}, "MessageBody": {"{}"}}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.env.Endpoint+"/", strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=fn.catalog-api/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "<Code>AccessDenied</Code>") ||
			!strings.Contains(string(body), "sqs:sendmessage on resource: "+otherARN) {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
	})
}

func TestTracesNeedXRayWriteAccess(t *testing.T) {
	w := newWorld(t)
	ctx := t.Context()
	fn := xray.NewFromConfig(w.function())
	segment := func() *xray.PutTraceSegmentsInput {
		return &xray.PutTraceSegmentsInput{TraceSegmentDocuments: []string{
			`{"name":"catalog-api","id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","start_time":1.478293361271E9,"end_time":1.478293361449E9}`,
		}}
	}
	must(fn.PutTraceSegments(ctx, segment()))(t)

	policy := w.catalogPolicy()
	w.enforce(t, policy[:len(policy)-1]) // without Traces
	_, err := fn.PutTraceSegments(ctx, segment())
	// X-Ray's actions have no resource, and AWS's message names none.
	mustDeny(t, err, "AccessDeniedException", "xray:PutTraceSegments", "*")
}

func TestExplicitDenyIsNamedInTheMessage(t *testing.T) {
	w := newWorld(t)
	w.enforce(t, append(w.catalogPolicy(), iampolicy.Statement{Sid: "NoDescribe", Effect: iampolicy.Deny,
		Actions: []string{"dynamodb:Describe*"}, Resources: []string{"*"}}))
	_, err := awsclient.DynamoDB(w.function()).DescribeTable(t.Context(), &dynamodb.DescribeTableInput{TableName: aws.String(w.catalog)})
	var ae apiError
	if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDeniedException" ||
		!strings.HasSuffix(ae.ErrorMessage(), "dynamodb:DescribeTable on resource: "+w.catalogARN+" with an explicit deny in an identity-based policy") {
		t.Fatalf("got %v", err)
	}
	if d := w.denials.last(t); d.Decision != iampolicy.ExplicitDeny || d.Sid != "NoDescribe" || !strings.Contains(d.String(), `"NoDescribe"`) {
		t.Fatalf("denial %+v, line %q", d, d.String())
	}
}

func TestEnforcementOffLetsEveryKeyThrough(t *testing.T) {
	w := newWorld(t)
	if err := w.env.Emulator.Enforce(nil); err != nil {
		t.Fatal(err)
	}
	before := w.denials.count()
	fn := awsclient.DynamoDB(w.function())
	must(fn.GetItem(t.Context(), &dynamodb.GetItemInput{TableName: aws.String(w.orders), Key: key("ORDER#1")}))(t)
	if w.denials.count() != before {
		t.Fatal("a denial was reported with enforcement off")
	}
}

func TestEnforceRefusesAPolicyItCannotEvaluate(t *testing.T) {
	em := kumotest.Start(t).Emulator
	if em == nil {
		t.Fatal("needs kumotest.Main")
	}
	err := em.Enforce(&emulator.Enforcement{Principals: map[string]emulator.Principal{"f": {Statements: []iampolicy.Statement{{
		Sid: "Odd", Effect: iampolicy.Allow, Actions: []string{"events:PutEvents"}, Resources: []string{"*"},
		Conditions: []iampolicy.Condition{{Operator: "NumericLessThan", Key: "k", Values: []string{"1"}}},
	}}}}})
	if err == nil || !strings.Contains(err.Error(), "NumericLessThan") {
		t.Fatalf("Enforce: %v", err)
	}
	_ = em.Enforce(nil)
}
