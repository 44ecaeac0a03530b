package cost

import (
	"fmt"
	"strings"
	"time"

	"github.com/conveyor-dev/conveyor/shared/metrics"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// HoursPerMonth is the month AWS prices in: 730 hours.
const HoursPerMonth = 730

// DaysPerMonth is that month in days.
const DaysPerMonth = HoursPerMonth / 24.0

// Deployment is what the fixed costs of a stage depend on, beyond the
// service declarations: the choices of infra.Stage that cost money
// whether or not orders come. Prod and Dev mirror infra.Prod and
// infra.Dev (infra's tests hold them to the synthesized stacks).
type Deployment struct {
	// Stage names the stage.
	Stage string
	// WAF attaches a web ACL of WAFRules rules to the API stage.
	WAF      bool
	WAFRules int
	// CanaryEvery is how often the health canary runs; 0 means no canary.
	CanaryEvery time.Duration
	// CognitoPlan is the user pool's feature plan: "plus" or
	// "essentials".
	CognitoPlan string
	// ProvisionedConcurrency is the provisioned concurrency each function
	// serving a route keeps (the stage's minimum); 0 means none.
	ProvisionedConcurrency int
}

// Prod is the prod stage: WAF with its three rules (the common and known
// bad input rule groups, a per-IP rate limit), the health canary every 5
// minutes, Cognito's Plus plan, and provisioned concurrency of 1 on each
// API function.
func Prod() Deployment {
	return Deployment{Stage: "prod", WAF: true, WAFRules: 3, CanaryEvery: 5 * time.Minute, CognitoPlan: "plus", ProvisionedConcurrency: 1}
}

// Dev is the dev stage: the canary and Cognito's Essentials plan, no WAF,
// no provisioned concurrency.
func Dev() Deployment {
	return Deployment{Stage: "dev", CanaryEvery: 5 * time.Minute, CognitoPlan: "essentials"}
}

// DeploymentByName returns Prod or Dev.
func DeploymentByName(name string) (Deployment, error) {
	switch name {
	case "prod":
		return Prod(), nil
	case "dev":
		return Dev(), nil
	}
	return Deployment{}, fmt.Errorf("unknown stage %q: choose prod or dev", name)
}

// Inventory counts what a stage deploys that is billed by the month.
type Inventory struct {
	// Alarms and the metrics they watch (an alarm on a math expression
	// watches each metric in it, and is billed for each).
	Alarms       int `json:"alarms"`
	AlarmMetrics int `json:"alarmMetrics"`
	// Dashboards: one per service and the platform's.
	Dashboards int `json:"dashboards"`
	// CustomMetrics are the metrics (name and dimension values) the code
	// emits, as shared/metrics catalogues them.
	CustomMetrics int `json:"customMetrics"`
	// CanaryRuns a month.
	CanaryRuns float64 `json:"canaryRuns"`
	// WebACLs and WAFRules of the API stage.
	WebACLs  int `json:"webACLs"`
	WAFRules int `json:"wafRules"`
	// KMSKeys are the customer managed keys (the alarm topic's).
	KMSKeys int `json:"kmsKeys"`
	// ProvisionedGBSeconds are the GB-seconds of provisioned concurrency
	// a month.
	ProvisionedGBSeconds float64 `json:"provisionedGBSeconds"`
}

// The alarms the platform stacks add once, whatever the services: the
// API's 5xx and p99 latency, a stuck saga (a math expression of the
// placed, confirmed and cancelled counts), a breaker open too long, an
// order cancelled at its deadline, a refund given up
// (infra.NewPlatformMonitoring).
var platformAlarmMetrics = []int{1, 1, 3, 1, 1, 1}

// InventoryOf counts what the stage d deploys for services, by the rules
// the CDK app follows (infra.NewServiceMonitoring,
// infra.NewPlatformMonitoring, infra.NewHealthCanary, infra.NewAlarmTopic,
// infra.NewServiceFunction): every function alarms on errors, throttles
// and p99 duration; every subscription on its DLQ and the age of its
// oldest message; every stream consumer on records given up, iterator
// age and records near expiry; every service on its error rate, and on
// poison events when it subscribes to any; the canary on failing.
func InventoryOf(services []spec.Service, d Deployment) (Inventory, error) {
	var inv Inventory
	for _, s := range services {
		inv.Dashboards++
		inv.Alarms++ // error rate
		if len(s.Subscriptions) > 0 {
			inv.Alarms++ // poison events
		}
		inv.Alarms += 2 * len(s.Subscriptions)
		for _, f := range s.Functions {
			inv.Alarms += 3
			if f.Stream != nil {
				inv.Alarms += 3
			}
			if d.ProvisionedConcurrency > 0 && servesRoute(s, f.Name) {
				inv.ProvisionedGBSeconds += float64(d.ProvisionedConcurrency) * float64(f.MemoryMB) / 1024 * HoursPerMonth * 3600
			}
		}
	}
	inv.AlarmMetrics = inv.Alarms
	for _, n := range platformAlarmMetrics {
		inv.Alarms++
		inv.AlarmMetrics += n
	}
	if d.CanaryEvery > 0 {
		inv.Alarms++
		inv.AlarmMetrics++
		inv.CanaryRuns = float64(HoursPerMonth*time.Hour) / float64(d.CanaryEvery)
	}
	inv.Dashboards++ // the platform's
	inv.KMSKeys = 1
	if d.WAF {
		inv.WebACLs, inv.WAFRules = 1, d.WAFRules
	}
	var err error
	inv.CustomMetrics, err = customMetrics(services)
	return inv, err
}

func servesRoute(s spec.Service, function string) bool {
	for _, r := range s.Routes {
		if r.Function == function {
			return true
		}
	}
	return false
}

// customMetrics counts the metrics the services' code emits: for each
// catalogued metric, the services that emit it times, for each of its
// dimension sets, the values its extra dimensions take (as the
// catalogue's descriptions list them: "Reason is a, b, c.").
func customMetrics(services []spec.Service) (int, error) {
	catalogue := metrics.Catalogue()
	values := map[string]int{}
	for _, def := range catalogue {
		for _, set := range def.Dimensions {
			for _, dim := range set {
				if n := dimensionValues(def.Description, dim); n > 0 {
					values[dim] = n
				}
			}
		}
	}
	total := 0
	for _, def := range catalogue {
		emitters, err := emittersOf(def, services)
		if err != nil {
			return 0, err
		}
		perService := 0
		for _, set := range def.Dimensions {
			combinations := 1
			for _, dim := range set {
				if dim == metrics.DimService {
					continue
				}
				n := values[dim]
				if n == 0 {
					return 0, fmt.Errorf("custom metrics: no description of the catalogue lists the values of dimension %s (\"%s is a, b.\"), which %s has", dim, dim, def.Name)
				}
				combinations *= n
			}
			perService += combinations
		}
		total += emitters * perService
	}
	return total, nil
}

// emittersOf counts the services that emit def, by its EmittedBy: a
// phrase of the catalogue ("every function", ...) or a service's name.
func emittersOf(def metrics.Definition, services []spec.Service) (int, error) {
	n := 0
	for _, s := range services {
		var emits bool
		switch def.EmittedBy {
		case "every function":
			emits = len(s.Functions) > 0
		case "every event consumer":
			emits = len(s.Subscriptions) > 0
		case "every event publisher":
			for _, f := range s.Functions {
				emits = emits || f.Publisher
			}
		case "every service's health route":
			emits = len(s.Routes) > 0
		default:
			if strings.HasPrefix(def.EmittedBy, "every ") {
				return 0, fmt.Errorf("custom metrics: %s is emitted by %q, which the cost model cannot count", def.Name, def.EmittedBy)
			}
			emits = def.EmittedBy == s.Name
		}
		if emits {
			n++
		}
	}
	return n, nil
}

// dimensionValues counts the values the description lists for dim, as in
// "Reason is a, b, c." or "State is the new state: a, b, c."; 0 when it
// lists none.
func dimensionValues(description, dim string) int {
	_, rest, ok := strings.Cut(description, dim+" is ")
	if !ok {
		return 0
	}
	list, _, _ := strings.Cut(rest, ".")
	if _, after, ok := strings.Cut(list, ":"); ok {
		list = after
	}
	n := 0
	for v := range strings.SplitSeq(list, ",") {
		if strings.TrimSpace(v) != "" {
			n++
		}
	}
	return n
}

// FixedItem is one fixed monthly cost.
type FixedItem struct {
	Name     string  `json:"name"`
	Quantity float64 `json:"quantity"`
	Unit     string  `json:"unit"`
	USD      float64 `json:"usd"`
	// PerMillionRequests is the part of the item that grows with API
	// requests (WAF), per million of them; 0 for the others.
	PerMillionRequestsUSD float64 `json:"perMillionRequestsUSD,omitempty"`
	Note                  string  `json:"note,omitempty"`
}

// FixedCosts prices the inventory of stage d with monthlyActiveUsers
// signed-in users a month.
func FixedCosts(t PriceTable, inv Inventory, d Deployment, monthlyActiveUsers int) []FixedItem {
	item := func(name string, qty float64, key, note string) FixedItem {
		p := t.price(key)
		return FixedItem{Name: name, Quantity: qty, Unit: p.Unit, USD: qty * p.Each(), Note: note}
	}
	items := []FixedItem{
		item("CloudWatch custom metrics", float64(inv.CustomMetrics), CloudWatchMetrics,
			"every catalogued metric of every service that emits it, as if emitted all month"),
		item("CloudWatch alarms", float64(inv.AlarmMetrics), CloudWatchAlarmMetrics,
			fmt.Sprintf("%d alarms", inv.Alarms)),
		item("CloudWatch dashboards", float64(inv.Dashboards), CloudWatchDashboards, "one per service, and the platform's"),
	}
	if inv.CanaryRuns > 0 {
		items = append(items, item("Synthetics health canary", inv.CanaryRuns, SyntheticsCanaryRuns,
			fmt.Sprintf("a run every %.0f minutes", d.CanaryEvery.Minutes())))
	}
	if inv.WebACLs > 0 {
		acl := item("WAF web ACL and rules", float64(inv.WebACLs), WAFWebACLs, fmt.Sprintf("%d rules", inv.WAFRules))
		acl.USD += float64(inv.WAFRules) * t.price(WAFRules).Each()
		acl.PerMillionRequestsUSD = 1e6 * t.price(WAFRequests).Each()
		items = append(items, acl)
	}
	switch d.CognitoPlan {
	case "plus":
		items = append(items, item("Cognito users (Plus plan)", float64(monthlyActiveUsers), CognitoPlusMAU,
			fmt.Sprintf("%s per monthly active user", usd(t.price(CognitoPlusMAU).Each()))))
	case "essentials":
		billed := max(0, monthlyActiveUsers-cognitoEssentialsFreeMAUs)
		items = append(items, item("Cognito users (Essentials plan)", float64(billed), CognitoEssentialsMAU,
			fmt.Sprintf("%s per monthly active user beyond the first %d", usd(t.price(CognitoEssentialsMAU).Each()), cognitoEssentialsFreeMAUs)))
	}
	items = append(items, item("KMS key of the alarm topic", float64(inv.KMSKeys), KMSKeys, ""))
	if inv.ProvisionedGBSeconds > 0 {
		items = append(items, item("Lambda provisioned concurrency", inv.ProvisionedGBSeconds, LambdaProvisioned,
			fmt.Sprintf("%d per API function, at its memory", d.ProvisionedConcurrency)))
	}
	return items
}
