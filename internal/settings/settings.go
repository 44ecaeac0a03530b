// Package settings describes, in one comparable form, the settings that
// change how the platform behaves: table keys, indexes, stream and TTL;
// queue timeouts and redrive; rule patterns; event source mappings;
// function environment, memory, timeout and reserved concurrency; routes
// and their authorization.
//
// The local cloud describes what it provisioned and runs
// (localcloud.Describe), and FromTemplates describes what a synthesized
// CloudFormation app deploys. Diff names every setting in which the two
// differ, so a test can hold the local cloud to the templates.
//
// Resources are named without their stage prefix ("table orders", "queue
// orders-products", "function orders-api"), and values that name a
// resource name it the same way, so the local cloud ("conveyor-local-…")
// and a stage ("conveyor-dev-…") compare equal when they are configured
// alike.
package settings

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Snapshot holds the settings of every resource, by resource and setting
// name, as canonical text.
type Snapshot map[string]map[string]string

// set records one setting of a resource.
func (s Snapshot) set(resource, setting, value string) {
	if s[resource] == nil {
		s[resource] = map[string]string{}
	}
	s[resource][setting] = value
}

// Key is one attribute of a key schema.
type Key struct {
	// Name is the attribute name, Type its scalar type ("S", "N", "B").
	Name, Type string
	// Role is "HASH" or "RANGE".
	Role string
}

// Table is a DynamoDB table's behaviour-changing settings.
type Table struct {
	Keys []Key
	// Indexes are the global secondary indexes' keys, by index name; every
	// index projects all attributes (Projection), or says what it projects.
	Indexes    map[string][]Key
	Projection map[string]string
	// Stream is the stream view type; empty means no stream.
	Stream string
	// TTL is the time-to-live attribute; empty means none.
	TTL string
}

// AddTable records the table of service (its name without the prefix).
func (s Snapshot) AddTable(service string, t Table) {
	r := "table " + service
	s.set(r, "key schema", keys(t.Keys))
	s.set(r, "indexes", strings.Join(slices.Sorted(maps.Keys(t.Indexes)), ", "))
	for name, ks := range t.Indexes {
		s.set(r, "index "+name, keys(ks)+" projecting "+orNone(t.Projection[name]))
	}
	s.set(r, "stream", orNone(t.Stream))
	s.set(r, "ttl attribute", orNone(t.TTL))
}

func keys(ks []Key) string {
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = k.Name + " " + k.Type + " " + k.Role
	}
	return strings.Join(parts, ", ")
}

// Queue is an SQS queue's behaviour-changing settings.
type Queue struct {
	Visibility time.Duration
	Retention  time.Duration
	// DeadLetter is the name (without prefix) of the queue failed messages
	// move to; empty means none.
	DeadLetter      string
	MaxReceiveCount int
}

// AddQueue records a queue by name without the prefix.
func (s Snapshot) AddQueue(name string, q Queue) {
	r := "queue " + name
	s.set(r, "visibility timeout", q.Visibility.String())
	s.set(r, "message retention", q.Retention.String())
	s.set(r, "dead-letter queue", orNone(q.DeadLetter))
	if q.DeadLetter != "" {
		s.set(r, "maxReceiveCount", strconv.Itoa(q.MaxReceiveCount))
	}
}

// Rule is an EventBridge rule's behaviour-changing settings.
type Rule struct {
	// Pattern is the event pattern as JSON; it is compared in a canonical
	// form (keys and string lists sorted).
	Pattern string
	// Targets are the queues it feeds.
	Targets []RuleTarget
	Enabled bool
}

// RuleTarget is one target of a rule: the queue it feeds (its name
// without the prefix) and what EventBridge does with an event the queue
// refuses.
type RuleTarget struct {
	Queue string
	// DeadLetter is the queue (name without the prefix) that receives the
	// events EventBridge gives up; "" drops them.
	DeadLetter string
	// RetryAttempts and MaxEventAge are the target's retry policy; zero
	// values mean no policy was set (EventBridge's defaults).
	RetryAttempts int
	MaxEventAge   time.Duration
}

func (t RuleTarget) String() string {
	dl := "dropped"
	if t.DeadLetter != "" {
		dl = "to " + t.DeadLetter
	}
	return fmt.Sprintf("%s (retries %d within %s, then %s)", t.Queue, t.RetryAttempts, t.MaxEventAge, dl)
}

