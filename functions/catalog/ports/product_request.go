package ports

import (
	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
	"github.com/conveyor-dev/conveyor/shared/apperr"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

// productRequest is the body of PUT /products/{sku}.
type productRequest struct {
	// SKU is optional; when present it must equal the SKU in the path, so
	// a product read with GET can be sent back as it is.
	SKU         *string       `json:"sku"`
	Name        *string       `json:"name"`
	Description string        `json:"description"`
	Price       *priceRequest `json:"price"`
	// Active defaults to true.
	Active *bool `json:"active"`
	// Version and UpdatedAt are read-only; they are accepted so a product
	// read with GET can be sent back, and ignored (use If-Match).
	Version   *int64  `json:"version"`
	UpdatedAt *string `json:"updatedAt"`
}

type priceRequest struct {
	Amount   *int64 `json:"amount"`
	Currency string `json:"currency"`
}

// DecodeProductRequest decodes and checks a PUT body for the product with
// the given SKU. Every failure is an apperr error naming the field at
// fault; domain rules (lengths, currency, amount range) are checked later by
// domain.NewProduct and Revise.
func DecodeProductRequest(body []byte, sku domain.SKU) (domain.ProductInput, error) {
	var req productRequest
	if err := httpapi.DecodeJSONBytes(body, &req); err != nil {
		return domain.ProductInput{}, err
	}
	return req.input(sku)
}

func (req productRequest) input(sku domain.SKU) (domain.ProductInput, error) {
	var f apperr.Fields
	if req.SKU != nil && *req.SKU != string(sku) {
		f.Add("sku", "must equal the SKU in the path, or be left out")
	}
	if req.Name == nil {
		f.Add("name", "is required")
	}
	in := domain.ProductInput{Description: req.Description, Active: true}
	if req.Name != nil {
		in.Name = *req.Name
	}
	if req.Active != nil {
		in.Active = *req.Active
	}
	switch {
	case req.Price == nil:
		f.Add("price", "is required")
	default:
		if req.Price.Amount == nil {
			f.Add("price.amount", "is required")
		} else {
			in.Price.Amount = *req.Price.Amount
		}
		if req.Price.Currency == "" {
			f.Add("price.currency", "is required")
		}
		in.Price.Currency = req.Price.Currency
	}
	if err := f.Err(); err != nil {
		return domain.ProductInput{}, err
	}
	return in, nil
}
