package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/xray"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
	"github.com/conveyor-dev/conveyor/internal/trace"
	"github.com/conveyor-dev/conveyor/shared/metrics"
	"github.com/conveyor-dev/conveyor/shared/metrics/metricstest"
)

// journey waits until the order's journey satisfies done, and returns it.
func journey(t *testing.T, orderID string, since time.Time, what string, done func(trace.Journey) bool) trace.Journey {
	t.Helper()
	client := xray.NewFromConfig(target.cloud.Clients.Config)
	var j trace.Journey
	eventually(t, what, 60*time.Second, func() bool {
		var err error
		j, err = trace.Find(t.Context(), client, trace.Query{OrderID: orderID, Start: since.Add(-time.Minute), End: time.Now().Add(time.Minute)})
		return err == nil && done(j)
	})
	return j
}

func firstSpan(j trace.Journey, match func(trace.Span) bool) int {
	return slices.IndexFunc(j.Spans, match)
}

func invocationOf(function string) func(trace.Span) bool {
	return func(s trace.Span) bool { return s.Kind == trace.KindFunction && s.Function == function }
}

func handling(function, eventType string) func(trace.Span) bool {
	return func(s trace.Span) bool { return s.Function == function && s.Operation == "handle "+eventType }
}

func apiStage(s trace.Span) bool { return s.Kind == trace.KindAPI && s.Operation == "POST /orders" }

func providerCall(s trace.Span) bool { return s.Kind == trace.KindHTTP && s.Service == "payments" }

// subscribed reports whether any declared subscription takes eventType,
// so the test checks each saga step once its consumer is declared.
func subscribed(eventType string) bool {
	for _, s := range functions.All() {
		for _, sub := range s.Subscriptions {
			if slices.Contains(sub.DetailTypes, eventType) {
				return true
			}
		}
	}
	return false
}

// functionRecords splits what the functions wrote since a time into log
// records and EMF records, each with the function that wrote it.
func functionRecords(t *testing.T, since time.Time) (logs, emf []map[string]any, raw [][]byte) {
	t.Helper()
	for _, l := range target.cloud.FunctionLogs(since) {
		var rec map[string]any
		if json.Unmarshal(l.Line, &rec) != nil {
			continue // the runtime's own lines are not JSON
		}
		rec["@function"] = l.Function
		if _, ok := rec["_aws"]; ok {
			emf = append(emf, rec)
			raw = append(raw, l.Line)
		} else {
			logs = append(logs, rec)
		}
	}
	return logs, emf, raw
}

