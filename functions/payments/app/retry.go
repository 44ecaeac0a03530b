package app

import "github.com/conveyor-dev/conveyor/functions/payments"

// PaymentRetryDue says that the retry Attempt of an order's parked
// authorisation is due. The saga sends it to its own queue as a delayed
// message (see RetryScheduler), never to the bus, and handles it like the
// platform events that queue carries.
type PaymentRetryDue struct {
	OrderID string `json:"orderId"`
	// Attempt is the parked attempt the retry follows, from 1.
	Attempt int `json:"attempt"`
}

// EventType returns payments.RetryDueType.
func (PaymentRetryDue) EventType() string { return payments.RetryDueType }

// EventVersion returns 1.
func (PaymentRetryDue) EventVersion() int { return 1 }

// PaymentSettleDue says that the retry Attempt of an order's parked
// refund or void is due. Like PaymentRetryDue, the saga sends it to its
// own queue as a delayed message and handles it from there.
type PaymentSettleDue struct {
	OrderID string `json:"orderId"`
	// Attempt is the parked settlement attempt the retry follows, from 1.
	Attempt int `json:"attempt"`
}

// EventType returns payments.SettleDueType.
func (PaymentSettleDue) EventType() string { return payments.SettleDueType }

// EventVersion returns 1.
func (PaymentSettleDue) EventVersion() int { return 1 }
