package eventbridge

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/sivchari/kumo/internal/awsauth"
	"github.com/sivchari/kumo/internal/storage"
)

// Default event bus name.
const defaultEventBusName = "default"

// maxDeliveredEvents bounds the kumo-specific delivery-verification log so a
// long-running emulator session cannot grow it (and its allocations) forever.
const maxDeliveredEvents = 1000

// Error codes.
const (
	errEventBusNotFound      = "ResourceNotFoundException"
	errEventBusAlreadyExists = "ResourceAlreadyExistsException"
	errRuleNotFound          = "ResourceNotFoundException"
	errInvalidParameter      = "ValidationException"

	msgEventBusNotFound = "Event bus not found"
	msgRuleNotFound     = "Rule not found"
)

// Storage defines the EventBridge storage interface.
type Storage interface {
	// Event Bus operations.
	CreateEventBus(ctx context.Context, req *CreateEventBusRequest) (*EventBus, error)
	DeleteEventBus(ctx context.Context, name string) error
	DescribeEventBus(ctx context.Context, name string) (*EventBus, error)
	ListEventBuses(ctx context.Context, namePrefix string, limit int32, nextToken string) ([]*EventBus, string, error)

	// Rule operations.
	PutRule(ctx context.Context, req *PutRuleRequest) (*Rule, error)
	DeleteRule(ctx context.Context, eventBusName, ruleName string, force bool) error
	DescribeRule(ctx context.Context, eventBusName, ruleName string) (*Rule, error)
	ListRules(ctx context.Context, eventBusName, namePrefix string, limit int32, nextToken string) ([]*Rule, string, error)

	// Target operations.
	PutTargets(ctx context.Context, eventBusName, ruleName string, targets []TargetInput) ([]PutTargetsResultEntry, error)
	RemoveTargets(ctx context.Context, eventBusName, ruleName string, ids []string, force bool) ([]RemoveTargetsResultEntry, error)
	ListTargetsByRule(ctx context.Context, eventBusName, ruleName string, limit int32, nextToken string) ([]*Target, string, error)

	// Event operations.
	PutEvents(ctx context.Context, entries []PutEventsRequestEntry) ([]PutEventsResultEntry, error)
	GetDeliveredEvents(ctx context.Context) []DeliveredEvent

	// Connection operations.
	CreateConnection(ctx context.Context, req *CreateConnectionRequest) (*Connection, error)
	DescribeConnection(ctx context.Context, name string) (*Connection, error)
	DeleteConnection(ctx context.Context, name string) (*Connection, error)

	// API Destination operations.
	CreateAPIDestination(ctx context.Context, req *CreateAPIDestinationRequest) (*APIDestination, error)
	DescribeAPIDestination(ctx context.Context, name string) (*APIDestination, error)
	DeleteAPIDestination(ctx context.Context, name string) error

	// Tag operations.
	ListTagsForResource(ctx context.Context, arn string) ([]Tag, error)
	TagResource(ctx context.Context, arn string, tags []Tag) error
	UntagResource(ctx context.Context, arn string, tagKeys []string) error

	// DispatchAction dispatches the request to the appropriate handler.
	DispatchAction(action string) bool
}

// Option is a configuration option for MemoryStorage.
type Option func(*MemoryStorage)

// WithDataDir enables persistent storage in the specified directory.
func WithDataDir(dir string) Option {
	return func(s *MemoryStorage) {
		s.dataDir = dir
	}
}

// WithBaseURL sets the base URL for internal service-to-service communication.
func WithBaseURL(url string) Option {
	return func(s *MemoryStorage) {
		s.baseURL = url
	}
}

// WithRetryBase sets the delay before the first retry of a failed
// delivery; later retries wait longer (see EnvRetryBase).
func WithRetryBase(d time.Duration) Option {
	return func(s *MemoryStorage) {
		s.retryBase = d
	}
}

// WithMaxPendingRetries bounds how many failed deliveries wait for a retry
// at once (see EnvMaxPendingRetries).
func WithMaxPendingRetries(n int) Option {
	return func(s *MemoryStorage) {
		s.maxPendingRetries = n
	}
}

// Compile-time interface checks.
var (
	_ json.Marshaler   = (*MemoryStorage)(nil)
	_ json.Unmarshaler = (*MemoryStorage)(nil)
)

