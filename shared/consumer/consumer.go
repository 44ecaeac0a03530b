package consumer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"

	lambdaevents "github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/idempotency"
	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/metrics"
	"github.com/conveyor-dev/conveyor/shared/tracing"
)

// Config configures a Consumer. Name and Idempotency are required.
type Config struct {
	// Name scopes the idempotency records, usually the function's name:
	// two consumers of one event each handle it once.
	Name string
	// Idempotency stores which events were handled
	// (idempotency.Store.DoOptimistic: a handler may run twice at once
	// for duplicates delivered at the same time, never again once one
	// has completed).
	Idempotency *idempotency.Store
	// Key returns the idempotency key of an event; nil means its id.
	Key func(events.Envelope) (string, error)
	// Log receives poison records and handler failures; nil means
	// slog.Default().
	Log *slog.Logger
	// Parallel is how many records of a batch are handled at once; 0
	// means the whole batch. Records about one order are always handled
	// one after the other, in the batch's order, so two events of an
	// order never race each other for its aggregate.
	Parallel int
}

// Validate reports the first missing setting.
func (c Config) Validate() error {
	switch {
	case c.Name == "":
		return errors.New("consumer: a name is required")
	case c.Idempotency == nil:
		return errors.New("consumer: an idempotency store is required")
	case c.Parallel < 0:
		return errors.New("consumer: Parallel must not be negative")
	}
	return nil
}

// Consumer dispatches SQS batches of platform events to typed handlers.
// Register handlers with Handle before the first batch.
type Consumer struct {
	cfg      Config
	handlers map[string]func(context.Context, events.Envelope) error
}

// New returns a Consumer with no handlers.
func New(cfg Config) (*Consumer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Key == nil {
		cfg.Key = func(env events.Envelope) (string, error) { return env.ID, nil }
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Consumer{cfg: cfg, handlers: map[string]func(context.Context, events.Envelope) error{}}, nil
}

// Handle registers fn for events of type T. A second registration for the
// same type replaces the first.
func Handle[T events.Event](c *Consumer, fn func(ctx context.Context, e T, env events.Envelope) error) {
	var zero T
	c.handlers[handlerKey(zero.EventType(), zero.EventVersion())] = func(ctx context.Context, env events.Envelope) error {
		e, err := events.DecodeData[T](env)
		if err != nil {
			return poison(err)
		}
		return fn(ctx, e, env)
	}
}

// Types lists the event types with a handler, as "<Type>.v<Version>",
// sorted.
func (c *Consumer) Types() []string {
	return slices.Sorted(maps.Keys(c.handlers))
}

func handlerKey(eventType string, version int) string {
	return eventType + ".v" + strconv.Itoa(version)
}

// ErrPoison marks a record that no retry can handle.
var ErrPoison = errors.New("consumer: poison record")

func poison(err error) error { return fmt.Errorf("%w: %w", ErrPoison, err) }

// Invoke is the Lambda entry point: payload is an SQS event.
func (c *Consumer) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	var in lambdaevents.SQSEvent
	if err := json.Unmarshal(payload, &in); err != nil {
		return nil, fmt.Errorf("consumer: payload is not an SQS event: %w", err)
	}
	out, err := c.Handle(ctx, in)
	if err != nil {
		return nil, err
	}
	return json.Marshal(out)
}

// Handle handles every record of the batch and reports the ones that
// failed. It returns an error only when the batch itself is unusable.
//
// Records about different orders are handled concurrently (up to
// Config.Parallel at once), those about one order, and the copies of one
// event, in the batch's order: a
// batch costs about as long as the order with the most records in it,
// not as long as all its records together.
func (c *Consumer) Handle(ctx context.Context, batch lambdaevents.SQSEvent) (lambdaevents.SQSEventResponse, error) {
	decoded := make([]decodedRecord, len(batch.Records))
	for i, rec := range batch.Records {
		decoded[i].env, decoded[i].err = decode(rec.Body)
	}
	failed := make([]bool, len(batch.Records))
	groups := groupByOrder(decoded)
	parallel := c.cfg.Parallel
	if parallel == 0 || parallel > len(groups) {
		parallel = len(groups)
	}
	if parallel <= 1 {
		for _, g := range groups {
			c.handleGroup(ctx, batch.Records, decoded, g, failed)
		}
	} else {
		next := make(chan []int)
		var wg sync.WaitGroup
		for range parallel {
			wg.Go(func() {
				for g := range next {
					c.handleGroup(ctx, batch.Records, decoded, g, failed)
				}
			})
		}
		for _, g := range groups {
			next <- g
		}
		close(next)
		wg.Wait()
	}
	resp := lambdaevents.SQSEventResponse{BatchItemFailures: []lambdaevents.SQSBatchItemFailure{}}
	for i, rec := range batch.Records {
		if failed[i] {
			resp.BatchItemFailures = append(resp.BatchItemFailures, lambdaevents.SQSBatchItemFailure{ItemIdentifier: rec.MessageId})
		}
	}
	return resp, nil
}

// decodedRecord is a record's envelope, or why it has none.
type decodedRecord struct {
	env events.Envelope
	err error
}

