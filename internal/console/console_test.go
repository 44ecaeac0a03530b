package console_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/aws-sdk-go-v2/service/xray"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/internal/console"
	"github.com/conveyor-dev/conveyor/internal/localcloud"
	"github.com/conveyor-dev/conveyor/internal/localcloud/auth"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// world is a console over a platform provisioned on the emulator, with a
// payment provider simulator, a feed and log lines of its own.
type world struct {
	deps    console.Deps
	handler *console.Console
	psp     *pspsim.Running
	feed    *console.Feed
	lines   []localcloud.LogLine
}

func newWorld(t testing.TB) *world {
	t.Helper()
	env := kumotest.Start(t)
	names := provision.Names{Prefix: "c" + strings.ToLower(kumotest.Prefix(t))}
	platform, err := provision.Apply(context.Background(), env.Clients(), names, functions.All())
	if err != nil {
		t.Fatal(err)
	}
	psp, err := pspsim.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = psp.Close(context.Background()) })
	keys, err := auth.LoadOrCreate(t.TempDir() + "/" + auth.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{psp: psp, feed: console.NewFeed(0, 0)}
	w.deps = console.Deps{
		Services: functions.All(), Platform: platform, APIURL: "http://127.0.0.1:1",
		Token: func(sub string, groups []string) (string, error) { return keys.Issue(sub, groups, time.Hour) },
		Logs: func(since time.Time) []localcloud.LogLine {
			var out []localcloud.LogLine
			for _, l := range w.lines {
				if !l.Time.Before(since) {
					out = append(out, l)
				}
			}
			return out
		},
		Instances: func(string) int { return 1 },
		XRay:      xray.NewFromConfig(env.Config), SQS: env.SQS(), Events: w.feed,
		Switchboards: []console.Switchboard{{Name: "payment-provider", Title: "Payment provider", URL: psp.URL}},
	}
	w.handler, err = console.New(w.deps)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.handler.Close)
	return w
}

