package load

import (
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/events"
)

// Kind is what an order of the mix is meant to exercise.
type Kind string

// The kinds of order in the mix.
const (
	// KindRegular: one to three lines of products in plentiful stock; it
	// should ship.
	KindRegular Kind = "regular"
	// KindOutOfStock: a line of a product with no stock; inventory
	// rejects it and the order is cancelled out_of_stock.
	KindOutOfStock Kind = "out-of-stock"
	// KindDeclined: a line of a product priced above what the provider
	// authorises; the order is cancelled payment_declined.
	KindDeclined Kind = "declined"
	// KindCancelEarly: a regular order its customer cancels as soon as it
	// is accepted.
	KindCancelEarly Kind = "cancel-early"
	// KindCancelLate: a regular order its customer cancels once its
	// payment is authorised, when it may be confirmed or shipped already.
	KindCancelLate Kind = "cancel-late"
	// KindWarmUp: the one order placed before the run, holding every
	// product of the run, to learn that the platform knows them and that
	// the run hears the bus. Out of stock by design, it changes nothing.
	KindWarmUp Kind = "warm-up"
)

// The final statuses of an order.
const (
	StatusShipped   = "SHIPPED"
	StatusCancelled = "CANCELLED"
)

// Line is one line of an order.
type Line struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

// Order is one order of the run: what was asked, what the API answered,
// and every saga event the run heard about it.
type Order struct {
	// Seq numbers the orders in arrival order, from 0.
	Seq  int
	Kind Kind
	// Lines are the lines the run asked for.
	Lines []Line
	// Customer indexes the token the order was placed with.
	Customer int
	// Due is when the schedule meant the order to arrive, Sent when its
	// request left and Answered when its answer came back.
	Due, Sent, Answered time.Time
	// HTTPStatus is the answer's status; 0 when no answer came.
	HTTPStatus int
	// Error is why the order was not accepted.
	Error string
	// ID is the order id the API gave it; empty unless accepted.
	ID string
	// Total is the priced total the API answered.
	Total int64

	// CancelStatus is the answer to the customer's cancel, when one was
	// sent; 0 when it got none (CancelError says why).
	CancelStatus int
	CancelError  string
	cancelAsked  bool

	events []Event
	seen   map[string]bool
}

// key is the order's Idempotency-Key, the same on every try, and the
// correlation id of its requests.
func (o *Order) key(runID string) string { return fmt.Sprintf("load-%s-%d", runID, o.Seq) }

// Accepted reports whether the API accepted the order (202 with an id).
func (o *Order) Accepted() bool { return o.ID != "" }

// Events returns the distinct saga events heard about the order, in the
// order they were heard.
func (o *Order) Events() []Event { return o.events }

// observe adds an event; a redelivery of one already heard changes
// nothing and reports false.
func (o *Order) observe(e Event) bool {
	if o.seen == nil {
		o.seen = map[string]bool{}
	}
	if o.seen[e.ID] {
		return false
	}
	o.seen[e.ID] = true
	o.events = append(o.events, e)
	return true
}

// has reports whether an event of the type was heard, and the latest
// time one happened.
func (o *Order) has(typ string) (bool, time.Time) {
	var (
		found  bool
		latest time.Time
	)
	for _, e := range o.events {
		if e.Type == typ {
			found = true
			if e.Time.After(latest) {
				latest = e.Time
			}
		}
	}
	return found, latest
}

// Outcome is where an order's saga stands.
type Outcome struct {
	// Settled is true once the saga has nothing left to do: the order
	// shipped, or it was cancelled with its reserved stock released and
	// its authorised payment refunded.
	Settled bool
	// Status is SHIPPED or CANCELLED once settled; otherwise the type of
	// the last event heard, or "no event".
	Status string
	// Reason is the cancel reason of a cancelled order.
	Reason string
	// At is when the event that settled the order happened.
	At time.Time
}

// Label is the outcome as the report groups it: "SHIPPED",
// "CANCELLED out_of_stock", ...
func (c Outcome) Label() string {
	if c.Reason != "" {
		return c.Status + " " + c.Reason
	}
	return c.Status
}

// Outcome reads the order's events.
func (o *Order) Outcome() Outcome {
	if ok, at := o.has(events.TypeOrderShipped); ok {
		return Outcome{Settled: true, Status: StatusShipped, At: at}
	}
	if ok, at := o.has(events.TypeOrderCancelled); ok {
		reason := ""
		for _, e := range o.events {
			if e.Type == events.TypeOrderCancelled {
				reason = e.Reason
			}
		}
		settled := true
		for _, pair := range [][2]string{
			{events.TypeStockReserved, events.TypeStockReleased},
			{events.TypePaymentAuthorized, events.TypePaymentRefunded},
		} {
			if held, _ := o.has(pair[0]); held {
				undone, t := o.has(pair[1])
				settled = settled && undone
				if t.After(at) {
					at = t
				}
			}
		}
		// A refund can come without an authorisation heard: one that a
		// cancel overtook is refunded without being announced.
		if _, t := o.has(events.TypePaymentRefunded); t.After(at) {
			at = t
		}
		if settled {
			return Outcome{Settled: true, Status: StatusCancelled, Reason: reason, At: at}
		}
		return Outcome{Status: "CANCELLED, still undoing", Reason: reason}
	}
	if len(o.events) == 0 {
		return Outcome{Status: "no event"}
	}
	return Outcome{Status: "after " + o.events[len(o.events)-1].Type}
}

// SagaLatency is the time from the moment the schedule said to send the
// order to the event that settled it; false while it has not settled.
// Counting from the schedule, not from the send, keeps a generator that
// falls behind from hiding the wait (coordinated omission).
func (o *Order) SagaLatency() (time.Duration, bool) {
	c := o.Outcome()
	if !c.Settled || o.Sent.IsZero() {
		return 0, false
	}
	return c.At.Sub(o.Due), true
}

// AcceptLatency is the time from the moment the schedule said to send the
// order to the API's answer.
func (o *Order) AcceptLatency() time.Duration { return o.Answered.Sub(o.Due) }
