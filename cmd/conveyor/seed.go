package main

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/conveyor-dev/conveyor/client"
)

// seedTimeout bounds seeding: the local cloud starts without demo
// products rather than wait longer.
const seedTimeout = 30 * time.Second

// demoProduct is one product seedDemoCatalog adds.
type demoProduct struct {
	sku     string
	product client.ProductRequest
}

// demoCatalog is what an empty catalog is seeded with: the products the
// README's examples order.
var demoCatalog = []demoProduct{
	{"MUG-001", client.ProductRequest{Name: "Enamel mug", Description: new("Camp mug, 350 ml"), Active: new(true),
		Price: client.PriceRequest{Amount: 1299, Currency: "EUR"}}},
	{"TEE-002", client.ProductRequest{Name: "Organic tee", Description: new("Cotton t-shirt, unisex"), Active: new(true),
		Price: client.PriceRequest{Amount: 2500, Currency: "EUR"}}},
	{"BAG-003", client.ProductRequest{Name: "Canvas tote", Description: new("Heavy canvas bag"), Active: new(true),
		Price: client.PriceRequest{Amount: 1800, Currency: "EUR"}}},
}

// seedDemoCatalog puts the demo products through the API at apiURL, as
// the admin whose token it is given, when the catalog lists none; it
// returns how many it added. A catalog that lists any product is left
// as it is.
func seedDemoCatalog(ctx context.Context, apiURL, adminToken string) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, seedTimeout)
	defer cancel()
	c, err := client.NewClientWithResponses(apiURL, client.WithBearerToken(adminToken))
	if err != nil {
		return 0, err
	}
	list, err := c.ListProductsWithResponse(ctx, &client.ListProductsParams{Limit: new(1)})
	if err != nil {
		return 0, fmt.Errorf("list products: %w", err)
	}
	if list.JSON200 == nil {
		return 0, fmt.Errorf("list products: %s: %s", list.Status(), bytes.TrimSpace(list.Body))
	}
	if len(list.JSON200.Items) > 0 {
		return 0, nil
	}
	for _, p := range demoCatalog {
		put, err := c.PutProductWithResponse(ctx, p.sku, nil, p.product)
		if err != nil {
			return 0, fmt.Errorf("put %s: %w", p.sku, err)
		}
		if put.JSON200 == nil && put.JSON201 == nil {
			return 0, fmt.Errorf("put %s: %s: %s", p.sku, put.Status(), bytes.TrimSpace(put.Body))
		}
	}
	return len(demoCatalog), nil
}