// get serves a GET and returns the status and body.
func (w *world) get(t testing.TB, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	w.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

// post serves a POST of a form as the console's pages send it.
func (w *world) post(t testing.TB, path string, form url.Values, fromPage bool) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if fromPage {
		req.Header.Set("HX-Request", "true")
	}
	rec := httptest.NewRecorder()
	w.handler.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// sagaOrders puts n orders' events in the feed, each as the saga sends
// them, shipped.
func sagaOrders(f *console.Feed, n int) {
	types := []string{events.TypeOrderPlaced, events.TypeStockReserved, events.TypePaymentAuthorized,
		events.TypeOrderConfirmed, events.TypeShipmentScheduled, events.TypeOrderShipped}
	for i := range n {
		var envs []events.Envelope
		order := fmt.Sprintf("0000-%06d", i)
		for j, typ := range types {
			envs = append(envs, envelope(fmt.Sprintf("%s-%d", order, j), typ, order, i*10+j, nil))
		}
		f.ObservePutEvents(putEvents(envs...))
	}
}

func TestEveryPageRendersWithAThousandOrders(t *testing.T) {
	w := newWorld(t)
	sagaOrders(w.feed, 1000)
	w.lines = []localcloud.LogLine{
		{Function: orders.APIFunction, Time: t0, Line: []byte(`{"level":"INFO","msg":"invocation","duration_ms":12.5,"cold_start":true,"trace_id":"1-abc","correlation_id":"corr-1"}`)},
		{Function: orders.APIFunction, Time: t0.Add(time.Millisecond), Line: []byte(`{"level":"ERROR","msg":"invocation","duration_ms":3,"error":"boom"}`)},
	}
	pages := map[string][]string{
		"/":                                 {`id="service-orders"`, orders.APIFunction, "OrderPlaced"},
		"/events?type=OrderShipped":         {`data-type="OrderShipped"`, "/events/stream?"},
		"/orders":                           {"1000 orders seen", "0000-000999"},
		"/orders/0000-000007":               {`id="order-status"`, "SHIPPED", `data-type="ShipmentScheduled"`, `hx-trigger="load"`},
		"/orders/0000-000007?fragment=live": {`id="payment-status"`, `class="error"`, "/payments/0000-000007"},
		"/functions":                        {`data-function="orders-api"`},
		"/functions/" + orders.APIFunction:  {"2 invocations", "1 errors", "1 cold starts", "boom", "/traces/1-abc"},
		"/queues":                           {`data-queue="orders/products"`, `hx-trigger="load, every 3s"`},
		"/queues?fragment=live":             {`data-queue="orders/products"`, `hx-trigger="every 3s"`, `class="num dlq `},
		"/?fragment=live":                   {`id="service-orders"`, `hx-trigger="every 3s"`, `class="num depth"`},
		"/queues/orders/products":           {"Dead letters"},
		"/explorer":                         {"POST", "/orders", `name="body"`, "Idempotency-Key: "},
		"/switches":                         {`data-path="outage"`, `data-path="latencyMs"`},
		"/logs?function=orders-api":         {"boom"},
		"/static/htmx.min.js":               {"htmx"},
	}
	for path, wants := range pages {
		t.Run(path, func(t *testing.T) {
			status, body := w.get(t, path)
			if status != http.StatusOK {
				t.Fatalf("GET %s = %d: %.300s", path, status, body)
			}
			for _, want := range wants {
				if !strings.Contains(body, want) {
					t.Errorf("GET %s lacks %q", path, want)
				}
			}
		})
	}
	t.Run("the orders page lists a hundred at a time, newest first", func(t *testing.T) {
		_, body := w.get(t, "/orders")
		if strings.Count(body, `<a class="mono" href="/orders/`) != 100 || strings.Index(body, "0000-000999") > strings.Index(body, "0000-000998") {
			t.Error("the orders table is not the newest hundred orders, newest first")
		}
		if _, body := w.get(t, "/orders?q=0000-00099"); strings.Count(body, `<a class="mono" href="/orders/`) != 10 {
			t.Error("the search by id prefix does not find the ten orders 0000-000990 to 0000-000999")
		}
	})
	t.Run("an unknown function or queue is a 404", func(t *testing.T) {
		for _, path := range []string{"/functions/nobody", "/queues/orders/nothing"} {
			if status, _ := w.get(t, path); status != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", path, status)
			}
		}
	})
}

func BenchmarkOrdersPageWithAThousandOrders(b *testing.B) {
	w := newWorld(b)
	sagaOrders(w.feed, 1000)
	for b.Loop() {
		if status, _ := w.get(b, "/orders"); status != http.StatusOK {
			b.Fatal(status)
		}
	}
}

func TestTheOutageSwitchFlipsTheProviderOnlyFromTheConsolesPages(t *testing.T) {
	w := newWorld(t)
	form := url.Values{"path": {"outage"}, "value": {"true"}}
	t.Run("a request no console page sent changes nothing", func(t *testing.T) {
		if status, _ := w.post(t, "/switches/payment-provider", form, false); status != http.StatusForbidden {
			t.Errorf("POST without HX-Request = %d, want 403", status)
		}
		if w.psp.Faults().Outage {
			t.Error("the provider is down")
		}
	})
	t.Run("the toggle takes the provider down and keeps the other switches", func(t *testing.T) {
		if err := w.psp.SetFaults(pspsim.Faults{LatencyMS: 20}); err != nil {
			t.Fatal(err)
		}
		status, body := w.post(t, "/switches/payment-provider", form, true)
		if status != http.StatusOK || !strings.Contains(body, `aria-pressed="true"`) {
			t.Fatalf("POST = %d %s", status, body)
		}
		if f := w.psp.Faults(); !f.Outage || f.LatencyMS != 20 {
			t.Errorf("provider faults %+v, want the outage on and the latency kept", f)
		}
	})
	t.Run("a value the provider refuses is shown, not applied", func(t *testing.T) {
		_, body := w.post(t, "/switches/payment-provider", url.Values{"path": {"errorRate"}, "value": {"7"}}, true)
		if !strings.Contains(body, "errorRate must be within 0-1") || w.psp.Faults().ErrorRate != 0 {
			t.Errorf("answer %s, faults %+v", body, w.psp.Faults())
		}
	})
}

