package ports

import (
	"time"

	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
)

// productResponse is a product as the API shows it.
type productResponse struct {
	SKU         string        `json:"sku"`
	Name        string        `json:"name"`
	Description string        `json:"description"`
	Price       priceResponse `json:"price"`
	Active      bool          `json:"active"`
	Version     int64         `json:"version"`
	UpdatedAt   string        `json:"updatedAt"`
}

type priceResponse struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

type productListResponse struct {
	Items      []productResponse `json:"items"`
	NextCursor string            `json:"nextCursor,omitempty"`
}

func toResponse(p *domain.Product) productResponse {
	return productResponse{
		SKU: string(p.SKU()), Name: p.Name(), Description: p.Description(),
		Price:  priceResponse{Amount: p.Price().Amount, Currency: p.Price().Currency},
		Active: p.Active(), Version: p.Version(),
		UpdatedAt: p.UpdatedAt().Format(time.RFC3339Nano),
	}
}
