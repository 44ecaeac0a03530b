package infra

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Stage is the typed configuration of one deployment stage. Everything that
// differs between dev and prod is a field here; the service declarations
// stay the same in every stage.
type Stage struct {
	// Name is the stage name: lower-case letters and digits, e.g. "dev".
	// It prefixes every physical name ("conveyor-<Name>-...") and is the
	// REST API stage name, so it appears in the API's URL.
	Name string
	// Account and Region pin the stacks to one AWS environment; empty
	// leaves the stacks environment-agnostic (the CLI's credentials decide).
	Account string
	Region  string
	// Production turns on deletion protection and keeps tables, the user
	// pool and log groups when a stack is deleted.
	Production bool
	// LogLevel is passed to every function as LOG_LEVEL.
	LogLevel string
	// LogRetentionDays is how long function, API and access logs are kept.
	// It must be one of CloudWatch Logs' retention periods (1, 3, 5, 7, 14,
	// 30, 60, 90, 120, 150, 180, 365, ...).
	LogRetentionDays int
	// ArchiveRetentionDays is how long the event bus archive keeps events
	// for replay; 0 keeps them forever.
	ArchiveRetentionDays int
	// Throttle is the stage-wide API throttling. Routes may override it in
	// their declaration (spec.Route.ThrottleRate and ThrottleBurst).
	Throttle Throttle
	// ProvisionedConcurrency, when set, gives every function that serves an
	// HTTP route provisioned concurrency on its alias, scaled by
	// Application Auto Scaling target tracking. Nil means none.
	ProvisionedConcurrency *ProvisionedConcurrency
	// ReserveConcurrency gives the functions the reserved concurrency
	// their declarations ask for to protect a downstream
	// (spec.Function.ReservedConcurrency). Off, no function reserves any:
	// an account with a concurrency quota of 10 or 50 refuses every
	// reservation, since its unreserved concurrency may not drop below
	// its minimum.
	ReserveConcurrency bool
	// ReservedConcurrency sets a function's reserved concurrency in this
	// stage, by function name, whatever ReserveConcurrency and the
	// declaration say; 0 means none.
	ReservedConcurrency map[string]int
	// ParameterVersions pins the version of each stage parameter the
	// declarations read (spec.Parameter), by name relative to
	// /conveyor/<stage>/, e.g. "payments/provider-url": 2. A function reads
	// exactly that version at deploy time; to change the value, put a new
	// version of the parameter, pin it here and deploy. `make
	// stage-parameters` creates a parameter that does not exist yet
	// (version 1) and checks that every pinned version exists.
	ParameterVersions map[string]int
	// Tables switches a service's table from on-demand to provisioned
	// capacity with auto scaling, by service name. Services not listed are
	// on-demand.
	Tables map[string]TableCapacity
	// QueueAgeAlarm is the age of the oldest message in a subscription queue
	// at which its alarm fires.
	QueueAgeAlarm time.Duration
	// StreamIteratorAgeAlarm is the age of the last record a stream consumer
	// read at which its alarm fires.
	StreamIteratorAgeAlarm time.Duration
	// WAF attaches a WAFv2 web ACL (AWS managed common and known-bad-input
	// rules, and a per-IP rate limit) to the API stage.
	WAF bool
	// WAFRateLimit is the number of requests one IP address may send in five
	// minutes before WAF blocks it; used only when WAF is set.
	WAFRateLimit int
	// Auth is how the REST API authenticates the callers of customer and
	// admin routes: a Cognito user pool (AuthCognito, the zero value) or
	// the local cloud's tokens checked by a gatekeeper function
	// (AuthLocalTokens), for an emulator without Cognito.
	Auth Auth
	// Tracing turns on X-Ray tracing of the API stage and, with
	// HealthCanary, of the canary's runs. The functions' tracing does not
	// depend on it (ServiceFunction).
	Tracing bool
	// HealthCanary adds the CloudWatch Synthetics canary that calls every
	// health route, with its alarm and its two artifact buckets.
	HealthCanary bool
	// FaultInjection adds the stage's AWS FIS experiment templates on the
	// saga functions (NewFaultInjectionStack).
	FaultInjection bool
}

// Auth is how the REST API authenticates the callers of customer and admin
// routes. Either way the function behind a route finds the caller's claims
// in requestContext.authorizer.claims (shared/httpapi.IdentityFrom).
type Auth int

