package eventbus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/shared/metrics"
	"github.com/conveyor-dev/conveyor/shared/spec"
	"github.com/conveyor-dev/conveyor/shared/tracing"
)

// PutEvents limits.
const (
	// MaxBatchEntries is the most entries one PutEvents call takes.
	MaxBatchEntries = 10
	// MaxBatchBytes is the largest PutEvents request, counted the way
	// EventBridge counts entry sizes.
	MaxBatchBytes = 256 * 1024
)

// API is the part of the EventBridge client the Publisher uses.
type API interface {
	PutEvents(ctx context.Context, in *eventbridge.PutEventsInput, opts ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error)
}

// Config configures a Publisher. Client, Bus and Source are required.
type Config struct {
	// Client sends the PutEvents calls.
	Client API
	// Bus is the name or ARN of the event bus.
	Bus string
	// Source is the EventBridge source of the events, "conveyor.<service>".
	Source string
	// Publishes, when not empty, lists the only event types the Publisher
	// accepts; Publish refuses any other with ErrUndeclared.
	Publishes []string
	// MaxAttempts bounds the PutEvents calls per batch, first one
	// included; 0 means 5.
	MaxAttempts int
	// BaseDelay is the backoff before the first retry, doubled for each
	// later one and jittered; 0 means 50 ms.
	BaseDelay time.Duration
	// MaxDelay caps one backoff; 0 means 2 s.
	MaxDelay time.Duration
	// Now tells the time of new events; nil means time.Now.
	Now func() time.Time
	// NewID returns a new event id; nil means a UUID version 7.
	NewID func() string
}

// Validate reports the first missing or out-of-range setting.
func (c Config) Validate() error {
	switch {
	case c.Client == nil:
		return errors.New("eventbus: a client is required")
	case c.Bus == "":
		return errors.New("eventbus: a bus name is required")
	case !strings.HasPrefix(c.Source, events.SourcePrefix) || c.Source == events.SourcePrefix:
		return fmt.Errorf("eventbus: source %q must be conveyor.<service>", c.Source)
	case c.MaxAttempts < 0 || c.BaseDelay < 0 || c.MaxDelay < 0:
		return errors.New("eventbus: attempts and delays must not be negative")
	}
	return nil
}

// Publisher sends events to one bus under one source. It is safe for
// concurrent use.
type Publisher struct {
	cfg      Config
	declared map[string]bool
}

// New returns a Publisher configured by cfg.
func New(cfg Config) (*Publisher, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.MaxAttempts == 0 {
		cfg.MaxAttempts = 5
	}
	if cfg.BaseDelay == 0 {
		cfg.BaseDelay = 50 * time.Millisecond
	}
	if cfg.MaxDelay == 0 {
		cfg.MaxDelay = 2 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.NewID == nil {
		cfg.NewID = newID
	}
	p := &Publisher{cfg: cfg}
	if len(cfg.Publishes) > 0 {
		p.declared = map[string]bool{}
		for _, t := range cfg.Publishes {
			p.declared[t] = true
		}
	}
	return p, nil
}

// ForService returns a Publisher for the service's source that accepts only
// the event types the service declares.
func ForService(client API, bus string, s spec.Service) (*Publisher, error) {
	if len(s.Publishes) == 0 {
		return nil, fmt.Errorf("eventbus: service %q declares no events to publish", s.Name)
	}
	return New(Config{Client: client, Bus: bus, Source: s.Source(), Publishes: s.Publishes})
}

func newID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}

// ErrUndeclared is returned for an event type the publishing service does
// not declare.
var ErrUndeclared = errors.New("eventbus: event type not declared by the service")

