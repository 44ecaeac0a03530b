package changecapture

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
)

// The kinds of change a stream record reports.
const (
	Insert = "INSERT"
	Modify = "MODIFY"
	Remove = "REMOVE"
)

// Change is one stream record: an item inserted, modified or removed.
type Change struct {
	// Kind is Insert, Modify or Remove.
	Kind string
	// Keys are the item's key attributes.
	Keys map[string]types.AttributeValue
	// OldImage and NewImage are the item before and after, as far as the
	// stream's view type carries them.
	OldImage map[string]types.AttributeValue
	NewImage map[string]types.AttributeValue
	// RecordID is the stream record's id, the same on every delivery.
	RecordID string
	// SequenceNumber orders the item's changes.
	SequenceNumber string
	// Time is when the change was stored, to the second.
	Time time.Time
}

// Emit is an event a change stands for.
type Emit struct {
	Event events.Event
	// ID is the event's id; empty means one derived from the stream record.
	// Derive it from the change (eventbus.StableID) so that the same change always
	// yields the same id.
	ID string
	// Time is when the fact happened; zero means the change's time.
	Time time.Time
	// CorrelationID is the flow the change belongs to, as the writer
	// stored it with the item (e.g. the request that placed an order);
	// empty means the change starts a flow of its own, named by the
	// event's id.
	CorrelationID string
	// CausationID is the id of the event that caused the change, as the
	// writer stored it; empty when a request or nothing known caused it.
	CausationID string
}

// Mapper returns the events a change stands for: none for items that are
// not of interest. An error is a change the mapper cannot read; the
// stream stops at it until it is retried out.
type Mapper func(Change) ([]Emit, error)

// Publisher publishes envelopes; the eventbus package's Publisher is one.
type Publisher interface {
	PublishEnvelopes(ctx context.Context, envs ...events.Envelope) error
}

// Config configures a Handler. Every field but Log is required.
type Config struct {
	// Source is the events' source, "conveyor.<service>".
	Source string
	// Map turns changes into events.
	Map Mapper
	// Publisher sends them.
	Publisher Publisher
	// Log receives failures; nil means slog.Default().
	Log *slog.Logger
}

// Handler consumes a table's stream. It is safe for concurrent use.
type Handler struct {
	cfg Config
}

// New returns a Handler configured by cfg.
func New(cfg Config) (*Handler, error) {
	switch {
	case !strings.HasPrefix(cfg.Source, events.SourcePrefix) || cfg.Source == events.SourcePrefix:
		return nil, fmt.Errorf("changecapture: source %q must be conveyor.<service>", cfg.Source)
	case cfg.Map == nil:
		return nil, errors.New("changecapture: a mapper is required")
	case cfg.Publisher == nil:
		return nil, errors.New("changecapture: a publisher is required")
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Handler{cfg: cfg}, nil
}

// Invoke is the Lambda entry point: payload is a DynamoDB stream event.
func (h *Handler) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	var in lambdaevents.DynamoDBEvent
	if err := json.Unmarshal(payload, &in); err != nil {
		return nil, fmt.Errorf("changecapture: payload is not a DynamoDB stream event: %w", err)
	}
	out, err := h.Handle(ctx, in)
	if err != nil {
		return nil, err
	}
	return json.Marshal(out)
}

// maxRoundEvents keeps a publish round within one PutEvents call.
const maxRoundEvents = 10

// pending is a mapped record waiting to be published.
type pending struct {
	seq  string
	item string
	envs []events.Envelope
}

