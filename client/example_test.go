package client_test

import (
	"context"
	"fmt"

	"github.com/conveyor-dev/conveyor/client"
)

// The README's example: place an order and read it back.
func ExampleNewClientWithResponses() {
	ctx, token := context.Background(), "a token of `go run ./cmd/conveyor token --sub alice`"
	c, err := client.NewClientWithResponses("http://127.0.0.1:8080", client.WithBearerToken(token))
	if err != nil {
		panic(err)
	}
	placed, err := c.PlaceOrderWithResponse(ctx, &client.PlaceOrderParams{IdempotencyKey: "order-1"},
		client.PlaceOrderRequest{Lines: []client.LineRequest{{Sku: "MUG-001", Quantity: 2}}})
	if err != nil || placed.JSON202 == nil {
		panic(fmt.Sprint(err, placed))
	}
	order, err := c.GetOrderWithResponse(ctx, placed.JSON202.Id.String())
	if err != nil || order.JSON200 == nil {
		panic(fmt.Sprint(err, order))
	}
	fmt.Println(order.JSON200.Status, order.JSON200.Total.Amount)
}
