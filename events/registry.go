package events

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
)

// Definition describes one event type and version of the published
// language.
type Definition struct {
	// Type is the event type, e.g. "OrderPlaced".
	Type string
	// Version is the schema version.
	Version int
	// Description is one sentence on the fact the event records.
	Description string

	goType reflect.Type
}

// Name is "<Type>.v<Version>", the base name of the event's schema and
// sample files.
func (d Definition) Name() string { return d.Type + ".v" + strconv.Itoa(d.Version) }

// SchemaFile is the event's JSON Schema, relative to this package.
func (d Definition) SchemaFile() string { return "schemas/" + d.Name() + ".json" }

// SampleFile is the event's sample envelope, relative to this package.
func (d Definition) SampleFile() string { return "testdata/" + d.Name() + ".json" }

// GoType is the event's Go type.
func (d Definition) GoType() reflect.Type { return d.goType }

func (d Definition) decode(data json.RawMessage) (Event, error) {
	ptr := reflect.New(d.goType)
	if err := json.Unmarshal(data, ptr.Interface()); err != nil {
		return nil, fmt.Errorf("events: decode %s: %w", d.Name(), err)
	}
	return ptr.Elem().Interface().(Event), nil
}

func define[T Event](description string) Definition {
	var zero T
	return Definition{
		Type: zero.EventType(), Version: zero.EventVersion(), Description: description,
		goType: reflect.TypeFor[T](),
	}
}

// definitions is every event of the published language, grouped by the
// service that owns the fact.
var definitions = []Definition{
	define[ProductUpserted]("A product was created or changed; it carries the whole product (event-carried state transfer)."),
	define[ProductDeleted]("A product was removed from the catalog."),
	define[OrderPlaced]("A customer placed an order; it is waiting for stock and payment."),
	define[OrderConfirmed]("An order has its stock reserved and its payment authorised."),
	define[OrderCancelled]("An order was cancelled: stock rejected, payment declined, or the customer asked."),
	define[OrderShipped]("An order left the warehouse."),
	define[StockReserved]("Every line of an order is reserved in stock."),
	define[StockRejected]("An order could not be reserved because some lines lack stock; nothing was reserved."),
	define[StockReleased]("The stock reserved for a cancelled order is available again."),
	define[PaymentAuthorized]("The payment provider authorised the order's amount."),
	define[PaymentDeclined]("The payment provider declined the order's payment."),
	define[PaymentRefunded]("The authorised amount of a cancelled order was refunded."),
	define[ShipmentScheduled]("A shipment was scheduled for a confirmed order."),
}

// Definitions returns every event of the published language, in a stable
// order.
func Definitions() []Definition {
	return append([]Definition(nil), definitions...)
}

// Lookup returns the definition of an event type and version.
func Lookup(eventType string, version int) (Definition, bool) {
	for _, d := range definitions {
		if d.Type == eventType && d.Version == version {
			return d, true
		}
	}
	return Definition{}, false
}

// Types returns the distinct event types, in definition order.
func Types() []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range definitions {
		if !seen[d.Type] {
			seen[d.Type] = true
			out = append(out, d.Type)
		}
	}
	return out
}
