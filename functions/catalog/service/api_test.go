package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/conveyor-dev/conveyor/functions/catalog"
	"github.com/conveyor-dev/conveyor/functions/catalog/service"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/metrics/metricstest"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

// fn is the catalog-api function as Lambda runs it, on a kumo table, with
// its stdout captured.
type fn struct {
	t       *testing.T
	handler lambda.Handler
	out     *bytes.Buffer
	calls   int
}

// newFunction builds catalog-api with its constructor, pointed at the
// emulator, on a table of its own.
func newFunction(t *testing.T) *fn {
	t.Helper()
	env := kumotest.Start(t)
	env.Setenv(t)
	table := kumotest.UniqueName(t, "catalog")
	kumotest.CreateTable(t, env.DynamoDB(), table, catalog.Spec.Table)

	out := &bytes.Buffer{}
	api, opts, err := service.NewAPIHandler(t.Context(), service.Config{Platform: config.Platform{
		Service: catalog.Spec.Name, Stage: "local", TableName: table, LogLevel: slog.LevelDebug,
	}}, out)
	if err != nil {
		t.Fatal(err)
	}
	h := middleware.Standard(opts)(api)
	lambdacontext.FunctionName = catalog.APIFunction
	return &fn{t: t, handler: h, out: out}
}

type request struct {
	method, path string
	query        url.Values
	headers      map[string]string
	body         string
	sub          string
	groups       string
}

type response struct {
	status  int
	headers map[string][]string
	body    map[string]any
	raw     string
	output  []map[string]any // the JSON lines the invocation wrote to stdout
}

// invoke sends one API Gateway REST proxy event through the function.
func (f *fn) invoke(r request) response {
	f.t.Helper()
	f.calls++
	ev := events.APIGatewayProxyRequest{
		Resource: r.path, Path: r.path, HTTPMethod: r.method, Body: r.body,
		MultiValueHeaders:               map[string][]string{"Content-Type": {"application/json"}},
		MultiValueQueryStringParameters: r.query,
		RequestContext: events.APIGatewayProxyRequestContext{
			RequestID: fmt.Sprintf("req-%d", f.calls), Stage: "local", HTTPMethod: r.method, Path: "/local" + r.path,
		},
	}
	for k, v := range r.headers {
		ev.MultiValueHeaders[k] = []string{v}
	}
	if r.sub != "" {
		ev.RequestContext.Authorizer = map[string]any{"claims": map[string]any{"sub": r.sub, "cognito:groups": r.groups}}
	}
	payload, err := json.Marshal(ev)
	if err != nil {
		f.t.Fatal(err)
	}
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{
		AwsRequestID:       fmt.Sprintf("lambda-%d", f.calls),
		InvokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:catalog-api",
	})
	f.out.Reset()
	raw, err := f.handler.Invoke(ctx, payload)
	if err != nil {
		f.t.Fatalf("%s %s: invocation failed: %v", r.method, r.path, err)
	}
	var resp events.APIGatewayProxyResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		f.t.Fatal(err)
	}
	out := response{status: resp.StatusCode, headers: resp.MultiValueHeaders, raw: resp.Body}
	if resp.Body != "" {
		if err := json.Unmarshal([]byte(resp.Body), &out.body); err != nil {
			f.t.Fatalf("%s %s: body is not a JSON object: %q", r.method, r.path, resp.Body)
		}
	}
	for _, line := range bytes.Split(bytes.TrimSpace(f.out.Bytes()), []byte("\n")) {
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			f.t.Fatalf("stdout line is not JSON: %q", line)
		}
		out.output = append(out.output, m)
	}
	return out
}

const admin = "admin"

func product(name string, amount int) string {
	return fmt.Sprintf(`{"name":%q,"description":"A thing","price":{"amount":%d,"currency":"EUR"}}`, name, amount)
}

