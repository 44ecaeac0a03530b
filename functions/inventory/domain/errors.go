package domain

import (
	"fmt"
	"strings"

	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// Errors of the inventory's model and use cases. They carry an apperr kind,
// so the HTTP layer maps them to a status without knowing the inventory.
var (
	// ErrStockItemNotFound: no stock is kept for the SKU.
	ErrStockItemNotFound = apperr.New(apperr.NotFound, "no stock is kept for this SKU")
	// ErrBelowReserved: the new quantity on hand is less than what is
	// reserved for orders.
	ErrBelowReserved = apperr.New(apperr.Conflict, "the quantity on hand cannot be less than the quantity reserved for orders")
	// ErrConcurrentUpdate: a write kept losing the race with other writers.
	ErrConcurrentUpdate = apperr.New(apperr.Conflict, "the stock is being changed by others; try again")
	// ErrReservationChanged: the order's reservation record is no longer
	// the one the change was based on; load it again.
	ErrReservationChanged = apperr.New(apperr.Conflict, "the order's reservation changed meanwhile")
	// ErrStockContention: a reservation transaction was cancelled although
	// every line had stock when read again, e.g. because concurrent
	// transactions touched the same items; retry it.
	ErrStockContention = apperr.New(apperr.Unavailable, "the stock items are being changed by concurrent transactions")
	// ErrNoReservation: an order was confirmed that has no reservation.
	ErrNoReservation = apperr.New(apperr.Conflict, "the order has no reservation")
	// ErrInvalidTransition: the reservation cannot move to the status
	// asked for from the one it has.
	ErrInvalidTransition = apperr.New(apperr.Conflict, "the reservation cannot change that way")
)

// Shortage is a line that could not be reserved: how many units were asked
// for and how many were available.
type Shortage struct {
	SKU       SKU
	Requested int64
	Available int64
}

// ShortageError reports the lines of a reservation that lack stock.
// Nothing was reserved.
type ShortageError struct {
	Shortages []Shortage
}

// Error names the short SKUs.
func (e *ShortageError) Error() string {
	parts := make([]string, len(e.Shortages))
	for i, s := range e.Shortages {
		parts[i] = fmt.Sprintf("%s (requested %d, available %d)", s.SKU, s.Requested, s.Available)
	}
	return "not enough stock: " + strings.Join(parts, ", ")
}