func TestOneOrdersJourneyIsTracedLoggedAndMeasured(t *testing.T) {
	localOnly(t)
	since := time.Now()
	sku := orderableProduct(t, 2400, 5)
	tok, customerID := customer(t)
	corr := unique("corr")
	placed := request(t, "POST", "/orders", tok, fmt.Sprintf(`{"lines":[{"sku":%q,"quantity":1}]}`, sku),
		map[string]string{"Idempotency-Key": unique("key"), "X-Correlation-Id": corr})
	if placed.status != 202 {
		t.Fatalf("place order: %d %s", placed.status, placed.body)
	}
	orderID := decode[orderView](t, placed.body).ID

	// The saga's hops, in causal order; the steps after the payment count
	// once their consumers are declared.
	hops := []struct {
		name  string
		match func(trace.Span) bool
	}{
		{"the API stage", apiStage},
		{"orders-api", invocationOf("orders-api")},
		{"orders-relay publishing OrderPlaced", func(s trace.Span) bool {
			return s.Function == "orders-relay" && s.Operation == "EventBridge PutEvents"
		}},
		{"inventory handling OrderPlaced", handling("inventory-events", "OrderPlaced")},
		{"payments handling StockReserved", handling("payments-saga", "StockReserved")},
		{"the payment provider call", providerCall},
	}
	shipped := struct {
		name  string
		match func(trace.Span) bool
	}{"shipping handling OrderConfirmed", handling("shipping-saga", "OrderConfirmed")}
	// sagaConfirms says whether the declarations close the saga: orders
	// confirms an authorised order, and shipping takes the confirmation.
	sagaConfirms := subscribed("PaymentAuthorized") && subscribed("OrderConfirmed")
	if sagaConfirms {
		hops = append(hops, shipped)
	}
	j := journey(t, orderID, since, "the order's journey reaches its last hop", func(j trace.Journey) bool {
		return firstSpan(j, hops[len(hops)-1].match) >= 0
	})
	if !sagaConfirms {
		// No declared consumer confirms an authorised order yet: the test
		// confirms it on the bus in the orders service's place, so that
		// shipping's hop is checked all the same.
		t.Log("no declared consumer confirms an authorised order: the test publishes the order's OrderConfirmed")
		confirmed, err := events.NewEnvelope(events.OrderConfirmed{
			OrderID: orderID, CustomerID: customerID, ConfirmedAt: time.Now().UTC(),
			Lines: []events.OrderLine{{SKU: sku, Quantity: 1, UnitPrice: events.Money{Amount: 2400, Currency: "EUR"}}},
			Total: events.Money{Amount: 2400, Currency: "EUR"},
		}, events.Meta{ID: unique("confirmed"), Source: "conveyor.orders", Time: time.Now(), CorrelationID: corr})
		if err != nil {
			t.Fatal(err)
		}
		// Published as from within the payment's trace, as the orders
		// service would publish it, with the trace header on the entry.
		pay := j.Spans[firstSpan(j, handling("payments-saga", "StockReserved"))]
		detail, err := json.Marshal(confirmed)
		if err != nil {
			t.Fatal(err)
		}
		out, err := target.cloud.Clients.Events.PutEvents(t.Context(), &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
			EventBusName: aws.String(target.cloud.Platform.Bus), Source: aws.String(confirmed.Source),
			DetailType: aws.String(confirmed.Type), Detail: aws.String(string(detail)),
			TraceHeader: aws.String("Root=" + pay.TraceID + ";Parent=" + pay.ID + ";Sampled=1"),
		}}})
		if err != nil || out.FailedEntryCount != 0 {
			t.Fatalf("PutEvents: %v, %+v", err, out)
		}
		hops = append(hops, shipped)
		j = journey(t, orderID, since, "shipping's hop joins the order's journey", func(j trace.Journey) bool {
			return firstSpan(j, shipped.match) >= 0
		})
	}
	var waterfall bytes.Buffer
	if err := j.WriteText(&waterfall); err != nil {
		t.Fatal(err)
	}
	t.Logf("conveyor trace %s:\n%s", orderID, waterfall.String())

	t.Run("the journey shows every hop in causal order", func(t *testing.T) {
		last := -1
		for _, h := range hops {
			i := firstSpan(j, h.match)
			if i < 0 {
				t.Fatalf("no span for %s", h.name)
			}
			if i < last {
				t.Errorf("%s (span %d) starts before the hop that caused it (span %d)", h.name, i, last)
			}
			last = i
		}
	})
	t.Run("each consumer continues its producer's trace", func(t *testing.T) {
		// The producer of what a consumer handles is the last publication
		// before it: the relay's PutEvents of OrderPlaced for inventory and
		// payments, and of OrderConfirmed (a later commit, relayed in an
		// invocation of its own) for shipping.
		for _, h := range hops[3:] {
			i := firstSpan(j, h.match)
			if i < 0 {
				continue
			}
			producer := -1
			for k := i - 1; k >= 0; k-- {
				if j.Spans[k].Kind == trace.KindAWS && j.Spans[k].Operation == "EventBridge PutEvents" {
					producer = k
					break
				}
			}
			if h.name == "the payment provider call" {
				continue // an outbound call inside payments' own invocation
			}
			if producer < 0 || j.Spans[i].TraceID != j.Spans[producer].TraceID {
				t.Errorf("%s is in trace %s, not in the trace of the publication before it (span %d)", h.name, j.Spans[i].TraceID, producer)
			}
		}
	})
	t.Run("DynamoDB and EventBridge calls are subsegments of the functions", func(t *testing.T) {
		for _, op := range []string{"DynamoDB PutItem", "DynamoDB TransactWriteItems", "EventBridge PutEvents"} {
			i := firstSpan(j, func(s trace.Span) bool { return s.Kind == trace.KindAWS && s.Operation == op })
			if i < 0 || j.Spans[i].Depth == 0 || j.Spans[i].Function == "" || j.Spans[i].Outcome != trace.OutcomeOK {
				t.Errorf("%s: span %d, want an ok subsegment of a function", op, i)
			}
		}
	})
	t.Run("the API function and each consumer annotate the order's id", func(t *testing.T) {
		for _, h := range []struct{ function, operation string }{
			{"orders-api", "handler"}, {"inventory-events", "handle OrderPlaced"}, {"payments-saga", "handle StockReserved"},
		} {
			i := firstSpan(j, func(s trace.Span) bool {
				return s.Function == h.function && s.Operation == h.operation && s.Annotations["order_id"] == orderID
			})
			if i < 0 {
				t.Errorf("no %s span of %s is annotated with order_id %s", h.operation, h.function, orderID)
			}
		}
	})
	t.Run("every trace of the order carries the request's correlation id", func(t *testing.T) {
		if !slices.Equal(j.CorrelationIDs, []string{corr}) || len(j.TraceIDs) < 2 {
			t.Errorf("correlation ids %v over traces %v, want only %s", j.CorrelationIDs, j.TraceIDs, corr)
		}
	})
	t.Run("conveyor trace prints the waterfall and its JSON", func(t *testing.T) {
		bin := filepath.Join(t.TempDir(), "conveyor")
		build := exec.Command("go", "build", "-o", bin, "./cmd/conveyor")
		build.Dir = target.moduleRoot
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("build conveyor: %v\n%s", err, out)
		}
		// run runs the CLI until it succeeds within a deadline: under load
		// an X-Ray read through the emulator now and then loses its
		// connection, and the CLI exits 1; the failure shows its stderr.
		run := func(args ...string) []byte {
			t.Helper()
			var out []byte
			var err error
			if !poll.Within(20*time.Second, func() bool {
				out, err = exec.Command(bin, args...).Output()
				return err == nil
			}) {
				var stderr []byte
				if ee, ok := err.(*exec.ExitError); ok {
					stderr = ee.Stderr
				}
				t.Fatalf("conveyor %s: %v\n%s", strings.Join(args, " "), err, stderr)
			}
			return out
		}
		text := run("trace", "-endpoint", target.cloud.Endpoint, orderID)
		for _, want := range []string{"order " + orderID, "OUTCOME", "POST /orders", "Invoke inventory-events", "EventBridge PutEvents"} {
			if !strings.Contains(string(text), want) {
				t.Errorf("the waterfall lacks %q:\n%s", want, text)
			}
		}
		out := run("trace", orderID, "-endpoint", target.cloud.Endpoint, "-format", "json")
		var got trace.Journey
		if err := json.Unmarshal(out, &got); err != nil || got.OrderID != orderID || len(got.Spans) < len(j.Spans) {
			t.Errorf("JSON journey of %q with %d spans (%v), want %s with at least %d", got.OrderID, len(got.Spans), err, orderID, len(j.Spans))
		}
	})

	logs, emf, raw := functionRecords(t, since)
	t.Run("every function's log lines for the order carry its correlation id", func(t *testing.T) {
		seen := map[string]bool{}
		for _, rec := range logs {
			line, _ := json.Marshal(rec)
			if !strings.Contains(string(line), orderID) && rec["correlation_id"] != corr {
				continue
			}
			if rec["correlation_id"] != corr {
				t.Errorf("%s logged for the order with correlation id %v, want %s: %s", rec["@function"], rec["correlation_id"], corr, line)
			}
			seen[rec["@function"].(string)] = true
		}
		want := []string{"orders-api", "orders-relay", "inventory-events", "payments-saga", "shipping-saga"}
		if sagaConfirms {
			want = append(want, "orders-events")
		}
		for _, fn := range want {
			if !seen[fn] {
				t.Errorf("%s wrote no line for the order (functions seen: %v)", fn, seen)
			}
		}
	})
	t.Run("the EMF records are valid and hold only documented metrics", func(t *testing.T) {
		for i, rec := range emf {
			if err := metricstest.ValidateEMF(raw[i]); err != nil {
				t.Errorf("%s wrote invalid EMF: %v\n%s", rec["@function"], err, raw[i])
			}
			for _, d := range rec["_aws"].(map[string]any)["CloudWatchMetrics"].([]any) {
				dir := d.(map[string]any)
				for _, m := range dir["Metrics"].([]any) {
					name := m.(map[string]any)["Name"].(string)
					def, ok := metrics.Lookup(name)
					if !ok {
						t.Errorf("%s emits %s, which the README's table does not document", rec["@function"], name)
						continue
					}
					for _, set := range dir["Dimensions"].([]any) {
						var dims []string
						for _, n := range set.([]any) {
							dims = append(dims, n.(string))
						}
						if !def.HasDimensions(dims) {
							t.Errorf("%s emits %s with dimensions %v, documented %v", rec["@function"], name, dims, def.DimensionNames())
						}
					}
				}
			}
		}
	})
	t.Run("the order's EMF records contain the saga's documented metrics", func(t *testing.T) {
		got := map[string]bool{}
		for _, rec := range emf {
			if rec["correlation_id"] != corr {
				continue
			}
			for name := range rec {
				if _, ok := metrics.Lookup(name); ok {
					got[name] = true
				}
			}
		}
		want := []string{metrics.MetricOrdersPlaced, metrics.MetricEventsPublished, metrics.MetricEventsHandled,
			metrics.MetricReservationReserved, metrics.MetricPaymentsAuthorized, metrics.MetricProviderLatency,
			metrics.MetricColdStart, metrics.MetricHandlerErrors}
		want = append(want, metrics.MetricOrdersShipped)
		if sagaConfirms {
			want = append(want, metrics.MetricOrdersConfirmed, metrics.MetricSagaDuration)
		}
		for _, name := range want {
			if !got[name] {
				t.Errorf("no EMF record of the order holds %s (got %v)", name, got)
			}
		}
	})
}