func TestCatalogLifecycleThroughTheLambdaHandler(t *testing.T) {
	f := newFunction(t)

	created := f.invoke(request{method: "PUT", path: "/products/MUG-RED", body: product("Red mug", 1299), sub: "root", groups: admin})
	if created.status != 201 || created.headers["Location"][0] != "/products/MUG-RED" || created.headers["Etag"][0] != `"1"` {
		t.Fatalf("create: %d %v %s", created.status, created.headers, created.raw)
	}
	if created.body["version"] != 1.0 || created.body["active"] != true {
		t.Errorf("create body: %s", created.raw)
	}

	got := f.invoke(request{method: "GET", path: "/products/MUG-RED"})
	price, _ := got.body["price"].(map[string]any)
	if got.status != 200 || got.body["name"] != "Red mug" || price["amount"] != 1299.0 || price["currency"] != "EUR" {
		t.Fatalf("get: %d %s", got.status, got.raw)
	}

	again := f.invoke(request{method: "PUT", path: "/products/MUG-RED", body: product("Red mug", 1299), sub: "root", groups: admin})
	if again.status != 200 || again.body["version"] != 1.0 {
		t.Errorf("an identical PUT must not move the version: %d %s", again.status, again.raw)
	}

	for i := 1; i <= 24; i++ {
		r := f.invoke(request{method: "PUT", path: fmt.Sprintf("/products/SKU-%02d", i), body: product("thing", i), sub: "root", groups: admin})
		if r.status != 201 {
			t.Fatalf("create SKU-%02d: %d %s", i, r.status, r.raw)
		}
	}
	seen := map[string]bool{}
	var order []string
	cursor, pages := "", 0
	for {
		q := url.Values{"limit": {"10"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		page := f.invoke(request{method: "GET", path: "/products", query: q})
		if page.status != 200 {
			t.Fatalf("list: %d %s", page.status, page.raw)
		}
		pages++
		for _, it := range page.body["items"].([]any) {
			sku := it.(map[string]any)["sku"].(string)
			if seen[sku] {
				t.Fatalf("page %d repeats %s", pages, sku)
			}
			seen[sku] = true
			order = append(order, sku)
		}
		next, _ := page.body["nextCursor"].(string)
		if next == "" {
			break
		}
		if pages == 10 {
			t.Fatal("the listing does not end")
		}
		cursor = next
	}
	if pages != 3 || len(seen) != 25 {
		t.Fatalf("%d pages, %d products; want 3 pages, 25 products", pages, len(seen))
	}
	for i := 1; i < len(order); i++ {
		if order[i-1] >= order[i] {
			t.Fatalf("not in SKU order: %v", order)
		}
	}

	updated := f.invoke(request{method: "PUT", path: "/products/MUG-RED", body: product("Red mug", 1499),
		headers: map[string]string{"If-Match": `"1"`}, sub: "root", groups: admin})
	if updated.status != 200 || updated.body["version"] != 2.0 || updated.headers["Etag"][0] != `"2"` {
		t.Fatalf("update with the current version: %d %s", updated.status, updated.raw)
	}
	stale := f.invoke(request{method: "PUT", path: "/products/MUG-RED", body: product("Red mug", 999),
		headers: map[string]string{"If-Match": `"1"`}, sub: "root", groups: admin})
	if stale.status != 412 || stale.body["status"] != 412.0 {
		t.Fatalf("update with a stale version: %d %s", stale.status, stale.raw)
	}
	if p := f.invoke(request{method: "GET", path: "/products/MUG-RED"}); p.body["price"].(map[string]any)["amount"] != 1499.0 {
		t.Fatalf("a refused update changed the product: %s", p.raw)
	}

	deleted := f.invoke(request{method: "DELETE", path: "/products/MUG-RED", sub: "root", groups: admin})
	if deleted.status != 204 {
		t.Fatalf("delete: %d %s", deleted.status, deleted.raw)
	}
	gone := f.invoke(request{method: "GET", path: "/products/MUG-RED"})
	if gone.status != 404 || gone.headers["Content-Type"][0] != "application/problem+json" {
		t.Fatalf("get after delete: %d %s", gone.status, gone.raw)
	}
	if again := f.invoke(request{method: "DELETE", path: "/products/MUG-RED", sub: "root", groups: admin}); again.status != 404 {
		t.Errorf("delete of a deleted product: %d", again.status)
	}

	health := f.invoke(request{method: "GET", path: "/health/catalog"})
	if health.status != 200 || health.body["status"] != "ok" {
		t.Errorf("health: %d %s", health.status, health.raw)
	}
}

func TestBadInputIsAClientErrorNamingTheField(t *testing.T) {
	f := newFunction(t)
	put := func(path, body string, headers map[string]string) response {
		return f.invoke(request{method: "PUT", path: path, body: body, headers: headers, sub: "root", groups: admin})
	}
	cases := []struct {
		name      string
		path      string
		body      string
		headers   map[string]string
		status    int
		wantField string
	}{
		{"malformed JSON", "/products/MUG", `{"name":"x",`, nil, 400, "body"},
		{"an unknown field", "/products/MUG", `{"name":"x","price":{"amount":1,"currency":"EUR"},"colour":"red"}`, nil, 400, "colour"},
		{"a negative price", "/products/MUG", `{"name":"x","price":{"amount":-1,"currency":"EUR"}}`, nil, 400, "price.amount"},
		{"a zero price", "/products/MUG", `{"name":"x","price":{"amount":0,"currency":"EUR"}}`, nil, 400, "price.amount"},
		{"a missing name", "/products/MUG", `{"price":{"amount":1,"currency":"EUR"}}`, nil, 400, "name"},
		{"a blank name", "/products/MUG", `{"name":"   ","price":{"amount":1,"currency":"EUR"}}`, nil, 400, "name"},
		{"a bad currency", "/products/MUG", `{"name":"x","price":{"amount":1,"currency":"EURO"}}`, nil, 400, "price.currency"},
		{"a missing price", "/products/MUG", `{"name":"x"}`, nil, 400, "price"},
		{"a string amount", "/products/MUG", `{"name":"x","price":{"amount":"1","currency":"EUR"}}`, nil, 400, "price.amount"},
		{"a fractional amount", "/products/MUG", `{"name":"x","price":{"amount":1.5,"currency":"EUR"}}`, nil, 400, "price.amount"},
		{"a bad SKU format", "/products/mug_red", product("x", 1), nil, 400, "sku"},
		{"a body SKU that differs from the path", "/products/MUG", `{"sku":"CUP","name":"x","price":{"amount":1,"currency":"EUR"}}`, nil, 400, "sku"},
		{"a body over 64 KiB", "/products/MUG", `{"name":"x","description":"` + strings.Repeat("a", 64<<10) + `","price":{"amount":1,"currency":"EUR"}}`, nil, 413, ""},
		{"a malformed If-Match", "/products/MUG", product("x", 1), map[string]string{"If-Match": "yesterday"}, 400, "If-Match"},
	}
	for _, c := range cases {
		t.Run(c.name+" is a "+fmt.Sprint(c.status), func(t *testing.T) {
			r := put(c.path, c.body, c.headers)
			if r.status != c.status || r.headers["Content-Type"][0] != "application/problem+json" {
				t.Fatalf("got %d %v %s", r.status, r.headers["Content-Type"], r.raw)
			}
			if r.body["status"] != float64(c.status) || r.body["title"] == "" || r.body["type"] == "" {
				t.Errorf("not an RFC 9457 problem: %s", r.raw)
			}
			if c.wantField != "" && !namesField(r.body, c.wantField) {
				t.Errorf("the problem does not name %q: %s", c.wantField, r.raw)
			}
		})
	}
	if r := f.invoke(request{method: "GET", path: "/products/MUG"}); r.status != 404 {
		t.Errorf("a refused PUT stored something: %d %s", r.status, r.raw)
	}
	listCases := map[string]url.Values{
		"a tampered cursor": {"cursor": {"eyJhIjoiU0tVLTEwIn0AAAAAAAAAAA"}},
		"a zero limit":      {"limit": {"0"}},
		"a huge limit":      {"limit": {"1000"}},
		"a word for limit":  {"limit": {"ten"}},
	}
	for name, q := range listCases {
		t.Run("listing with "+name+" is a 400", func(t *testing.T) {
			r := f.invoke(request{method: "GET", path: "/products", query: q})
			if r.status != 400 || r.headers["Content-Type"][0] != "application/problem+json" {
				t.Errorf("got %d %s", r.status, r.raw)
			}
		})
	}
}

func namesField(problem map[string]any, field string) bool {
	errs, _ := problem["errors"].([]any)
	for _, e := range errs {
		if m, ok := e.(map[string]any); ok && m["field"] == field {
			return true
		}
	}
	return false
}

func TestWritesNeedAnAdmin(t *testing.T) {
	f := newFunction(t)
	cases := []struct {
		name   string
		sub    string
		groups string
		want   int
	}{
		{"no identity is a 401", "", "", 401},
		{"a customer is a 403", "alice", "", 403},
		{"a customer in another group is a 403", "alice", "ops", 403},
		{"an admin is allowed", "root", "admin", 201},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := f.invoke(request{method: "PUT", path: "/products/GUARDED", body: product("x", 1), sub: c.sub, groups: c.groups})
			if r.status != c.want {
				t.Fatalf("PUT: %d %s, want %d", r.status, r.raw, c.want)
			}
			if c.want != 201 {
				if d := f.invoke(request{method: "DELETE", path: "/products/GUARDED", sub: c.sub, groups: c.groups}); d.status != c.want {
					t.Errorf("DELETE: %d, want %d", d.status, c.want)
				}
			}
		})
	}
}