func TestPeekLeavesDeadLettersAndRedriveMovesTheChosenOne(t *testing.T) {
	w := newWorld(t)
	client := kumotest.Start(t).SQS()
	ctx := t.Context()
	service := functions.All()[0]
	for _, s := range functions.All() {
		if len(s.Subscriptions) > 0 {
			service = s
			break
		}
	}
	key := provision.QueueKey(service, service.Subscriptions[0])
	q := w.deps.Platform.Queues[key]
	var ids []string
	for i := range 3 {
		out, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(q.DLQURL), MessageBody: aws.String(fmt.Sprintf(`{"n":%d}`, i))})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, aws.ToString(out.MessageId))
	}
	for range 2 {
		msgs, err := console.Peek(ctx, client, q.DLQURL, 100)
		if err != nil || len(msgs) != 3 {
			t.Fatalf("Peek() = %d messages, %v; want all 3, each time", len(msgs), err)
		}
	}
	held := func() int {
		out, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(q.DLQURL),
			AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameApproximateNumberOfMessages,
				sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible}})
		if err != nil {
			t.Fatal(err)
		}
		visible, _ := strconv.Atoi(out.Attributes[string(sqstypes.QueueAttributeNameApproximateNumberOfMessages)])
		hidden, _ := strconv.Atoi(out.Attributes[string(sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible)])
		return visible + hidden
	}
	redrive := "/queues/" + key + "/redrive"
	status, body := w.post(t, redrive, url.Values{"id": {ids[1]}}, true)
	if status != http.StatusOK || !strings.Contains(body, "moved 1 message(s) back to "+q.Name) {
		t.Fatalf("POST %s = %d %s", redrive, status, body)
	}
	if n := held(); n != 2 {
		t.Fatalf("the DLQ holds %d messages, visible or not, after one of 3 was redriven", n)
	}
	left, err := console.Peek(ctx, client, q.DLQURL, 100)
	if err != nil || len(left) != 2 {
		t.Fatalf("left in the DLQ: %d, %v", len(left), err)
	}
	for _, m := range left {
		if m.ID == ids[1] {
			t.Error("the redriven message is still in the DLQ")
		}
		if !strings.Contains(body, m.ID) {
			t.Errorf("the answer does not list %s, left in the DLQ", m.ID)
		}
	}
	got, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(q.URL), MaxNumberOfMessages: 10})
	if err != nil || len(got.Messages) != 1 || aws.ToString(got.Messages[0].Body) != `{"n":1}` {
		t.Fatalf("source queue holds %+v, %v; want the one redriven", got, err)
	}
	if _, body := w.post(t, redrive, url.Values{"id": {"no-such-message"}}, true); !strings.Contains(body, "0 of the 1 messages named found") {
		t.Errorf("redriving a message that is not there answered %s", body)
	}
	if status, body := w.post(t, redrive, nil, true); status != http.StatusOK || !strings.Contains(body, "moved 2 message(s)") || held() != 0 {
		t.Errorf("redrive all = %d %s, leaving %d; want the 2 left moved", status, body, held())
	}
}

func TestPeekSaysWhyEventBridgeGaveUpAnEvent(t *testing.T) {
	env := kumotest.Start(t)
	client := env.SQS()
	ctx := t.Context()
	out, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(kumotest.UniqueName(t, "dlq"))})
	if err != nil {
		t.Fatal(err)
	}
	dlq := aws.ToString(out.QueueUrl)
	attr := func(v string) sqstypes.MessageAttributeValue {
		return sqstypes.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
	}
	if _, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(dlq), MessageBody: aws.String(`{"n":1}`),
		MessageAttributes: map[string]sqstypes.MessageAttributeValue{
			"TARGET_ARN": attr("arn:aws:sqs:us-east-1:000000000000:conveyor-local-payments-saga"), "ERROR_CODE": attr("THROTTLING"),
			"ERROR_MESSAGE": attr("Rate exceeded"), "RETRY_ATTEMPTS": {DataType: aws.String("Number"), StringValue: aws.String("185")},
		}}); err != nil {
		t.Fatal(err)
	}
	msgs, err := console.Peek(ctx, client, dlq, 10)
	want := "EventBridge gave up delivering it to conveyor-local-payments-saga: THROTTLING after 185 retries: Rate exceeded"
	if err != nil || len(msgs) != 1 || msgs[0].Reason != want {
		t.Fatalf("Peek() = %+v, %v; want the one message, with the reason %q", msgs, err, want)
	}
}

