package ports

import (
	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

// skuParameter is the {sku} of the catalog's paths.
var skuParameter = httpapi.Parameter{
	Name: "sku", In: "path", Required: true, Pattern: httpapi.SKUPattern, MaxLength: 64,
	Description: "The product's SKU: upper-case letters, digits and single inner hyphens.", Example: "MUG-RED",
}

// productFields describe and bound the fields of a product.
var productFields = map[string]httpapi.Field{
	"sku":            {Description: "The product's SKU.", Pattern: httpapi.SKUPattern},
	"name":           {Description: "The product's name."},
	"price":          {Description: "The price of one unit."},
	"price.amount":   {Description: "In the currency's minor units (cents for EUR); above 0.", Minimum: httpapi.Int64(1)},
	"price.currency": {Description: "An ISO 4217 code.", Pattern: "^[A-Z]{3}$"},
	"active":         {Description: "Whether it can be ordered; true when left out of a PUT."},
	"version":        {Description: "Moves by one with each change; the ETag holds it. Read-only: a PUT ignores it (use If-Match)."},
	"updatedAt":      {Description: "When it last changed. Read-only.", Format: "date-time"},
}

var exampleProduct = productResponse{
	SKU: "MUG-RED", Name: "Red mug", Description: "Enamel mug, 350 ml",
	Price: priceResponse{Amount: 1200, Currency: "EUR"}, Active: true, Version: 3,
	UpdatedAt: "2026-11-30T10:15:00.123Z",
}

// Operations describe the catalog's routes for the API's contract.
func Operations() []httpapi.Operation {
	product := &httpapi.Body{Type: productResponse{}, Fields: productFields, Example: exampleProduct}
	return []httpapi.Operation{{
		Method: "GET", Path: "/products", ID: "listProducts",
		Summary:     "List products",
		Description: "Products in SKU order, a page at a time; pass nextCursor back as cursor for the next page.",
		Parameters: []httpapi.Parameter{
			{Name: "limit", In: "query", Type: "integer", Minimum: httpapi.Int64(1), Maximum: httpapi.Int64(100), Description: "The page size, 20 when left out.", Example: 20},
			{Name: "cursor", In: "query", Description: "The nextCursor of the previous page: opaque and checksummed."},
		},
		Responses: []httpapi.Response{{Status: 200, Description: "A page of products.", Body: &httpapi.Body{
			Type: productListResponse{}, Fields: withPrefix("items", productFields),
			Example: productListResponse{Items: []productResponse{exampleProduct}},
		}}},
		Problems: []int{400},
	}, {
		Method: "GET", Path: "/products/{sku}", ID: "getProduct",
		Summary:    "Get a product",
		Parameters: []httpapi.Parameter{skuParameter},
		Responses: []httpapi.Response{
			{Status: 200, Description: "The product, with its version as ETag.", Body: product, Headers: []string{"ETag"}},
		},
		Problems: []int{400, 404},
	}, {
		Method: "PUT", Path: "/products/{sku}", ID: "putProduct",
		Summary: "Create or replace a product",
		Description: "Creates the product (201) or replaces it (200); an identical PUT changes nothing. " +
			"If-Match makes it conditional on the version (412 when stale), If-None-Match: * makes it create only.",
		Parameters: []httpapi.Parameter{skuParameter, httpapi.IfMatch, httpapi.IfNoneMatch},
		Request: &httpapi.Body{
			Type: productRequest{}, Required: []string{"name", "price", "price.amount", "price.currency"}, Fields: productFields,
			Example: map[string]any{"name": "Red mug", "description": "Enamel mug, 350 ml", "price": map[string]any{"amount": 1200, "currency": "EUR"}, "active": true},
		},
		Responses: []httpapi.Response{
			{Status: 200, Description: "The product was replaced (or was already so).", Body: product, Headers: []string{"ETag"}},
			{Status: 201, Description: "The product was created.", Body: product, Headers: []string{"ETag", "Location"}},
		},
		Problems: []int{404, 409, 412},
	}, {
		Method: "DELETE", Path: "/products/{sku}", ID: "deleteProduct",
		Summary:     "Delete a product",
		Description: "If-Match makes it conditional on the version (412 when stale).",
		Parameters:  []httpapi.Parameter{skuParameter, httpapi.IfMatch},
		Responses:   []httpapi.Response{{Status: 204, Description: "The product is gone."}},
		Problems:    []int{400, 404, 409, 412},
	}, httpapi.HealthOperation("catalog", "catalogHealth")}
}

// withPrefix returns fields with each path under prefix.
func withPrefix(prefix string, fields map[string]httpapi.Field) map[string]httpapi.Field {
	out := make(map[string]httpapi.Field, len(fields))
	for k, v := range fields {
		out[prefix+"."+k] = v
	}
	return out
}
