package app

import (
	"github.com/google/uuid"
)

// eventNamespace makes the inventory's event ids distinct from every other
// name-based UUID.
var eventNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://conveyor.dev/inventory/events"))

// EventID returns the id of the event of the given type inventory
// publishes for an order. An order has at most one event of each type, so
// a retry after a failed publish sends the same event, with the same id.
func EventID(orderID, eventType string) string {
	return uuid.NewSHA1(eventNamespace, []byte(eventType+"\x00"+orderID)).String()
}