func TestTheExplorerTakesSummariesExamplesAndHeadersFromTheContract(t *testing.T) {
	ops := console.OperationsFromDeclarations(functions.All())
	doc := `{"openapi":"3.1.0","paths":{"/orders":{"post":{"summary":"Place an order",
		"parameters":[{"name":"Idempotency-Key","in":"header","required":true}],
		"requestBody":{"content":{"application/json":{"example":{"lines":[{"sku":"MUG-RED","quantity":2}]}}}}}}}}`
	got, err := console.WithContract(ops, []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	var place, list console.Operation
	for _, op := range got {
		switch op.Key() {
		case "POST /orders":
			place = op
		case "GET /orders":
			list = op
		}
	}
	if place.Summary != "Place an order" || !strings.Contains(place.Example, `"sku": "MUG-RED"`) || strings.Join(place.Headers, ",") != "Idempotency-Key" {
		t.Errorf("POST /orders = %+v", place)
	}
	if list.Method == "" || list.Summary != "" {
		t.Errorf("GET /orders = %+v, want the declared route without a summary", list)
	}
	if len(got) != len(ops) {
		t.Errorf("%d operations with the contract, %d declared", len(got), len(ops))
	}
	if _, err := console.WithContract(ops, []byte(`{"swagger":"2.0"}`)); err == nil {
		t.Error("a Swagger 2.0 document was taken for an OpenAPI 3 contract")
	}
}

func TestListenAnswersLoopbackNamesOnly(t *testing.T) {
	w := newWorld(t)
	srv, err := console.Listen(":0", w.deps)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close(context.Background()) })
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Errorf("an address without a host listens at %s, want loopback", srv.URL)
	}
	get := func(host string) int {
		req, err := http.NewRequest(http.MethodGet, srv.URL+"/orders", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	if s := get("localhost:" + port); s != http.StatusOK {
		t.Errorf("Host localhost = %d", s)
	}
	if s := get("attacker.example:" + port); s != http.StatusMisdirectedRequest {
		t.Errorf("Host attacker.example = %d, want 421", s)
	}
}

func TestTheEventStreamSendsTheFilteredEventsAsTheyArrive(t *testing.T) {
	w := newWorld(t)
	srv := httptest.NewServer(w.handler)
	t.Cleanup(srv.Close)
	w.feed.Add(envelope("old", events.TypeOrderPlaced, "O-1", 0, nil))
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/events/stream?order=O-1&after=0", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	w.feed.Add(envelope("other", events.TypeOrderPlaced, "O-2", 1, nil))
	w.feed.Add(envelope("new", events.TypeOrderShipped, "O-1", 2, nil))
	var got strings.Builder
	buf := make([]byte, 4096)
	for !strings.Contains(got.String(), `data-type="OrderShipped"`) {
		n, err := resp.Body.Read(buf)
		if err != nil {
			t.Fatalf("stream ended with %q: %v", got.String(), err)
		}
		got.Write(buf[:n])
	}
	s := got.String()
	if strings.Count(s, "event: row") != 2 || !strings.Contains(s, `data-type="OrderPlaced"`) || strings.Contains(s, "O-2") {
		t.Errorf("stream %q, want O-1's two events only", s)
	}
}

func TestVendoredHtmxIsThePinnedRelease(t *testing.T) {
	b, err := os.ReadFile("static/htmx.min.js")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	const pinned = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717" // htmx.org 2.0.11, see static/VENDORED.md
	if got := hex.EncodeToString(sum[:]); got != pinned {
		t.Errorf("static/htmx.min.js has sha256 %s, want htmx.org 2.0.11's %s", got, pinned)
	}
}
