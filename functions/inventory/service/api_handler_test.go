package service_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"testing"

	lambdaevents "github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/functions/inventory"
	"github.com/conveyor-dev/conveyor/functions/inventory/service"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

// TestAPIHandlerServesItsTable builds inventory-api with its constructor
// against the emulator and sets, then reads, a SKU's stock through it.
func TestAPIHandlerServesItsTable(t *testing.T) {
	env := kumotest.Start(t)
	env.Setenv(t)
	table := kumotest.UniqueName(t, "inventory")
	kumotest.CreateTable(t, env.DynamoDB(), table, inventory.Spec.Table)
	h, opts, err := service.NewAPIHandler(t.Context(), service.Config{Platform: config.Platform{
		Service: inventory.Spec.Name, Stage: "local", TableName: table, LogLevel: slog.LevelInfo,
	}}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	fn := middleware.Standard(opts)(h)
	call := func(method, body string, claims map[string]any) (int, map[string]any) {
		t.Helper()
		req := lambdaevents.APIGatewayProxyRequest{
			Path: "/inventory/MUG-RED-350", HTTPMethod: method, Body: body,
			MultiValueHeaders: map[string][]string{"Content-Type": {"application/json"}},
			RequestContext:    lambdaevents.APIGatewayProxyRequestContext{RequestID: "req-1", HTTPMethod: method},
		}
		if claims != nil {
			req.RequestContext.Authorizer = map[string]any{"claims": claims}
		}
		payload, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := fn.Invoke(t.Context(), payload)
		if err != nil {
			t.Fatal(err)
		}
		var resp lambdaevents.APIGatewayProxyResponse
		var out map[string]any
		if err := json.Unmarshal(raw, &resp); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(resp.Body), &out); err != nil {
			t.Fatalf("body %q", resp.Body)
		}
		return resp.StatusCode, out
	}

	if status, body := call(http.MethodGet, "", nil); status != http.StatusNotFound {
		t.Fatalf("before any stock: %d %v, want 404", status, body)
	}
	admin := map[string]any{"sub": "admin-1", "cognito:groups": httpapi.AdminGroup}
	if status, body := call(http.MethodPut, `{"onHand":4}`, admin); status != http.StatusCreated {
		t.Fatalf("set: %d %v, want 201", status, body)
	}
	if status, body := call(http.MethodGet, "", nil); status != http.StatusOK || body["onHand"] != 4.0 || body["available"] != 4.0 {
		t.Fatalf("read: %d %v, want 200 with 4 on hand", status, body)
	}
}