const (
	// AuthCognito is a Cognito user pool with its app client and admin
	// group, and a user-pool authorizer on every customer and admin route.
	AuthCognito Auth = iota
	// AuthLocalTokens has no user pool and no API Gateway authorizer: the
	// customer and admin routes integrate with a gatekeeper function
	// (localstack/gatekeeper) that verifies the local cloud's RS256 ID
	// tokens with the public key in the stage's TokenKeyParameterName, then
	// invokes the route's function with the claims where a Cognito
	// authorizer puts them. It serves an emulator whose plan has neither
	// Cognito nor API Gateway authorizers (LocalStack's free plan).
	AuthLocalTokens
)

// String names the mode: "cognito" or "local-tokens".
func (a Auth) String() string {
	switch a {
	case AuthCognito:
		return "cognito"
	case AuthLocalTokens:
		return "local-tokens"
	}
	return fmt.Sprintf("Auth(%d)", int(a))
}

// Throttle is a steady-state request rate and a burst.
type Throttle struct {
	// RatePerSecond is the steady-state request rate.
	RatePerSecond float64
	// Burst is the largest number of requests served at once.
	Burst int
}

// ProvisionedConcurrency configures provisioned concurrency for the
// functions that serve HTTP routes.
type ProvisionedConcurrency struct {
	// Min is the provisioned concurrency the scaling never goes below.
	Min int
	// Max is the ceiling for functions that declare no MaxConcurrency; a
	// declared MaxConcurrency is the ceiling otherwise. A reserved
	// concurrency caps both.
	Max int
	// TargetUtilization is the provisioned-concurrency utilisation the
	// target-tracking policy holds, within (0, 1).
	TargetUtilization float64
}

// TableCapacity is provisioned capacity with auto scaling for one table and
// its indexes.
type TableCapacity struct {
	ReadMin, ReadMax   int
	WriteMin, WriteMax int
	// TargetUtilization is the consumed-capacity utilisation the scaling
	// holds, within (0, 1).
	TargetUtilization float64
}

// Dev returns the configuration of the dev stage: on-demand everything, no
// provisioned or reserved concurrency (it deploys to accounts with the
// lowest concurrency quota), short log retention, data removed with the
// stack.
func Dev() Stage {
	return Stage{
		Name:                   "dev",
		LogLevel:               "DEBUG",
		LogRetentionDays:       14,
		ArchiveRetentionDays:   7,
		Throttle:               Throttle{RatePerSecond: 50, Burst: 100},
		QueueAgeAlarm:          5 * time.Minute,
		StreamIteratorAgeAlarm: 5 * time.Minute,
		ParameterVersions:      map[string]int{"payments/provider-url": 1},
		Tracing:                true,
		HealthCanary:           true,
		FaultInjection:         true,
	}
}

// Prod returns the configuration of the prod stage: deletion protection,
// longer retention, WAF, the reserved concurrency the declarations ask
// for, and provisioned concurrency with target tracking at 70 %
// utilisation for the API functions.
func Prod() Stage {
	return Stage{
		Name:                   "prod",
		Production:             true,
		LogLevel:               "INFO",
		LogRetentionDays:       90,
		ArchiveRetentionDays:   90,
		Throttle:               Throttle{RatePerSecond: 500, Burst: 1000},
		ProvisionedConcurrency: &ProvisionedConcurrency{Min: 1, Max: 10, TargetUtilization: 0.7},
		ReserveConcurrency:     true,
		QueueAgeAlarm:          2 * time.Minute,
		StreamIteratorAgeAlarm: 2 * time.Minute,
		WAF:                    true,
		WAFRateLimit:           2000,
		ParameterVersions:      map[string]int{"payments/provider-url": 1},
		Tracing:                true,
		HealthCanary:           true,
	}
}

// LocalStack returns the configuration of the localstack stage: dev's
// settings without a single feature LocalStack's free plan lacks, so that
// `make localstack-deploy` deploys the real templates to a LocalStack
// container started with a free account's auth token (localstack/README.md).
// Left out, each a paid LocalStack feature: the Cognito user pool and
// authorizer (the local cloud's tokens and a gatekeeper function stand in,
// AuthLocalTokens), X-Ray tracing of the API stage, the Synthetics health
// canary (Synthetics is not emulated at all; its bucket cleanup is a
// custom resource, also paid), WAF, and provisioned concurrency and table
// auto scaling (Application Auto Scaling).
func LocalStack() Stage {
	s := Dev()
	s.Name = "localstack"
	s.LogRetentionDays = 7
	s.Auth = AuthLocalTokens
	s.Tracing = false
	s.HealthCanary = false
	s.FaultInjection = false
	return s
}

// Reservations returns the reserved concurrency of every declared function
// in the stage, by function name, 0 for none: the stage's
// ReservedConcurrency where it names the function, else the declared one
// where the stage reserves concurrency.
func (s Stage) Reservations(services []spec.Service) map[string]int {
	out := map[string]int{}
	for _, svc := range services {
		for _, f := range svc.Functions {
			switch n, ok := s.ReservedConcurrency[f.Name]; {
			case ok:
				out[f.Name] = n
			case s.ReserveConcurrency:
				out[f.Name] = f.ReservedConcurrency
			default:
				out[f.Name] = 0
			}
		}
	}
	return out
}