// MemoryStorage implements Storage with in-memory data.
type MemoryStorage struct {
	mu              sync.RWMutex                    `json:"-"`
	EventBuses      map[string]*EventBus            `json:"eventBuses"`
	Rules           map[string]map[string]*Rule     `json:"rules"`
	Targets         map[string]map[string][]*Target `json:"targets"`
	Connections     map[string]*Connection          `json:"connections"`
	APIDestinations map[string]*APIDestination      `json:"apiDestinations"`
	Tags            map[string][]Tag                `json:"tags"`
	DeliveredEvents []DeliveredEvent                `json:"-"`
	region          string
	accountID       string
	dataDir         string
	baseURL         string
	logger          *slog.Logger
	// httpClient is shared across delivery goroutines so the underlying
	// transport can pool connections instead of leaking one per event.
	httpClient *http.Client
	// deliveryCtx is cancelled by Close so in-flight async deliveries
	// (Lambda / SQS / API destination Invokes) abort on shutdown instead
	// of outliving the server.
	deliveryCtx    context.Context //nolint:containedctx // intentional: scopes background goroutines to storage lifetime
	deliveryCancel context.CancelFunc

	// retries holds the failed deliveries that wait to be sent again;
	// retryBase and maxPendingRetries configure it.
	retries           *retryQueue
	retryBase         time.Duration
	maxPendingRetries int

	// deliveredStart is where the kept delivered events start in
	// DeliveredEvents: the entries before it were dropped, and are
	// reclaimed once they are as many as the cap.
	deliveredStart int
}

// NewMemoryStorage creates a new in-memory storage.
func NewMemoryStorage(opts ...Option) *MemoryStorage {
	ctx, cancel := context.WithCancel(context.Background())

	region := os.Getenv("AWS_DEFAULT_REGION")
	if region == "" {
		region = "us-east-1"
	}

	s := &MemoryStorage{
		EventBuses:      make(map[string]*EventBus),
		Rules:           make(map[string]map[string]*Rule),
		Targets:         make(map[string]map[string][]*Target),
		Connections:     make(map[string]*Connection),
		APIDestinations: make(map[string]*APIDestination),
		Tags:            make(map[string][]Tag),
		region:          region,
		accountID:       "000000000000",
		baseURL:         "http://localhost:4566",
		logger:          slog.New(slog.NewTextHandler(os.Stdout, nil)),
		httpClient:      newDeliveryClient(),
		deliveryCtx:     ctx,
		deliveryCancel:  cancel,
	}
	for _, o := range opts {
		o(s)
	}

	s.retries = newRetryQueue(s.retryBase, s.maxPendingRetries)

	if s.dataDir != "" {
		_ = storage.Load(s.dataDir, "eventbridge", s)
	}

	if _, exists := s.EventBuses[defaultEventBusName]; !exists {
		now := time.Now()
		s.EventBuses[defaultEventBusName] = &EventBus{
			Name:         defaultEventBusName,
			Arn:          fmt.Sprintf("arn:aws:events:%s:%s:event-bus/%s", s.region, s.accountID, defaultEventBusName),
			CreationTime: now,
			LastModified: now,
		}
		s.Rules[defaultEventBusName] = make(map[string]*Rule)
	}

	return s
}

// MarshalJSON serializes the storage state to JSON.
func (s *MemoryStorage) MarshalJSON() ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()

	type Alias MemoryStorage

	data, err := json.Marshal(&struct{ *Alias }{Alias: (*Alias)(s)})
	if err != nil {
		return nil, fmt.Errorf("failed to marshal: %w", err)
	}

	return data, nil
}

// UnmarshalJSON restores the storage state from JSON.
func (s *MemoryStorage) UnmarshalJSON(data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	type Alias MemoryStorage

	aux := &struct{ *Alias }{Alias: (*Alias)(s)}

	if err := json.Unmarshal(data, aux); err != nil {
		return fmt.Errorf("failed to unmarshal: %w", err)
	}

	if s.EventBuses == nil {
		s.EventBuses = make(map[string]*EventBus)
	}

	if s.Rules == nil {
		s.Rules = make(map[string]map[string]*Rule)
	}

	if s.Targets == nil {
		s.Targets = make(map[string]map[string][]*Target)
	}

	if s.Tags == nil {
		s.Tags = make(map[string][]Tag)
	}

	return nil
}

// saveLocked persists the current state to disk while the caller holds the lock.
func (s *MemoryStorage) saveLocked() {
	if s.dataDir == "" {
		return
	}

	storage.ScheduleSave(s.dataDir, "eventbridge", s.MarshalJSON)
}

// Close saves the storage state to disk if persistence is enabled.
func (s *MemoryStorage) Close() error {
	if s.deliveryCancel != nil {
		s.deliveryCancel()
	}

	if s.dataDir == "" {
		return nil
	}

	if err := storage.Save(s.dataDir, "eventbridge", s); err != nil {
		return fmt.Errorf("failed to save: %w", err)
	}

	return nil
}

