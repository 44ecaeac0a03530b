package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// ErrOrderExists: an order with the id exists already, placed by another
// request: other lines, or another customer.
var ErrOrderExists = apperr.New(apperr.Conflict, "an order with this id exists already, placed by another request")

// PlaceOrder places a new order for a customer.
type PlaceOrder struct {
	// ID is the order's id. A request that may be retried derives it from
	// what identifies the request (the caller and its Idempotency-Key), so
	// that every retry names the same order.
	ID         domain.OrderID
	CustomerID string
	Lines      []domain.LineRequest
}

// PlacedOrder is the outcome of PlaceOrder.
type PlacedOrder struct {
	// Order is the order as stored.
	Order *domain.Order
	// Existed is true when the order had been placed already by the same
	// request (a retry): nothing was stored, and Order is the order as it
	// is now.
	Existed bool
}

// PlaceOrderHandler handles PlaceOrder: it checks the lines, prices them
// from the catalog copy, and commits OrderPlaced.
type PlaceOrderHandler struct {
	store    EventStore
	products ProductCopy
	now      func() time.Time
}

// NewPlaceOrderHandler returns a handler committing to store and pricing
// from products; now is the clock.
func NewPlaceOrderHandler(store EventStore, products ProductCopy, now func() time.Time) PlaceOrderHandler {
	if store == nil || products == nil || now == nil {
		panic("app: NewPlaceOrderHandler needs an event store, a product copy and a clock")
	}
	return PlaceOrderHandler{store: store, products: products, now: now}
}

// Handle places the order. Malformed lines are an Invalid error (400); a
// SKU that is unknown, deleted, inactive or free is Unprocessable (422),
// naming each such line, and so is a total of zero. When an order with
// the id exists already, the same customer's request for the same lines
// gets it back (Existed), and any other request gets ErrOrderExists:
// one id never places two orders.
func (h PlaceOrderHandler) Handle(ctx context.Context, cmd PlaceOrder) (PlacedOrder, error) {
	skus, quantities, err := domain.ValidateLines(cmd.Lines)
	if err != nil {
		return PlacedOrder{}, err
	}
	existed := false
	o, err := h.store.Append(ctx, cmd.ID, func(ctx context.Context, current *domain.Order) ([]domain.Event, error) {
		if existed = current != nil; existed {
			if !current.PlacedBy(cmd.CustomerID, cmd.Lines) {
				return nil, ErrOrderExists
			}
			return nil, nil
		}
		lines, err := h.price(ctx, skus, quantities)
		if err != nil {
			return nil, err
		}
		placed, err := domain.Place(cmd.ID, cmd.CustomerID, lines, h.now())
		if err != nil {
			return nil, err
		}
		return []domain.Event{placed}, nil
	})
	if err != nil {
		return PlacedOrder{}, fmt.Errorf("place order %s: %w", cmd.ID, err)
	}
	return PlacedOrder{Order: o, Existed: existed}, nil
}

// price prices the lines from the catalog copy, or names every line whose
// product is not on sale.
func (h PlaceOrderHandler) price(ctx context.Context, skus []domain.SKU, quantities []int) ([]domain.Line, error) {
	products, err := h.products.Products(ctx, skus)
	if err != nil {
		return nil, fmt.Errorf("price order: %w", err)
	}
	lines := make([]domain.Line, len(skus))
	var (
		unknown []apperr.FieldError
		names   []string
	)
	for i, sku := range skus {
		p, ok := products[sku]
		if !ok || !p.Orderable() {
			unknown = append(unknown, apperr.FieldError{Field: fmt.Sprintf("lines[%d].sku", i), Reason: "is not a product on sale"})
			names = append(names, string(sku))
			continue
		}
		lines[i] = domain.Line{SKU: sku, Quantity: quantities[i], UnitPrice: p.Price}
	}
	if len(unknown) > 0 {
		return nil, &apperr.Error{Kind: apperr.Unprocessable, Fields: unknown,
			Message: "these products are unknown or not on sale: " + strings.Join(names, ", ")}
	}
	return lines, nil
}
