package events

// Money is an amount in the currency's minor units (cents for EUR, yen for
// JPY) and an ISO 4217 currency code. Every amount an event carries is
// above zero: free is refused, by the catalog for prices and by orders for
// totals, because payments cannot authorise nothing.
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// OrderLine is one line of an order: a quantity of a product at the unit
// price the customer saw.
type OrderLine struct {
	SKU       string `json:"sku"`
	Quantity  int    `json:"quantity"`
	UnitPrice Money  `json:"unitPrice"`
}

// StockLine is a quantity of one product.
type StockLine struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

// Shortage is a line that could not be reserved: how much was asked for and
// how much was available.
type Shortage struct {
	SKU       string `json:"sku"`
	Requested int    `json:"requested"`
	Available int    `json:"available"`
}

// CancelReason says why an order was cancelled.
type CancelReason string

// The reasons an order is cancelled.
const (
	CancelOutOfStock      CancelReason = "out_of_stock"
	CancelPaymentDeclined CancelReason = "payment_declined"
	CancelCustomerRequest CancelReason = "customer_request"
	// CancelSagaTimeout: the order was still pending at its saga deadline.
	CancelSagaTimeout CancelReason = "saga_timeout"
)
