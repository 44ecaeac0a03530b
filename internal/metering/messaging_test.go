package metering_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/internal/metering"
	"github.com/conveyor-dev/conveyor/shared/awsclient"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

func queue(t *testing.T, h *harness) (name, url string) {
	t.Helper()
	name = kumotest.UniqueName(t, "meterq")
	out, err := h.env.SQS().CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	return name, *out.QueueUrl
}

// drain empties q without the meter seeing it.
func drain(t *testing.T, h *harness, q string) {
	t.Helper()
	if _, err := h.env.SQS().PurgeQueue(ctx(t), &sqs.PurgeQueueInput{QueueUrl: aws.String(q)}); err != nil {
		t.Fatal(err)
	}
}

func TestSQSBillsARequestPer64KBOfPayload(t *testing.T) {
	h := newHarness(t)
	_, q := queue(t, h)
	const fn = "payments-saga"
	client := awsclient.SQS(h.as(fn))
	send := func(body string, attrs map[string]sqstypes.MessageAttributeValue) func() {
		return func() {
			if _, err := client.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: aws.String(q), MessageBody: aws.String(body), MessageAttributes: attrs}); err != nil {
				t.Fatal(err)
			}
		}
	}
	receive := func() {
		if _, err := client.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: aws.String(q), MaxNumberOfMessages: 10, WaitTimeSeconds: 0}); err != nil {
			t.Fatal(err)
		}
	}
	attr := map[string]sqstypes.MessageAttributeValue{"k": {DataType: aws.String("String"), StringValue: aws.String("v")}}
	tests := []struct {
		name              string
		f                 func()
		requests, empties int64
		sent, received    int64
	}{
		{"a message of exactly 64 KB is one request", send(strings.Repeat("a", 65536), nil), 1, 0, 1, 0},
		{"one byte more is two", send(strings.Repeat("a", 65537), nil), 2, 0, 1, 0},
		{"message attributes (name, type and value) count towards the payload", send(strings.Repeat("a", 65536-len("k")-len("String")-len("v")), attr), 1, 0, 1, 0},
		{"and push it over when they do not fit", send(strings.Repeat("a", 65536-len("k")-len("String")-len("v")+1), attr), 2, 0, 1, 0},
		{"a receive is billed for the payload it returns", func() {
			drain(t, h, q)
			for range 3 {
				if _, err := h.env.SQS().SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: aws.String(q), MessageBody: aws.String(strings.Repeat("c", 30000))}); err != nil {
					t.Fatal(err)
				}
			}
			receive()
		}, 2, 0, 0, 3},
		{"a receive that finds nothing is one request, and empty", func() { drain(t, h, q); receive() }, 1, 1, 0, 0},
		{"a batch of messages of 256 KB in all is four requests", func() {
			var entries []sqstypes.SendMessageBatchRequestEntry
			for i := range 4 {
				entries = append(entries, sqstypes.SendMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), MessageBody: aws.String(strings.Repeat("b", 65536))})
			}
			if _, err := client.SendMessageBatch(ctx(t), &sqs.SendMessageBatchInput{QueueUrl: aws.String(q), Entries: entries}); err != nil {
				t.Fatal(err)
			}
		}, 4, 0, 4, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := h.moved(t, fn, tt.f)
			s := u.SQS
			if s.Requests != tt.requests || s.EmptyReceives != tt.empties || s.MessagesSent != tt.sent || s.MessagesReceived != tt.received {
				t.Errorf("requests %d, empty receives %d, sent %d, received %d; want %d, %d, %d, %d",
					s.Requests, s.EmptyReceives, s.MessagesSent, s.MessagesReceived, tt.requests, tt.empties, tt.sent, tt.received)
			}
		})
	}
}

func TestEventBridgeDeliveriesAreChargedToTheFunctionDrainingTheQueue(t *testing.T) {
	h := newHarness(t)
	name, q := queue(t, h)
	h.meter.Attribute(metering.Attribution{Services: map[string]string{"shipping-saga": "shipping"}, Queues: map[string]string{name: "shipping-saga"}})
	_, other := queue(t, h)
	// kumo delivers a rule's event to an SQS target with an unsigned
	// SendMessage to its own endpoint, the front door's port.
	deliver := func(queueURL, body string) {
		req, _ := json.Marshal(map[string]string{"QueueUrl": queueURL, "MessageBody": body})
		r, err := http.NewRequestWithContext(ctx(t), http.MethodPost, h.url+"/", bytes.NewReader(req))
		if err != nil {
			t.Fatal(err)
		}
		r.Header.Set("Content-Type", "application/x-amz-json-1.0")
		r.Header.Set("X-Amz-Target", "AmazonSQS.SendMessage")
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("delivery answered %s", resp.Status)
		}
	}
	t.Run("a delivery to a subscription's queue is one request of the function draining it", func(t *testing.T) {
		u := h.moved(t, "shipping-saga", func() { deliver(q, `{"detail":{}}`) })
		if u.SQS.Requests != 1 || u.SQS.MessagesSent != 1 || u.Service != "shipping" {
			t.Errorf("moved %+v, want one request and one message sent by shipping", u.SQS)
		}
	})
	t.Run("a delivery to a queue of no function (a test's listener) is not metered", func(t *testing.T) {
		before := h.meter.Snapshot()
		deliver(other, `{}`)
		if d := h.meter.Snapshot().Sub(before); len(d.Functions) != 0 {
			t.Errorf("moved %v", d.Functions)
		}
	})
}

