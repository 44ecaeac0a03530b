package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/events/schemas"
	"github.com/conveyor-dev/conveyor/functions/shipping"
	"github.com/conveyor-dev/conveyor/functions/shipping/adapters"
	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
	"github.com/conveyor-dev/conveyor/functions/shipping/service"
	"github.com/conveyor-dev/conveyor/internal/localcloud/poller"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
	"github.com/conveyor-dev/conveyor/shared/eventbus/eventbustest"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

// TestShipmentsArePublishedOnceTheBusRecoversFromAnOutageLongerThanTheirMessages
// runs shipping-saga and shipping-publisher as their constructors build
// them, on a table made as the declaration says, while EventBridge refuses
// every call for longer than the order events' messages live: each is
// delivered as often as the subscription's queue allows and then leaves
// it (dead-lettered or done). The shipments they stored are still
// announced, from the table's stream, once the bus is back.
func TestShipmentsArePublishedOnceTheBusRecoversFromAnOutageLongerThanTheirMessages(t *testing.T) {
	p := newPlatform(t)
	p.bus.setDown(true)
	saga := p.build(t, service.NewSagaHandler)
	publisher := p.build(t, service.NewPublisherHandler)
	shipped, cancelledAfter, cancelledFirst := "O-"+uuid.NewString(), "O-"+uuid.NewString(), "O-"+uuid.NewString()
	confirmedShipped, confirmedCancelledAfter := orderConfirmed(t, shipped), orderConfirmed(t, cancelledAfter)
	for _, env := range []events.Envelope{
		confirmedShipped, confirmedCancelledAfter, orderCancelled(t, cancelledAfter),
		orderCancelled(t, cancelledFirst), orderConfirmed(t, cancelledFirst),
	} {
		deliverUntilGone(t, saga, env)
	}

	t.Run("the shipments are stored and nothing reaches the bus while it is down", func(t *testing.T) {
		for id, want := range map[string]domain.Status{shipped: domain.StatusScheduled, cancelledAfter: domain.StatusCancelled} {
			s, err := p.repo.Shipment(t.Context(), id)
			if err != nil || s.Status() != want || !s.Scheduled() {
				t.Fatalf("shipment of %s: %+v, %v; want one scheduled, now %s", id, s, err, want)
			}
		}
		if resp := invokeStream(t, publisher, p.streamRecords(t)); len(resp.BatchItemFailures) == 0 {
			t.Fatal("the publisher reported the batch done while the bus refused it")
		}
		eventbustest.Quiet(t, p.sqs, p.probe.QueueURL, time.Second)
	})

	p.bus.setDown(false)
	// A shipment cancelled after it was scheduled was announced when it
	// was scheduled, as orders may ship it in between; one cancelled
	// first never was.
	want := map[string]events.Envelope{
		eventbus.StableID(shipping.Spec.Source(), events.TypeShipmentScheduled, shipped):        confirmedShipped,
		eventbus.StableID(shipping.Spec.Source(), events.TypeShipmentScheduled, cancelledAfter): confirmedCancelledAfter,
	}
	var first []string
	t.Run("once the bus is back every scheduled shipment is published with its stable id, its cause and its flow", func(t *testing.T) {
		// The stream retries the batch from the record that failed.
		if resp := invokeStream(t, publisher, p.streamRecords(t)); len(resp.BatchItemFailures) != 0 {
			t.Fatalf("failures %v with the bus back", resp.BatchItemFailures)
		}
		first = p.receiveShipments(t, want)
		eventbustest.Quiet(t, p.sqs, p.probe.QueueURL, time.Second)
	})
	t.Run("a redelivered batch, and one out of order, publish the same ids", func(t *testing.T) {
		records := p.streamRecords(t)
		slices.Reverse(records)
		for _, batch := range [][]streamtypes.Record{p.streamRecords(t), records} {
			if resp := invokeStream(t, publisher, batch); len(resp.BatchItemFailures) != 0 {
				t.Fatalf("failures %v", resp.BatchItemFailures)
			}
			if again := p.receiveShipments(t, want); !slices.Equal(again, first) {
				t.Fatalf("ids %v, first %v", again, first)
			}
		}
	})
}

// platform is what shipping's functions run on in this test: the
// emulator, a table made as the declaration says (its stream included),
// a bus of its own, reached through a flakyBus, and a probe queue that
// receives every event shipping puts on that bus.
type platform struct {
	cfg   service.Config
	bus   *flakyBus
	probe eventbustest.Route
	sqs   *sqs.Client
	repo  *adapters.ShipmentDynamoRepository
	out   *syncBuffer
}