// Stages returns every known stage, by name.
func Stages() map[string]Stage {
	return map[string]Stage{"dev": Dev(), "prod": Prod(), "localstack": LocalStack()}
}

// StageByName returns the configuration of the named stage.
func StageByName(name string) (Stage, error) {
	s, ok := Stages()[name]
	if !ok {
		names := make([]string, 0, len(Stages()))
		for n := range Stages() {
			names = append(names, n)
		}
		sort.Strings(names)
		return Stage{}, fmt.Errorf("unknown stage %q: choose one of %s", name, strings.Join(names, ", "))
	}
	return s, nil
}

var (
	stageName = regexp.MustCompile(`^[a-z][a-z0-9]{1,9}$`)
	logLevels = []string{"DEBUG", "INFO", "WARN", "ERROR"}
)

// Validate reports every problem in the stage configuration, joined into
// one error, or nil.
func (s Stage) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("stage %q: "+format, append([]any{s.Name}, args...)...))
	}
	if !stageName.MatchString(s.Name) {
		bad("name must be 2-10 lower-case letters or digits, starting with a letter")
	}
	if !slices.Contains(logLevels, s.LogLevel) {
		bad("log level %q must be one of %s", s.LogLevel, strings.Join(logLevels, ", "))
	}
	if _, ok := retentionDays[s.LogRetentionDays]; !ok {
		bad("log retention of %d days is not a CloudWatch Logs retention period", s.LogRetentionDays)
	}
	if s.ArchiveRetentionDays < 0 {
		bad("archive retention must not be negative")
	}
	if s.Throttle.RatePerSecond <= 0 || s.Throttle.Burst <= 0 {
		bad("throttle rate and burst must be positive")
	}
	if pc := s.ProvisionedConcurrency; pc != nil {
		if pc.Min < 1 || pc.Max < pc.Min {
			bad("provisioned concurrency needs 1 <= min <= max, not min %d, max %d", pc.Min, pc.Max)
		}
		if pc.TargetUtilization <= 0 || pc.TargetUtilization >= 1 {
			bad("provisioned concurrency target utilisation %v must be within (0, 1)", pc.TargetUtilization)
		}
	}
	for fn, n := range s.ReservedConcurrency {
		if n < 0 {
			bad("reserved concurrency of %q must not be negative", fn)
		}
	}
	for name, v := range s.ParameterVersions {
		if v < 1 {
			bad("parameter %q: version %d; SSM numbers versions from 1", name, v)
		}
	}
	for svc, c := range s.Tables {
		if c.ReadMin < 1 || c.ReadMax < c.ReadMin || c.WriteMin < 1 || c.WriteMax < c.WriteMin {
			bad("table capacity of %q needs 1 <= min <= max for reads and writes", svc)
		}
		if c.TargetUtilization <= 0 || c.TargetUtilization >= 1 {
			bad("table capacity of %q: target utilisation %v must be within (0, 1)", svc, c.TargetUtilization)
		}
	}
	if s.QueueAgeAlarm < time.Second || s.StreamIteratorAgeAlarm < time.Second {
		bad("alarm thresholds must be at least one second")
	}
	if s.StreamIteratorAgeAlarm >= StreamRecordsAtRisk {
		bad("stream iterator age alarm %v must fire before the last alarm at %v, long before the stream drops records at %v",
			s.StreamIteratorAgeAlarm, StreamRecordsAtRisk, StreamRetention)
	}
	if s.WAF && s.WAFRateLimit < 10 {
		bad("WAF rate limit %d must be at least 10 requests per five minutes", s.WAFRateLimit)
	}
	if s.Auth != AuthCognito && s.Auth != AuthLocalTokens {
		bad("unknown auth mode %v", s.Auth)
	}
	if s.Auth == AuthLocalTokens && s.Production {
		bad("a production stage must sign its users in with Cognito, not with the local cloud's tokens")
	}
	return errors.Join(errs...)
}

// TokenKeyParameterName is the SSM String parameter from which a stage with
// AuthLocalTokens deploys the public key its gatekeeper verifies tokens
// with, e.g. "/conveyor/localstack/auth/token-public-key": the public half
// of the local cloud's signing key, which `make localstack-deploy` puts
// there (localstack/cmd/tokenkey) before it deploys.
func (s Stage) TokenKeyParameterName() string { return s.StageParameterName("auth/token-public-key") }