// CreateEventBus creates a new event bus.
func (s *MemoryStorage) CreateEventBus(_ context.Context, req *CreateEventBusRequest) (*EventBus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	if _, exists := s.EventBuses[req.Name]; exists {
		return nil, &ServiceError{Code: errEventBusAlreadyExists, Message: "Event bus already exists"}
	}

	now := time.Now()
	eventBus := &EventBus{
		Name:         req.Name,
		Arn:          fmt.Sprintf("arn:aws:events:%s:%s:event-bus/%s", s.region, s.accountID, req.Name),
		Description:  req.Description,
		CreationTime: now,
		LastModified: now,
	}

	s.EventBuses[req.Name] = eventBus
	s.Rules[req.Name] = make(map[string]*Rule)

	s.saveLocked()

	return eventBus, nil
}

// DeleteEventBus deletes an event bus.
func (s *MemoryStorage) DeleteEventBus(_ context.Context, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	if name == defaultEventBusName {
		return &ServiceError{Code: errInvalidParameter, Message: "Cannot delete the default event bus"}
	}

	if _, exists := s.EventBuses[name]; !exists {
		return &ServiceError{Code: errEventBusNotFound, Message: msgEventBusNotFound}
	}

	delete(s.EventBuses, name)
	delete(s.Rules, name)

	for key := range s.Targets {
		if strings.HasPrefix(key, name+":") {
			delete(s.Targets, key)
		}
	}

	s.saveLocked()

	return nil
}

// DescribeEventBus describes an event bus.
func (s *MemoryStorage) DescribeEventBus(_ context.Context, name string) (*EventBus, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()

	if name == "" {
		name = defaultEventBusName
	}

	eventBus, exists := s.EventBuses[name]
	if !exists {
		return nil, &ServiceError{Code: errEventBusNotFound, Message: msgEventBusNotFound}
	}

	return eventBus, nil
}

// ListEventBuses lists event buses.
func (s *MemoryStorage) ListEventBuses(_ context.Context, namePrefix string, limit int32, _ string) ([]*EventBus, string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()

	if limit <= 0 {
		limit = 10
	}

	var eventBuses []*EventBus

	for _, eb := range s.EventBuses {
		if namePrefix == "" || strings.HasPrefix(eb.Name, namePrefix) {
			eventBuses = append(eventBuses, eb)
		}

		if int32(len(eventBuses)) >= limit { //nolint:gosec // slice length bounded by limit parameter
			break
		}
	}

	return eventBuses, "", nil
}

// PutRule creates or updates a rule.
func (s *MemoryStorage) PutRule(_ context.Context, req *PutRuleRequest) (*Rule, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	eventBusName := req.EventBusName
	if eventBusName == "" {
		eventBusName = defaultEventBusName
	}

	if _, exists := s.EventBuses[eventBusName]; !exists {
		return nil, &ServiceError{Code: errEventBusNotFound, Message: msgEventBusNotFound}
	}

	now := time.Now()
	state := RuleStateEnabled

	if req.State == "DISABLED" {
		state = RuleStateDisabled
	}

	rule := &Rule{
		Name:               req.Name,
		Arn:                fmt.Sprintf("arn:aws:events:%s:%s:rule/%s/%s", s.region, s.accountID, eventBusName, req.Name),
		EventBusName:       eventBusName,
		EventPattern:       req.EventPattern,
		ScheduleExpression: req.ScheduleExpression,
		State:              state,
		Description:        req.Description,
		RoleArn:            req.RoleArn,
		CreationTime:       now,
		LastModified:       now,
	}

	if s.Rules[eventBusName] == nil {
		s.Rules[eventBusName] = make(map[string]*Rule)
	}

	s.Rules[eventBusName][req.Name] = rule

	if len(req.Tags) > 0 {
		s.Tags[rule.Arn] = req.Tags
	}

	s.saveLocked()

	return rule, nil
}

// DeleteRule deletes a rule.
func (s *MemoryStorage) DeleteRule(_ context.Context, eventBusName, ruleName string, _ bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	if eventBusName == "" {
		eventBusName = defaultEventBusName
	}

	rules, exists := s.Rules[eventBusName]
	if !exists {
		return &ServiceError{Code: errRuleNotFound, Message: msgRuleNotFound}
	}

	if _, exists := rules[ruleName]; !exists {
		return &ServiceError{Code: errRuleNotFound, Message: msgRuleNotFound}
	}

	delete(rules, ruleName)

	targetKey := eventBusName + ":" + ruleName
	delete(s.Targets, targetKey)

	s.saveLocked()

	return nil
}

// DescribeRule describes a rule.
func (s *MemoryStorage) DescribeRule(_ context.Context, eventBusName, ruleName string) (*Rule, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()

	if eventBusName == "" {
		eventBusName = defaultEventBusName
	}

	rules, exists := s.Rules[eventBusName]
	if !exists {
		return nil, &ServiceError{Code: errRuleNotFound, Message: msgRuleNotFound}
	}

	rule, exists := rules[ruleName]
	if !exists {
		return nil, &ServiceError{Code: errRuleNotFound, Message: msgRuleNotFound}
	}

	return rule, nil
}