// AddRule records a rule by name without the prefix.
func (s Snapshot) AddRule(name string, r Rule) error {
	pattern, err := canonicalJSON(r.Pattern)
	if err != nil {
		return fmt.Errorf("rule %s: pattern: %w", name, err)
	}
	id := "rule " + name
	s.set(id, "event pattern", pattern)
	targets := make([]string, 0, len(r.Targets))
	for _, t := range r.Targets {
		targets = append(targets, t.String())
	}
	s.set(id, "targets", strings.Join(slices.Sorted(slices.Values(targets)), ", "))
	s.set(id, "enabled", strconv.FormatBool(r.Enabled))
	return nil
}

// QueueMapping is an SQS event source mapping's behaviour-changing
// settings.
type QueueMapping struct {
	// Function and Queue are names without the prefix.
	Function, Queue string
	BatchSize       int
	Window          time.Duration
	// MaxConcurrency caps the mapping's concurrent invocations; 0 means no
	// cap.
	MaxConcurrency int
	// ReportBatchItemFailures says a batch's answer may name the messages
	// that failed, so only those are retried.
	ReportBatchItemFailures bool
}

// AddQueueMapping records the mapping of a queue to a function.
func (s Snapshot) AddQueueMapping(m QueueMapping) {
	r := "mapping " + m.Function + " <- queue " + m.Queue
	s.set(r, "batch size", strconv.Itoa(m.BatchSize))
	s.set(r, "batching window", m.Window.String())
	s.set(r, "maximum concurrency", countOrNone(m.MaxConcurrency))
	s.set(r, "ReportBatchItemFailures", strconv.FormatBool(m.ReportBatchItemFailures))
}

// StreamMapping is a DynamoDB stream event source mapping's
// behaviour-changing settings.
type StreamMapping struct {
	// Function and Table are names without the prefix (the table's name is
	// its service's).
	Function, Table string
	BatchSize       int
	Window          time.Duration
	// RetryAttempts is how often a failing record is retried; -1 means
	// until it succeeds.
	RetryAttempts int
	// MaxRecordAge is the age at which a record is given up on; -1 means
	// never.
	MaxRecordAge            time.Duration
	Bisect                  bool
	ReportBatchItemFailures bool
	// OnFailure is the name (without prefix) of the queue told about the
	// records given up on; empty means none.
	OnFailure string
	// StartingPosition is where a new mapping starts reading.
	StartingPosition string
}

// AddStreamMapping records the mapping of a table's stream to a function.
func (s Snapshot) AddStreamMapping(m StreamMapping) {
	r := "mapping " + m.Function + " <- stream of table " + m.Table
	s.set(r, "batch size", strconv.Itoa(m.BatchSize))
	s.set(r, "batching window", m.Window.String())
	s.set(r, "retry attempts", strconv.Itoa(m.RetryAttempts))
	age := "never"
	if m.MaxRecordAge >= 0 {
		age = m.MaxRecordAge.String()
	}
	s.set(r, "maximum record age", age)
	s.set(r, "bisect on error", strconv.FormatBool(m.Bisect))
	s.set(r, "ReportBatchItemFailures", strconv.FormatBool(m.ReportBatchItemFailures))
	s.set(r, "on-failure destination", orNone(m.OnFailure))
	s.set(r, "starting position", m.StartingPosition)
}

// Function is a Lambda function's behaviour-changing settings.
type Function struct {
	// Environment holds the variables the declaration gives the function
	// (spec.Service.Env), canonical (see Canon), without the ones the
	// runtime adds (AWS_*).
	Environment map[string]string
	MemoryMB    int
	Timeout     time.Duration
	// ReservedConcurrency is 0 for none.
	ReservedConcurrency int
}

// AddFunction records a function by name without the prefix.
func (s Snapshot) AddFunction(name string, f Function) {
	r := "function " + name
	s.set(r, "environment", strings.Join(slices.Sorted(maps.Keys(f.Environment)), ", "))
	for k, v := range f.Environment {
		s.set(r, "environment "+k, v)
	}
	s.set(r, "memory", strconv.Itoa(f.MemoryMB)+" MB")
	s.set(r, "timeout", f.Timeout.String())
	s.set(r, "reserved concurrency", countOrNone(f.ReservedConcurrency))
}

// Authorization values of a route.
const (
	// NoAuth lets anyone call the route.
	NoAuth = "none"
	// BearerToken lets through only requests with a valid signed token,
	// whose claims reach the function.
	BearerToken = "bearer token"
)

// Route is one API route.
type Route struct {
	Method, Path string
	// Auth is NoAuth or BearerToken.
	Auth string
	// Function is the name (without prefix) of the function it invokes.
	Function string
}

