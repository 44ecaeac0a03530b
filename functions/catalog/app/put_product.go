package app

import (
	"context"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
)

// PutProduct creates a product or replaces all its fields.
type PutProduct struct {
	SKU          domain.SKU
	Input        domain.ProductInput
	Precondition Precondition
}

// PutProductResult is the stored product and whether the call created it.
type PutProductResult struct {
	Product *domain.Product
	// Created is true for a new product, and for one created again after
	// a deletion, whose version continues from the deleted one.
	Created bool
	// Changed is false when the product already had exactly these fields;
	// then nothing was written and the version did not move.
	Changed bool
}

// PutProductHandler handles PutProduct.
type PutProductHandler struct {
	repo ProductRepository
	now  func() time.Time
}

// NewPutProductHandler returns a handler storing into repo; now is the clock.
func NewPutProductHandler(repo ProductRepository, now func() time.Time) PutProductHandler {
	if repo == nil || now == nil {
		panic("app: NewPutProductHandler needs a repository and a clock")
	}
	return PutProductHandler{repo: repo, now: now}
}

// Handle creates or replaces the product, honouring the precondition.
func (h PutProductHandler) Handle(ctx context.Context, cmd PutProduct) (PutProductResult, error) {
	var res PutProductResult
	stored, err := h.repo.UpdateProduct(ctx, cmd.SKU, func(_ context.Context, current *domain.Product) (*domain.Product, error) {
		if err := cmd.Precondition.Check(current); err != nil {
			return nil, err
		}
		if current == nil {
			res.Created, res.Changed = true, true
			return domain.NewProduct(cmd.SKU, cmd.Input, h.now())
		}
		next, err := current.Revise(cmd.Input, h.now())
		if err != nil {
			return nil, err
		}
		if current.Deleted() {
			// Created again: the version continues from the deleted one.
			res.Created, res.Changed = true, true
			return next, nil
		}
		if sameFields(current, next) {
			res.Created, res.Changed = false, false
			return current, nil
		}
		res.Created, res.Changed = false, true
		return next, nil
	})
	if err != nil {
		return PutProductResult{}, fmt.Errorf("put product %s: %w", cmd.SKU, err)
	}
	res.Product = stored
	return res, nil
}

func sameFields(a, b *domain.Product) bool {
	return a.Name() == b.Name() && a.Description() == b.Description() &&
		a.Price() == b.Price() && a.Active() == b.Active()
}
