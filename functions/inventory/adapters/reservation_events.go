package adapters

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/functions/inventory"
	"github.com/conveyor-dev/conveyor/functions/inventory/app"
	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
)

// ReservationEvents maps a change of the inventory table, as its stream
// reports it, to the event that announces it: the decision a reservation
// record holds once written (app.Announcement: StockReserved,
// StockRejected or StockReleased), nothing for a record that announces
// nothing (committed, or a cancellation mark), for a removed item, or for
// any other item (stock items, idempotency records). A record it cannot
// read, of a status it does not know included, is an error: the stream
// stops there rather than skip a decision.
//
// The event is read from the new image alone, not from the kind of change
// or the old image, and its id is the one the inventory has always given
// that decision, eventbus.StableID(source, type, order id): every
// delivery of a record, a duplicate or one out of order, yields the same
// event with the same id, which consumers deduplicate. It carries the flow
// and the cause the record keeps.
func ReservationEvents(c changecapture.Change) ([]changecapture.Emit, error) {
	pk, _ := c.Keys["pk"].(*types.AttributeValueMemberS)
	sk, _ := c.Keys["sk"].(*types.AttributeValueMemberS)
	if pk == nil || sk == nil || !strings.HasPrefix(pk.Value, reservationPK("")) || sk.Value != reservationSK || c.Kind == changecapture.Remove {
		return nil, nil
	}
	if c.NewImage == nil {
		return nil, fmt.Errorf("reservation change %s: the stream carries no new image; the table's stream must show new images", pk.Value)
	}
	var it reservationItem
	if err := attributevalue.UnmarshalMap(c.NewImage, &it); err != nil {
		return nil, fmt.Errorf("reservation change %s: %w", pk.Value, err)
	}
	if it.OrderID == "" || reservationPK(it.OrderID) != pk.Value {
		return nil, fmt.Errorf("reservation change %s: the image is of order %q", pk.Value, it.OrderID)
	}
	switch domain.Status(it.Status) {
	case domain.Reserved, domain.Rejected, domain.Committed, domain.Released, domain.CancelledFirst:
	default:
		return nil, fmt.Errorf("reservation change %s: unknown status %q", pk.Value, it.Status)
	}
	rec, err := it.reservation()
	if err != nil {
		return nil, fmt.Errorf("reservation change %s: %w", pk.Value, err)
	}
	e, at, ok := app.Announcement(rec)
	if !ok {
		return nil, nil
	}
	return []changecapture.Emit{{
		Event: e, Time: at,
		ID:            eventbus.StableID(inventory.Spec.Source(), e.EventType(), rec.OrderID()),
		CorrelationID: it.CorrelationID, CausationID: it.CausationID,
	}}, nil
}
