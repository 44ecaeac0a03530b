package adapters

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
)

// ProductEvents maps a change of the catalog table, as its stream reports
// it, to the events it stands for:
//   - ProductUpserted for a product item written, including a product
//     created again over its tombstone;
//   - ProductDeleted for a product replaced by its tombstone, at the
//     version the product had, deleted when the tombstone was written;
//   - ProductDeleted for a product item removed outright (the table holds
//     no such removal of its own; an operator's or an older deployment's);
//   - nothing for a tombstone written over no product or over a tombstone,
//     or removed: no product was deleted by that change;
//   - nothing for any other item.
//
// Event ids derive from the type, the SKU and the product version, so a
// change delivered twice yields the same event twice, never two events.
// Since a SKU's versions keep rising across deletions, an id never stands
// for two different events.
func ProductEvents(c changecapture.Change) ([]changecapture.Emit, error) {
	pk, _ := c.Keys["pk"].(*types.AttributeValueMemberS)
	sk, _ := c.Keys["sk"].(*types.AttributeValueMemberS)
	if pk == nil || sk == nil || !strings.HasPrefix(pk.Value, "PRODUCT#") || sk.Value != productSK {
		return nil, nil
	}
	switch c.Kind {
	case changecapture.Insert, changecapture.Modify:
		it, err := decodeProductImage(c.NewImage, "new")
		if err != nil {
			return nil, err
		}
		updated, err := time.Parse(time.RFC3339Nano, it.UpdatedAt)
		if err != nil {
			return nil, fmt.Errorf("product change %s: updatedAt: %w", it.SKU, err)
		}
		if it.Deleted {
			if c.Kind == changecapture.Insert || wasDeleted(c.OldImage) {
				return nil, nil
			}
			return []changecapture.Emit{{
				ID:    eventbus.StableID(events.TypeProductDeleted, it.SKU, strconv.FormatInt(it.Version, 10)),
				Time:  updated,
				Event: events.ProductDeleted{SKU: it.SKU, ProductVersion: it.Version, DeletedAt: updated.UTC()},
			}}, nil
		}
		return []changecapture.Emit{{
			ID:   eventbus.StableID(events.TypeProductUpserted, it.SKU, strconv.FormatInt(it.Version, 10)),
			Time: updated,
			Event: events.ProductUpserted{
				SKU: it.SKU, Name: it.Name, Description: it.Description,
				Price:  events.Money{Amount: it.PriceAmount, Currency: it.PriceCurrency},
				Active: it.Active, ProductVersion: it.Version, UpdatedAt: updated.UTC(),
			},
		}}, nil
	case changecapture.Remove:
		it, err := decodeProductImage(c.OldImage, "old")
		if err != nil {
			return nil, err
		}
		if it.Deleted {
			return nil, nil
		}
		return []changecapture.Emit{{
			ID:    eventbus.StableID(events.TypeProductDeleted, it.SKU, strconv.FormatInt(it.Version, 10)),
			Event: events.ProductDeleted{SKU: it.SKU, ProductVersion: it.Version, DeletedAt: c.Time},
		}}, nil
	default:
		return nil, fmt.Errorf("product change %s: unknown kind %q", pk.Value, c.Kind)
	}
}

// wasDeleted reports whether an old image is a tombstone.
func wasDeleted(old map[string]types.AttributeValue) bool {
	d, ok := old["deleted"].(*types.AttributeValueMemberBOOL)
	return ok && d.Value
}

func decodeProductImage(img map[string]types.AttributeValue, which string) (productItem, error) {
	var it productItem
	if img == nil {
		return it, fmt.Errorf("product change: the stream carries no %s image; the table's stream must show new and old images", which)
	}
	if err := attributevalue.UnmarshalMap(img, &it); err != nil {
		return it, fmt.Errorf("product change: %s image: %w", which, err)
	}
	if it.SKU == "" || it.Version < 1 {
		return it, fmt.Errorf("product change: %s image lacks a SKU or a version", which)
	}
	return it, nil
}