func TestEveryInvocationLogsAndWritesOneEMFRecord(t *testing.T) {
	f := newFunction(t)
	for i, r := range []request{
		{method: "GET", path: "/products"},
		{method: "PUT", path: "/products/LOGGED", body: product("x", 1), sub: "root", groups: admin},
		{method: "GET", path: "/products/NOPE", headers: map[string]string{"X-Correlation-Id": "order-77"}},
	} {
		resp := f.invoke(r)
		var emf, logs int
		for _, line := range resp.output {
			if _, ok := line["_aws"]; ok {
				emf++
				raw, _ := json.Marshal(line)
				if err := metricstest.ValidateEMF(raw); err != nil {
					t.Errorf("%s %s: invalid EMF %s: %v", r.method, r.path, raw, err)
				}
				continue
			}
			logs++
			if line["request_id"] != fmt.Sprintf("lambda-%d", f.calls) {
				t.Errorf("%s %s: log line without this invocation's request id: %v", r.method, r.path, line)
			}
			if cold, ok := line["cold_start"].(bool); !ok || cold != (i == 0) {
				t.Errorf("%s %s: cold_start = %v, want %v", r.method, r.path, line["cold_start"], i == 0)
			}
		}
		corr := resp.headers["X-Correlation-Id"][0]
		for _, line := range resp.output {
			if _, ok := line["_aws"]; !ok && line["correlation_id"] != corr {
				t.Errorf("%s %s: log line with correlation id %v, want the request's %s: %v", r.method, r.path, line["correlation_id"], corr, line)
			}
		}
		if emf != 1 || logs == 0 {
			t.Errorf("%s %s: %d EMF records and %d log lines, want 1 and some", r.method, r.path, emf, logs)
		}
	}
}

func TestTheConstructorsRefuseAnIncompleteConfiguration(t *testing.T) {
	complete := config.Platform{Service: catalog.Spec.Name, Stage: "local", TableName: "catalog", EventBusName: "bus"}
	cases := []struct {
		name  string
		build middleware.Constructor[service.Config]
		unset func(*config.Platform)
		want  string
	}{
		{"catalog-api without a table", service.NewAPIHandler, func(p *config.Platform) { p.TableName = "" }, "TABLE_NAME"},
		{"catalog-publisher without a table", service.NewPublisherHandler, func(p *config.Platform) { p.TableName = "" }, "TABLE_NAME"},
		{"catalog-publisher without a bus", service.NewPublisherHandler, func(p *config.Platform) { p.EventBusName = "" }, "EVENT_BUS_NAME"},
	}
	for _, c := range cases {
		t.Run(c.name+" does not start", func(t *testing.T) {
			p := complete
			c.unset(&p)
			h, _, err := c.build(t.Context(), service.Config{Platform: p}, io.Discard)
			if err == nil || !strings.Contains(err.Error(), c.want) || h != nil {
				t.Fatalf("handler %v, error %v; want no handler and an error naming %s", h, err, c.want)
			}
		})
	}
}
