package ports_test

import (
	"encoding/json"
	"net/http"
	"testing"

	lambdaevents "github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/functions/shipping/app"
	"github.com/conveyor-dev/conveyor/functions/shipping/ports"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

// answer is the HTTP port's response to one request.
type answer struct {
	status      int
	contentType string
	body        map[string]any
}

// get sends GET path through the HTTP port of f's application, as
// httpapi serves it to Lambda, signed in as sub (nobody when empty) in
// groups.
func (f *fixture) get(t *testing.T, path, sub, groups string) answer {
	t.Helper()
	api := httpapi.New(ports.NewHTTPServer(f.app, nil).Routes(), nil)
	req := lambdaevents.APIGatewayProxyRequest{
		Path: path, HTTPMethod: http.MethodGet,
		RequestContext: lambdaevents.APIGatewayProxyRequestContext{RequestID: "req-1", HTTPMethod: http.MethodGet, Path: path},
	}
	if sub != "" {
		req.RequestContext.Authorizer = map[string]any{"claims": map[string]any{"sub": sub, "cognito:groups": groups}}
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
		t.Fatalf("GET %s: body %q is not a JSON object", path, resp.Body)
	}
	return a
}

func TestHTTPServerAnswersProblems(t *testing.T) {
	cases := []struct {
		name, path, sub, groups string
		cancelledFirst          bool
		status                  int
	}{
		{"a caller who is not signed in is unauthorized", "/shipments/order-1", "", "", false, http.StatusUnauthorized},
		{"an unknown order is not found", "/shipments/order-2", "alice", "", false, http.StatusNotFound},
		{"another customer's shipment is not found", "/shipments/order-1", "bob", "", false, http.StatusNotFound},
		{"an order cancelled before it was scheduled is not found, even for an admin", "/shipments/order-1", "root", httpapi.AdminGroup, true, http.StatusNotFound},
		{"an unknown route is not found", "/shipment/order-1", "alice", "", false, http.StatusNotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			if c.cancelledFirst {
				if _, err := f.app.CancelShipment.Handle(t.Context(), app.CancelShipment{OrderID: "order-1"}); err != nil {
					t.Fatal(err)
				}
			} else {
				f.schedule(t)
			}
			a := f.get(t, c.path, c.sub, c.groups)
			if a.status != c.status || a.contentType != httpapi.ProblemContentType || a.body["status"] != float64(c.status) {
				t.Fatalf("%d %s %v, want a %d problem", a.status, a.contentType, a.body, c.status)
			}
		})
	}
}

func TestHTTPServerServesShipments(t *testing.T) {
	t.Run("the customer reads their order's shipment", func(t *testing.T) {
		f := newFixture(t)
		f.schedule(t)
		s, err := f.repo.Shipment(t.Context(), "order-1")
		if err != nil {
			t.Fatal(err)
		}
		a := f.get(t, "/shipments/order-1", "alice", "")
		want := map[string]any{
			"orderId": "order-1", "shipmentId": s.ShipmentID(), "carrier": s.Carrier(), "trackingId": s.TrackingID(),
			"lines": []any{map[string]any{"sku": "MUG", "quantity": 2.0}}, "shipBy": "2026-11-26",
			"scheduledAt": "2026-11-25T12:00:00Z", "status": "SCHEDULED",
		}
		if a.status != http.StatusOK || a.contentType != "application/json" || !equalJSON(a.body, want) {
			t.Fatalf("%d %s %v, want 200 %v", a.status, a.contentType, a.body, want)
		}
	})
	t.Run("an admin reads a cancelled shipment, with when it was cancelled", func(t *testing.T) {
		f := newFixture(t)
		f.schedule(t)
		if _, err := f.app.CancelShipment.Handle(t.Context(), app.CancelShipment{OrderID: "order-1"}); err != nil {
			t.Fatal(err)
		}
		a := f.get(t, "/shipments/order-1", "root", httpapi.AdminGroup)
		if a.status != http.StatusOK || a.body["status"] != "CANCELLED" || a.body["cancelledAt"] != "2026-11-25T12:00:00Z" {
			t.Fatalf("%d %v, want 200 with the cancellation", a.status, a.body)
		}
	})
	t.Run("the health route reports the table up", func(t *testing.T) {
		f := newFixture(t)
		if a := f.get(t, "/health/shipping", "", ""); a.status != http.StatusOK {
			t.Fatalf("%d %v", a.status, a.body)
		}
	})
}

func equalJSON(a, b map[string]any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