// Publish wraps each event in a new envelope and publishes them in order.
// The envelopes share the correlation id of ctx (or of the event that
// caused them, or a new one) and name the causing event of ctx, if any.
func (p *Publisher) Publish(ctx context.Context, evs ...events.Event) error {
	envs := make([]events.Envelope, 0, len(evs))
	shared := Meta(ctx, "", p.cfg.Source, time.Time{})
	for _, e := range evs {
		meta := shared
		meta.ID, meta.Time = p.cfg.NewID(), p.cfg.Now()
		env, err := events.NewEnvelope(e, meta)
		if err != nil {
			return fmt.Errorf("eventbus: %w", err)
		}
		envs = append(envs, env)
	}
	return p.PublishEnvelopes(ctx, envs...)
}

// PublishEnvelopes publishes envelopes built by the caller, e.g. with
// stable ids derived from the change they record. Each envelope's source
// must be the Publisher's.
func (p *Publisher) PublishEnvelopes(ctx context.Context, envs ...events.Envelope) error {
	entries := make([]entry, 0, len(envs))
	for _, env := range envs {
		if err := env.Validate(); err != nil {
			return fmt.Errorf("eventbus: %w", err)
		}
		if env.Source != p.cfg.Source {
			return fmt.Errorf("eventbus: envelope %s has source %q, the publisher %q", env.ID, env.Source, p.cfg.Source)
		}
		if p.declared != nil && !p.declared[env.Type] {
			return fmt.Errorf("%w: %s publishes %s, not %s", ErrUndeclared, p.cfg.Source, strings.Join(p.cfg.Publishes, ", "), env.Type)
		}
		e, err := p.entry(ctx, env)
		if err != nil {
			return err
		}
		entries = append(entries, e)
	}
	var failed []FailedEntry
	sent := 0
	for _, batch := range batches(entries) {
		failed = append(failed, p.send(ctx, batch)...)
		sent += len(batch)
		if ctx.Err() != nil {
			break
		}
	}
	if accepted := sent - len(failed); accepted > 0 {
		metrics.FromContext(ctx).Add(metrics.MetricEventsPublished, float64(accepted), metrics.Count)
	}
	if len(failed) > 0 {
		return &PublishError{Failed: failed}
	}
	return ctx.Err()
}

// entry is one PutEvents entry with the envelope id it carries and its size.
type entry struct {
	id    string
	put   types.PutEventsRequestEntry
	bytes int
}

func (p *Publisher) entry(ctx context.Context, env events.Envelope) (entry, error) {
	detail, err := json.Marshal(env)
	if err != nil {
		return entry{}, fmt.Errorf("eventbus: encode %s %s: %w", env.Type, env.ID, err)
	}
	put := types.PutEventsRequestEntry{
		EventBusName: aws.String(p.cfg.Bus),
		Source:       aws.String(env.Source),
		DetailType:   aws.String(env.Type),
		Detail:       aws.String(string(detail)),
		Time:         aws.Time(env.Time),
	}
	if h := tracing.Header(ctx); h != "" {
		put.TraceHeader = aws.String(h)
	}
	e := entry{id: env.ID, put: put, bytes: EntrySize(put)}
	if e.bytes > MaxBatchBytes {
		return entry{}, fmt.Errorf("eventbus: %s %s is %d bytes, more than the %d EventBridge takes", env.Type, env.ID, e.bytes, MaxBatchBytes)
	}
	return e, nil
}

// EntrySize is the size EventBridge counts for an entry: 14 bytes for the
// time, plus the UTF-8 bytes of source, detail-type, detail and resources.
func EntrySize(e types.PutEventsRequestEntry) int {
	n := 0
	if e.Time != nil {
		n += 14
	}
	n += len(aws.ToString(e.Source)) + len(aws.ToString(e.DetailType)) + len(aws.ToString(e.Detail))
	for _, r := range e.Resources {
		n += len(r)
	}
	return n
}

