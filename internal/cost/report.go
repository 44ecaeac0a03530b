package cost

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/conveyor-dev/conveyor/internal/metering"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// The AWS services the report prices, in the order it lists them.
const (
	Lambda      = "lambda"
	DynamoDB    = "dynamodb"
	EventBridge = "eventbridge"
	SQS         = "sqs"
	APIGateway  = "apigateway"
	XRay        = "xray"
	Logs        = "logs"
)

// AWSServices lists the AWS services the per-order figures break down by.
var AWSServices = []string{Lambda, DynamoDB, EventBridge, SQS, APIGateway, XRay, Logs}

// Unattributed is the Conveyor service of what no function can be
// charged with.
const Unattributed = "unattributed"

// gib is the GB CloudWatch Logs and EventBridge's archive bill by.
const gib = 1 << 30

// Options shape a report.
type Options struct {
	// Deployment is the stage whose fixed costs are listed.
	Deployment Deployment
	// MonthlyActiveUsers are the users signing in each month, which
	// Cognito bills.
	MonthlyActiveUsers int
	// OrdersPerDay, when positive, adds a monthly estimate at that volume.
	OrdersPerDay float64
	// XRaySampled is the share of traces X-Ray records at volume; 0 means
	// the price table's sampling rate. The local cloud records every
	// trace; AWS records what sampling keeps.
	XRaySampled float64
	// Now dates the report, for the price table's staleness; zero means
	// time.Now().
	Now time.Time
}

// Report is what an order costs on AWS, from what the local cloud
// metered.
type Report struct {
	// Orders is the number of orders the figures rest on, placed between
	// Since and Taken.
	Orders int64     `json:"orders"`
	Since  time.Time `json:"since"`
	Taken  time.Time `json:"taken"`

	PriceTable  PriceTableInfo `json:"priceTable"`
	Assumptions Assumptions    `json:"assumptions"`

	PerOrderUSD         Breakdown `json:"perOrderUSD"`
	PerMillionOrdersUSD Breakdown `json:"perMillionOrdersUSD"`
	// Dominant names the AWS service and the Conveyor service that cost
	// the most per order, with their shares of the total.
	Dominant Dominant `json:"dominant"`
	// UsagePerOrder is what one order made AWS bill, on average.
	UsagePerOrder UsagePerOrder `json:"usagePerOrder"`
	// Fixed are the monthly costs that do not grow with orders.
	Fixed Fixed `json:"fixedMonthly"`
	// Monthly is the estimate at Options.OrdersPerDay; nil without it.
	Monthly *Monthly `json:"monthly,omitempty"`
	// Warnings say what the reader must know before trusting the figures
	// (a stale price table).
	Warnings []string `json:"warnings,omitempty"`
}

// PriceTableInfo identifies the price table applied.
type PriceTableInfo struct {
	File     string   `json:"file"`
	Version  string   `json:"version"`
	Checked  string   `json:"checked"`
	Stale    bool     `json:"stale"`
	Region   string   `json:"region"`
	Sources  []string `json:"sources"`
	Excluded []string `json:"excluded"`
}

// Assumptions are the choices the figures rest on besides the prices.
type Assumptions struct {
	Stage              string  `json:"stage"`
	XRaySampled        float64 `json:"xraySampled"`
	MonthlyActiveUsers int     `json:"monthlyActiveUsers"`
}

// Breakdown is a cost in USD, in total, by AWS service and by Conveyor
// service.
type Breakdown struct {
	Total             float64            `json:"total"`
	ByAWSService      map[string]float64 `json:"byAwsService"`
	ByConveyorService map[string]float64 `json:"byConveyorService"`
}

// Dominant is what costs the most.
type Dominant struct {
	AWSService           string  `json:"awsService"`
	AWSServiceShare      float64 `json:"awsServiceShare"`
	ConveyorService      string  `json:"conveyorService"`
	ConveyorServiceShare float64 `json:"conveyorServiceShare"`
}

// UsagePerOrder is the average billed usage of one order.
type UsagePerOrder struct {
	LambdaInvocations  float64 `json:"lambdaInvocations"`
	LambdaGBSeconds    float64 `json:"lambdaGBSeconds"`
	DynamoDBReadUnits  float64 `json:"dynamodbReadUnits"`
	DynamoDBWriteUnits float64 `json:"dynamodbWriteUnits"`
	// DynamoDBIndexWriteUnits are the part of DynamoDBWriteUnits that
	// keeps secondary indexes.
	DynamoDBIndexWriteUnits float64 `json:"dynamodbIndexWriteUnits"`
	EventBridgeEvents       float64 `json:"eventbridgeEvents"`
	SQSRequests             float64 `json:"sqsRequests"`
	// SQSEmptyReceives are the part of SQSRequests that found no message.
	SQSEmptyReceives float64 `json:"sqsEmptyReceives"`
	APIRequests      float64 `json:"apiRequests"`
	// XRayTraces are the traces the local cloud recorded (all of them);
	// X-Ray is priced on the sampled share.
	XRayTraces float64 `json:"xrayTraces"`
	LogBytes   float64 `json:"logBytes"`
}

