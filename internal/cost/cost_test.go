package cost_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/cost"
	"github.com/conveyor-dev/conveyor/internal/metering"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func prices(t *testing.T) cost.PriceTable {
	t.Helper()
	p, err := cost.Prices()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestThePriceTableNamesItsDateAndSourceForEachPrice(t *testing.T) {
	p := prices(t)
	for key, price := range p.Prices {
		if price.Checked == "" || !strings.HasPrefix(price.Source, "https://") {
			t.Errorf("%s: checked %q, source %q", key, price.Checked, price.Source)
		}
	}
	t.Run("a table lacking a price the report needs is refused", func(t *testing.T) {
		var raw map[string]any
		b, _ := json.Marshal(p)
		_ = json.Unmarshal(b, &raw)
		delete(raw["prices"].(map[string]any), cost.DynamoDBReadUnits)
		b, _ = json.Marshal(raw)
		if _, err := cost.ParsePrices(b); err == nil || !strings.Contains(err.Error(), cost.DynamoDBReadUnits) {
			t.Errorf("ParsePrices without %s: %v", cost.DynamoDBReadUnits, err)
		}
	})
	t.Run("a price without a source is refused", func(t *testing.T) {
		q := p
		q.Prices = map[string]cost.Price{}
		for k, v := range p.Prices {
			q.Prices[k] = v
		}
		lr := q.Prices[cost.LambdaRequests]
		lr.Source = ""
		q.Prices[cost.LambdaRequests] = lr
		if err := q.Validate(); err == nil {
			t.Error("Validate accepted a price without a source")
		}
	})
	t.Run("a table checked more than a year ago is stale", func(t *testing.T) {
		checked := p.CheckedAt()
		if p.Stale(checked.AddDate(0, 0, 364)) {
			t.Error("stale 364 days after its check")
		}
		if !p.Stale(checked.AddDate(0, 0, 366)) {
			t.Error("not stale 366 days after its check")
		}
	})
}

// shipping is a declaration with one of each thing that costs by the
// month: two functions (one serving a route, one consuming the stream and
// publishing), a subscription.
func shipping() spec.Service {
	return spec.Service{
		Name: "shipping",
		Functions: []spec.Function{
			{Name: "shipping-api", MemoryMB: 512},
			{Name: "shipping-publisher", MemoryMB: 256, Stream: &spec.StreamConsumer{BatchSize: 100}, Publisher: true},
		},
		Routes:        []spec.Route{{Method: "GET", Path: "/shipments/{id}", Function: "shipping-api"}},
		Subscriptions: []spec.Subscription{{Name: "saga", Function: "shipping-api"}},
	}
}

func TestTheFixedInventoryFollowsTheStacksRules(t *testing.T) {
	inv, err := cost.InventoryOf([]spec.Service{shipping()}, cost.Prod())
	if err != nil {
		t.Fatal(err)
	}
	// Functions 2×3, stream consumer 3, subscription 2, error rate 1,
	// poison events 1; the platform's 6 and the canary's 1.
	if inv.Alarms != 6+3+2+1+1+6+1 {
		t.Errorf("alarms %d, want 20", inv.Alarms)
	}
	// The stuck-saga alarm watches three metrics.
	if inv.AlarmMetrics != inv.Alarms+2 {
		t.Errorf("alarm metrics %d, want %d", inv.AlarmMetrics, inv.Alarms+2)
	}
	if inv.Dashboards != 2 {
		t.Errorf("dashboards %d, want 2 (the service's and the platform's)", inv.Dashboards)
	}
	// ColdStart and HandlerErrors (every function), EventsPublished (a
	// publisher), EventsHandled, EventsFailed and PoisonEvents (a
	// consumer), HealthCheckFailures (a health route), OrdersShipped
	// (shipping's own).
	if inv.CustomMetrics != 8 {
		t.Errorf("custom metrics %d, want 8", inv.CustomMetrics)
	}
	// One of 512 MB, all month.
	if want := 0.5 * cost.HoursPerMonth * 3600; inv.ProvisionedGBSeconds != want {
		t.Errorf("provisioned GB-s %v, want %v", inv.ProvisionedGBSeconds, want)
	}
	if inv.WebACLs != 1 || inv.WAFRules != 3 || inv.CanaryRuns != cost.HoursPerMonth*12 {
		t.Errorf("web ACLs %d, rules %d, canary runs %v", inv.WebACLs, inv.WAFRules, inv.CanaryRuns)
	}
	t.Run("dev has neither WAF nor provisioned concurrency", func(t *testing.T) {
		inv, err := cost.InventoryOf([]spec.Service{shipping()}, cost.Dev())
		if err != nil {
			t.Fatal(err)
		}
		if inv.WebACLs != 0 || inv.ProvisionedGBSeconds != 0 {
			t.Errorf("%+v", inv)
		}
	})
	t.Run("metrics with a dimension count each of its values", func(t *testing.T) {
		orders := spec.Service{Name: "orders", Functions: []spec.Function{{Name: "orders-api", MemoryMB: 256}}}
		inv, err := cost.InventoryOf([]spec.Service{orders}, cost.Dev())
		if err != nil {
			t.Fatal(err)
		}
		// ColdStart, HandlerErrors; OrdersPlaced, OrdersConfirmed,
		// OrdersCancelled (1 + 4 reasons), SagaDuration (1 + 2
		// outcomes), SagaDeadlinesExpired, OrderViewsWritten.
		if want := 2 + 1 + 1 + 5 + 3 + 1 + 1; inv.CustomMetrics != want {
			t.Errorf("custom metrics %d, want %d", inv.CustomMetrics, want)
		}
	})
	t.Run("the declared services' inventory can be counted", func(t *testing.T) {
		if _, err := cost.InventoryOf(functions.All(), cost.Prod()); err != nil {
			t.Error(err)
		}
	})
}

// snapshot is two orders' worth of usage with round figures.
func snapshot() metering.Snapshot {
	return metering.Snapshot{
		Since: time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC), Taken: time.Date(2026, 11, 30, 10, 1, 0, 0, time.UTC),
		Orders: 2,
		Functions: map[string]metering.Usage{
			"orders-api": {Service: "orders",
				Lambda:     metering.LambdaUsage{Invocations: 4, BilledMilliseconds: 4000, MBMilliseconds: 4 * 1024 * 1000},
				DynamoDB:   metering.DynamoDBUsage{ReadUnits: 10, WriteUnits: 16, IndexWriteUnits: 4},
				APIGateway: metering.APIGatewayUsage{Requests: 2},
			},
			"payments-saga": {Service: "payments",
				SQS:         metering.SQSUsage{Requests: 10, EmptyReceives: 2},
				EventBridge: metering.EventBridgeUsage{Entries: 4, Events: 4},
				XRay:        metering.XRayUsage{Traces: 20},
				Logs:        metering.LogsUsage{Bytes: 1 << 30},
			},
		},
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestTheReportPricesWhatWasMeteredPerOrder(t *testing.T) {
	p := prices(t)
	now := p.CheckedAt().AddDate(0, 1, 0)
	r, err := cost.New(snapshot(), p, []spec.Service{shipping()}, cost.Options{Deployment: cost.Prod(), Now: now, OrdersPerDay: 1000})
	if err != nil {
		t.Fatal(err)
	}
	each := func(key string) float64 { return p.Prices[key].Each() }
	// Two orders: each costs half of what was metered.
	want := map[string]float64{
		cost.Lambda:      (4*each(cost.LambdaRequests) + 4*each(cost.LambdaDuration)) / 2,
		cost.DynamoDB:    (10*each(cost.DynamoDBReadUnits) + 20*each(cost.DynamoDBWriteUnits)) / 2,
		cost.EventBridge: 4 * each(cost.EventBridgeEvents) / 2,
		cost.SQS:         10 * each(cost.SQSRequests) / 2,
		cost.APIGateway:  2 * each(cost.APIGatewayRequests) / 2,
		cost.XRay:        20 * 0.05 * each(cost.XRayTraces) / 2,
		cost.Logs:        each(cost.LogsIngestion) / 2,
	}
	total := 0.0
	for _, k := range cost.AWSServices {
		total += want[k]
		if got := r.PerOrderUSD.ByAWSService[k]; !near(got, want[k]) {
			t.Errorf("%s per order: %v, want %v", k, got, want[k])
		}
		if got := r.PerMillionOrdersUSD.ByAWSService[k]; !near(got, 1e6*want[k]) {
			t.Errorf("%s per 1M orders: %v, want %v", k, got, 1e6*want[k])
		}
	}
	if !near(r.PerMillionOrdersUSD.Total, 1e6*total) || r.Orders != 2 {
		t.Errorf("per 1M orders %v of %d orders, want %v of 2", r.PerMillionOrdersUSD.Total, r.Orders, 1e6*total)
	}
	bySvc := r.PerOrderUSD.ByConveyorService
	if !near(bySvc["orders"], want[cost.Lambda]+want[cost.DynamoDB]+want[cost.APIGateway]) ||
		!near(bySvc["orders"]+bySvc["payments"], total) {
		t.Errorf("by service %v", bySvc)
	}
	if r.Dominant.AWSService != cost.Logs || r.Dominant.ConveyorService != "payments" {
		t.Errorf("dominant %+v, want logs and payments", r.Dominant)
	}
	if r.UsagePerOrder.DynamoDBWriteUnits != 10 || r.UsagePerOrder.SQSEmptyReceives != 1 {
		t.Errorf("usage per order %+v", r.UsagePerOrder)
	}
	t.Run("the monthly estimate samples X-Ray as its rule does at that volume", func(t *testing.T) {
		// 10 traces an order at 1,000 orders a day is 0.12 a second: under
		// the reservoir's one a second, so every trace is recorded.
		orders := 1000 * cost.DaysPerMonth
		xray := 10 * orders * each(cost.XRayTraces)
		waf := 1 * orders * each(cost.WAFRequests)
		wantVariable := (total-want[cost.XRay])*orders + xray + waf
		if m := r.Monthly; m == nil || !near(m.VariableUSD, wantVariable) || !near(m.TotalUSD, m.VariableUSD+r.Fixed.TotalUSD) {
			t.Errorf("monthly %+v, want variable %v", m, wantVariable)
		}
	})
	t.Run("the JSON form has the figures under the documented keys", func(t *testing.T) {
		var buf bytes.Buffer
		if err := r.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Orders              int64
			PerMillionOrdersUSD struct {
				Total             *float64
				ByAwsService      map[string]float64
				ByConveyorService map[string]float64
			}
		}
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Orders != 2 || doc.PerMillionOrdersUSD.Total == nil || len(doc.PerMillionOrdersUSD.ByConveyorService) != 2 {
			t.Errorf("%s", buf.String())
		}
		for _, k := range []string{"lambda", "dynamodb", "eventbridge", "sqs", "apigateway", "xray", "logs"} {
			if _, ok := doc.PerMillionOrdersUSD.ByAwsService[k]; !ok {
				t.Errorf("perMillionOrdersUSD.byAwsService has no %q", k)
			}
		}
	})
	t.Run("the text form says what dominates and what is fixed", func(t *testing.T) {
		var buf bytes.Buffer
		if err := r.WriteText(&buf); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, want := range []string{"per 1M orders: $", "CloudWatch Logs dominates", "fixed monthly costs of prod", "a month at 1,000 orders a day", "from 2 orders"} {
			if !strings.Contains(out, want) {
				t.Errorf("the text lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, "WARNING") {
			t.Errorf("a fresh table is flagged:\n%s", out)
		}
	})
}

func TestTheSummaryGivesThePerMillionFigureAndWhatDominates(t *testing.T) {
	p := prices(t)
	r, err := cost.New(snapshot(), p, []spec.Service{shipping()}, cost.Options{Now: p.CheckedAt()})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.WriteSummary(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"per 1M orders, from the 2 orders metered", "CloudWatch Logs dominates", "DynamoDB $"} {
		if !strings.Contains(out, want) {
			t.Errorf("the summary lacks %q:\n%s", want, out)
		}
	}
}

func TestAStalePriceTableIsFlagged(t *testing.T) {
	p := prices(t)
	r, err := cost.New(snapshot(), p, []spec.Service{shipping()}, cost.Options{Now: p.CheckedAt().AddDate(1, 0, 2)})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	if !r.PriceTable.Stale || !strings.HasPrefix(buf.String(), "WARNING: the price table") {
		t.Errorf("stale %v; text:\n%s", r.PriceTable.Stale, buf.String())
	}
	// conveyor load (and so make bench) ends its report with the summary:
	// the warning heads it there too.
	buf.Reset()
	if err := r.WriteSummary(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "WARNING: the price table") {
		t.Errorf("the summary does not flag the stale table:\n%s", buf.String())
	}
	buf.Reset()
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		PriceTable struct {
			Stale bool `json:"stale"`
		} `json:"priceTable"`
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil || !doc.PriceTable.Stale || len(doc.Warnings) == 0 {
		t.Errorf("the JSON does not flag the stale table (%v):\n%s", err, buf.String())
	}
}

func TestNoOrdersNoFigures(t *testing.T) {
	s := snapshot()
	s.Orders = 0
	if _, err := cost.New(s, prices(t), nil, cost.Options{}); !errors.Is(err, cost.ErrNoOrders) {
		t.Errorf("got %v, want ErrNoOrders", err)
	}
}
