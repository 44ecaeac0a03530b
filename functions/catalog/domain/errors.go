package domain

import "github.com/conveyor-dev/conveyor/shared/apperr"

// Errors the catalog's use cases return. They carry an apperr kind, so the
// HTTP layer maps them to a status without knowing the catalog.
var (
	// ErrProductNotFound: no product has the SKU.
	ErrProductNotFound = apperr.New(apperr.NotFound, "product not found")
	// ErrVersionMismatch: the caller's expected version is not the stored
	// one (or the caller expected a product where none exists, or none
	// where one does).
	ErrVersionMismatch = apperr.New(apperr.PreconditionFailed, "the product's version does not match")
	// ErrConcurrentUpdate: a write kept losing the race with other writers.
	ErrConcurrentUpdate = apperr.New(apperr.Conflict, "the product is being changed by others; try again")
)
