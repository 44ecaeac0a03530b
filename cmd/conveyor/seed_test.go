package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/client"
	"github.com/conveyor-dev/conveyor/functions/catalog"
	"github.com/conveyor-dev/conveyor/functions/catalog/service"
	"github.com/conveyor-dev/conveyor/internal/localcloud/auth"
	"github.com/conveyor-dev/conveyor/internal/localcloud/gateway"
	"github.com/conveyor-dev/conveyor/internal/localcloud/runtimeapi"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/middleware"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// inProcess invokes a function's handler in this process, as Lambda
// would: the local gateway's side of an invocation, without a process.
type inProcess struct{ handler lambda.Handler }

func (f inProcess) InvokeWith(ctx context.Context, payload []byte, _ runtimeapi.InvokeOptions) ([]byte, error) {
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{
		AwsRequestID:       uuid.NewString(),
		InvokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:" + catalog.APIFunction,
	})
	return f.handler.Invoke(ctx, payload)
}

// catalogAPI serves the catalog's routes as the local cloud does: its
// gateway, verifying tokens, in front of catalog-api on a table of its
// own on the emulator. It returns the API's URL and an admin token.
func catalogAPI(t *testing.T) (string, string) {
	t.Helper()
	env := kumotest.Start(t)
	env.Setenv(t)
	table := kumotest.UniqueName(t, "catalog")
	kumotest.CreateTable(t, env.DynamoDB(), table, catalog.Spec.Table)
	api, opts, err := service.NewAPIHandler(t.Context(), service.Config{Platform: config.Platform{
		Service: catalog.Spec.Name, Stage: "local", TableName: table, LogLevel: slog.LevelWarn,
	}}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	lambdacontext.FunctionName = catalog.APIFunction
	fn := inProcess{middleware.Standard(opts)(api)}
	keys, err := auth.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	var routes []gateway.Route
	for _, r := range catalog.Spec.Routes {
		routes = append(routes, gateway.Route{Method: r.Method, Path: r.Path, Auth: r.Auth, Function: fn, FunctionName: r.Function})
	}
	g, err := gateway.New(gateway.Config{Routes: routes, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	admin, err := keys.Issue("seed-admin", []string{spec.AdminGroup}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return srv.URL, admin
}

// listed returns the products the catalog lists, by SKU.
func listed(t *testing.T, apiURL string) map[string]client.ProductResponse {
	t.Helper()
	c, err := client.NewClientWithResponses(apiURL)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.ListProductsWithResponse(t.Context(), &client.ListProductsParams{Limit: new(100)})
	if err != nil || resp.JSON200 == nil {
		t.Fatalf("list products: %v %v", err, resp)
	}
	out := map[string]client.ProductResponse{}
	for _, p := range resp.JSON200.Items {
		out[p.Sku] = p
	}
	return out
}

func TestTheDemoCatalogIsSeededOnlyIntoAnEmptyCatalog(t *testing.T) {
	apiURL, admin := catalogAPI(t)

	t.Run("an empty catalog gets the demo products", func(t *testing.T) {
		n, err := seedDemoCatalog(t.Context(), apiURL, admin)
		if err != nil || n != len(demoCatalog) {
			t.Fatalf("seeded %d, %v; want %d", n, err, len(demoCatalog))
		}
		got := listed(t, apiURL)
		if len(got) != len(demoCatalog) {
			t.Errorf("the catalog lists %d products, want %d: %v", len(got), len(demoCatalog), got)
		}
		for _, want := range demoCatalog {
			p, ok := got[want.sku]
			if !ok || p.Name != want.product.Name || p.Description != *want.product.Description || !p.Active ||
				p.Price.Amount != want.product.Price.Amount || p.Price.Currency != want.product.Price.Currency || p.Version != 1 {
				t.Errorf("%s: %+v, want %+v", want.sku, p, want.product)
			}
		}
	})
	t.Run("a catalog that lists a product is left alone", func(t *testing.T) {
		n, err := seedDemoCatalog(t.Context(), apiURL, admin)
		if err != nil || n != 0 {
			t.Fatalf("seeded %d, %v; want nothing", n, err)
		}
		for sku, p := range listed(t, apiURL) {
			if p.Version != 1 {
				t.Errorf("%s was written again: version %d", sku, p.Version)
			}
		}
	})
}

func TestSeedingSaysWhyTheAPIRefusedIt(t *testing.T) {
	apiURL, _ := catalogAPI(t)
	n, err := seedDemoCatalog(t.Context(), apiURL, "not-a-token")
	if err == nil || n != 0 || !strings.Contains(err.Error(), "put MUG-001: 401") {
		t.Errorf("seeded %d, %v; want the PUT's 401", n, err)
	}
	if got := listed(t, apiURL); len(got) != 0 {
		t.Errorf("the catalog lists %v after a refused seed", got)
	}
}
