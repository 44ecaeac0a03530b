package domain

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/currency"

	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// Limits on a product's fields.
const (
	MaxNameLength        = 200
	MaxDescriptionLength = 2000
	// MaxAmount is the largest price in minor units: 10^12, ten billion
	// in a two-decimal currency, far below float64's exact-integer range so
	// JSON clients in any language read it exactly.
	MaxAmount = 1_000_000_000_000
)

// skuPattern: 1 to 64 upper-case letters, digits and inner hyphens.
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

// Money is an amount in the currency's minor units (cents for EUR, yen
// for JPY) and an ISO 4217 currency code.
type Money struct {
	Amount   int64
	Currency string
}

// Product is a sellable item. Its fields are unexported so a Product can
// only be made valid, through NewProduct or Revise.
//
// A deleted product is kept as a tombstone (Deleted reports true): the SKU,
// the last version it had and when it was deleted. A product created again
// under the SKU continues from that version, so a SKU's versions keep
// rising across deletions and a (SKU, version) pair, from which the
// catalog's event ids derive, never names two different products.
type Product struct {
	sku         SKU
	name        string
	description string
	price       Money
	active      bool
	deleted     bool
	version     int64
	updatedAt   time.Time
}

// ProductInput is what a caller may set on a product.
type ProductInput struct {
	Name        string
	Description string
	Price       Money
	Active      bool
}

// NewProduct returns the first version of a product, or an Invalid error
// listing every field at fault.
func NewProduct(sku SKU, in ProductInput, now time.Time) (*Product, error) {
	if _, err := ParseSKU(string(sku)); err != nil {
		return nil, err
	}
	in, err := validate(in)
	if err != nil {
		return nil, err
	}
	return &Product{
		sku: sku, name: in.Name, description: in.Description, price: in.Price,
		active: in.Active, version: 1, updatedAt: now.UTC(),
	}, nil
}

// Revise returns the next version of p with the input's fields. Revising
// a deleted product creates it again, one version above the deleted one.
func (p *Product) Revise(in ProductInput, now time.Time) (*Product, error) {
	in, err := validate(in)
	if err != nil {
		return nil, err
	}
	next := *p
	next.name, next.description, next.price, next.active = in.Name, in.Description, in.Price, in.Active
	next.deleted = false
	next.version = p.version + 1
	next.updatedAt = now.UTC()
	return &next, nil
}

// Delete returns the tombstone of p: its SKU and version, deleted at now.
// A deleted product cannot be deleted again: that is ErrProductNotFound.
func (p *Product) Delete(now time.Time) (*Product, error) {
	if p.deleted {
		return nil, ErrProductNotFound
	}
	return &Product{sku: p.sku, deleted: true, version: p.version, updatedAt: now.UTC()}, nil
}

func validate(in ProductInput) (ProductInput, error) {
	var f apperr.Fields
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	switch {
	case in.Name == "":
		f.Add("name", "is required")
	case utf8.RuneCountInString(in.Name) > MaxNameLength:
		f.Add("name", "must be at most 200 characters")
	case !utf8.ValidString(in.Name) || hasControl(in.Name):
		f.Add("name", "must be printable UTF-8 text")
	}
	switch {
	case utf8.RuneCountInString(in.Description) > MaxDescriptionLength:
		f.Add("description", "must be at most 2000 characters")
	case !utf8.ValidString(in.Description):
		f.Add("description", "must be UTF-8 text")
	}
	// Free is refused: payments cannot authorise nothing, so an order of a
	// free product could never settle.
	switch {
	case in.Price.Amount <= 0:
		f.Add("price.amount", "must be greater than 0")
	case in.Price.Amount > MaxAmount:
		f.Add("price.amount", "must be at most 1000000000000")
	}
	if unit, err := currency.ParseISO(in.Price.Currency); err != nil || unit.String() != in.Price.Currency {
		f.Add("price.currency", "must be an ISO 4217 code in upper case, e.g. EUR")
	}
	return in, f.Err()
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

// SKU returns the product's SKU.
func (p *Product) SKU() SKU { return p.sku }

// Name returns the product's name.
func (p *Product) Name() string { return p.name }

// Description returns the product's description; it may be empty.
func (p *Product) Description() string { return p.description }

// Price returns the product's price.
func (p *Product) Price() Money { return p.price }

// Active reports whether the product can be ordered.
func (p *Product) Active() bool { return p.active }

// Deleted reports whether p is the tombstone of a deleted product; then
// only its SKU, version and UpdatedAt (when it was deleted) are set.
func (p *Product) Deleted() bool { return p.deleted }

// Version is 1 for a new product and grows by one with each revision; a
// product created again after a deletion continues from the deleted
// version.
func (p *Product) Version() int64 { return p.version }

// UpdatedAt is when the version was made, or the product deleted, in UTC.
func (p *Product) UpdatedAt() time.Time { return p.updatedAt }

// UnmarshalProduct rebuilds a stored product without validating it again.
// Only repositories call it, with data that was valid when written.
func UnmarshalProduct(sku SKU, in ProductInput, version int64, updatedAt time.Time) *Product {
	return &Product{
		sku: sku, name: in.Name, description: in.Description, price: in.Price,
		active: in.Active, version: version, updatedAt: updatedAt.UTC(),
	}
}

// UnmarshalDeletedProduct rebuilds the stored tombstone of a product
// deleted at version, at deletedAt. Only repositories call it.
func UnmarshalDeletedProduct(sku SKU, version int64, deletedAt time.Time) *Product {
	return &Product{sku: sku, deleted: true, version: version, updatedAt: deletedAt.UTC()}
}
