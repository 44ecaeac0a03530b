package events

import "time"

// TypePaymentRefunded is the event type of PaymentRefunded.
const TypePaymentRefunded = "PaymentRefunded"

// PaymentRefunded records that the authorised amount of a cancelled order was refunded.
type PaymentRefunded struct {
	OrderID    string    `json:"orderId"`
	PaymentID  string    `json:"paymentId"`
	Amount     Money     `json:"amount"`
	RefundedAt time.Time `json:"refundedAt"`
}

// EventType returns "PaymentRefunded".
func (PaymentRefunded) EventType() string { return TypePaymentRefunded }

// EventVersion returns 1.
func (PaymentRefunded) EventVersion() int { return 1 }