// ListRules lists rules for an event bus.
func (s *MemoryStorage) ListRules(_ context.Context, eventBusName, namePrefix string, limit int32, _ string) ([]*Rule, string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()

	if eventBusName == "" {
		eventBusName = defaultEventBusName
	}

	if limit <= 0 {
		limit = 10
	}

	rules, exists := s.Rules[eventBusName]
	if !exists {
		return nil, "", nil
	}

	var result []*Rule

	for _, rule := range rules {
		if namePrefix == "" || strings.HasPrefix(rule.Name, namePrefix) {
			result = append(result, rule)
		}

		if int32(len(result)) >= limit { //nolint:gosec // slice length bounded by limit parameter
			break
		}
	}

	return result, "", nil
}

// convertTargetInput converts a TargetInput to a Target.
func convertTargetInput(t *TargetInput) *Target {
	target := &Target{
		ID:               t.ID,
		Arn:              t.Arn,
		RoleArn:          t.RoleArn,
		Input:            t.Input,
		InputPath:        t.InputPath,
		HTTPParameters:   t.HTTPParameters,
		RetryPolicy:      t.RetryPolicy,
		DeadLetterConfig: t.DeadLetterConfig,
	}

	if t.InputTransformer != nil {
		target.InputTransformer = &InputTransformer{
			InputPathsMap: t.InputTransformer.InputPathsMap,
			InputTemplate: t.InputTransformer.InputTemplate,
		}
	}

	return target
}

// PutTargets adds targets to a rule.
func (s *MemoryStorage) PutTargets(_ context.Context, eventBusName, ruleName string, targets []TargetInput) ([]PutTargetsResultEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	if eventBusName == "" {
		eventBusName = defaultEventBusName
	}

	rules, exists := s.Rules[eventBusName]
	if !exists {
		return nil, &ServiceError{Code: errRuleNotFound, Message: msgRuleNotFound}
	}

	if _, exists := rules[ruleName]; !exists {
		return nil, &ServiceError{Code: errRuleNotFound, Message: msgRuleNotFound}
	}

	for i := range targets {
		if err := validateTarget(&targets[i]); err != nil {
			return nil, &ServiceError{Code: errInvalidParameter, Message: err.Error()}
		}
	}

	targetKey := eventBusName + ":" + ruleName

	if s.Targets[targetKey] == nil {
		s.Targets[targetKey] = make(map[string][]*Target)
	}

	var failedEntries []PutTargetsResultEntry

	for _, t := range targets {
		target := convertTargetInput(&t)

		// Find and update existing target or add new one.
		found := false
		existingTargets := s.Targets[targetKey][ruleName]

		for i, existing := range existingTargets {
			if existing.ID == t.ID {
				existingTargets[i] = target
				found = true

				break
			}
		}

		if !found {
			s.Targets[targetKey][ruleName] = append(s.Targets[targetKey][ruleName], target)
		}
	}

	s.saveLocked()

	return failedEntries, nil
}

// RemoveTargets removes targets from a rule.
func (s *MemoryStorage) RemoveTargets(_ context.Context, eventBusName, ruleName string, ids []string, _ bool) ([]RemoveTargetsResultEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	if eventBusName == "" {
		eventBusName = defaultEventBusName
	}

	targetKey := eventBusName + ":" + ruleName

	var failedEntries []RemoveTargetsResultEntry

	if s.Targets[targetKey] == nil {
		return failedEntries, nil
	}

	existingTargets := s.Targets[targetKey][ruleName]

	var newTargets []*Target

	idsToRemove := make(map[string]bool)
	for _, id := range ids {
		idsToRemove[id] = true
	}

	for _, target := range existingTargets {
		if !idsToRemove[target.ID] {
			newTargets = append(newTargets, target)
		}
	}

	s.Targets[targetKey][ruleName] = newTargets

	s.saveLocked()

	return failedEntries, nil
}

// ListTargetsByRule lists targets for a rule.
func (s *MemoryStorage) ListTargetsByRule(_ context.Context, eventBusName, ruleName string, limit int32, _ string) ([]*Target, string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()

	if eventBusName == "" {
		eventBusName = defaultEventBusName
	}

	if limit <= 0 {
		limit = 100
	}

	targetKey := eventBusName + ":" + ruleName

	if s.Targets[targetKey] == nil {
		return nil, "", nil
	}

	targets := s.Targets[targetKey][ruleName]

	if int32(len(targets)) > limit { //nolint:gosec // slice length bounded by limit parameter
		targets = targets[:limit]
	}

	return targets, "", nil
}

