package cost

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"time"
)

// PricesFile is where the price table lives in the repository.
const PricesFile = "internal/cost/prices.json"

//go:embed prices.json
var pricesJSON []byte

// The prices the report uses, by key in the table.
const (
	LambdaRequests            = "lambda.requests"
	LambdaDuration            = "lambda.arm64.duration"
	LambdaProvisioned         = "lambda.arm64.provisionedConcurrency"
	DynamoDBWriteUnits        = "dynamodb.ondemand.writeRequestUnits"
	DynamoDBReadUnits         = "dynamodb.ondemand.readRequestUnits"
	EventBridgeEvents         = "eventbridge.customEvents"
	EventBridgeArchive        = "eventbridge.archiveProcessed"
	SQSRequests               = "sqs.standard.requests"
	APIGatewayRequests        = "apigateway.rest.requests"
	XRayTraces                = "xray.tracesRecorded"
	LogsIngestion             = "logs.ingestion"
	CloudWatchMetrics         = "cloudwatch.customMetrics"
	CloudWatchAlarmMetrics    = "cloudwatch.alarmMetrics"
	CloudWatchDashboards      = "cloudwatch.dashboards"
	SyntheticsCanaryRuns      = "synthetics.canaryRuns"
	WAFWebACLs                = "waf.webACLs"
	WAFRules                  = "waf.rules"
	WAFRequests               = "waf.requests"
	CognitoEssentialsMAU      = "cognito.essentials.mau"
	CognitoPlusMAU            = "cognito.plus.mau"
	KMSKeys                   = "kms.keys"
	cognitoEssentialsFreeMAUs = 10_000
)

// requiredPrices are the keys the report reads; a table lacking one is
// refused.
var requiredPrices = []string{
	LambdaRequests, LambdaDuration, LambdaProvisioned, DynamoDBWriteUnits, DynamoDBReadUnits,
	EventBridgeEvents, EventBridgeArchive, SQSRequests, APIGatewayRequests, XRayTraces, LogsIngestion,
	CloudWatchMetrics, CloudWatchAlarmMetrics, CloudWatchDashboards, SyntheticsCanaryRuns,
	WAFWebACLs, WAFRules, WAFRequests, CognitoEssentialsMAU, CognitoPlusMAU, KMSKeys,
}

// PriceTable is the versioned table of the prices the report applies,
// each with the date it was checked and its source.
type PriceTable struct {
	// Version names this edition of the table; Checked is when its prices
	// were last compared with their sources (YYYY-MM-DD).
	Version  string           `json:"version"`
	Checked  string           `json:"checked"`
	Region   string           `json:"region"`
	Currency string           `json:"currency"`
	Note     string           `json:"note"`
	Prices   map[string]Price `json:"prices"`
	// XRaySampling is the sampling rule the costs apply to the traces
	// the local cloud counted (it records every one).
	XRaySampling Sampling `json:"xraySampling"`
	// FreeOfCharge and NotCounted say what the figures leave out, and
	// why.
	FreeOfCharge []string `json:"freeOfCharge"`
	NotCounted   []string `json:"notCounted"`
}

// Price is USD per Per units, e.g. 0.20 per 1,000,000 requests.
type Price struct {
	USD     float64 `json:"usd"`
	Per     float64 `json:"per"`
	Unit    string  `json:"unit"`
	Note    string  `json:"note,omitempty"`
	Checked string  `json:"checked"`
	Source  string  `json:"source"`
}

// Each is the price of one unit.
func (p Price) Each() float64 { return p.USD / p.Per }

// Sampling is an X-Ray sampling rule: the first ReservoirPerSecond
// requests each second, then Rate of the others.
type Sampling struct {
	ReservoirPerSecond float64 `json:"reservoirPerSecond"`
	Rate               float64 `json:"rate"`
	Note               string  `json:"note"`
	Checked            string  `json:"checked"`
	Source             string  `json:"source"`
}

// Prices returns the price table the build carries (PricesFile).
func Prices() (PriceTable, error) { return ParsePrices(pricesJSON) }

// ParsePrices reads and validates a price table.
func ParsePrices(b []byte) (PriceTable, error) {
	var t PriceTable
	if err := json.Unmarshal(b, &t); err != nil {
		return PriceTable{}, fmt.Errorf("price table: %w", err)
	}
	if err := t.Validate(); err != nil {
		return PriceTable{}, err
	}
	return t, nil
}

// Validate reports every problem of the table: a required price missing,
// a price without a positive amount, a date or an http(s) source.
func (t PriceTable) Validate() error {
	var errs []error
	if t.Version == "" || t.Region == "" || t.Currency != "USD" {
		errs = append(errs, errors.New("price table: version, region and currency USD are required"))
	}
	if _, err := time.Parse(time.DateOnly, t.Checked); err != nil {
		errs = append(errs, fmt.Errorf("price table: checked %q is not a date (YYYY-MM-DD)", t.Checked))
	}
	for _, key := range requiredPrices {
		if _, ok := t.Prices[key]; !ok {
			errs = append(errs, fmt.Errorf("price table: no price for %s", key))
		}
	}
	keys := make([]string, 0, len(t.Prices))
	for k := range t.Prices {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		p := t.Prices[k]
		if p.USD <= 0 || p.Per <= 0 || p.Unit == "" {
			errs = append(errs, fmt.Errorf("price table: %s needs a positive usd and per, and a unit", k))
		}
		errs = append(errs, checkDated(k, p.Checked, p.Source)...)
	}
	s := t.XRaySampling
	if s.Rate <= 0 || s.Rate > 1 || s.ReservoirPerSecond < 0 {
		errs = append(errs, errors.New("price table: xraySampling needs a rate within (0, 1] and a reservoir of at least 0"))
	}
	errs = append(errs, checkDated("xraySampling", s.Checked, s.Source)...)
	return errors.Join(errs...)
}

func checkDated(what, checked, source string) []error {
	var errs []error
	if _, err := time.Parse(time.DateOnly, checked); err != nil {
		errs = append(errs, fmt.Errorf("price table: %s: checked %q is not a date (YYYY-MM-DD)", what, checked))
	}
	if u, err := url.Parse(source); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		errs = append(errs, fmt.Errorf("price table: %s: source %q is not a URL", what, source))
	}
	return errs
}

// StaleAfter is how old a price table may be before the report warns.
const StaleAfter = 365 * 24 * time.Hour

// CheckedAt is when the table was last checked.
func (t PriceTable) CheckedAt() time.Time {
	d, _ := time.Parse(time.DateOnly, t.Checked)
	return d
}

// Stale reports whether the table was checked more than StaleAfter
// before now.
func (t PriceTable) Stale(now time.Time) bool { return now.Sub(t.CheckedAt()) > StaleAfter }

// price returns the price of key; the table was validated to hold it.
func (t PriceTable) price(key string) Price { return t.Prices[key] }