// AddRoute records a route.
func (s Snapshot) AddRoute(r Route) {
	id := "route " + r.Method + " " + r.Path
	s.set(id, "authorization", r.Auth)
	s.set(id, "function", r.Function)
}

// Diff lists every difference between two snapshots, one line each,
// naming the resource and the setting, in a stable order. a and b name
// the two sides in the lines, e.g. "local cloud" and "dev template".
func Diff(aName string, a Snapshot, bName string, b Snapshot) []string {
	var out []string
	resources := map[string]bool{}
	for r := range a {
		resources[r] = true
	}
	for r := range b {
		resources[r] = true
	}
	for _, r := range slices.Sorted(maps.Keys(resources)) {
		as, inA := a[r]
		bs, inB := b[r]
		switch {
		case !inA:
			out = append(out, fmt.Sprintf("%s: in the %s, not in the %s", r, bName, aName))
			continue
		case !inB:
			out = append(out, fmt.Sprintf("%s: in the %s, not in the %s", r, aName, bName))
			continue
		}
		names := map[string]bool{}
		for k := range as {
			names[k] = true
		}
		for k := range bs {
			names[k] = true
		}
		for _, k := range slices.Sorted(maps.Keys(names)) {
			av, okA := as[k]
			bv, okB := bs[k]
			if okA && okB && av == bv {
				continue
			}
			out = append(out, fmt.Sprintf("%s: %s: %s %s, %s %s", r, k, aName, show(av, okA), bName, show(bv, okB)))
		}
	}
	return out
}

func show(v string, ok bool) string {
	if !ok {
		return "(unset)"
	}
	return strconv.Quote(v)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func countOrNone(n int) string {
	if n <= 0 {
		return "none"
	}
	return strconv.Itoa(n)
}

// Canon turns the values of one deployment into the common form: its
// physical names lose their prefix, its stage name and log level become
// placeholders, a queue URL becomes the queue's name, and a stage
// parameter's value becomes the parameter's name.
type Canon struct {
	// Prefix starts every physical name, e.g. "conveyor-dev".
	Prefix string
	// Stage is the stage name ("dev", "local").
	Stage string
	// LogLevel is the stage's LOG_LEVEL.
	LogLevel string
	// Parameters are the stage parameters' values as the functions see
	// them, by parameter name relative to the stage ("payments/provider-url").
	Parameters map[string]string
}

var (
	queueURL  = regexp.MustCompile(`^https?://[^/]+/[0-9]+/([A-Za-z0-9_-]+)$`)
	ssmPinned = regexp.MustCompile(`^\{\{resolve:ssm:/conveyor/[a-z0-9]+/([^:}]+)(:[0-9]+)?\}\}$`)
)

// Name is a physical name without the prefix.
func (c Canon) Name(physical string) string {
	if physical == c.Prefix {
		return "{prefix}"
	}
	return strings.TrimPrefix(physical, c.Prefix+"-")
}

// Value is an environment value in the common form.
func (c Canon) Value(key, v string) string {
	if m := queueURL.FindStringSubmatch(v); m != nil {
		return "{url of queue " + c.Name(m[1]) + "}"
	}
	if m := ssmPinned.FindStringSubmatch(v); m != nil {
		return "{parameter " + m[1] + "}"
	}
	for _, name := range slices.Sorted(maps.Keys(c.Parameters)) {
		if c.Parameters[name] != "" && v == c.Parameters[name] {
			return "{parameter " + name + "}"
		}
	}
	switch {
	case v == c.Stage:
		return "{stage}"
	case key == "LOG_LEVEL" && v == c.LogLevel:
		return "{log level}"
	case v == c.Prefix:
		return "{prefix}"
	}
	return strings.ReplaceAll(v, c.Prefix+"-", "{prefix}-")
}

// canonicalJSON re-encodes JSON with sorted keys and sorted lists of
// strings, so two equal event patterns compare equal as text.
func canonicalJSON(text string) (string, error) {
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		return "", err
	}
	b, err := json.Marshal(sortLists(v))
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func sortLists(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = sortLists(x)
		}
	case []any:
		strs := make([]string, 0, len(t))
		for i, x := range t {
			t[i] = sortLists(x)
			if s, ok := x.(string); ok {
				strs = append(strs, s)
			}
		}
		if len(strs) == len(t) {
			sort.Strings(strs)
			out := make([]any, len(strs))
			for i, s := range strs {
				out[i] = s
			}
			return out
		}
	}
	return v
}