// PutEvents puts events to the event bus, matches against rules, and records deliveries.
func (s *MemoryStorage) PutEvents(_ context.Context, entries []PutEventsRequestEntry) ([]PutEventsResultEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	results := make([]PutEventsResultEntry, len(entries))

	for i, entry := range entries {
		eventID := uuid.New().String()
		results[i] = PutEventsResultEntry{EventID: eventID}

		eventBusName := entry.EventBusName
		if eventBusName == "" {
			eventBusName = defaultEventBusName
		}

		s.matchAndDeliver(eventID, eventBusName, &entry)
	}

	s.saveLocked()

	return results, nil
}

// matchAndDeliver matches an event against rules, records deliveries, and performs HTTP delivery for API destinations. Must be called under lock.
func (s *MemoryStorage) matchAndDeliver(eventID, eventBusName string, entry *PutEventsRequestEntry) {
	rules, exists := s.Rules[eventBusName]
	if !exists {
		return
	}

	for _, rule := range rules {
		if rule.State != RuleStateEnabled {
			continue
		}

		if !matchEventPattern(rule.EventPattern, entry) {
			continue
		}

		targetKey := eventBusName + ":" + rule.Name
		ruleTargets := s.Targets[targetKey][rule.Name]

		var eventTime string
		if entry.Time != nil {
			eventTime = entry.Time.Format(time.RFC3339)
		}

		var event []byte
		if len(ruleTargets) > 0 {
			event = s.buildEvent(eventID, eventBusName, entry)
		}

		for _, target := range ruleTargets {
			s.DeliveredEvents = append(s.DeliveredEvents, DeliveredEvent{
				EventID:      eventID,
				Source:       entry.Source,
				DetailType:   entry.DetailType,
				Detail:       entry.Detail,
				EventBusName: eventBusName,
				RuleName:     rule.Name,
				TargetID:     target.ID,
				TargetArn:    target.Arn,
				Time:         eventTime,
			})

			payload := targetPayload(event, target)
			if payload == nil {
				continue
			}

			d := &delivery{eventID: eventID, ruleArn: rule.Arn, target: *target, event: event, payload: payload}
			if dest := s.resolveAPIDestination(target.Arn); dest != nil {
				d.dest = dest
			} else if !isSQSArn(target.Arn) && !isLambdaArn(target.Arn) {
				continue
			}

			s.deliver(d)
		}

		s.trimDeliveredEventsLocked()
	}
}

// trimDeliveredEventsLocked drops the oldest entries beyond the cap. It
// moves the kept entries only once every maxDeliveredEvents events, not
// with every event. Caller must hold s.mu.
func (s *MemoryStorage) trimDeliveredEventsLocked() {
	if excess := len(s.DeliveredEvents) - s.deliveredStart - maxDeliveredEvents; excess > 0 {
		clear(s.DeliveredEvents[s.deliveredStart : s.deliveredStart+excess])
		s.deliveredStart += excess
	}

	if s.deliveredStart >= maxDeliveredEvents {
		kept := copy(s.DeliveredEvents, s.DeliveredEvents[s.deliveredStart:])
		clear(s.DeliveredEvents[kept:])
		s.DeliveredEvents = s.DeliveredEvents[:kept]
		s.deliveredStart = 0
	}
}

// newDeliveryClient returns the client that delivers events to targets.
// Deliveries run concurrently, mostly to this emulator itself, so it
// keeps as many idle connections per host as they may need:
// http.DefaultTransport keeps two, and dials anew for every delivery
// beyond them.
func newDeliveryClient() *http.Client {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return &http.Client{Timeout: 5 * time.Second}
	}

	t = t.Clone()
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = 256

	return &http.Client{Timeout: 5 * time.Second, Transport: t}
}

// closeResponse reads the rest of a delivery's response and closes it,
// so that its connection is kept for the next delivery.
func closeResponse(resp *http.Response) {
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
}

// buildEvent builds the CloudWatch Events envelope of an event.
func (s *MemoryStorage) buildEvent(eventID, eventBusName string, entry *PutEventsRequestEntry) []byte {
	payload := map[string]any{
		"version":     "0",
		"id":          eventID,
		"source":      entry.Source,
		"detail-type": entry.DetailType,
		"detail":      json.RawMessage(entry.Detail),
		"region":      s.region,
		"account":     s.accountID,
		"time":        time.Now().Format(time.RFC3339),
	}

	if eventBusName != defaultEventBusName {
		payload["event-bus-name"] = eventBusName
	}

	body, err := json.Marshal(payload)
	if err != nil {
		s.logger.Error("failed to marshal event payload", "error", err)

		return nil
	}

	return body
}