func TestEventBridgeBillsAcceptedEntriesPer64KBAndCountsOrders(t *testing.T) {
	h := newHarness(t)
	bus := kumotest.UniqueName(t, "meterbus")
	if _, err := h.env.EventBridge().CreateEventBus(ctx(t), &eventbridge.CreateEventBusInput{Name: aws.String(bus)}); err != nil {
		t.Fatal(err)
	}
	const fn = "orders-relay"
	client := awsclient.EventBridge(h.as(fn))
	entry := func(detailType, detail string) ebtypes.PutEventsRequestEntry {
		return ebtypes.PutEventsRequestEntry{EventBusName: aws.String(bus), Source: aws.String("conveyor.orders"),
			DetailType: aws.String(detailType), Detail: aws.String(detail)}
	}
	putEvents := func(entries ...ebtypes.PutEventsRequestEntry) func() {
		return func() {
			out, err := client.PutEvents(ctx(t), &eventbridge.PutEventsInput{Entries: entries})
			if err != nil || out.FailedEntryCount != 0 {
				t.Fatalf("put events: %v (%d failed)", err, out.FailedEntryCount)
			}
		}
	}
	padded := func(size int) string {
		// A JSON detail making the entry exactly size bytes.
		fixed := len("conveyor.orders") + len("Padding") + len(`{"p":""}`)
		return `{"p":"` + strings.Repeat("x", size-fixed) + `"}`
	}
	tests := []struct {
		name                   string
		f                      func()
		entries, events, bytes int64
		orders                 int64
	}{
		{"two small entries are two events", putEvents(entry("OrderConfirmed", `{"id":"e1"}`), entry("OrderShipped", `{"id":"e2"}`)), 2, 2,
			int64(2*len("conveyor.orders") + len("OrderConfirmed") + len("OrderShipped") + 2*len(`{"id":"e1"}`)), 0},
		{"an entry of exactly 64 KB is one event", putEvents(entry("Padding", padded(65536))), 1, 1, 65536, 0},
		{"an entry of 64 KB and a byte is two", putEvents(entry("Padding", padded(65537))), 1, 2, 65537, 0},
		{"an OrderPlaced event counts an order", putEvents(entry("OrderPlaced", `{"id":"order-event-1"}`)), 1, 1, 0, 1},
		{"the same OrderPlaced event put again does not count again", putEvents(entry("OrderPlaced", `{"id":"order-event-1"}`)), 1, 1, 0, 0},
		{"another OrderPlaced event counts another", putEvents(entry("OrderPlaced", `{"id":"order-event-2"}`)), 1, 1, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := h.meter.Snapshot()
			tt.f()
			d := h.meter.Snapshot().Sub(before)
			e := d.Functions[fn].EventBridge
			if e.Entries != tt.entries || e.Events != tt.events || (tt.bytes != 0 && e.Bytes != tt.bytes) || d.Orders != tt.orders {
				t.Errorf("entries %d, events %d, bytes %d, orders %d; want %d, %d, %d, %d",
					e.Entries, e.Events, e.Bytes, d.Orders, tt.entries, tt.events, tt.bytes, tt.orders)
			}
		})
	}
}

func TestXRayCountsATracePerRootSegment(t *testing.T) {
	h := newHarness(t)
	h.meter.Attribute(metering.Attribution{Services: map[string]string{"orders-api": "orders", "orders-relay": "orders"}})
	doc := func(traceID, id, parent, name, function string) string {
		d := map[string]any{"trace_id": traceID, "id": id, "name": name, "start_time": 1.0, "end_time": 2.0}
		if parent != "" {
			d["parent_id"] = parent
		}
		if function != "" {
			d["annotations"] = map[string]any{"function": function}
		}
		b, _ := json.Marshal(d)
		return string(b)
	}
	// An API request's trace: the stage segment (root, naming the
	// function it led to) and the function's segment; and a stream
	// batch's trace, rooted at the function's segment.
	docs := []string{
		doc("1-5f000000-aaaaaaaaaaaaaaaaaaaaaaaa", "a000000000000001", "", "conveyor-local-api/local", "orders-api"),
		doc("1-5f000000-aaaaaaaaaaaaaaaaaaaaaaaa", "a000000000000002", "a000000000000001", "orders-api", "orders-api"),
		doc("1-5f000000-bbbbbbbbbbbbbbbbbbbbbbbb", "b000000000000001", "", "orders-relay", "orders-relay"),
	}
	body, _ := json.Marshal(map[string][]string{"TraceSegmentDocuments": docs})
	before := h.meter.Snapshot()
	resp, err := http.Post(h.url+"/TraceSegments", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PutTraceSegments answered %s", resp.Status)
	}
	d := h.meter.Snapshot().Sub(before)
	if api, relay := d.Functions["orders-api"].XRay, d.Functions["orders-relay"].XRay; api.Traces != 1 || api.Segments != 2 || relay.Traces != 1 || relay.Segments != 1 {
		t.Errorf("orders-api %+v, orders-relay %+v; want 1 trace of 2 segments and 1 of 1", api, relay)
	}
}
