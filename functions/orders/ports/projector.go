package ports

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	lambdaevents "github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/functions/orders/adapters"
	"github.com/conveyor-dev/conveyor/functions/orders/app"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// Projector consumes the orders table's stream and brings the view of
// every order a commit changed up to date. Other items' changes are
// ignored. It is a lambda.Handler.
type Projector struct {
	project app.ProjectOrderHandler
	log     *slog.Logger
}

// NewProjector returns the projector of application.
func NewProjector(application app.Application, log *slog.Logger) *Projector {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Projector{project: application.Commands.ProjectOrder, log: log}
}

// Handle projects the orders of a batch of stream records, in order, each
// order once: its projection folds every commit stored so far. On a
// failure it reports the record it failed at, so the stream is retried
// from there.
func (p *Projector) Handle(ctx context.Context, batch lambdaevents.DynamoDBEvent) (lambdaevents.DynamoDBEventResponse, error) {
	var resp lambdaevents.DynamoDBEventResponse
	done := map[domain.OrderID]bool{}
	written := 0
	for _, rec := range batch.Records {
		pk, sk := keyString(rec.Change.Keys, "pk"), keyString(rec.Change.Keys, "sk")
		id, ok := adapters.CommittedOrder(pk, sk)
		if !ok || done[id] {
			continue
		}
		saved, err := p.project.Handle(ctx, id)
		if err != nil {
			p.log.ErrorContext(ctx, "projection failed", slog.String("order_id", string(id)), slog.String("error", err.Error()))
			resp.BatchItemFailures = []lambdaevents.DynamoDBBatchItemFailure{{ItemIdentifier: rec.Change.SequenceNumber}}
			break
		}
		done[id] = true
		if saved {
			written++
		}
	}
	metrics.FromContext(ctx).Add(metrics.MetricOrderViewsWritten, float64(written), metrics.Count)
	return resp, nil
}

func keyString(keys map[string]lambdaevents.DynamoDBAttributeValue, name string) string {
	v, ok := keys[name]
	if !ok || v.DataType() != lambdaevents.DataTypeString {
		return ""
	}
	return v.String()
}

// Invoke is the Lambda entry point: payload is a DynamoDB stream event.
func (p *Projector) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	var batch lambdaevents.DynamoDBEvent
	if err := json.Unmarshal(payload, &batch); err != nil {
		return nil, fmt.Errorf("projector: decode stream event: %w", err)
	}
	resp, err := p.Handle(ctx, batch)
	if err != nil {
		return nil, err
	}
	return json.Marshal(resp)
}
