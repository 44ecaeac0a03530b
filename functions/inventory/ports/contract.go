package ports

import (
	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

var skuParameter = httpapi.Parameter{
	Name: "sku", In: "path", Required: true, Pattern: httpapi.SKUPattern, MaxLength: 64,
	Description: "The SKU whose stock is kept.", Example: "MUG-RED",
}

var stockFields = map[string]httpapi.Field{
	"sku":       {Pattern: httpapi.SKUPattern},
	"onHand":    {Description: "Units in the warehouse: available + reserved.", Minimum: httpapi.Int64(0)},
	"reserved":  {Description: "Units held for orders not yet confirmed.", Minimum: httpapi.Int64(0)},
	"available": {Description: "Units an order may still reserve.", Minimum: httpapi.Int64(0)},
}

// Operations describe the inventory's routes for the API's contract.
func Operations() []httpapi.Operation {
	example := stockResponse{SKU: "MUG-RED", OnHand: 40, Reserved: 2, Available: 38}
	stock := &httpapi.Body{Type: stockResponse{}, Fields: stockFields, Example: example}
	return []httpapi.Operation{{
		Method: "GET", Path: "/inventory/{sku}", ID: "getStock",
		Summary: "Get a SKU's stock", Description: "404 when no stock is kept for the SKU.",
		Parameters: []httpapi.Parameter{skuParameter},
		Responses:  []httpapi.Response{{Status: 200, Description: "The SKU's stock.", Body: stock}},
		Problems:   []int{400, 404},
	}, {
		Method: "PUT", Path: "/inventory/{sku}", ID: "setStock",
		Summary: "Set the units on hand", Description: "409 when the units are below those reserved.",
		Parameters: []httpapi.Parameter{skuParameter},
		Request: &httpapi.Body{
			Type: stockRequest{}, Required: []string{"onHand"},
			Fields:  map[string]httpapi.Field{"onHand": {Description: "The units on hand.", Minimum: httpapi.Int64(0)}},
			Example: map[string]any{"onHand": 40},
		},
		Responses: []httpapi.Response{
			{Status: 200, Description: "The stock was set.", Body: stock},
			{Status: 201, Description: "The SKU's stock was created.", Body: stock, Headers: []string{"Location"}},
		},
		Problems: []int{409},
	}, httpapi.HealthOperation("inventory", "inventoryHealth")}
}
