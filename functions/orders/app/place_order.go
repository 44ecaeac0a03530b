package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// ErrOrderExists: an order with the id exists already.
var ErrOrderExists = apperr.New(apperr.Conflict, "an order with this id exists already")

// PlaceOrder places a new order for a customer.
type PlaceOrder struct {
	ID         domain.OrderID
	CustomerID string
	Lines      []domain.LineRequest
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
// SKU that is unknown, deleted or inactive is Unprocessable (422), naming
// each such line.
func (h PlaceOrderHandler) Handle(ctx context.Context, cmd PlaceOrder) (*domain.Order, error) {
	skus, quantities, err := domain.ValidateLines(cmd.Lines)
	if err != nil {
		return nil, err
	}
	products, err := h.products.Products(ctx, skus)
	if err != nil {
		return nil, fmt.Errorf("place order: %w", err)
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
	placed, err := domain.Place(cmd.ID, cmd.CustomerID, lines, h.now())
	if err != nil {
		return nil, err
	}
	o, err := h.store.Append(ctx, cmd.ID, func(_ context.Context, current *domain.Order) ([]domain.Event, error) {
		if current != nil {
			return nil, ErrOrderExists
		}
		return []domain.Event{placed}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("place order %s: %w", cmd.ID, err)
	}
	return o, nil
}
