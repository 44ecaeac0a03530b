package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// SourcePrefix starts the EventBridge source of every platform event; the
// producing service's name follows it.
const SourcePrefix = "conveyor."

// Envelope is the EventBridge detail of every platform event: who, what and
// when around the event's own Data.
type Envelope struct {
	// ID identifies the event. Consumers deduplicate on it, so a producer
	// that may emit the same event twice gives both the same ID.
	ID string `json:"id"`
	// Type is the event type; it is also the EventBridge detail-type.
	Type string `json:"type"`
	// Version is the version of the event type's schema.
	Version int `json:"version"`
	// Source is "conveyor.<service>" of the producer; it is also the
	// EventBridge source.
	Source string `json:"source"`
	// Time is when the fact happened, in UTC.
	Time time.Time `json:"time"`
	// CorrelationID is shared by every event and request of one business
	// flow, e.g. everything that follows from one order being placed.
	CorrelationID string `json:"correlationId"`
	// CausationID is the ID of the event that caused this one; empty when
	// a request or a data change caused it.
	CausationID string `json:"causationId,omitempty"`
	// Data is the event's own fields, the JSON of its Go type.
	Data json.RawMessage `json:"data"`
}

// Event is implemented by every event type of the published language.
type Event interface {
	// EventType returns the event type, e.g. "OrderPlaced".
	EventType() string
	// EventVersion returns the schema version of the Go type.
	EventVersion() int
}

// Meta is what an Envelope carries besides the event itself.
type Meta struct {
	ID            string
	Source        string
	Time          time.Time
	CorrelationID string
	CausationID   string
}

// NewEnvelope wraps e with meta. It fails when a required part of meta is
// missing or e does not encode.
func NewEnvelope(e Event, meta Meta) (Envelope, error) {
	if e == nil {
		return Envelope{}, errors.New("events: no event to wrap")
	}
	data, err := json.Marshal(e)
	if err != nil {
		return Envelope{}, fmt.Errorf("events: encode %s: %w", e.EventType(), err)
	}
	env := Envelope{
		ID: meta.ID, Type: e.EventType(), Version: e.EventVersion(), Source: meta.Source,
		Time: meta.Time.UTC(), CorrelationID: meta.CorrelationID, CausationID: meta.CausationID,
		Data: data,
	}
	if err := env.Validate(); err != nil {
		return Envelope{}, err
	}
	return env, nil
}

// Validate reports what is missing from the envelope's own fields. It does
// not look inside Data; the schemas package does.
func (env Envelope) Validate() error {
	var missing []string
	if env.ID == "" {
		missing = append(missing, "id")
	}
	if env.Type == "" {
		missing = append(missing, "type")
	}
	if env.Version < 1 {
		missing = append(missing, "version")
	}
	if !strings.HasPrefix(env.Source, SourcePrefix) || len(env.Source) == len(SourcePrefix) {
		missing = append(missing, "source (conveyor.<service>)")
	}
	if env.Time.IsZero() {
		missing = append(missing, "time")
	}
	if env.CorrelationID == "" {
		missing = append(missing, "correlationId")
	}
	if len(env.Data) == 0 {
		missing = append(missing, "data")
	}
	if len(missing) > 0 {
		return fmt.Errorf("events: envelope %q of type %q lacks %s", env.ID, env.Type, strings.Join(missing, ", "))
	}
	return nil
}

// Decode returns the envelope's event as its registered Go type (a value,
// not a pointer). It fails for a type or version the package does not know
// and for data that does not decode into the type.
func Decode(env Envelope) (Event, error) {
	def, ok := Lookup(env.Type, env.Version)
	if !ok {
		return nil, fmt.Errorf("%w: %s v%d", ErrUnknownEvent, env.Type, env.Version)
	}
	return def.decode(env.Data)
}

// DecodeData decodes the envelope's data into T, after checking that the
// envelope is of T's type and version.
func DecodeData[T Event](env Envelope) (T, error) {
	var e T
	if env.Type != e.EventType() || env.Version != e.EventVersion() {
		return e, fmt.Errorf("events: envelope %s is %s v%d, not %s v%d", env.ID, env.Type, env.Version, e.EventType(), e.EventVersion())
	}
	if err := json.Unmarshal(env.Data, &e); err != nil {
		return e, fmt.Errorf("events: decode %s %s: %w", env.Type, env.ID, err)
	}
	return e, nil
}

// ErrUnknownEvent is returned for an event type or version this package
// does not define.
var ErrUnknownEvent = errors.New("events: unknown event type")

type causeKey struct{}

// ContextWithCause returns a copy of ctx recording that the work done with
// it is caused by env; events published with it name env as their cause and
// share its correlation id.
func ContextWithCause(ctx context.Context, env Envelope) context.Context {
	return context.WithValue(ctx, causeKey{}, env)
}

// CauseFromContext returns the envelope ContextWithCause recorded in ctx.
func CauseFromContext(ctx context.Context) (Envelope, bool) {
	env, ok := ctx.Value(causeKey{}).(Envelope)
	return env, ok
}