func newPlatform(t *testing.T) *platform {
	t.Helper()
	env := kumotest.Start(t)
	env.Setenv(t)
	c := env.Clients()
	p := &platform{bus: startFlakyBus(t, env.Endpoint), sqs: c.SQS, out: &syncBuffer{}}
	table := kumotest.UniqueName(t, "shipping")
	kumotest.CreateTable(t, c.DynamoDB, table, shipping.Spec.Table)
	busName := kumotest.UniqueName(t, "bus")
	if _, err := c.Events.CreateEventBus(t.Context(), &eventbridge.CreateEventBusInput{Name: aws.String(busName)}); err != nil {
		t.Fatal(err)
	}
	p.probe = eventbustest.NewRoute(t, c.Events, c.SQS, kumotest.Prefix(t)+"-probe", eventbustest.Options{
		Bus: busName, Pattern: map[string]any{"source": []any{shipping.Spec.Source()}},
	})
	repo, err := adapters.NewShipmentDynamoRepository(c.DynamoDB, table)
	if err != nil {
		t.Fatal(err)
	}
	p.repo = repo
	p.cfg = service.Config{Platform: config.Platform{
		Service: shipping.Spec.Name, Stage: "local", TableName: table, EventBusName: busName, LogLevel: slog.LevelInfo,
	}}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("functions' output:\n%s", p.out.String())
		}
	})
	return p
}

// build runs a function's constructor on the platform and puts the
// standard middleware around what it returns, as its main does.
func (p *platform) build(t *testing.T, construct middleware.Constructor[service.Config]) lambda.Handler {
	t.Helper()
	h, opts, err := construct(t.Context(), p.cfg, p.out)
	if err != nil {
		t.Fatal(err)
	}
	return middleware.Standard(opts)(h)
}

// streamRecords reads every record of the table's stream from its start.
func (p *platform) streamRecords(t *testing.T) []streamtypes.Record {
	t.Helper()
	env := kumotest.Start(t)
	d, err := env.DynamoDB().DescribeTable(t.Context(), &dynamodb.DescribeTableInput{TableName: aws.String(p.cfg.TableName)})
	if err != nil {
		t.Fatal(err)
	}
	streams, arn := env.Clients().Streams, d.Table.LatestStreamArn
	desc, err := streams.DescribeStream(t.Context(), &dynamodbstreams.DescribeStreamInput{StreamArn: arn})
	if err != nil {
		t.Fatal(err)
	}
	var out []streamtypes.Record
	for _, sh := range desc.StreamDescription.Shards {
		it, err := streams.GetShardIterator(t.Context(), &dynamodbstreams.GetShardIteratorInput{
			StreamArn: arn, ShardId: sh.ShardId, ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon,
		})
		if err != nil {
			t.Fatal(err)
		}
		for iter := it.ShardIterator; iter != nil; {
			recs, err := streams.GetRecords(t.Context(), &dynamodbstreams.GetRecordsInput{ShardIterator: iter})
			if err != nil {
				t.Fatal(err)
			}
			if len(recs.Records) == 0 {
				break
			}
			out = append(out, recs.Records...)
			iter = recs.NextShardIterator
		}
	}
	return out
}

// receiveShipments receives one event per entry of want from the probe
// queue and checks each: its id is a key of want, and it names the event
// there as its cause and keeps its correlation id; it meets its schema.
// It returns the ids, sorted.
func (p *platform) receiveShipments(t *testing.T, want map[string]events.Envelope) []string {
	t.Helper()
	var ids []string
	for _, m := range eventbustest.Receive(t, p.sqs, p.probe.QueueURL, len(want), 10*time.Second) {
		env := m.Event.Detail
		cause, ok := want[env.ID]
		if !ok {
			t.Fatalf("unexpected %s %s", env.Type, env.ID)
		}
		if env.Type != events.TypeShipmentScheduled || env.Source != shipping.Spec.Source() ||
			env.CausationID != cause.ID || env.CorrelationID != cause.CorrelationID {
			t.Errorf("%s from %s caused by %q in flow %q; want ShipmentScheduled caused by the %s %s of flow %s",
				env.Type, env.Source, env.CausationID, env.CorrelationID, cause.Type, cause.ID, cause.CorrelationID)
		}
		detail, err := json.Marshal(env)
		if err != nil {
			t.Fatal(err)
		}
		if err := schemas.Validate(detail); err != nil {
			t.Errorf("%s breaks its schema: %v", env.Type, err)
		}
		ids = append(ids, env.ID)
	}
	slices.Sort(ids)
	return ids
}

// orderConfirmed is an OrderConfirmed from orders, with a correlation id
// of its own.
func orderConfirmed(t *testing.T, orderID string) events.Envelope {
	t.Helper()
	return orderEvent(t, events.OrderConfirmed{
		OrderID: orderID, CustomerID: "alice", ConfirmedAt: time.Now().UTC(),
		Lines: []events.OrderLine{{SKU: "MUG", Quantity: 2, UnitPrice: events.Money{Amount: 1250, Currency: "EUR"}}},
		Total: events.Money{Amount: 2500, Currency: "EUR"},
	})
}

