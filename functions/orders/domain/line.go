package domain

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// Limits on an order.
const (
	// MaxLines is the most lines an order may have. Inventory reserves an
	// order in one DynamoDB transaction of at most 100 items: one per line
	// and the reservation record.
	MaxLines = 99
	// MaxQuantity is the most units of one SKU per order.
	MaxQuantity = 1000
	// MaxAmount is the largest total in minor units, the largest amount
	// the published events allow.
	MaxAmount = 1_000_000_000_000
)

// skuPattern is the catalog's SKU rule: 1 to 64 upper-case letters, digits
// and single inner hyphens.
var skuPattern = regexp.MustCompile(`^[A-Z0-9](?:[A-Z0-9-]{0,62}[A-Z0-9])?$`)

// SKU is a stock-keeping unit, the product's identity across services.
type SKU string

// ParseSKU validates s as a SKU.
func ParseSKU(s string) (SKU, error) {
	if !skuPattern.MatchString(s) || strings.Contains(s, "--") {
		return "", fmt.Errorf("%q is not a SKU", s)
	}
	return SKU(s), nil
}

// Money is an amount in the currency's minor units and an ISO 4217 code.
type Money struct {
	Amount   int64
	Currency string
}

// Line is one priced line of an order.
type Line struct {
	SKU       SKU
	Quantity  int
	UnitPrice Money
}

// Subtotal is the line's quantity times its unit price.
func (l Line) Subtotal() int64 { return int64(l.Quantity) * l.UnitPrice.Amount }

// LineRequest is a line as a customer asks for it, before pricing.
type LineRequest struct {
	SKU      string
	Quantity int
}

// ValidateLines checks a customer's lines against the order limits and
// returns their SKUs and quantities, or an Invalid error naming each line
// at fault as "lines[i].field".
func ValidateLines(lines []LineRequest) ([]SKU, []int, error) {
	var f apperr.Fields
	switch {
	case len(lines) == 0:
		f.Add("lines", "must hold at least one line")
	case len(lines) > MaxLines:
		f.Add("lines", fmt.Sprintf("must hold at most %d lines (one stock transaction per order)", MaxLines))
	}
	if err := f.Err(); err != nil {
		return nil, nil, err
	}
	skus := make([]SKU, len(lines))
	quantities := make([]int, len(lines))
	seen := map[SKU]int{}
	for i, l := range lines {
		field := fmt.Sprintf("lines[%d]", i)
		sku, err := ParseSKU(l.SKU)
		if err != nil {
			f.Add(field+".sku", "must be 1-64 upper-case letters, digits and single inner hyphens")
		} else if first, dup := seen[sku]; dup {
			f.Add(field+".sku", fmt.Sprintf("repeats lines[%d]; put the whole quantity of a SKU on one line", first))
		} else {
			seen[sku] = i
		}
		if l.Quantity < 1 || l.Quantity > MaxQuantity {
			f.Add(field+".quantity", fmt.Sprintf("must be a whole number within 1-%d", MaxQuantity))
		}
		skus[i], quantities[i] = sku, l.Quantity
	}
	if err := f.Err(); err != nil {
		return nil, nil, err
	}
	return skus, quantities, nil
}
