package openapi_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/openapi"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

const moduleRoot = "../.."

func TestTheCommittedContractIsCurrent(t *testing.T) {
	want, err := openapi.Document(functions.All(), openapi.LocalServer)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(moduleRoot, openapi.OutputFile))
	if err != nil {
		t.Fatalf("%v; run make docs", err)
	}
	if strings.TrimRight(string(got), "\n") != string(want) {
		t.Errorf("%s is stale: run make docs and commit it", openapi.OutputFile)
	}
}

func TestTheContractIsAValidOpenAPI31DocumentOfEveryDeclaredRoute(t *testing.T) {
	doc, err := openapi.Document(functions.All(), openapi.LocalServer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := openapi.Load(doc); err != nil {
		t.Fatal(err)
	}
	var declared []string
	for _, s := range functions.All() {
		for _, r := range s.Routes {
			declared = append(declared, r.Method+" "+r.Path)
		}
	}
	slices.Sort(declared)
	routes, err := openapi.Routes(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(routes, declared) {
		t.Errorf("the contract's operations\n%v\nare not the declared routes\n%v", routes, declared)
	}
	var d struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Security  []map[string][]string     `json:"security"`
			Responses map[string]map[string]any `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	if d.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", d.OpenAPI)
	}
	put := d.Paths["/products/{sku}"]["put"]
	if len(put.Security) != 1 || !slices.Equal(put.Security[0]["bearerAuth"], []string{spec.AdminGroup}) {
		t.Errorf("PUT /products/{sku} has security %v, want a bearer token of the admin group", put.Security)
	}
	if _, ok := put.Responses["403"]; !ok {
		t.Error("an admin route lists no 403")
	}
	if get := d.Paths["/products"]["get"]; len(get.Security) != 0 {
		t.Errorf("a public route has security %v", get.Security)
	}
}

// widget is a response body of the tests below.
type widget struct {
	ID      string     `json:"id"`
	Note    string     `json:"note,omitempty"`
	Parts   []part     `json:"parts"`
	Made    time.Time  `json:"made"`
	Shipped *time.Time `json:"shipped"`
	Secret  string     `json:"-"`
}

type part struct {
	SKU string `json:"sku"`
}

type widgetRequest struct {
	Name  *string       `json:"name"`
	Parts []partRequest `json:"parts"`
}

type partRequest struct {
	SKU string `json:"sku"`
}

var widgets = spec.Service{Name: "widgets", Routes: []spec.Route{
	{Method: "PUT", Path: "/widgets/{id}", Function: "widgets-api", Auth: spec.Admin},
}}

func widgetOperations() map[string][]httpapi.Operation {
	return map[string][]httpapi.Operation{"widgets": {{
		Method: "PUT", Path: "/widgets/{id}", ID: "putWidget", Summary: "Put a widget",
		Request: &httpapi.Body{Type: widgetRequest{}, Required: []string{"name"}},
		Responses: []httpapi.Response{{Status: 200, Description: "The widget.", Body: &httpapi.Body{
			Type: widget{}, Fields: map[string]httpapi.Field{"parts.sku": {Pattern: "^[A-Z]+$"}},
		}, Headers: []string{"ETag"}}},
		Problems: []int{404},
	}}}
}

func TestEveryRouteNeedsItsOperationAndEveryOperationItsRoute(t *testing.T) {
	if _, err := openapi.Render([]spec.Service{widgets}, map[string][]httpapi.Operation{}, "http://x"); err == nil || !strings.Contains(err.Error(), "PUT /widgets/{id}") {
		t.Errorf("a route without an operation: %v", err)
	}
	ops := widgetOperations()
	ops["widgets"] = append(ops["widgets"], httpapi.Operation{Method: "GET", Path: "/widgets", ID: "listWidgets"})
	if _, err := openapi.Render([]spec.Service{widgets}, ops, "http://x"); err == nil || !strings.Contains(err.Error(), "GET /widgets") {
		t.Errorf("an operation without a route: %v", err)
	}
	ops = widgetOperations()
	ops["widgets"][0].Request.Required = []string{"colour"}
	if _, err := openapi.Render([]spec.Service{widgets}, ops, "http://x"); err == nil || !strings.Contains(err.Error(), "colour") {
		t.Errorf("a required field the type lacks: %v", err)
	}
}

func TestSchemasAreTheJSONOfTheGoTypes(t *testing.T) {
	doc, err := openapi.Render([]spec.Service{widgets}, widgetOperations(), "http://x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := openapi.Load(doc); err != nil {
		t.Fatal(err)
	}
	var d struct {
		Components struct {
			Schemas map[string]struct {
				Required             []string                  `json:"required"`
				Properties           map[string]map[string]any `json:"properties"`
				AdditionalProperties *bool                     `json:"additionalProperties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	w := d.Components.Schemas["Widget"]
	if !slices.Equal(w.Required, []string{"id", "parts", "made", "shipped"}) {
		t.Errorf("a response requires %v; want the fields encoding/json always writes", w.Required)
	}
	if _, ok := w.Properties["Secret"]; ok {
		t.Error(`a field tagged json:"-" is in the schema`)
	}
	if w.Properties["made"]["format"] != "date-time" {
		t.Errorf("a time.Time is %v", w.Properties["made"])
	}
	if typ, _ := json.Marshal(w.Properties["shipped"]["type"]); string(typ) != `["string","null"]` {
		t.Errorf("a pointer a response always writes is %s, want nullable", typ)
	}
	if w.AdditionalProperties == nil || *w.AdditionalProperties {
		t.Error("a response allows fields its type does not have")
	}
	if d.Components.Schemas["Part"].Properties["sku"]["pattern"] != "^[A-Z]+$" {
		t.Errorf("a field's pattern did not reach the nested type: %v", d.Components.Schemas["Part"].Properties["sku"])
	}
	if r := d.Components.Schemas["WidgetRequest"]; !slices.Equal(r.Required, []string{"name"}) {
		t.Errorf("a request requires %v, want what its Body says", r.Required)
	}
}

func TestCheckResponseHoldsAnswersToTheContract(t *testing.T) {
	doc, err := openapi.Render([]spec.Service{widgets}, widgetOperations(), "http://x")
	if err != nil {
		t.Fatal(err)
	}
	c, err := openapi.Load(doc)
	if err != nil {
		t.Fatal(err)
	}
	jsonHeader := http.Header{"Content-Type": {"application/json"}, "Etag": {`"1"`}}
	problemHeader := http.Header{"Content-Type": {httpapi.ProblemContentType}}
	cases := []struct {
		name    string
		path    string
		status  int
		header  http.Header
		body    string
		wantErr bool
	}{
		{"the answer it describes passes", "/widgets/W1", 200, jsonHeader, `{"id":"W1","parts":[{"sku":"AB"}],"made":"2026-11-30T10:00:00Z","shipped":null}`, false},
		{"a missing required field fails", "/widgets/W1", 200, jsonHeader, `{"id":"W1","parts":[],"shipped":null}`, true},
		{"a field the type lacks fails", "/widgets/W1", 200, jsonHeader, `{"id":"W1","parts":[],"made":"2026-11-30T10:00:00Z","shipped":null,"colour":"red"}`, true},
		{"a value against a field's pattern fails", "/widgets/W1", 200, jsonHeader, `{"id":"W1","parts":[{"sku":"ab"}],"made":"2026-11-30T10:00:00Z","shipped":null}`, true},
		{"a problem it lists passes", "/widgets/W1", 404, problemHeader, `{"type":"about:blank","title":"Not Found","status":404}`, false},
		{"a problem that is no problem fails", "/widgets/W1", 404, problemHeader, `{"title":"Not Found"}`, true},
		{"API Gateway's own 401 passes", "/widgets/W1", 401, jsonHeader, `{"message":"Unauthorized"}`, false},
		{"a success as a problem's media type fails", "/widgets/W1", 200, problemHeader, `{"type":"about:blank","title":"x","status":200}`, true},
	}
	for _, c2 := range cases {
		t.Run(c2.name, func(t *testing.T) {
			req := httptest.NewRequest("PUT", c2.path, nil)
			err := c.CheckResponse(t.Context(), req, c2.status, c2.header, []byte(c2.body))
			if (err != nil) != c2.wantErr {
				t.Errorf("error %v, want an error: %v", err, c2.wantErr)
			}
		})
	}
	if err := c.CheckResponse(t.Context(), httptest.NewRequest("GET", "/gadgets", nil), 403, jsonHeader, []byte(`{"message":"Missing Authentication Token"}`)); !errors.Is(err, openapi.ErrNoRoute) {
		t.Errorf("a path the contract lacks: %v, want ErrNoRoute", err)
	}
}
