package events

import "time"

// TypeProductUpserted is the event type of ProductUpserted.
const TypeProductUpserted = "ProductUpserted"

// ProductUpserted records that a product was created or changed. It carries the whole product, so consumers keep their own copy without calling the catalog.
type ProductUpserted struct {
	// SKU is the product's identity across services.
	SKU  string `json:"sku"`
	Name string `json:"name"`
	// Description is empty when the product has none.
	Description string `json:"description"`
	Price       Money  `json:"price"`
	// Active is false for a product that is listed but not for sale.
	Active bool `json:"active"`
	// ProductVersion grows by one with every change of the product, and a
	// product created again after a deletion continues from the deleted
	// version; consumers ignore an event older than the copy they hold.
	ProductVersion int64     `json:"productVersion"`
	UpdatedAt      time.Time `json:"updatedAt"`
}

// EventType returns "ProductUpserted".
func (ProductUpserted) EventType() string { return TypeProductUpserted }

// EventVersion returns 1.
func (ProductUpserted) EventVersion() int { return 1 }
