package domain

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// MaxOnHand is the largest quantity on hand of one SKU.
const MaxOnHand = 1_000_000_000

// skuPattern: 1 to 64 upper-case letters, digits and inner hyphens, the
// catalog's rule for SKUs.
var skuPattern = regexp.MustCompile(`^[A-Z0-9](?:[A-Z0-9-]{0,62}[A-Z0-9])?$`)

// SKU is a stock-keeping unit: the product's identity across services.
type SKU string

// ParseSKU validates s as a SKU.
func ParseSKU(s string) (SKU, error) {
	if !skuPattern.MatchString(s) || strings.Contains(s, "--") {
		return "", apperr.Validation(apperr.FieldError{
			Field:  "sku",
			Reason: "must be 1-64 upper-case letters, digits and single inner hyphens, e.g. MUG-RED-350",
		})
	}
	return SKU(s), nil
}

// StockItem is the stock of one SKU: the units on hand, the units reserved
// for orders, and what is left to reserve. OnHand = Available + Reserved
// always holds.
type StockItem struct {
	sku       SKU
	onHand    int64
	reserved  int64
	version   int64
	updatedAt time.Time
}

// NewStockItem returns the first version of a SKU's stock, with nothing
// reserved.
func NewStockItem(sku SKU, onHand int64, now time.Time) (*StockItem, error) {
	if _, err := ParseSKU(string(sku)); err != nil {
		return nil, err
	}
	if err := validOnHand(onHand); err != nil {
		return nil, err
	}
	return &StockItem{sku: sku, onHand: onHand, version: 1, updatedAt: now.UTC()}, nil
}

// SetOnHand returns the next version of s with onHand units on hand; the
// reserved units stay reserved, so onHand may not be less than them
// (ErrBelowReserved). It returns s itself when onHand is what s has.
func (s *StockItem) SetOnHand(onHand int64, now time.Time) (*StockItem, error) {
	if err := validOnHand(onHand); err != nil {
		return nil, err
	}
	if onHand == s.onHand {
		return s, nil
	}
	if onHand < s.reserved {
		return nil, apperr.Wrap(apperr.Conflict,
			"the quantity on hand cannot be less than the "+strconv.FormatInt(s.reserved, 10)+" units reserved for orders", ErrBelowReserved)
	}
	next := *s
	next.onHand = onHand
	next.version = s.version + 1
	next.updatedAt = now.UTC()
	return &next, nil
}

func validOnHand(n int64) error {
	if n < 0 || n > MaxOnHand {
		return apperr.Validation(apperr.FieldError{Field: "onHand", Reason: "must be a whole number within 0-1000000000"})
	}
	return nil
}

// SKU returns the item's SKU.
func (s *StockItem) SKU() SKU { return s.sku }

// OnHand is the number of units in the warehouse.
func (s *StockItem) OnHand() int64 { return s.onHand }

// Reserved is the number of units on hand held for placed orders.
func (s *StockItem) Reserved() int64 { return s.reserved }

// Available is the number of units on hand that orders may still reserve.
func (s *StockItem) Available() int64 { return s.onHand - s.reserved }

// Version is 1 for a new item and grows with every write, reservations
// included.
func (s *StockItem) Version() int64 { return s.version }

// UpdatedAt is when the quantity on hand was last set, in UTC.
func (s *StockItem) UpdatedAt() time.Time { return s.updatedAt }

// UnmarshalStockItem rebuilds a stored item without validating it again.
// Only repositories call it, with data that was valid when written.
func UnmarshalStockItem(sku SKU, onHand, reserved, version int64, updatedAt time.Time) *StockItem {
	return &StockItem{sku: sku, onHand: onHand, reserved: reserved, version: version, updatedAt: updatedAt.UTC()}
}