// Fixed are the monthly costs of the stage that do not grow with orders.
type Fixed struct {
	Stage     string      `json:"stage"`
	TotalUSD  float64     `json:"totalUSD"`
	Items     []FixedItem `json:"items"`
	Inventory Inventory   `json:"inventory"`
}

// Monthly is the cost of a month at a given volume.
type Monthly struct {
	OrdersPerDay float64 `json:"ordersPerDay"`
	// VariableUSD is the orders' cost, with X-Ray sampled as its rule
	// does at that volume (the reservoir first, then the rate) and WAF's
	// per-request charge; FixedUSD the stage's fixed costs.
	VariableUSD float64 `json:"variableUSD"`
	FixedUSD    float64 `json:"fixedUSD"`
	TotalUSD    float64 `json:"totalUSD"`
}

// ErrNoOrders is returned when no order was placed since the counters
// were reset: there is nothing to divide by.
var ErrNoOrders = errors.New("no order was placed since the counters were reset: run `conveyor load` (or place orders) first")

// Measure prices what the meter of the local cloud at endpoint counted
// since its last reset, with the price table the build carries.
func Measure(ctx context.Context, endpoint string, services []spec.Service, o Options) (Report, error) {
	prices, err := Prices()
	if err != nil {
		return Report{}, err
	}
	s, err := metering.Fetch(ctx, endpoint)
	if err != nil {
		return Report{}, err
	}
	return New(s, prices, services, o)
}

