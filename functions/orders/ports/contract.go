package ports

import (
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
	"github.com/conveyor-dev/conveyor/shared/idempotency"
)

// orderIDParameter is the {id} of the orders' paths.
var orderIDParameter = httpapi.Parameter{
	Name: "id", In: "path", Required: true, Description: "The order's id, a UUID.",
	Example: "01a214ae-1686-702b-b308-b189b9cf8cec",
}

// orderFields describe and bound the fields of an order.
var orderFields = map[string]httpapi.Field{
	"id":             {Description: "The order's id.", Format: "uuid"},
	"customerId":     {Description: "The subject of the customer who placed it."},
	"status":         {Description: "Where the order's saga stands.", Enum: []string{string(domain.StatusPending), string(domain.StatusConfirmed), string(domain.StatusShipped), string(domain.StatusCancelled)}},
	"cancelReason":   {Description: "Why it was cancelled.", Enum: []string{string(domain.ReasonOutOfStock), string(domain.ReasonPaymentDeclined), string(domain.ReasonCustomerRequest), string(domain.ReasonSagaTimeout)}},
	"lines.sku":      {Pattern: httpapi.SKUPattern},
	"lines.quantity": {Minimum: httpapi.Int64(1)},
	"total":          {Description: "The sum of the lines' subtotals, in the currency's minor units."},
	"placedAt":       {Format: "date-time"},
	"updatedAt":      {Format: "date-time"},
	"version":        {Description: "Moves by one with each change of the order."},
}

var exampleOrder = orderResponse{
	ID: "01a214ae-1686-702b-b308-b189b9cf8cec", CustomerID: "alice", Status: string(domain.StatusPending),
	Lines: []lineResponse{{
		SKU: "MUG-RED", Quantity: 2,
		UnitPrice: moneyResponse{Amount: 1200, Currency: "EUR"}, Subtotal: moneyResponse{Amount: 2400, Currency: "EUR"},
	}},
	Total:    moneyResponse{Amount: 2400, Currency: "EUR"},
	PlacedAt: "2026-11-30T10:15:00.123Z", UpdatedAt: "2026-11-30T10:15:00.123Z", Version: 1,
}

// Operations describe the orders routes for the API's contract.
func Operations() []httpapi.Operation {
	order := &httpapi.Body{Type: orderResponse{}, Fields: orderFields, Example: exampleOrder}
	return []httpapi.Operation{{
		Method: "POST", Path: "/orders", ID: "placeOrder",
		Summary: "Place an order",
		Description: "Prices the lines from the catalog and starts the order's saga. An Idempotency-Key is required: " +
			"the same key and body again answer the same order, however long after.",
		Parameters: []httpapi.Parameter{idempotency.KeyParameter(true)},
		Request: &httpapi.Body{
			Type: placeOrderRequest{}, Required: []string{"lines", "lines.sku", "lines.quantity"},
			Fields: map[string]httpapi.Field{
				"lines":          {Description: "One line per SKU, at most 99."},
				"lines.sku":      {Pattern: httpapi.SKUPattern},
				"lines.quantity": {Minimum: httpapi.Int64(1)},
			},
			Example: placeOrderRequest{Lines: []lineRequest{{SKU: "MUG-RED", Quantity: 2}}},
		},
		Responses: []httpapi.Response{{
			Status: 202, Description: "The order is placed, PENDING until its saga settles it.", Body: order,
			Headers: []string{"Location", "Idempotent-Replayed"},
		}},
		Problems: []int{409, 422},
	}, {
		Method: "GET", Path: "/orders", ID: "listOrders",
		Summary: "List my orders", Description: "The caller's orders, newest first, a page at a time.",
		Parameters: []httpapi.Parameter{
			{Name: "limit", In: "query", Type: "integer", Minimum: httpapi.Int64(1), Maximum: httpapi.Int64(100), Description: "The page size, 20 when left out.", Example: 20},
			{Name: "cursor", In: "query", Description: "The nextCursor of the previous page: opaque and checksummed."},
		},
		Responses: []httpapi.Response{{Status: 200, Description: "A page of the caller's orders.", Body: &httpapi.Body{
			Type: orderListResponse{}, Fields: withPrefix("items", orderFields),
			Example: orderListResponse{Items: []orderResponse{exampleOrder}},
		}}},
		Problems: []int{400},
	}, {
		Method: "GET", Path: "/orders/{id}", ID: "getOrder",
		Summary: "Get an order", Description: "Its owner or an admin may read it; anyone else gets 404.",
		Parameters: []httpapi.Parameter{orderIDParameter},
		Responses:  []httpapi.Response{{Status: 200, Description: "The order.", Body: order}},
		Problems:   []int{404},
	}, {
		Method: "POST", Path: "/orders/{id}/cancel", ID: "cancelOrder",
		Summary: "Cancel my order", Description: "Cancels the caller's order (customer_request); 409 once it can no longer be cancelled.",
		Parameters: []httpapi.Parameter{orderIDParameter},
		Responses:  []httpapi.Response{{Status: 200, Description: "The order, CANCELLED.", Body: order}},
		Problems:   []int{404, 409},
	}, httpapi.HealthOperation("orders", "ordersHealth")}
}

// withPrefix returns fields with each path under prefix.
func withPrefix(prefix string, fields map[string]httpapi.Field) map[string]httpapi.Field {
	out := make(map[string]httpapi.Field, len(fields))
	for k, v := range fields {
		out[prefix+"."+k] = v
	}
	return out
}
