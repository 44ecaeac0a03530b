package app

import (
	"context"
	"fmt"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// Page sizes of CustomerOrders.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// CustomerOrders asks for one page of a customer's orders, newest first.
type CustomerOrders struct {
	CustomerID string
	// After is the position the previous page ended at; empty for the
	// first page.
	After string
	// Limit is the page size; 0 means DefaultPageSize.
	Limit int
}

// OrderPage is one page of orders.
type OrderPage struct {
	Orders []*domain.Order
	// Next is the After of the next page; empty on the last page.
	Next string
}

// CustomerOrdersHandler handles CustomerOrders.
type CustomerOrdersHandler struct {
	views ReadModel
}

// NewCustomerOrdersHandler returns a handler reading the read model.
func NewCustomerOrdersHandler(views ReadModel) CustomerOrdersHandler {
	if views == nil {
		panic("app: NewCustomerOrdersHandler needs a read model")
	}
	return CustomerOrdersHandler{views: views}
}

// Handle returns the page.
func (h CustomerOrdersHandler) Handle(ctx context.Context, q CustomerOrders) (OrderPage, error) {
	if q.Limit == 0 {
		q.Limit = DefaultPageSize
	}
	if q.Limit < 1 || q.Limit > MaxPageSize {
		return OrderPage{}, apperr.Validation(apperr.FieldError{Field: "limit", Reason: "must be within 1-100"})
	}
	orders, next, err := h.views.CustomerOrders(ctx, q.CustomerID, q.After, q.Limit)
	if err != nil {
		return OrderPage{}, fmt.Errorf("list orders: %w", err)
	}
	return OrderPage{Orders: orders, Next: next}, nil
}