// New prices what the snapshot counted, for the declared services.
func New(s metering.Snapshot, t PriceTable, services []spec.Service, o Options) (Report, error) {
	if s.Orders <= 0 {
		return Report{}, ErrNoOrders
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.XRaySampled <= 0 {
		o.XRaySampled = t.XRaySampling.Rate
	}
	if o.Deployment.Stage == "" {
		o.Deployment = Prod()
	}
	r := Report{
		Orders: s.Orders, Since: s.Since, Taken: s.Taken,
		PriceTable: PriceTableInfo{File: PricesFile, Version: t.Version, Checked: t.Checked, Stale: t.Stale(o.Now),
			Region: t.Region, Sources: t.sources(), Excluded: append(slices.Clone(t.FreeOfCharge), t.NotCounted...)},
		Assumptions: Assumptions{Stage: o.Deployment.Stage, XRaySampled: o.XRaySampled, MonthlyActiveUsers: o.MonthlyActiveUsers},
	}
	if r.PriceTable.Stale {
		r.Warnings = append(r.Warnings, fmt.Sprintf("the price table (%s) was checked on %s, more than a year ago: check its prices against their sources before trusting these figures", PricesFile, t.Checked))
	}
	orders := float64(s.Orders)
	total := t.priced(s.Total(), o.XRaySampled)
	r.PerOrderUSD = Breakdown{ByAWSService: map[string]float64{}, ByConveyorService: map[string]float64{}}
	for _, k := range AWSServices {
		r.PerOrderUSD.ByAWSService[k] = total[k] / orders
		r.PerOrderUSD.Total += total[k] / orders
	}
	for svc, u := range s.ByService() {
		if svc == "" {
			svc = Unattributed
		}
		for _, v := range t.priced(u, o.XRaySampled) {
			r.PerOrderUSD.ByConveyorService[svc] += v / orders
		}
	}
	r.PerMillionOrdersUSD = r.PerOrderUSD.scaled(1e6)
	r.Dominant = dominant(r.PerOrderUSD)
	r.UsagePerOrder = usagePerOrder(s.Total(), orders)

	inv, err := InventoryOf(services, o.Deployment)
	if err != nil {
		return Report{}, err
	}
	r.Fixed = Fixed{Stage: o.Deployment.Stage, Items: FixedCosts(t, inv, o.Deployment, o.MonthlyActiveUsers), Inventory: inv}
	for _, it := range r.Fixed.Items {
		r.Fixed.TotalUSD += it.USD
	}
	if o.OrdersPerDay > 0 {
		r.Monthly = r.monthly(t, o.OrdersPerDay)
	}
	return r, nil
}

// priced is what u costs, by AWS service, with X-Ray recording the
// sampled share of the traces.
func (t PriceTable) priced(u metering.Usage, sampled float64) map[string]float64 {
	p := func(key string) float64 { return t.price(key).Each() }
	return map[string]float64{
		Lambda:      float64(u.Lambda.Invocations)*p(LambdaRequests) + u.Lambda.GBSeconds()*p(LambdaDuration),
		DynamoDB:    u.DynamoDB.ReadUnits*p(DynamoDBReadUnits) + float64(u.DynamoDB.TotalWriteUnits())*p(DynamoDBWriteUnits),
		EventBridge: float64(u.EventBridge.Events)*p(EventBridgeEvents) + float64(u.EventBridge.Bytes)/gib*p(EventBridgeArchive),
		SQS:         float64(u.SQS.Requests) * p(SQSRequests),
		APIGateway:  float64(u.APIGateway.Requests) * p(APIGatewayRequests),
		XRay:        float64(u.XRay.Traces) * sampled * p(XRayTraces),
		Logs:        float64(u.Logs.Bytes) / gib * p(LogsIngestion),
	}
}

func (b Breakdown) scaled(f float64) Breakdown {
	out := Breakdown{Total: b.Total * f, ByAWSService: map[string]float64{}, ByConveyorService: map[string]float64{}}
	for k, v := range b.ByAWSService {
		out.ByAWSService[k] = v * f
	}
	for k, v := range b.ByConveyorService {
		out.ByConveyorService[k] = v * f
	}
	return out
}

func dominant(b Breakdown) Dominant {
	var d Dominant
	if b.Total <= 0 {
		return d
	}
	for _, k := range AWSServices {
		if v := b.ByAWSService[k]; v > b.ByAWSService[d.AWSService] || d.AWSService == "" {
			d.AWSService = k
		}
	}
	for _, k := range slices.Sorted(maps.Keys(b.ByConveyorService)) {
		if v := b.ByConveyorService[k]; v > b.ByConveyorService[d.ConveyorService] || d.ConveyorService == "" {
			d.ConveyorService = k
		}
	}
	d.AWSServiceShare = b.ByAWSService[d.AWSService] / b.Total
	d.ConveyorServiceShare = b.ByConveyorService[d.ConveyorService] / b.Total
	return d
}

func usagePerOrder(u metering.Usage, orders float64) UsagePerOrder {
	return UsagePerOrder{
		LambdaInvocations:       float64(u.Lambda.Invocations) / orders,
		LambdaGBSeconds:         u.Lambda.GBSeconds() / orders,
		DynamoDBReadUnits:       u.DynamoDB.ReadUnits / orders,
		DynamoDBWriteUnits:      float64(u.DynamoDB.TotalWriteUnits()) / orders,
		DynamoDBIndexWriteUnits: float64(u.DynamoDB.IndexWriteUnits) / orders,
		EventBridgeEvents:       float64(u.EventBridge.Events) / orders,
		SQSRequests:             float64(u.SQS.Requests) / orders,
		SQSEmptyReceives:        float64(u.SQS.EmptyReceives) / orders,
		APIRequests:             float64(u.APIGateway.Requests) / orders,
		XRayTraces:              float64(u.XRay.Traces) / orders,
		LogBytes:                float64(u.Logs.Bytes) / orders,
	}
}

// monthly estimates a month at ordersPerDay: the cost per order times
// the month's orders, X-Ray's as its sampling rule records at that rate
// of traces (the reservoir's first traces each second, then the rate)
// unless the report was given a sampled share of its own; WAF's
// per-request charge on the API requests; and the fixed costs.
func (r Report) monthly(t PriceTable, ordersPerDay float64) *Monthly {
	orders := ordersPerDay * DaysPerMonth
	variable := r.PerOrderUSD.Total * orders
	if s := t.XRaySampling; r.Assumptions.XRaySampled == s.Rate {
		// Sampling as the rule does it, rather than at its rate alone.
		tracesPerSecond := r.UsagePerOrder.XRayTraces * ordersPerDay / 86400
		recorded := min(tracesPerSecond, s.ReservoirPerSecond) + s.Rate*max(0, tracesPerSecond-s.ReservoirPerSecond)
		variable += recorded*HoursPerMonth*3600*t.price(XRayTraces).Each() - r.PerOrderUSD.ByAWSService[XRay]*orders
	}
	for _, it := range r.Fixed.Items {
		variable += it.PerMillionRequestsUSD * r.UsagePerOrder.APIRequests * orders / 1e6
	}
	return &Monthly{OrdersPerDay: ordersPerDay, VariableUSD: variable, FixedUSD: r.Fixed.TotalUSD, TotalUSD: variable + r.Fixed.TotalUSD}
}

// sources lists the table's sources, each once.
func (t PriceTable) sources() []string {
	seen := map[string]bool{}
	var out []string
	keys := slices.Sorted(maps.Keys(t.Prices))
	for _, k := range keys {
		if src := t.Prices[k].Source; !seen[src] {
			seen[src] = true
			out = append(out, src)
		}
	}
	if src := t.XRaySampling.Source; !seen[src] {
		out = append(out, src)
	}
	return out
}
