package adapters

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
)

// The event store keeps each domain event as the data of the platform event
// it is published as, so the relay publishes exactly what was stored.

var reasonToPublished = map[domain.CancelReason]events.CancelReason{
	domain.ReasonOutOfStock:      events.CancelOutOfStock,
	domain.ReasonPaymentDeclined: events.CancelPaymentDeclined,
	domain.ReasonCustomerRequest: events.CancelCustomerRequest,
	domain.ReasonSagaTimeout:     events.CancelSagaTimeout,
}

// PublishedReason returns the published language's word for a reason.
func PublishedReason(r domain.CancelReason) (events.CancelReason, bool) {
	p, ok := reasonToPublished[r]
	return p, ok
}

func reasonFromPublished(p events.CancelReason) (domain.CancelReason, error) {
	for r, v := range reasonToPublished {
		if v == p {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown cancel reason %q", p)
}

func money(m domain.Money) events.Money { return events.Money{Amount: m.Amount, Currency: m.Currency} }

func domainMoney(m events.Money) domain.Money {
	return domain.Money{Amount: m.Amount, Currency: m.Currency}
}

func publishedLines(lines []domain.Line) []events.OrderLine {
	out := make([]events.OrderLine, len(lines))
	for i, l := range lines {
		out[i] = events.OrderLine{SKU: string(l.SKU), Quantity: l.Quantity, UnitPrice: money(l.UnitPrice)}
	}
	return out
}

func domainLines(lines []events.OrderLine) []domain.Line {
	out := make([]domain.Line, len(lines))
	for i, l := range lines {
		out[i] = domain.Line{SKU: domain.SKU(l.SKU), Quantity: l.Quantity, UnitPrice: domainMoney(l.UnitPrice)}
	}
	return out
}

// ToPublished returns the platform event a domain event is published as.
func ToPublished(e domain.Event) (events.Event, error) {
	switch e := e.(type) {
	case domain.OrderPlaced:
		return events.OrderPlaced{
			OrderID: string(e.OrderID), CustomerID: e.CustomerID, Lines: publishedLines(e.Lines),
			Total: money(e.Total), PlacedAt: e.PlacedAt.UTC(),
		}, nil
	case domain.OrderConfirmed:
		return events.OrderConfirmed{
			OrderID: string(e.OrderID), CustomerID: e.CustomerID, Lines: publishedLines(e.Lines),
			Total: money(e.Total), ConfirmedAt: e.ConfirmedAt.UTC(),
		}, nil
	case domain.OrderShipped:
		return events.OrderShipped{
			OrderID: string(e.OrderID), ShipmentID: e.ShipmentID, Carrier: e.Carrier,
			TrackingNumber: e.TrackingNumber, ShippedAt: e.ShippedAt.UTC(),
		}, nil
	case domain.OrderCancelled:
		reason, ok := PublishedReason(e.Reason)
		if !ok {
			return nil, fmt.Errorf("order %s: cancel reason %q has no published form", e.OrderID, e.Reason)
		}
		return events.OrderCancelled{OrderID: string(e.OrderID), Reason: reason, CancelledAt: e.CancelledAt.UTC()}, nil
	default:
		return nil, fmt.Errorf("unknown domain event %T", e)
	}
}

// FromPublished returns the domain event a stored platform event holds.
func FromPublished(e events.Event) (domain.Event, error) {
	switch e := e.(type) {
	case events.OrderPlaced:
		return domain.OrderPlaced{
			OrderID: domain.OrderID(e.OrderID), CustomerID: e.CustomerID, Lines: domainLines(e.Lines),
			Total: domainMoney(e.Total), PlacedAt: e.PlacedAt.UTC(),
		}, nil
	case events.OrderConfirmed:
		return domain.OrderConfirmed{
			OrderID: domain.OrderID(e.OrderID), CustomerID: e.CustomerID, Lines: domainLines(e.Lines),
			Total: domainMoney(e.Total), ConfirmedAt: e.ConfirmedAt.UTC(),
		}, nil
	case events.OrderShipped:
		return domain.OrderShipped{
			OrderID: domain.OrderID(e.OrderID), ShipmentID: e.ShipmentID, Carrier: e.Carrier,
			TrackingNumber: e.TrackingNumber, ShippedAt: e.ShippedAt.UTC(),
		}, nil
	case events.OrderCancelled:
		reason, err := reasonFromPublished(e.Reason)
		if err != nil {
			return nil, fmt.Errorf("order %s: %w", e.OrderID, err)
		}
		return domain.OrderCancelled{OrderID: domain.OrderID(e.OrderID), Reason: reason, CancelledAt: e.CancelledAt.UTC()}, nil
	default:
		return nil, fmt.Errorf("event %s is not an order event", e.EventType())
	}
}

// storedEvent is one event of a commit item.
type storedEvent struct {
	// ID is the event's id, chosen when committed, so every publication
	// of the event carries the same one.
	ID      string `dynamodbav:"id"`
	Type    string `dynamodbav:"type"`
	Version int    `dynamodbav:"version"`
	// Data is the JSON of the published event type.
	Data string `dynamodbav:"data"`
}

func encodeEvent(id string, e domain.Event) (storedEvent, error) {
	pub, err := ToPublished(e)
	if err != nil {
		return storedEvent{}, err
	}
	data, err := json.Marshal(pub)
	if err != nil {
		return storedEvent{}, fmt.Errorf("encode %s: %w", pub.EventType(), err)
	}
	return storedEvent{ID: id, Type: pub.EventType(), Version: pub.EventVersion(), Data: string(data)}, nil
}

func decodeEvent(s storedEvent) (events.Event, domain.Event, error) {
	pub, err := events.Decode(events.Envelope{ID: s.ID, Type: s.Type, Version: s.Version, Data: json.RawMessage(s.Data)})
	if err != nil {
		return nil, nil, err
	}
	d, err := FromPublished(pub)
	if err != nil {
		return nil, nil, err
	}
	return pub, d, nil
}

// commitItem is one commit of an order's event stream.
//
//	pk  "ORDER#<id>"
//	sk  "COMMIT#<version, 10 digits>"
type commitItem struct {
	PK            string        `dynamodbav:"pk"`
	SK            string        `dynamodbav:"sk"`
	Type          string        `dynamodbav:"type"`
	OrderID       string        `dynamodbav:"orderId"`
	Version       int64         `dynamodbav:"version"`
	Events        []storedEvent `dynamodbav:"events"`
	CommittedAt   string        `dynamodbav:"committedAt"`
	CorrelationID string        `dynamodbav:"correlationId"`
	CausationID   string        `dynamodbav:"causationId,omitempty"`
}

const (
	orderPrefix  = "ORDER#"
	commitPrefix = "COMMIT#"
	commitType   = "Commit"
)

func orderPK(id domain.OrderID) string { return orderPrefix + string(id) }

func commitSK(version int64) string { return fmt.Sprintf("%s%010d", commitPrefix, version) }

func (c commitItem) domainEvents() ([]domain.Event, error) {
	out := make([]domain.Event, len(c.Events))
	for i, s := range c.Events {
		_, d, err := decodeEvent(s)
		if err != nil {
			return nil, fmt.Errorf("order %s commit %d: %w", c.OrderID, c.Version, err)
		}
		out[i] = d
	}
	return out, nil
}

func (c commitItem) committedAt() time.Time {
	t, err := time.Parse(time.RFC3339Nano, c.CommittedAt)
	if err != nil {
		return time.Time{}
	}
	return t
}
