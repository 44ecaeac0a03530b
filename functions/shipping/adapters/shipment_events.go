package adapters

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/functions/shipping"
	"github.com/conveyor-dev/conveyor/functions/shipping/app"
	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
)

// ShipmentEvents maps a change of the shipping table, as its stream
// reports it, to the event that announces it: ShipmentScheduled for a
// shipment item written as scheduled (app.Announcement), nothing for a
// cancelled shipment or a cancellation mark, for a removed item, or for
// any other item (idempotency records). A shipment it cannot read, of a
// status it does not know included, is an error: the stream stops there
// rather than skip a shipment.
//
// The event is read from the new image alone, not from the kind of change
// or the old image, and its id is the one shipping has always given it,
// eventbus.StableID(source, type, order id): every delivery of the
// record, a duplicate or one out of order, yields the same event with the
// same id, which consumers deduplicate. It carries the flow and the cause
// the item keeps.
func ShipmentEvents(c changecapture.Change) ([]changecapture.Emit, error) {
	pk, _ := c.Keys["pk"].(*types.AttributeValueMemberS)
	sk, _ := c.Keys["sk"].(*types.AttributeValueMemberS)
	if pk == nil || sk == nil || !strings.HasPrefix(pk.Value, shipmentPK("")) || sk.Value != shipmentSK || c.Kind == changecapture.Remove {
		return nil, nil
	}
	if c.NewImage == nil {
		return nil, fmt.Errorf("shipment change %s: the stream carries no new image; the table's stream must show new images", pk.Value)
	}
	var it shipmentItem
	if err := attributevalue.UnmarshalMap(c.NewImage, &it); err != nil {
		return nil, fmt.Errorf("shipment change %s: %w", pk.Value, err)
	}
	if it.OrderID == "" || shipmentPK(it.OrderID) != pk.Value {
		return nil, fmt.Errorf("shipment change %s: the image is of order %q", pk.Value, it.OrderID)
	}
	switch domain.Status(it.Status) {
	case "", domain.StatusScheduled, domain.StatusCancelled:
	default:
		return nil, fmt.Errorf("shipment change %s: unknown status %q", pk.Value, it.Status)
	}
	s, err := it.shipment()
	if err != nil {
		return nil, fmt.Errorf("shipment change %s: %w", pk.Value, err)
	}
	e, at, ok := app.Announcement(s)
	if !ok {
		return nil, nil
	}
	return []changecapture.Emit{{
		Event: e, Time: at,
		ID:            eventbus.StableID(shipping.Spec.Source(), e.EventType(), s.OrderID()),
		CorrelationID: it.CorrelationID, CausationID: it.CausationID,
	}}, nil
}
