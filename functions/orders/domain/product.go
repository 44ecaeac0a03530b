package domain

// Product is the orders service's copy of a catalog product: what it takes
// to price a line. The copy follows the catalog's ProductUpserted and
// ProductDeleted events; Version is the catalog's product version, so an
// older event never overwrites a newer copy.
type Product struct {
	SKU     SKU
	Name    string
	Price   Money
	Active  bool
	Version int64
	// Deleted marks a product the catalog removed; the copy keeps it as a
	// tombstone so that a late, older upsert does not bring it back.
	Deleted bool
}

// Orderable reports whether the product can be ordered: active, not
// deleted, and priced at more than zero (the catalog sells nothing for
// free).
func (p Product) Orderable() bool { return p.Active && !p.Deleted && p.Price.Amount > 0 }
