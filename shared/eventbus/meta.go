package eventbus

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/shared/correlation"
)

// idNamespace seeds every stable event id of the platform.
var idNamespace = uuid.MustParse("6f0c5f7e-2a3b-5c1d-9e8f-0a1b2c3d4e5f")

// StableID returns a UUID (version 5) determined by parts alone: the one
// way the platform gives the same fact the same event id, however often
// it is published, so that consumers handle it once. Name the producer,
// the event type and what identifies the fact, e.g.
// StableID("conveyor.payments", "PaymentAuthorized", orderID).
func StableID(parts ...string) string {
	return uuid.NewSHA1(idNamespace, []byte(strings.Join(parts, "\x00"))).String()
}

// Meta returns the envelope metadata of an event that source publishes
// from within ctx, with the given id and time: the correlation id of ctx,
// else that of the event being handled (events.ContextWithCause), else a
// new one; and the event being handled, if any, as the cause.
func Meta(ctx context.Context, id, source string, at time.Time) events.Meta {
	meta := events.Meta{ID: id, Source: source, Time: at, CorrelationID: correlation.From(ctx)}
	if cause, ok := events.CauseFromContext(ctx); ok {
		meta.CausationID = cause.ID
		if meta.CorrelationID == "" {
			meta.CorrelationID = cause.CorrelationID
		}
	}
	if meta.CorrelationID == "" {
		meta.CorrelationID = correlation.NewID()
	}
	return meta
}

// PublishOnce publishes e, which happened at at, with the stable id of the
// fact it records: StableID(source, e's type, key). Publishing the same
// fact again (a retried message, a crash before the answer) sends the same
// event, which consumers deduplicate. key identifies the fact within its
// type, e.g. the order id of a PaymentAuthorized.
func (p *Publisher) PublishOnce(ctx context.Context, key string, at time.Time, e events.Event) error {
	if e == nil {
		return errors.New("eventbus: no event to publish")
	}
	env, err := events.NewEnvelope(e, Meta(ctx, StableID(p.cfg.Source, e.EventType(), key), p.cfg.Source, at))
	if err != nil {
		return err
	}
	return p.PublishEnvelopes(ctx, env)
}
