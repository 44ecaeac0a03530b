package domain

import "github.com/conveyor-dev/conveyor/shared/apperr"

// Errors of the payments model. They carry an apperr kind, so the HTTP
// layer maps them to a status without knowing payments.
var (
	// ErrPaymentNotFound: no payment is known for the order.
	ErrPaymentNotFound = apperr.New(apperr.NotFound, "payment not found")
	// ErrInvalidOrderID: the order id is empty or too long.
	ErrInvalidOrderID = apperr.New(apperr.Invalid, "the order id must be 1-64 letters, digits, hyphens or underscores")
	// ErrInvalidAmount: an amount is not positive or its currency is not
	// three upper-case letters.
	ErrInvalidAmount = apperr.New(apperr.Invalid, "an amount must be positive, in a three-letter currency")
	// ErrAmountUnknown: the payment has no amount to authorise yet.
	ErrAmountUnknown = apperr.New(apperr.Unprocessable, "the order's amount is not known")
	// ErrTransition: the payment's state does not allow the change.
	ErrTransition = apperr.New(apperr.Conflict, "the payment's state does not allow this change")
	// ErrConcurrentUpdate: a write kept losing the race with other writers.
	ErrConcurrentUpdate = apperr.New(apperr.Conflict, "the payment is being changed by others; try again")
)
