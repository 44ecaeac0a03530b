package events

import "time"

// TypePaymentAuthorized is the event type of PaymentAuthorized.
const TypePaymentAuthorized = "PaymentAuthorized"

// PaymentAuthorized records that the payment provider authorised an order's amount.
type PaymentAuthorized struct {
	OrderID      string    `json:"orderId"`
	PaymentID    string    `json:"paymentId"`
	Amount       Money     `json:"amount"`
	AuthorizedAt time.Time `json:"authorizedAt"`
}

// EventType returns "PaymentAuthorized".
func (PaymentAuthorized) EventType() string { return TypePaymentAuthorized }

// EventVersion returns 1.
func (PaymentAuthorized) EventVersion() int { return 1 }
