package events

import "time"

// TypePaymentDeclined is the event type of PaymentDeclined.
const TypePaymentDeclined = "PaymentDeclined"

// PaymentDeclined records that an order's payment was declined: by the
// payment provider, or by payments itself when the provider cannot settle
// it.
type PaymentDeclined struct {
	OrderID string `json:"orderId"`
	// Reason is the provider's short reason, e.g. "insufficient-funds", or
	// one of payments' own: "provider_unavailable" (the provider stayed
	// unreachable through every retry), "provider_rejected" (the provider
	// refused the request itself) or "invalid_amount" (the amount is not
	// above zero, so there is nothing to authorise).
	Reason     string    `json:"reason"`
	DeclinedAt time.Time `json:"declinedAt"`
}

// EventType returns "PaymentDeclined".
func (PaymentDeclined) EventType() string { return TypePaymentDeclined }

// EventVersion returns 1.
func (PaymentDeclined) EventVersion() int { return 1 }
