package adapters

import (
	"context"
	"errors"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/shared/correlation"
)

// EnvelopePublisher is the part of eventbus.Publisher the adapter uses.
type EnvelopePublisher interface {
	PublishEnvelopes(ctx context.Context, envs ...events.Envelope) error
}

// BusPublisher publishes the inventory's events on the platform bus with
// the ids the use cases choose, so a retried publish sends the same event.
type BusPublisher struct {
	bus    EnvelopePublisher
	source string
}

// NewBusPublisher returns a publisher sending through bus as source
// ("conveyor.inventory").
func NewBusPublisher(bus EnvelopePublisher, source string) (*BusPublisher, error) {
	if bus == nil || source == "" {
		return nil, errors.New("adapters: a bus publisher and a source are required")
	}
	return &BusPublisher{bus: bus, source: source}, nil
}

// Publish wraps e in an envelope with the given id and time. The envelope
// carries the correlation id of ctx (or of the event being handled, or a
// new one) and names the event being handled as its cause.
func (p *BusPublisher) Publish(ctx context.Context, id string, at time.Time, e events.Event) error {
	meta := events.Meta{ID: id, Source: p.source, Time: at, CorrelationID: correlation.From(ctx)}
	if cause, ok := events.CauseFromContext(ctx); ok {
		meta.CausationID = cause.ID
		if meta.CorrelationID == "" {
			meta.CorrelationID = cause.CorrelationID
		}
	}
	if meta.CorrelationID == "" {
		meta.CorrelationID = correlation.NewID()
	}
	env, err := events.NewEnvelope(e, meta)
	if err != nil {
		return err
	}
	return p.bus.PublishEnvelopes(ctx, env)
}
