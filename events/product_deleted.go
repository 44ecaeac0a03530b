package events

import "time"

// TypeProductDeleted is the event type of ProductDeleted.
const TypeProductDeleted = "ProductDeleted"

// ProductDeleted records that a product was removed from the catalog.
type ProductDeleted struct {
	SKU string `json:"sku"`
	// ProductVersion is the last version the product had; a product
	// created again under the SKU starts above it, so a consumer's
	// tombstone at this version gives way to it.
	ProductVersion int64     `json:"productVersion"`
	DeletedAt      time.Time `json:"deletedAt"`
}

// EventType returns "ProductDeleted".
func (ProductDeleted) EventType() string { return TypeProductDeleted }

// EventVersion returns 1.
func (ProductDeleted) EventVersion() int { return 1 }