// Handle publishes the events of a batch of stream records, in order. On a
// failure it reports the first record not known to be published, so the
// stream is retried from it.
//
// Each publish round runs in the flow of its first event: its context
// carries that event's correlation id, so the publisher's and the
// handler's log lines and metrics name the flow they belong to. The
// invocation as a whole adopts the flow of the batch's first event.
func (h *Handler) Handle(ctx context.Context, batch lambdaevents.DynamoDBEvent) (lambdaevents.DynamoDBEventResponse, error) {
	var round []pending
	roundCtx := ctx
	inRound := map[string]bool{}
	count := 0
	flush := func() error {
		if len(round) == 0 {
			return nil
		}
		var envs []events.Envelope
		for _, p := range round {
			envs = append(envs, p.envs...)
		}
		err := h.cfg.Publisher.PublishEnvelopes(roundCtx, envs...)
		if err != nil {
			h.cfg.Log.ErrorContext(roundCtx, "publishing stream changes failed; the stream retries from the first of them",
				slog.String("sequenceNumber", round[0].seq), slog.Int("events", len(envs)), slog.String("error", err.Error()))
		}
		return err
	}
	failAt := func(seq string) lambdaevents.DynamoDBEventResponse {
		return lambdaevents.DynamoDBEventResponse{BatchItemFailures: []lambdaevents.DynamoDBBatchItemFailure{{ItemIdentifier: seq}}}
	}
	for _, rec := range batch.Records {
		p, err := h.mapRecord(rec)
		if err != nil {
			if ferr := flush(); ferr != nil {
				return failAt(round[0].seq), nil
			}
			h.cfg.Log.ErrorContext(ctx, "a stream record could not be mapped to events",
				slog.String("sequenceNumber", rec.Change.SequenceNumber), slog.String("eventId", rec.EventID), slog.String("error", err.Error()))
			return failAt(rec.Change.SequenceNumber), nil
		}
		if len(p.envs) == 0 {
			continue
		}
		if inRound[p.item] || count+len(p.envs) > maxRoundEvents {
			if err := flush(); err != nil {
				return failAt(round[0].seq), nil
			}
			round, inRound, count = nil, map[string]bool{}, 0
		}
		if len(round) == 0 {
			// The round takes the flow of its first event; the first
			// round's is adopted by the invocation (correlation.Track).
			roundCtx = correlation.With(ctx, p.envs[0].CorrelationID)
		}
		round = append(round, p)
		inRound[p.item] = true
		count += len(p.envs)
	}
	if err := flush(); err != nil {
		return failAt(round[0].seq), nil
	}
	return lambdaevents.DynamoDBEventResponse{BatchItemFailures: []lambdaevents.DynamoDBBatchItemFailure{}}, nil
}

func (h *Handler) mapRecord(rec lambdaevents.DynamoDBEventRecord) (pending, error) {
	c := Change{
		Kind: rec.EventName, RecordID: rec.EventID, SequenceNumber: rec.Change.SequenceNumber,
		Time: rec.Change.ApproximateCreationDateTime.UTC(),
	}
	var err error
	if c.Keys, err = attributes(rec.Change.Keys); err != nil {
		return pending{}, fmt.Errorf("keys: %w", err)
	}
	if c.OldImage, err = attributes(rec.Change.OldImage); err != nil {
		return pending{}, fmt.Errorf("old image: %w", err)
	}
	if c.NewImage, err = attributes(rec.Change.NewImage); err != nil {
		return pending{}, fmt.Errorf("new image: %w", err)
	}
	if c.Time.IsZero() || c.Time.Unix() <= 0 {
		c.Time = time.Now().UTC()
	}
	emits, err := h.cfg.Map(c)
	if err != nil {
		return pending{}, err
	}
	p := pending{seq: c.SequenceNumber, item: itemKey(c.Keys)}
	for i, e := range emits {
		id := e.ID
		if id == "" {
			id = eventbus.StableID("stream-record", c.RecordID, strconv.Itoa(i))
		}
		at := e.Time
		if at.IsZero() {
			at = c.Time
		}
		// Unless the writer recorded the flow, a change starts a flow of
		// its own: the event's id is its correlation id.
		corr := e.CorrelationID
		if corr == "" {
			corr = id
		}
		env, err := events.NewEnvelope(e.Event, events.Meta{ID: id, Source: h.cfg.Source, Time: at, CorrelationID: corr, CausationID: e.CausationID})
		if err != nil {
			return pending{}, err
		}
		p.envs = append(p.envs, env)
	}
	return p, nil
}

// itemKey is a stable text form of an item's key.
func itemKey(keys map[string]types.AttributeValue) string {
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		b.WriteString(k)
		b.WriteByte('=')
		switch v := keys[k].(type) {
		case *types.AttributeValueMemberS:
			b.WriteString("S:" + v.Value)
		case *types.AttributeValueMemberN:
			b.WriteString("N:" + v.Value)
		case *types.AttributeValueMemberB:
			b.WriteString(fmt.Sprintf("B:%x", v.Value))
		}
		b.WriteByte(0)
	}
	return b.String()
}