// groupByOrder returns the indexes of the records, grouped by the order
// they are about and in the batch's order within a group. The copies of
// an event about no order form a group of their own, so that a duplicate
// delivered in the same batch waits for its first copy and finds it
// recorded instead of running beside it; a record that did not decode is
// a group of its own.
func groupByOrder(records []decodedRecord) [][]int {
	var groups [][]int
	byOrder := map[string]int{}
	for i, r := range records {
		id := ""
		if r.err == nil {
			id = "order " + orderID(r.env)
			if id == "order " {
				id = "event " + r.env.ID
			}
		}
		if id == "" {
			groups = append(groups, []int{i})
			continue
		}
		g, ok := byOrder[id]
		if !ok {
			g = len(groups)
			byOrder[id] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	return groups
}

// handleGroup handles the records at the indexes of g, one after the
// other, and marks the ones that failed. Each index belongs to one group,
// so concurrent groups write distinct elements of failed.
func (c *Consumer) handleGroup(ctx context.Context, recs []lambdaevents.SQSMessage, decoded []decodedRecord, g []int, failed []bool) {
	for _, i := range g {
		failed[i] = c.record(ctx, recs[i], decoded[i]) != nil
	}
}

// bridgeEvent is an EventBridge event as a rule delivers it to SQS.
type bridgeEvent struct {
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Detail     json.RawMessage `json:"detail"`
}

// record handles one message; it never panics.
func (c *Consumer) record(ctx context.Context, rec lambdaevents.SQSMessage, d decodedRecord) (err error) {
	log := c.cfg.Log.With(slog.String("messageId", rec.MessageId), slog.String("receiveCount", rec.Attributes["ApproximateReceiveCount"]))
	env, err := d.env, d.err
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("consumer: handler panicked: %v", p)
			log.ErrorContext(ctx, "event handler panicked", slog.String("eventId", env.ID), slog.String("eventType", env.Type),
				slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
		}
	}()
	if err == nil {
		err = c.dispatch(ctx, rec, env)
	}
	m := metrics.FromContext(ctx)
	switch {
	case err == nil:
		m.Add(metrics.MetricEventsHandled, 1, metrics.Count)
	case errors.Is(err, ErrPoison):
		m.Add(metrics.MetricPoisonEvents, 1, metrics.Count)
		log.ErrorContext(ctx, "poison event: it goes to the dead-letter queue after its last receive",
			slog.String("eventId", env.ID), slog.String("eventType", env.Type), slog.String("reason", err.Error()))
	case errors.Is(err, idempotency.ErrInProgress):
		m.Add(metrics.MetricEventsFailed, 1, metrics.Count)
		log.WarnContext(ctx, "event is being handled by another delivery; retrying later",
			slog.String("eventId", env.ID), slog.String("eventType", env.Type))
	default:
		m.Add(metrics.MetricEventsFailed, 1, metrics.Count)
		log.ErrorContext(ctx, "event handler failed; the event will be retried",
			slog.String("eventId", env.ID), slog.String("eventType", env.Type), slog.String("error", err.Error()))
	}
	return err
}

func decode(body string) (events.Envelope, error) {
	var ev bridgeEvent
	if err := json.Unmarshal([]byte(body), &ev); err != nil {
		return events.Envelope{}, poison(fmt.Errorf("body is not an EventBridge event: %w", err))
	}
	var env events.Envelope
	if err := json.Unmarshal(ev.Detail, &env); err != nil {
		return events.Envelope{}, poison(fmt.Errorf("detail is not an event envelope: %w", err))
	}
	if err := env.Validate(); err != nil {
		return env, poison(err)
	}
	if env.Type != ev.DetailType || env.Source != ev.Source {
		return env, poison(fmt.Errorf("envelope %s %s disagrees with the EventBridge event %s %s", env.Source, env.Type, ev.Source, ev.DetailType))
	}
	return env, nil
}

func (c *Consumer) dispatch(ctx context.Context, rec lambdaevents.SQSMessage, env events.Envelope) error {
	h, ok := c.handlers[handlerKey(env.Type, env.Version)]
	if !ok {
		return poison(fmt.Errorf("no handler for %s v%d", env.Type, env.Version))
	}
	key, err := c.cfg.Key(env)
	if err != nil {
		return poison(fmt.Errorf("idempotency key: %w", err))
	}
	ctx = correlation.With(ctx, env.CorrelationID)
	ctx = events.ContextWithCause(ctx, env)
	ctx = logging.WithAttrs(ctx, slog.String("eventId", env.ID), slog.String("eventType", env.Type))
	// The producer's trace continues here: the record's AWSTraceHeader is
	// the trace header EventBridge received with the event.
	return tracing.Continue(ctx, rec.Attributes[traceHeaderAttribute], c.cfg.Name, func(ctx context.Context) error {
		return tracing.Capture(ctx, "handle "+env.Type, func(ctx context.Context) error {
			tracing.Annotate(ctx, "event_id", env.ID)
			tracing.Annotate(ctx, "event_type", env.Type)
			tracing.Annotate(ctx, "correlation_id", env.CorrelationID)
			if id := orderID(env); id != "" {
				tracing.Annotate(ctx, "order_id", id)
			}
			// One read and one write per handled event: the handlers'
			// own writes are conditional, so the rare delivery that
			// races another through the handler changes nothing twice.
			_, err := c.cfg.Idempotency.DoOptimistic(ctx, c.cfg.Name, key, env.Data, func(ctx context.Context) ([]byte, error) {
				return nil, h(ctx, env)
			})
			if errors.Is(err, idempotency.ErrPayloadMismatch) {
				return poison(err)
			}
			return err
		})
	})
}

// traceHeaderAttribute is the SQS system attribute that carries the
// producer's X-Ray trace header.
const traceHeaderAttribute = "AWSTraceHeader"

// orderID returns the orderId of an event about an order, "" otherwise.
func orderID(env events.Envelope) string {
	var about struct {
		OrderID string `json:"orderId"`
	}
	if json.Unmarshal(env.Data, &about) != nil {
		return ""
	}
	return about.OrderID
}