// targetPayload is what target receives of the event body: the event
// itself, or what its InputTransformer or InputPath makes of it.
func targetPayload(body []byte, target *Target) []byte {
	if body == nil {
		return nil
	}

	if target.InputTransformer != nil {
		if transformed := applyInputTransformer(body, target.InputTransformer); transformed != nil {
			return transformed
		}
	}

	if target.InputPath != "" {
		if resolved := resolveInputPath(body, target.InputPath); resolved != nil {
			return resolved
		}
	}

	return body
}

// resolveInputPath extracts a sub-field from payload using a simple JSONPath expression.
// Supports paths like "$.detail", "$.detail.payload", "$.source".
func resolveInputPath(payload []byte, inputPath string) []byte {
	path := strings.TrimPrefix(inputPath, "$.")
	if path == "" || path == "$" {
		return payload
	}

	parts := strings.Split(path, ".")

	var current any
	if err := json.Unmarshal(payload, &current); err != nil {
		return nil
	}

	for _, part := range parts {
		obj, ok := current.(map[string]any)
		if !ok {
			return nil
		}

		current, ok = obj[part]
		if !ok {
			return nil
		}
	}

	result, err := json.Marshal(current)
	if err != nil {
		return nil
	}

	return result
}

// applyInputTransformer applies an InputTransformer to an event payload.
// It extracts values from the event JSON using InputPathsMap (simple JSONPath expressions),
// then replaces <key> placeholders in InputTemplate with the extracted values.
func applyInputTransformer(payload []byte, transformer *InputTransformer) []byte {
	var event map[string]any
	if err := json.Unmarshal(payload, &event); err != nil {
		return nil
	}

	values := make(map[string]any, len(transformer.InputPathsMap))
	for key, path := range transformer.InputPathsMap {
		values[key] = extractJSONPath(event, path)
	}

	// Replace <key> placeholders in the template.
	result := transformer.InputTemplate

	for key, val := range values {
		placeholder := "<" + key + ">"

		var replacement string

		switch v := val.(type) {
		case nil:
			replacement = "null"
		case string:
			// Strings are quoted in the output.
			quoted, _ := json.Marshal(v)
			replacement = string(quoted)
		default:
			// Objects, arrays, numbers, booleans are serialized as raw JSON.
			raw, _ := json.Marshal(v)
			replacement = string(raw)
		}

		result = strings.ReplaceAll(result, placeholder, replacement)
	}

	return []byte(result)
}

// extractJSONPath extracts a value from a nested map using a simple JSONPath expression.
// Supports paths like "$.detail.marker", "$.source".
func extractJSONPath(obj map[string]any, path string) any {
	path = strings.TrimPrefix(path, "$.")
	if path == "" || path == "$" {
		return obj
	}

	parts := strings.Split(path, ".")

	var current any = obj

	for _, part := range parts {
		m, ok := current.(map[string]any)
		if !ok {
			return nil
		}

		current, ok = m[part]
		if !ok {
			return nil
		}
	}

	return current
}

// deliverToHTTP sends an event to an API Destination's HTTP endpoint.
func (s *MemoryStorage) deliverToHTTP(dest *APIDestination, target *Target, payload []byte) outcome {
	endpoint := expandEndpointPathParameters(dest.InvocationEndpoint, target.HTTPParameters)
	method := dest.HTTPMethod

	if method == "" {
		method = http.MethodPost
	}

	req, err := http.NewRequestWithContext(s.deliveryCtx, method, endpoint, bytes.NewReader(payload))
	if err != nil {
		return outcome{code: codeInvalidParameter, message: "invalid API destination endpoint " + endpoint + ": " + err.Error()}
	}

	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Amazon/EventBridge/ApiDestinations")
	applyHTTPParameters(req, target.HTTPParameters)

	out := s.post(req)
	if out.delivered() {
		s.logger.Info("delivered event to API destination", "endpoint", endpoint)
	}

	return out
}

// isSQSArn returns true if the ARN is an SQS queue ARN.
func isSQSArn(arn string) bool {
	return strings.Contains(arn, ":sqs:")
}

// deliverToSQS sends an event to an SQS queue via the local kumo SQS endpoint.
func (s *MemoryStorage) deliverToSQS(target *Target, payload []byte) outcome {
	out := s.sendToQueue(target.Arn, payload, nil)
	if out.delivered() {
		s.logger.Info("delivered event to SQS", "queue", queueNameOf(target.Arn))
	}

	return out
}

// queueNameOf is the name of the queue an SQS ARN names
// (arn:aws:sqs:region:account:queue-name), "" when it names none.
func queueNameOf(arn string) string {
	parts := strings.Split(arn, ":")
	if len(parts) < 6 {
		return ""
	}

	return parts[len(parts)-1]
}

