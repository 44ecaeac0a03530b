package ports_test

import (
	"encoding/json"
	"net/http"
	"testing"

	lambdaevents "github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/functions/inventory/ports"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

// caller is who sends a request: nobody signed in, a customer or an admin.
type caller string

const (
	anonymous caller = ""
	customer  caller = "customer"
	admin     caller = "admin"
)

// answer is the HTTP port's response to one request.
type answer struct {
	status      int
	contentType string
	body        map[string]any
}

// call sends one API Gateway request through the HTTP port of f's
// application, as httpapi serves it to Lambda.
func (f *fixture) call(t *testing.T, method, path, body string, who caller) answer {
	t.Helper()
	api := httpapi.New(ports.NewHTTPServer(f.app, nil).Routes(), nil)
	req := lambdaevents.APIGatewayProxyRequest{
		Path: path, HTTPMethod: method, Body: body,
		MultiValueHeaders: map[string][]string{"Content-Type": {"application/json"}},
		RequestContext:    lambdaevents.APIGatewayProxyRequestContext{RequestID: "req-1", HTTPMethod: method, Path: path},
	}
	if who != anonymous {
		groups := ""
		if who == admin {
			groups = httpapi.AdminGroup
		}
		req.RequestContext.Authorizer = map[string]any{"claims": map[string]any{"sub": "user-" + string(who), "cognito:groups": groups}}
	}
	resp, err := api.Proxy(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	a := answer{status: resp.StatusCode}
	if ct := resp.MultiValueHeaders["Content-Type"]; len(ct) > 0 {
		a.contentType = ct[0]
	}
	if err := json.Unmarshal([]byte(resp.Body), &a.body); err != nil {
		t.Fatalf("%s %s: body %q is not a JSON object", method, path, resp.Body)
	}
	return a
}

func TestHTTPServerAnswersProblemsForBadRequests(t *testing.T) {
	cases := []struct {
		name, method, path, body string
		who                      caller
		status                   int
	}{
		{"a malformed SKU is a bad request", http.MethodGet, "/inventory/mug", "", anonymous, http.StatusBadRequest},
		{"a SKU without stock is not found", http.MethodGet, "/inventory/NOPE", "", anonymous, http.StatusNotFound},
		{"setting stock needs a signed-in caller", http.MethodPut, "/inventory/MUG", `{"onHand":3}`, anonymous, http.StatusUnauthorized},
		{"setting stock needs an admin", http.MethodPut, "/inventory/MUG", `{"onHand":3}`, customer, http.StatusForbidden},
		{"a body without onHand is a bad request", http.MethodPut, "/inventory/MUG", `{}`, admin, http.StatusBadRequest},
		{"a body that is not JSON is a bad request", http.MethodPut, "/inventory/MUG", `onHand=3`, admin, http.StatusBadRequest},
		{"a negative quantity is a bad request", http.MethodPut, "/inventory/MUG", `{"onHand":-1}`, admin, http.StatusBadRequest},
		{"a malformed SKU to set is a bad request", http.MethodPut, "/inventory/mug", `{"onHand":3}`, admin, http.StatusBadRequest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			a := f.call(t, c.method, c.path, c.body, c.who)
			if a.status != c.status || a.contentType != httpapi.ProblemContentType {
				t.Fatalf("%d %s %v, want a %d problem", a.status, a.contentType, a.body, c.status)
			}
			if a.body["status"] != float64(c.status) {
				t.Errorf("problem %v", a.body)
			}
			if got := f.levels(t); got != [3]int64{5, 0, 5} {
				t.Errorf("MUG changed to %v", got)
			}
		})
	}
}

func TestHTTPServerServesStock(t *testing.T) {
	t.Run("a known SKU answers its stock", func(t *testing.T) {
		f := newFixture(t)
		f.reserve(t, "O-1")
		a := f.call(t, http.MethodGet, "/inventory/MUG", "", anonymous)
		want := map[string]any{"sku": "MUG", "onHand": 5.0, "reserved": 2.0, "available": 3.0}
		if a.status != http.StatusOK || a.contentType != "application/json" || !equalJSON(a.body, want) {
			t.Fatalf("%d %s %v, want 200 %v", a.status, a.contentType, a.body, want)
		}
	})
	t.Run("an admin sets the stock on hand of a known SKU", func(t *testing.T) {
		f := newFixture(t)
		a := f.call(t, http.MethodPut, "/inventory/MUG", `{"onHand":7}`, admin)
		if a.status != http.StatusOK || a.body["onHand"] != 7.0 || f.levels(t) != [3]int64{7, 0, 7} {
			t.Fatalf("%d %v, stock %v", a.status, a.body, f.levels(t))
		}
	})
	t.Run("an admin creates the stock of a new SKU", func(t *testing.T) {
		f := newFixture(t)
		a := f.call(t, http.MethodPut, "/inventory/TEA", `{"onHand":4}`, admin)
		if a.status != http.StatusCreated || a.body["sku"] != "TEA" || a.body["available"] != 4.0 {
			t.Fatalf("%d %v, want 201 with TEA's stock", a.status, a.body)
		}
	})
	t.Run("the health route reports the table up", func(t *testing.T) {
		f := newFixture(t)
		if a := f.call(t, http.MethodGet, "/health/inventory", "", anonymous); a.status != http.StatusOK {
			t.Fatalf("%d %v", a.status, a.body)
		}
	})
}

func equalJSON(a, b map[string]any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