// batches splits entries, in order, into PutEvents batches within the
// entry-count and size limits.
func batches(entries []entry) [][]entry {
	var out [][]entry
	var cur []entry
	size := 0
	for _, e := range entries {
		if len(cur) == MaxBatchEntries || (len(cur) > 0 && size+e.bytes > MaxBatchBytes) {
			out = append(out, cur)
			cur, size = nil, 0
		}
		cur = append(cur, e)
		size += e.bytes
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// send puts one batch, retrying the entries that fail for a transient
// reason, and returns those that never went through.
func (p *Publisher) send(ctx context.Context, batch []entry) []FailedEntry {
	pending := batch
	var failed []FailedEntry
	for attempt := 1; len(pending) > 0; attempt++ {
		in := &eventbridge.PutEventsInput{Entries: make([]types.PutEventsRequestEntry, len(pending))}
		for i, e := range pending {
			in.Entries[i] = e.put
		}
		out, err := p.cfg.Client.PutEvents(ctx, in)
		var retry []entry
		var last []FailedEntry
		switch {
		case err != nil:
			for _, e := range pending {
				last = append(last, FailedEntry{EventID: e.id, Code: "RequestFailed", Message: err.Error()})
			}
			retry = pending
		case len(out.Entries) != len(pending):
			for _, e := range pending {
				last = append(last, FailedEntry{EventID: e.id, Code: "MalformedResponse",
					Message: fmt.Sprintf("%d result entries for %d events", len(out.Entries), len(pending))})
			}
			retry = pending
		default:
			for i, res := range out.Entries {
				if res.ErrorCode == nil {
					continue
				}
				f := FailedEntry{EventID: pending[i].id, Code: aws.ToString(res.ErrorCode), Message: aws.ToString(res.ErrorMessage)}
				if Retryable(f.Code) {
					retry = append(retry, pending[i])
					last = append(last, f)
				} else {
					failed = append(failed, f)
				}
			}
		}
		if len(retry) == 0 {
			return failed
		}
		if attempt >= p.cfg.MaxAttempts || ctx.Err() != nil {
			return append(failed, last...)
		}
		if err := p.sleep(ctx, attempt); err != nil {
			return append(failed, last...)
		}
		pending = retry
	}
	return failed
}

// permanentCodes are PutEvents entry error codes a retry cannot fix.
var permanentCodes = []string{
	"AccessDeniedException", "InvalidArgument", "MalformedDetail",
	"NotAuthorizedForSourceException", "NotAuthorizedForDetailTypeException",
	"ResourceNotFoundException", "ValidationException",
}

// Retryable reports whether an entry that failed with code may succeed when
// sent again (throttling, internal failures, and any code not known to be
// permanent).
func Retryable(code string) bool {
	return !slices.Contains(permanentCodes, code)
}

func (p *Publisher) sleep(ctx context.Context, attempt int) error {
	d := p.cfg.BaseDelay << (attempt - 1)
	if d > p.cfg.MaxDelay || d <= 0 {
		d = p.cfg.MaxDelay
	}
	d = d/2 + rand.N(d/2+1)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// FailedEntry is an event EventBridge did not accept.
type FailedEntry struct {
	// EventID is the envelope id of the event.
	EventID string
	// Code and Message are EventBridge's reason.
	Code    string
	Message string
}

// PublishError lists the events that were not published. The others were.
type PublishError struct {
	Failed []FailedEntry
}

// Error names the failed events and their reasons.
func (e *PublishError) Error() string {
	parts := make([]string, 0, len(e.Failed))
	for _, f := range e.Failed {
		parts = append(parts, fmt.Sprintf("%s (%s: %s)", f.EventID, f.Code, f.Message))
	}
	return fmt.Sprintf("eventbus: %d event(s) not published: %s", len(e.Failed), strings.Join(parts, "; "))
}

// FailedIDs returns the envelope ids of the failed events.
func (e *PublishError) FailedIDs() []string {
	ids := make([]string, 0, len(e.Failed))
	for _, f := range e.Failed {
		ids = append(ids, f.EventID)
	}
	return ids
}