func orderCancelled(t *testing.T, orderID string) events.Envelope {
	t.Helper()
	return orderEvent(t, events.OrderCancelled{OrderID: orderID, Reason: events.CancelCustomerRequest, CancelledAt: time.Now().UTC()})
}

func orderEvent(t *testing.T, e events.Event) events.Envelope {
	t.Helper()
	env, err := events.NewEnvelope(e, events.Meta{ID: uuid.NewString(), Source: "conveyor.orders", Time: time.Now(), CorrelationID: "corr-" + uuid.NewString()})
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// deliverUntilGone delivers env to fn as the subscription's queue does
// until the message leaves it: handled, or received as often as the queue
// allows and so dead-lettered.
func deliverUntilGone(t *testing.T, fn lambda.Handler, env events.Envelope) {
	t.Helper()
	limit := 0
	for _, sub := range shipping.Spec.Subscriptions {
		if sub.Function == shipping.SagaFunction {
			limit = sub.MaxReceiveCount
		}
	}
	for n := 1; n <= limit; n++ {
		if !deliver(t, fn, env, n) {
			return
		}
	}
	t.Logf("%s %s dead-lettered after %d receives", env.Type, env.ID, limit)
}

// deliver hands env to fn as an SQS message on its receiveCount-th
// receive, the way Lambda's event source mapping does, and reports
// whether fn failed it.
func deliver(t *testing.T, fn lambda.Handler, env events.Envelope, receiveCount int) bool {
	t.Helper()
	body, err := json.Marshal(map[string]any{
		"version": "0", "id": "eb-" + env.ID, "detail-type": env.Type, "source": env.Source,
		"account": "000000000000", "time": env.Time, "region": kumotest.Region, "resources": []string{},
		"detail": env,
	})
	if err != nil {
		t.Fatal(err)
	}
	payload, err := json.Marshal(lambdaevents.SQSEvent{Records: []lambdaevents.SQSMessage{{
		MessageId: "m-" + env.ID, Body: string(body), EventSource: "aws:sqs",
		Attributes: map[string]string{"ApproximateReceiveCount": strconv.Itoa(receiveCount)},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	raw, err := fn.Invoke(ctx, payload)
	if err != nil {
		t.Fatalf("invocation failed: %v", err)
	}
	var resp lambdaevents.SQSEventResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		t.Fatal(err)
	}
	return len(resp.BatchItemFailures) > 0
}

// invokeStream hands records to fn as one batch of the table's stream, as
// Lambda's event source mapping does.
func invokeStream(t *testing.T, fn lambda.Handler, records []streamtypes.Record) lambdaevents.DynamoDBEventResponse {
	t.Helper()
	payload, err := json.Marshal(poller.DynamoDBEvent(records, "arn:stream", kumotest.Region))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := fn.Invoke(t.Context(), payload)
	if err != nil {
		t.Fatalf("invocation failed: %v", err)
	}
	var resp lambdaevents.DynamoDBEventResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		t.Fatal(err)
	}
	return resp
}

// flakyBus stands between the functions and the emulator's EventBridge:
// AWS_ENDPOINT_URL_EVENTBRIDGE points the functions' EventBridge clients
// at it, so the outage is configuration, not a replaced client. While it
// is down it answers PutEvents as EventBridge does while it is unavailable
// (every entry failed with InternalFailure); it passes every other request
// to the emulator.
type flakyBus struct {
	upstream string

	mu   sync.Mutex
	down bool
}

// startFlakyBus serves a flakyBus, up, in front of the emulator at
// upstream.
func startFlakyBus(t *testing.T, upstream string) *flakyBus {
	t.Helper()
	b := &flakyBus{upstream: upstream}
	srv := httptest.NewServer(http.HandlerFunc(b.serve))
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ENDPOINT_URL_EVENTBRIDGE", srv.URL)
	return b
}

// setDown takes the bus down or brings it back.
func (b *flakyBus) setDown(down bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.down = down
}

func (b *flakyBus) isDown() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.down
}

func (b *flakyBus) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if r.Header.Get("X-Amz-Target") == "AWSEvents.PutEvents" && b.isDown() {
		var in struct{ Entries []json.RawMessage }
		_ = json.Unmarshal(body, &in)
		entries := make([]map[string]string, len(in.Entries))
		for i := range entries {
			entries[i] = map[string]string{"ErrorCode": "InternalFailure", "ErrorMessage": "EventBridge is unavailable"}
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_ = json.NewEncoder(w).Encode(map[string]any{"FailedEntryCount": len(entries), "Entries": entries})
		return
	}
	req, err := http.NewRequestWithContext(r.Context(), r.Method, b.upstream+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

// syncBuffer collects the functions' output.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(b)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
