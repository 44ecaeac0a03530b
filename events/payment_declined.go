package events

import "time"

// TypePaymentDeclined is the event type of PaymentDeclined.
const TypePaymentDeclined = "PaymentDeclined"

// PaymentDeclined records that the payment provider declined an order's payment.
type PaymentDeclined struct {
	OrderID string `json:"orderId"`
	// Reason is the provider's short reason, e.g. "insufficient-funds".
	Reason     string    `json:"reason"`
	DeclinedAt time.Time `json:"declinedAt"`
}

// EventType returns "PaymentDeclined".
func (PaymentDeclined) EventType() string { return TypePaymentDeclined }

// EventVersion returns 1.
func (PaymentDeclined) EventVersion() int { return 1 }
