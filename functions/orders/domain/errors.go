package domain

import "github.com/conveyor-dev/conveyor/shared/apperr"

// Errors the orders use cases return. They carry an apperr kind, so the
// HTTP layer maps them to a status without knowing orders.
var (
	// ErrOrderNotFound: no order has the id, or the caller may not see it.
	ErrOrderNotFound = apperr.New(apperr.NotFound, "order not found")
	// ErrNotCancellable: the order is shipped or cancelled already.
	ErrNotCancellable = apperr.New(apperr.Conflict, "the order can no longer be cancelled")
	// ErrInvalidTransition: the command does not apply to the order's status.
	ErrInvalidTransition = apperr.New(apperr.Conflict, "the order's status does not allow this")
	// ErrConcurrentUpdate: a command kept losing the race with others on
	// the same order.
	ErrConcurrentUpdate = apperr.New(apperr.Conflict, "the order is being changed by others; try again")
	// ErrMixedCurrencies: the lines are priced in more than one currency.
	ErrMixedCurrencies = apperr.New(apperr.Unprocessable, "the products are priced in different currencies; place one order per currency")
	// ErrFreeOrder: a line or the order's total costs nothing. Payments
	// settles only a positive amount, so a free order would never settle.
	ErrFreeOrder = apperr.New(apperr.Unprocessable, "an order must cost more than zero: free products cannot be ordered")
	// ErrTotalTooLarge: the order's total exceeds MaxAmount.
	ErrTotalTooLarge = apperr.New(apperr.Unprocessable, "the order's total is too large")
)
