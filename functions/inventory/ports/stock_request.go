package ports

import (
	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// stockRequest is the body of PUT /inventory/{sku}.
type stockRequest struct {
	OnHand *int64 `json:"onHand"`
}

// onHand returns the requested units on hand, or an Invalid error when
// the body does not name them.
func (req stockRequest) onHand() (int64, error) {
	if req.OnHand == nil {
		return 0, apperr.Validation(apperr.FieldError{Field: "onHand", Reason: "is required"})
	}
	return *req.OnHand, nil
}

// stockResponse is a SKU's stock as the API shows it.
type stockResponse struct {
	SKU       string `json:"sku"`
	OnHand    int64  `json:"onHand"`
	Reserved  int64  `json:"reserved"`
	Available int64  `json:"available"`
}
