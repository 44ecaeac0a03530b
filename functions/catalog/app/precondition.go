package app

import "github.com/conveyor-dev/conveyor/functions/catalog/domain"

// Precondition is what the caller expects of the stored product before a
// write, as HTTP's If-Match and If-None-Match say it.
type Precondition struct {
	// MustExist: the product must exist (If-Match: *).
	MustExist bool
	// MustNotExist: the product must not exist (If-None-Match: *).
	MustNotExist bool
	// Version, when non-zero, must be the stored version (If-Match: "3").
	Version int64
}

// Check returns domain.ErrVersionMismatch when current (nil when absent)
// does not satisfy the precondition. A deleted product is absent: it has
// no entity tag, as HTTP sees it.
func (p Precondition) Check(current *domain.Product) error {
	if current != nil && current.Deleted() {
		current = nil
	}
	switch {
	case current == nil && (p.MustExist || p.Version != 0):
		return domain.ErrVersionMismatch
	case current != nil && p.MustNotExist:
		return domain.ErrVersionMismatch
	case current != nil && p.Version != 0 && current.Version() != p.Version:
		return domain.ErrVersionMismatch
	}
	return nil
}
