package ports

import (
	"time"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
)

// placeOrderRequest is the body of POST /orders.
type placeOrderRequest struct {
	Lines []lineRequest `json:"lines"`
}

type lineRequest struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

// orderResponse is an order as the API shows it.
type orderResponse struct {
	ID           string         `json:"id"`
	CustomerID   string         `json:"customerId"`
	Status       string         `json:"status"`
	CancelReason string         `json:"cancelReason,omitempty"`
	Lines        []lineResponse `json:"lines"`
	Total        moneyResponse  `json:"total"`
	PlacedAt     string         `json:"placedAt"`
	UpdatedAt    string         `json:"updatedAt"`
	Version      int64          `json:"version"`
}

type lineResponse struct {
	SKU       string        `json:"sku"`
	Quantity  int           `json:"quantity"`
	UnitPrice moneyResponse `json:"unitPrice"`
	Subtotal  moneyResponse `json:"subtotal"`
}

type moneyResponse struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

type orderListResponse struct {
	Items      []orderResponse `json:"items"`
	NextCursor string          `json:"nextCursor,omitempty"`
}

func toResponse(o *domain.Order) orderResponse {
	lines := make([]lineResponse, 0, len(o.Lines()))
	for _, l := range o.Lines() {
		lines = append(lines, lineResponse{
			SKU: string(l.SKU), Quantity: l.Quantity,
			UnitPrice: moneyResponse{Amount: l.UnitPrice.Amount, Currency: l.UnitPrice.Currency},
			Subtotal:  moneyResponse{Amount: l.Subtotal(), Currency: l.UnitPrice.Currency},
		})
	}
	return orderResponse{
		ID: string(o.ID()), CustomerID: o.CustomerID(), Status: string(o.Status()),
		CancelReason: string(o.CancelReason()), Lines: lines,
		Total:    moneyResponse{Amount: o.Total().Amount, Currency: o.Total().Currency},
		PlacedAt: o.PlacedAt().Format(time.RFC3339Nano), UpdatedAt: o.UpdatedAt().Format(time.RFC3339Nano),
		Version: o.Version(),
	}
}
