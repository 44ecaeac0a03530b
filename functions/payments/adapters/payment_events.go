package adapters

import (
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
)

// PaymentEvents maps a change of the payments table, as its stream reports
// it, to the decision it announces: PaymentAuthorized, PaymentDeclined or
// PaymentRefunded when a payment item reaches that outcome (see
// domain.Payment.Outcome), nothing for a change that keeps the outcome its
// old image had, and nothing for any other item (idempotency records, the
// shared breaker). Each event's id is StableID(source, type, order id), the
// one fact per order and type, so a change delivered twice, or a decision
// stored again, yields the same event. The event carries the flow the
// saga stored with the decision.
func PaymentEvents(c changecapture.Change) ([]changecapture.Emit, error) {
	pk, _ := c.Keys["pk"].(*types.AttributeValueMemberS)
	sk, _ := c.Keys["sk"].(*types.AttributeValueMemberS)
	if pk == nil || sk == nil || !strings.HasPrefix(pk.Value, paymentPK("")) || sk.Value != paymentSK {
		return nil, nil
	}
	switch c.Kind {
	case changecapture.Insert, changecapture.Modify:
	case changecapture.Remove:
		return nil, nil
	default:
		return nil, fmt.Errorf("payment change %s: unknown kind %q", pk.Value, c.Kind)
	}
	if c.NewImage == nil {
		return nil, fmt.Errorf("payment change %s: the stream carries no new image; the table's stream must show new and old images", pk.Value)
	}
	var it paymentItem
	if err := attributevalue.UnmarshalMap(c.NewImage, &it); err != nil {
		return nil, fmt.Errorf("payment change %s: new image: %w", pk.Value, err)
	}
	p, err := it.payment()
	if err != nil {
		return nil, fmt.Errorf("payment change %s: %w", pk.Value, err)
	}
	outcome := p.Outcome()
	if outcome == domain.OutcomeNone {
		return nil, nil
	}
	if c.OldImage != nil {
		old, err := fromPaymentItem(c.OldImage)
		if err != nil {
			return nil, fmt.Errorf("payment change %s: old image: %w", pk.Value, err)
		}
		if old.Outcome() == outcome {
			return nil, nil
		}
	}
	e, at := decision(p, outcome)
	return []changecapture.Emit{{
		Event: e, Time: at,
		ID:            eventbus.StableID(payments.Spec.Source(), e.EventType(), p.OrderID()),
		CorrelationID: it.CorrelationID, CausationID: it.CausationID,
	}}, nil
}

// decision is the event of a payment's outcome and when it happened.
func decision(p *domain.Payment, outcome domain.Outcome) (events.Event, time.Time) {
	money := events.Money{Amount: p.Amount().Amount, Currency: p.Amount().Currency}
	switch outcome {
	case domain.OutcomeAuthorized:
		return events.PaymentAuthorized{OrderID: p.OrderID(), PaymentID: p.AuthorizationID(), Amount: money, AuthorizedAt: p.AuthorizedAt()}, p.AuthorizedAt()
	case domain.OutcomeDeclined:
		return events.PaymentDeclined{OrderID: p.OrderID(), Reason: p.DeclineReason(), DeclinedAt: p.DeclinedAt()}, p.DeclinedAt()
	default:
		return events.PaymentRefunded{OrderID: p.OrderID(), PaymentID: p.AuthorizationID(), Amount: money, RefundedAt: p.RefundedAt()}, p.RefundedAt()
	}
}