func TestAFailingProviderCallShowsAsAnErrorInTheTrace(t *testing.T) {
	localOnly(t)
	since := time.Now()
	providerFaults(t, pspsim.Faults{ErrorRate: 1})
	_, orderID := reservedOrder(t, 700)
	j := journey(t, orderID, since, "a failed provider call is in the order's trace", func(j trace.Journey) bool {
		return firstSpan(j, func(s trace.Span) bool { return providerCall(s) && s.Outcome != trace.OutcomeOK }) >= 0
	})
	// Let the provider answer again, so the order goes on.
	if err := target.cloud.PSP.SetFaults(pspsim.Faults{}); err != nil {
		t.Fatal(err)
	}
	s := j.Spans[firstSpan(j, func(s trace.Span) bool { return providerCall(s) && s.Outcome != trace.OutcomeOK })]
	if s.HTTPStatus != 500 || (s.Outcome != trace.OutcomeFault && s.Outcome != trace.OutcomeError) {
		t.Errorf("provider call %+v, want a fault with status 500", s)
	}
}

func TestEveryServicesHealthRouteReportsEachDependency(t *testing.T) {
	for _, s := range functions.All() {
		for _, r := range s.Routes {
			if r.Method != "GET" || !strings.HasPrefix(r.Path, "/health/") {
				continue
			}
			t.Run(r.Path+" answers 200 with every check ok and timed", func(t *testing.T) {
				resp := request(t, "GET", r.Path, "", "", nil)
				if resp.status != 200 {
					t.Fatalf("GET %s: %d %s", r.Path, resp.status, resp.body)
				}
				report := decode[struct {
					Service string `json:"service"`
					Status  string `json:"status"`
					Checks  []struct {
						Name       string `json:"name"`
						Status     string `json:"status"`
						DurationMS *int64 `json:"durationMs"`
					} `json:"checks"`
				}](t, resp.body)
				if report.Service != s.Name || report.Status != "ok" || len(report.Checks) == 0 {
					t.Fatalf("report %s, want service %s ok with its checks", resp.body, s.Name)
				}
				for _, c := range report.Checks {
					if c.Name == "" || c.DurationMS == nil || (c.Status != "ok" && c.Status != "closed") {
						t.Errorf("check %+v in %s, want a named, timed, passing check", c, resp.body)
					}
				}
			})
		}
	}
}
