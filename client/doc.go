// Package client is the Go client of the Conveyor API, generated from its
// contract (docs/openapi.json) by oapi-codegen: one method per operation,
// named by its operationId, and one type per schema.
//
//	c, err := client.NewClientWithResponses("http://127.0.0.1:8080", client.WithBearerToken(token))
//	resp, err := c.GetProductWithResponse(ctx, "MUG-001")
//	fmt.Println(resp.JSON200.Name, resp.JSON200.Price.Amount)
//
// NewClientWithResponses decodes each answer into the field of its status
// (JSON200, JSON404, ...); NewClient returns the raw *http.Response.
// `make docs` regenerates it whenever the contract changes, and a test
// fails when it is stale.
package client

//go:generate go tool oapi-codegen -config oapi-codegen.yaml ../docs/openapi.json
