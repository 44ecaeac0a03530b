package ports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	lambdaevents "github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/shared/consumer"
	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/logging"
)

// SagaHandler is the payments-saga function: it drains the saga queue,
// whose messages are platform events (OrderPlaced, StockReserved,
// OrderCancelled), handled idempotently by a consumer.Consumer, and the
// saga's own delayed retries of parked authorisations.
type SagaHandler struct {
	app      app.Application
	consumer *consumer.Consumer
	log      *slog.Logger
}

// NewSagaHandler registers the event handlers on c.
func NewSagaHandler(application app.Application, c *consumer.Consumer, log *slog.Logger) *SagaHandler {
	h := &SagaHandler{app: application, consumer: c, log: log}
	consumer.Handle(c, func(ctx context.Context, e events.OrderPlaced, _ events.Envelope) error {
		return application.Commands.RecordOrder.Handle(ctx, app.RecordOrder{OrderID: e.OrderID, Amount: money(e.Total)})
	})
	consumer.Handle(c, func(ctx context.Context, e events.StockReserved, _ events.Envelope) error {
		return application.Commands.AuthorizePayment.Handle(ctx, app.AuthorizePayment{OrderID: e.OrderID, Amount: money(e.Total)})
	})
	consumer.Handle(c, func(ctx context.Context, e events.OrderCancelled, _ events.Envelope) error {
		return application.Commands.CancelPayment.Handle(ctx, app.CancelPayment{OrderID: e.OrderID})
	})
	return h
}

func money(m events.Money) domain.Money { return domain.Money{Amount: m.Amount, Currency: m.Currency} }

// Invoke is the Lambda entry point: payload is an SQS event.
func (h *SagaHandler) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	var in lambdaevents.SQSEvent
	if err := json.Unmarshal(payload, &in); err != nil {
		return nil, fmt.Errorf("payments saga: payload is not an SQS event: %w", err)
	}
	out, err := h.Handle(ctx, in)
	if err != nil {
		return nil, err
	}
	return json.Marshal(out)
}

// Handle handles a batch and reports the records that failed.
func (h *SagaHandler) Handle(ctx context.Context, batch lambdaevents.SQSEvent) (lambdaevents.SQSEventResponse, error) {
	resp := lambdaevents.SQSEventResponse{BatchItemFailures: []lambdaevents.SQSBatchItemFailure{}}
	var platform lambdaevents.SQSEvent
	for _, rec := range batch.Records {
		rctx := app.WithRetryQueue(ctx, rec.EventSourceARN)
		if a, ok := rec.MessageAttributes[app.RetryMessageAttribute]; !ok || a.StringValue == nil || *a.StringValue != app.RetryMessageKind {
			platform.Records = append(platform.Records, rec)
			continue
		}
		if err := h.retry(rctx, rec); err != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures, lambdaevents.SQSBatchItemFailure{ItemIdentifier: rec.MessageId})
		}
	}
	if len(platform.Records) > 0 {
		ctx = app.WithRetryQueue(ctx, platform.Records[0].EventSourceARN)
		out, err := h.consumer.Handle(ctx, platform)
		if err != nil {
			return resp, err
		}
		resp.BatchItemFailures = append(resp.BatchItemFailures, out.BatchItemFailures...)
	}
	return resp, nil
}

// errBadRetry marks a retry message that cannot be read; it is dropped.
var errBadRetry = errors.New("payments saga: unreadable retry message")

func (h *SagaHandler) retry(ctx context.Context, rec lambdaevents.SQSMessage) error {
	var m app.RetryMessage
	if err := json.Unmarshal([]byte(rec.Body), &m); err != nil || m.OrderID == "" || m.Attempt < 1 {
		h.log.ErrorContext(ctx, "retry message dropped: it is not a retry this function sends", slog.String("messageId", rec.MessageId), slog.Any("error", errors.Join(errBadRetry, err)))
		return nil
	}
	ctx = correlation.With(ctx, m.CorrelationID)
	ctx = logging.WithAttrs(ctx, slog.String("orderId", m.OrderID), slog.Int("attempt", m.Attempt))
	if err := h.app.Commands.AuthorizePayment.Handle(ctx, app.AuthorizePayment{OrderID: m.OrderID, Attempt: m.Attempt}); err != nil {
		h.log.ErrorContext(ctx, "authorisation retry failed; the message will be redelivered", slog.String("error", err.Error()))
		return err
	}
	return nil
}