// sendToQueue sends body, with the message attributes given, to the SQS
// queue arn names, through the local kumo SQS endpoint.
func (s *MemoryStorage) sendToQueue(arn string, body []byte, attributes map[string]any) outcome {
	queueName := queueNameOf(arn)
	if queueName == "" {
		return outcome{code: codeInvalidParameter, message: "invalid SQS ARN " + arn}
	}

	reqBody := map[string]any{
		"QueueUrl":    fmt.Sprintf("%s/000000000000/%s", s.baseURL, queueName),
		"MessageBody": string(body),
	}
	if len(attributes) > 0 {
		reqBody["MessageAttributes"] = attributes
	}

	data, err := json.Marshal(reqBody)
	if err != nil {
		return outcome{code: codeInvalidParameter, message: "marshal SQS SendMessage request: " + err.Error()}
	}

	req, err := http.NewRequestWithContext(s.deliveryCtx, http.MethodPost, s.baseURL+"/", bytes.NewReader(data))
	if err != nil {
		return outcome{code: codeInvalidParameter, message: "SQS request: " + err.Error()}
	}

	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AmazonSQS.SendMessage")

	return s.post(req)
}

// isLambdaArn returns true if the ARN is a Lambda function ARN.
func isLambdaArn(arn string) bool {
	return strings.Contains(arn, ":lambda:")
}

// deliverToLambda invokes a Lambda function asynchronously via the local kumo Lambda endpoint.
func (s *MemoryStorage) deliverToLambda(target *Target, payload []byte) outcome {
	// Lambda ARN: arn:aws:lambda:region:account:function:function-name[:qualifier]
	parts := strings.Split(target.Arn, ":")
	if len(parts) < 7 || parts[5] != "function" {
		return outcome{code: codeInvalidParameter, message: "invalid Lambda ARN " + target.Arn}
	}

	functionName := parts[6]
	endpoint := fmt.Sprintf("%s/2015-03-31/functions/%s/invocations", s.baseURL, functionName)

	req, err := http.NewRequestWithContext(s.deliveryCtx, http.MethodPost, endpoint, bytes.NewReader(payload))
	if err != nil {
		return outcome{code: codeInvalidParameter, message: "Lambda invoke request: " + err.Error()}
	}

	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Amz-Invocation-Type", "Event")
	req.Header.Set("Authorization", awsauth.ScopeHeader("lambda"))

	out := s.post(req)
	if out.delivered() {
		s.logger.Info("delivered event to Lambda", "function", functionName)
	}

	return out
}

// expandEndpointPathParameters replaces each "*" wildcard in the invocation
// endpoint with the corresponding value from PathParameterValues, in order.
// AWS EventBridge substitutes path parameters into the endpoint at delivery
// time; without this, the literal "*" would be sent and the target would 404.
func expandEndpointPathParameters(endpoint string, params *HTTPParameters) string {
	if params == nil {
		return endpoint
	}

	for _, value := range params.PathParameterValues {
		endpoint = strings.Replace(endpoint, "*", url.PathEscape(value), 1)
	}

	return endpoint
}

// applyHTTPParameters applies HTTP parameters from a target to an HTTP request.
func applyHTTPParameters(req *http.Request, params *HTTPParameters) {
	if params == nil {
		return
	}

	for k, v := range params.HeaderParameters {
		req.Header.Set(k, v)
	}

	if len(params.QueryStringParameters) > 0 {
		q := req.URL.Query()
		for k, v := range params.QueryStringParameters {
			q.Set(k, v)
		}

		req.URL.RawQuery = q.Encode()
	}
}

// GetDeliveredEvents returns all delivered events.
func (s *MemoryStorage) GetDeliveredEvents(_ context.Context) []DeliveredEvent {
	s.mu.RLock()
	defer s.mu.RUnlock()

	result := make([]DeliveredEvent, len(s.DeliveredEvents)-s.deliveredStart)
	copy(result, s.DeliveredEvents[s.deliveredStart:])

	return result
}

// CreateConnection creates a new connection.
func (s *MemoryStorage) CreateConnection(_ context.Context, req *CreateConnectionRequest) (*Connection, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	if _, exists := s.Connections[req.Name]; exists {
		return nil, &ServiceError{Code: errEventBusAlreadyExists, Message: "Connection already exists"}
	}

	now := time.Now()
	conn := &Connection{
		Name:               req.Name,
		Arn:                fmt.Sprintf("arn:aws:events:%s:%s:connection/%s", s.region, s.accountID, req.Name),
		ConnectionState:    "AUTHORIZED",
		AuthorizationType:  req.AuthorizationType,
		AuthParameters:     req.AuthParameters,
		CreationTime:       now,
		LastModifiedTime:   now,
		LastAuthorizedTime: now,
	}

	s.Connections[req.Name] = conn

	s.saveLocked()

	return conn, nil
}

