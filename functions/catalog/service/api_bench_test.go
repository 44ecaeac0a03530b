package service

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/conveyor-dev/conveyor/functions/catalog"
	"github.com/conveyor-dev/conveyor/functions/catalog/adapters"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/middleware"
	"github.com/conveyor-dev/conveyor/shared/wire"
)

// benchHandler is the catalog-api handler as NewAPIHandler builds it, with
// its full middleware, but on the in-memory repository, so the benchmarks
// measure our code, not the emulator's.
func benchHandler(b *testing.B) func(ctx context.Context, ev events.APIGatewayProxyRequest) {
	b.Helper()
	repo := adapters.NewProductMemoryRepository()
	f, err := wire.New(b.Context(), catalog.Spec, config.Platform{Service: catalog.Spec.Name, TableName: "bench", LogLevel: slog.LevelInfo}, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	h := middleware.Standard(f.Options)(serveHTTP(f, NewApplication(repo, repo, time.Now)))
	return func(ctx context.Context, ev events.APIGatewayProxyRequest) {
		payload, err := json.Marshal(ev)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := h.Invoke(ctx, payload); err != nil {
			b.Fatal(err)
		}
	}
}

func benchProduct(name string, amount int) string {
	return fmt.Sprintf(`{"name":%q,"description":"A thing","price":{"amount":%d,"currency":"EUR"}}`, name, amount)
}

func benchEvent(method, path, body string) events.APIGatewayProxyRequest {
	return events.APIGatewayProxyRequest{
		HTTPMethod: method, Path: path, Resource: path, Body: body,
		MultiValueHeaders: map[string][]string{"Content-Type": {"application/json"}},
		RequestContext: events.APIGatewayProxyRequestContext{
			RequestID: "bench", Stage: "local",
			Authorizer: map[string]any{"claims": map[string]any{"sub": "root", "cognito:groups": "admin"}},
		},
	}
}

// BenchmarkGetProduct is one GET /products/{sku} through the whole handler:
// event decoding, middleware (logs, EMF, tracing no-op), routing, JSON.
func BenchmarkGetProduct(b *testing.B) {
	invoke := benchHandler(b)
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "bench"})
	invoke(ctx, benchEvent("PUT", "/products/MUG-RED", benchProduct("Red mug", 1299)))
	ev := benchEvent("GET", "/products/MUG-RED", "")
	b.ReportAllocs()
	for b.Loop() {
		invoke(ctx, ev)
	}
}

// BenchmarkPutProduct is one PUT /products/{sku} that changes the product.
func BenchmarkPutProduct(b *testing.B) {
	invoke := benchHandler(b)
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "bench"})
	bodies := []string{benchProduct("Red mug", 1299), benchProduct("Red mug", 1499)}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		invoke(ctx, benchEvent("PUT", "/products/MUG-RED", bodies[i%2]))
		i++
	}
}
