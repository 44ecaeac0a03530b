package spec

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

var (
	serviceName   = regexp.MustCompile(`^[a-z][a-z0-9]{1,30}$`)
	resourceName  = regexp.MustCompile(`^[a-z][a-z0-9-]{1,62}[a-z0-9]$`)
	attributeName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]{0,254}$`)
	pathSegment   = regexp.MustCompile(`^([A-Za-z0-9._-]+|\{[A-Za-z][A-Za-z0-9_]*\+?\})$`)
	envName       = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	parameterName = regexp.MustCompile(`^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$`)
	eventSource   = regexp.MustCompile(`^conveyor\.[a-z][a-z0-9]{1,30}$`)
	detailType    = regexp.MustCompile(`^[A-Z][A-Za-z0-9]{1,63}$`)
)

// duplicate returns a value that appears twice in values, or "".
func duplicate(values []string) string {
	seen := map[string]bool{}
	for _, v := range values {
		if seen[v] {
			return v
		}
		seen[v] = true
	}
	return ""
}

var methods = map[string]bool{
	http.MethodGet: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodHead: true,
	http.MethodOptions: true,
}

// Validate reports every problem in the declaration, joined into one error,
// or nil when the declaration is complete and consistent.
func (s Service) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("service %q: "+format, append([]any{s.Name}, args...)...))
	}
	if !serviceName.MatchString(s.Name) {
		bad("name must be 2-31 lower-case letters or digits, starting with a letter")
	}
	errs = append(errs, s.Table.validate(s.Name)...)

	functions := map[string]bool{}
	var publishers []string
	for _, f := range s.Functions {
		if functions[f.Name] {
			bad("function %q declared twice", f.Name)
		}
		functions[f.Name] = true
		for _, err := range f.validate(s) {
			bad("function %q: %v", f.Name, err)
		}
		if f.Publisher {
			publishers = append(publishers, f.Name)
		}
	}
	if len(publishers) > 1 {
		bad("functions %v are all publishers; one function publishes the service's events", publishers)
	}

	routes := map[string]bool{}
	for _, r := range s.Routes {
		key := r.Method + " " + r.Path
		if routes[key] {
			bad("route %s declared twice", key)
		}
		routes[key] = true
		if !methods[r.Method] {
			bad("route %s: method must be an upper-case HTTP method", key)
		}
		if err := validatePath(r.Path); err != nil {
			bad("route %s: %v", key, err)
		}
		if !functions[r.Function] {
			bad("route %s: function %q is not declared", key, r.Function)
		}
		switch r.Auth {
		case Public, Customer, Admin:
		default:
			bad("route %s: auth must be public, customer or admin, not %q", key, r.Auth)
		}
		if r.ThrottleRate < 0 || r.ThrottleBurst < 0 {
			bad("route %s: throttling must not be negative", key)
		}
	}

	published := map[string]bool{}
	for _, t := range s.Publishes {
		if t == "" || published[t] {
			bad("publishes %q: event types must be non-empty and unique", t)
		}
		published[t] = true
	}

	subscriptions := map[string]bool{}
	for _, sub := range s.Subscriptions {
		if subscriptions[sub.Name] {
			bad("subscription %q declared twice", sub.Name)
		}
		subscriptions[sub.Name] = true
		for _, err := range sub.validate(functions) {
			bad("subscription %q: %v", sub.Name, err)
		}
		if len(sub.SelfSent) > 0 && !s.sendsTo(sub.Name) {
			bad("subscription %q: declares self-sent messages, but no function declares its queue's URL (spec.QueueURL)", sub.Name)
		}
	}
	return errors.Join(errs...)
}

// sendsTo reports whether a function of s declares the URL of the queue
// of subscription name in its environment.
func (s Service) sendsTo(name string) bool {
	for _, f := range s.Functions {
		for _, v := range f.Environment {
			if v.Queue == name {
				return true
			}
		}
	}
	return false
}

func (t Table) validate(service string) []error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("service %q: table: "+format, append([]any{service}, args...)...))
	}
	checkKey := func(what string, k Key) {
		if !attributeName.MatchString(k.Name) {
			bad("%s: attribute name %q is not valid", what, k.Name)
		}
		switch k.Type {
		case String, Number, Binary:
		default:
			bad("%s: type must be S, N or B, not %q", what, k.Type)
		}
	}
	checkKey("partition key", t.PartitionKey)
	if t.SortKey != nil {
		checkKey("sort key", *t.SortKey)
	}
	indexes := map[string]bool{}
	for _, ix := range t.Indexes {
		if !attributeName.MatchString(ix.Name) || indexes[ix.Name] {
			bad("index %q: names must be valid and unique", ix.Name)
		}
		indexes[ix.Name] = true
		checkKey("index "+ix.Name+" partition key", ix.PartitionKey)
		if ix.SortKey != nil {
			checkKey("index "+ix.Name+" sort key", *ix.SortKey)
		}
	}
	switch t.Stream {
	case NoStream, KeysOnly, NewImage, OldImage, NewAndOldImages:
	default:
		bad("stream view %q is not valid", t.Stream)
	}
	if t.TTLAttribute != "" && !attributeName.MatchString(t.TTLAttribute) {
		bad("TTL attribute %q is not valid", t.TTLAttribute)
	}
	return errs
}

func (f Function) validate(s Service) []error {
	var errs []error
	if !resourceName.MatchString(f.Name) || !strings.HasPrefix(f.Name, s.Name+"-") {
		errs = append(errs, fmt.Errorf("name must start with %q and use lower-case letters, digits and hyphens", s.Name+"-"))
	}
	if !strings.HasPrefix(f.Entry, "./") {
		errs = append(errs, fmt.Errorf("entry %q must be a package path relative to the module root, starting with ./", f.Entry))
	}
	if f.MemoryMB < 128 || f.MemoryMB > 10240 {
		errs = append(errs, fmt.Errorf("memory %d MB must be within 128-10240", f.MemoryMB))
	}
	if f.Timeout < time.Second || f.Timeout > 15*time.Minute {
		errs = append(errs, fmt.Errorf("timeout %v must be within 1s-15m", f.Timeout))
	}
	if f.ReservedConcurrency < 0 || f.MaxConcurrency < 0 {
		errs = append(errs, errors.New("concurrency must not be negative"))
	}
	for _, k := range slices.Sorted(maps.Keys(f.Environment)) {
		switch k {
		case EnvService, EnvStage, EnvTableName, EnvEventBusName:
			errs = append(errs, fmt.Errorf("environment %s is set by the platform", k))
		}
		if !envName.MatchString(k) {
			errs = append(errs, fmt.Errorf("environment %q is not a variable name (upper-case letters, digits and _)", k))
		}
		if err := f.Environment[k].validate(s); err != nil {
			errs = append(errs, fmt.Errorf("environment %s: %w", k, err))
		}
	}
	if f.Stream != nil {
		if s.Table.Stream == NoStream {
			errs = append(errs, errors.New("consumes the table stream, but the table declares none"))
		}
		if f.Stream.BatchSize < 1 || f.Stream.BatchSize > 10000 {
			errs = append(errs, fmt.Errorf("stream batch size %d must be within 1-10000", f.Stream.BatchSize))
		}
		if f.Stream.GivesUp() && (f.Stream.RetryAttempts < 0 || f.Stream.RetryAttempts > 10000) {
			errs = append(errs, fmt.Errorf("stream retry attempts %d must be within 0-10000, or spec.RetryForever", f.Stream.RetryAttempts))
		}
		switch rebuild, declared := s.Function(f.Stream.Rebuild); {
		case f.Stream.GivesUp() && f.Stream.Rebuild == "":
			errs = append(errs, errors.New("a stream consumer that gives up on a record must name the function that rebuilds its output (Rebuild), or retry forever (spec.RetryForever)"))
		case f.Stream.Rebuild != "" && (!declared || rebuild.Name == f.Name):
			errs = append(errs, fmt.Errorf("stream rebuild function %q must be another function of the service", f.Stream.Rebuild))
		}
		if f.Stream.MaxBatchingWindow < 0 || f.Stream.MaxBatchingWindow > 5*time.Minute {
			errs = append(errs, errors.New("stream batching window must be within 0-5m"))
		}
	}
	errs = append(errs, f.Table.validate(s.Table)...)
	if f.Publisher {
		if len(s.Publishes) == 0 {
			errs = append(errs, errors.New("is the publisher of a service that publishes no events"))
		}
		if f.Stream == nil || f.Stream.GivesUp() {
			errs = append(errs, errors.New("a publisher publishes what the table stored: it must consume the table's stream and retry forever (spec.RetryForever)"))
		}
	}
	return errs
}

func (sub Subscription) validate(functions map[string]bool) []error {
	var errs []error
	if !resourceName.MatchString(sub.Name) {
		errs = append(errs, errors.New("name must use lower-case letters, digits and hyphens"))
	}
	if !functions[sub.Function] {
		errs = append(errs, fmt.Errorf("function %q is not declared", sub.Function))
	}
	if len(sub.Sources) == 0 || len(sub.DetailTypes) == 0 {
		errs = append(errs, errors.New("must name at least one source and one detail-type"))
	}
	for _, src := range sub.Sources {
		if !eventSource.MatchString(src) {
			errs = append(errs, fmt.Errorf("source %q is not a conveyor.<service> source", src))
		}
	}
	for _, t := range sub.DetailTypes {
		if !detailType.MatchString(t) {
			errs = append(errs, fmt.Errorf("detail-type %q is not an event type name (UpperCamelCase)", t))
		}
	}
	if dup := duplicate(sub.Sources); dup != "" {
		errs = append(errs, fmt.Errorf("source %q named twice", dup))
	}
	for _, t := range sub.SelfSent {
		if !detailType.MatchString(t) {
			errs = append(errs, fmt.Errorf("self-sent type %q is not an event type name (UpperCamelCase)", t))
		}
	}
	if dup := duplicate(sub.DetailTypes); dup != "" {
		errs = append(errs, fmt.Errorf("detail-type %q named twice", dup))
	}
	if sub.BatchSize < 1 || sub.BatchSize > 10 {
		errs = append(errs, fmt.Errorf("batch size %d must be within 1-10", sub.BatchSize))
	}
	if sub.MaxReceiveCount < 1 || sub.MaxReceiveCount > 1000 {
		errs = append(errs, fmt.Errorf("max receive count %d must be within 1-1000", sub.MaxReceiveCount))
	}
	if sub.MaxConcurrency != 0 && (sub.MaxConcurrency < 2 || sub.MaxConcurrency > 1000) {
		errs = append(errs, fmt.Errorf("max concurrency %d must be 0 or within 2-1000", sub.MaxConcurrency))
	}
	if sub.MaxBatchingWindow < 0 || sub.MaxBatchingWindow > 5*time.Minute {
		errs = append(errs, errors.New("batching window must be within 0-5m"))
	}
	if sub.VisibilityTimeout < 0 || sub.VisibilityTimeout > 12*time.Hour {
		errs = append(errs, errors.New("visibility timeout must be within 0-12h"))
	}
	return errs
}

func validatePath(p string) error {
	if p == "/" {
		return nil
	}
	if !strings.HasPrefix(p, "/") || strings.HasSuffix(p, "/") {
		return fmt.Errorf("path %q must start with / and not end with /", p)
	}
	segments := strings.Split(p[1:], "/")
	for i, seg := range segments {
		if !pathSegment.MatchString(seg) {
			return fmt.Errorf("path %q: segment %q is not a literal or {param}", p, seg)
		}
		if strings.HasSuffix(seg, "+}") && i != len(segments)-1 {
			return fmt.Errorf("path %q: a greedy {param+} must be the last segment", p)
		}
	}
	return nil
}

// ValidateAll validates every service and what must be unique across them:
// service names, function names, routes and queue names.
func ValidateAll(services []Service) error {
	var errs []error
	names, functions, routes := map[string]bool{}, map[string]string{}, map[string]string{}
	for _, s := range services {
		if err := s.Validate(); err != nil {
			errs = append(errs, err)
		}
		if names[s.Name] {
			errs = append(errs, fmt.Errorf("service %q declared twice", s.Name))
		}
		names[s.Name] = true
		for _, f := range s.Functions {
			if other, ok := functions[f.Name]; ok {
				errs = append(errs, fmt.Errorf("function %q declared by %q and %q", f.Name, other, s.Name))
			}
			functions[f.Name] = s.Name
		}
		for _, r := range s.Routes {
			key := r.Method + " " + r.Path
			if other, ok := routes[key]; ok {
				errs = append(errs, fmt.Errorf("route %s declared by %q and %q", key, other, s.Name))
			}
			routes[key] = s.Name
		}
	}
	return errors.Join(errs...)
}

// QueueName is the name of a subscription's queue; its DLQ adds "-dlq".
func (s Service) QueueName(sub Subscription) string { return s.Name + "-" + sub.Name }