// DescribeConnection describes a connection.
func (s *MemoryStorage) DescribeConnection(_ context.Context, name string) (*Connection, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()

	conn, exists := s.Connections[name]
	if !exists {
		return nil, &ServiceError{Code: errEventBusNotFound, Message: "Connection not found"}
	}

	return conn, nil
}

// DeleteConnection deletes a connection.
func (s *MemoryStorage) DeleteConnection(_ context.Context, name string) (*Connection, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	conn, exists := s.Connections[name]
	if !exists {
		return nil, &ServiceError{Code: errEventBusNotFound, Message: "Connection not found"}
	}

	delete(s.Connections, name)

	s.saveLocked()

	return conn, nil
}

// CreateAPIDestination creates a new API destination.
func (s *MemoryStorage) CreateAPIDestination(_ context.Context, req *CreateAPIDestinationRequest) (*APIDestination, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	if _, exists := s.APIDestinations[req.Name]; exists {
		return nil, &ServiceError{Code: errEventBusAlreadyExists, Message: "API destination already exists"}
	}

	rateLimit := req.InvocationRateLimitPerSecond
	if rateLimit == 0 {
		rateLimit = 300
	}

	now := time.Now()
	dest := &APIDestination{
		Name:                         req.Name,
		Arn:                          fmt.Sprintf("arn:aws:events:%s:%s:api-destination/%s", s.region, s.accountID, req.Name),
		ConnectionArn:                req.ConnectionArn,
		InvocationEndpoint:           req.InvocationEndpoint,
		HTTPMethod:                   req.HTTPMethod,
		InvocationRateLimitPerSecond: rateLimit,
		APIDestinationState:          "ACTIVE",
		CreationTime:                 now,
		LastModifiedTime:             now,
	}

	s.APIDestinations[req.Name] = dest

	s.saveLocked()

	return dest, nil
}

// DescribeAPIDestination describes an API destination.
func (s *MemoryStorage) DescribeAPIDestination(_ context.Context, name string) (*APIDestination, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()

	dest, exists := s.APIDestinations[name]
	if !exists {
		return nil, &ServiceError{Code: errEventBusNotFound, Message: "API destination not found"}
	}

	return dest, nil
}

// DeleteAPIDestination deletes an API destination.
func (s *MemoryStorage) DeleteAPIDestination(_ context.Context, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	if _, exists := s.APIDestinations[name]; !exists {
		return &ServiceError{Code: errEventBusNotFound, Message: "API destination not found"}
	}

	delete(s.APIDestinations, name)

	s.saveLocked()

	return nil
}

// resolveAPIDestination finds the API destination for a target ARN.
// Lookup is by name (the suffix after ":api-destination/") so callers can supply
// a target ARN whose region/account differs from the storage's own — AWS production
// callers usually pin their target ARNs to the production region, while kumo emits
// API destination ARNs under its configured emulator region.
func (s *MemoryStorage) resolveAPIDestination(targetArn string) *APIDestination {
	name := targetArn
	if i := strings.LastIndex(targetArn, ":api-destination/"); i >= 0 {
		name = targetArn[i+len(":api-destination/"):]
	}

	if dest, ok := s.APIDestinations[name]; ok {
		return dest
	}

	return nil
}

// ListTagsForResource returns the tags for a resource.
func (s *MemoryStorage) ListTagsForResource(_ context.Context, arn string) ([]Tag, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()

	tags, exists := s.Tags[arn]
	if !exists {
		return []Tag{}, nil
	}

	result := make([]Tag, len(tags))
	copy(result, tags)

	return result, nil
}

// TagResource adds or updates tags on a resource.
func (s *MemoryStorage) TagResource(_ context.Context, arn string, tags []Tag) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	existing := s.Tags[arn]

	for _, newTag := range tags {
		found := false

		for i, existingTag := range existing {
			if existingTag.Key == newTag.Key {
				existing[i].Value = newTag.Value
				found = true

				break
			}
		}

		if !found {
			existing = append(existing, newTag)
		}
	}

	s.Tags[arn] = existing

	s.saveLocked()

	return nil
}

// UntagResource removes tags from a resource.
func (s *MemoryStorage) UntagResource(_ context.Context, arn string, tagKeys []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	existing, exists := s.Tags[arn]
	if !exists {
		return nil
	}

	keysToRemove := make(map[string]bool, len(tagKeys))
	for _, key := range tagKeys {
		keysToRemove[key] = true
	}

	var remaining []Tag

	for _, tag := range existing {
		if !keysToRemove[tag.Key] {
			remaining = append(remaining, tag)
		}
	}

	if len(remaining) == 0 {
		delete(s.Tags, arn)
	} else {
		s.Tags[arn] = remaining
	}

	s.saveLocked()

	return nil
}

// DispatchAction checks if the action is valid.
func (s *MemoryStorage) DispatchAction(_ string) bool {
	return true
}
