package ports_test

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/functions/payments/ports"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

// caller is who sends a request, as the API Gateway authorizer passes it.
type caller map[string]any

var (
	admin     = caller{"sub": "admin-1", "cognito:groups": "admin"}
	customer  = caller{"sub": "customer-1", "cognito:groups": "customers"}
	anonymous caller
)

// api serves the payments routes over the use cases u, as Lambda runs
// them behind API Gateway.
func api(u *useCases) *httpapi.API {
	log := slog.New(slog.DiscardHandler)
	return httpapi.New(ports.NewHTTPServer(u.app, log, clock).Routes(), log)
}

// get sends GET path as who and returns the status, the content type and
// the body.
func get(t *testing.T, a *httpapi.API, who caller, path string) (int, string, []byte) {
	t.Helper()
	req := lambdaevents.APIGatewayProxyRequest{HTTPMethod: http.MethodGet, Path: path}
	if who != nil {
		req.RequestContext.Authorizer = map[string]any{"claims": map[string]any(who)}
	}
	resp, err := a.Proxy(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	contentType := resp.Headers["Content-Type"]
	if v := resp.MultiValueHeaders["Content-Type"]; contentType == "" && len(v) > 0 {
		contentType = v[0]
	}
	return resp.StatusCode, contentType, []byte(resp.Body)
}

func decode[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	return v
}

func TestThePaymentOfAnOrder(t *testing.T) {
	u := newUseCases(&retries{}, breaker{}, table{})
	if err := u.app.Commands.AuthorizePayment.Handle(t.Context(), app.AuthorizePayment{
		OrderID: "order-1", Amount: domain.Money{Amount: 2500, Currency: "EUR"},
	}); err != nil {
		t.Fatal(err)
	}
	a := api(u)

	t.Run("a known order's payment is shown to an admin", func(t *testing.T) {
		status, _, body := get(t, a, admin, "/payments/order-1")
		if status != http.StatusOK {
			t.Fatalf("status %d %s, want 200", status, body)
		}
		p := decode[ports.PaymentResponse](t, body)
		if p.OrderID != "order-1" || p.Status != "AUTHORIZED" || p.AuthorizationID != "auth_order-1" ||
			p.Amount == nil || *p.Amount != (ports.Money{Amount: 2500, Currency: "EUR"}) ||
			p.AuthorizedAt == nil || !p.AuthorizedAt.Equal(now) || p.Cancelled || p.Attempts != 0 {
			t.Errorf("payment %s", body)
		}
	})
	t.Run("an unknown order is a 404 problem", func(t *testing.T) {
		status, contentType, body := get(t, a, admin, "/payments/order-2")
		if status != http.StatusNotFound || contentType != httpapi.ProblemContentType {
			t.Fatalf("status %d (%s) %s, want a 404 problem", status, contentType, body)
		}
		if p := decode[httpapi.Problem](t, body); p.Status != http.StatusNotFound || p.Detail != domain.ErrPaymentNotFound.Error() {
			t.Errorf("problem %+v", p)
		}
	})
	t.Run("an order id that cannot be one is a 400 problem", func(t *testing.T) {
		if status, contentType, body := get(t, a, admin, "/payments/order.1"); status != http.StatusBadRequest || contentType != httpapi.ProblemContentType {
			t.Errorf("status %d (%s) %s, want a 400 problem", status, contentType, body)
		}
	})
	t.Run("a caller who is not an admin is refused", func(t *testing.T) {
		for who, want := range map[string]struct {
			c      caller
			status int
		}{"a customer": {customer, http.StatusForbidden}, "an anonymous caller": {anonymous, http.StatusUnauthorized}} {
			if status, _, body := get(t, a, want.c, "/payments/order-1"); status != want.status {
				t.Errorf("%s: status %d %s, want %d", who, status, body, want.status)
			}
		}
	})
}

func TestTheHealthCheck(t *testing.T) {
	tests := []struct {
		name       string
		table      table
		wantStatus int
		wantState  string
	}{
		{"a table that answers is healthy", table{}, http.StatusOK, "ok"},
		{"a table that does not answer is unavailable", table{err: errTableDown}, http.StatusServiceUnavailable, "unavailable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := get(t, api(newUseCases(&retries{}, breaker{}, tt.table)), anonymous, "/health/payments")
			if status != tt.wantStatus {
				t.Fatalf("status %d %s, want %d", status, body, tt.wantStatus)
			}
			r := decode[httpapi.HealthReport](t, body)
			if r.Service != "payments" || r.Status != tt.wantState || len(r.Checks) != 1 || r.Checks[0].Name != "table" || r.Checks[0].Status != tt.wantState {
				t.Errorf("report %+v, want %s with the table %s", r, tt.wantState, tt.wantState)
			}
		})
	}
}

// breakerReport is the breaker's part of the health report.
type breakerReport struct {
	Status           string     `json:"status"`
	Breaker          string     `json:"breaker"`
	BreakerOpenUntil *time.Time `json:"breakerOpenUntil"`
}

func TestTheHealthCheckShowsTheCircuitBreaker(t *testing.T) {
	later := now.Add(5 * time.Second)
	tests := []struct {
		name          string
		breaker       breaker
		wantBreaker   string
		wantOpenUntil *time.Time
	}{
		{"a breaker no instance holds open is closed", breaker{}, "closed", nil},
		{"a breaker held open is open until it lets a probe through", breaker{until: later}, "open", &later},
		{"a breaker whose open state has passed is closed", breaker{until: now.Add(-time.Second)}, "closed", nil},
		{"a breaker whose state cannot be read is unknown, and the service still healthy", breaker{err: errors.New("throttled")}, "unknown", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := get(t, api(newUseCases(&retries{}, tt.breaker, table{})), anonymous, "/health/payments")
			if status != http.StatusOK {
				t.Fatalf("status %d %s, want 200", status, body)
			}
			r := decode[breakerReport](t, body)
			if r.Status != "ok" || r.Breaker != tt.wantBreaker || (r.BreakerOpenUntil == nil) != (tt.wantOpenUntil == nil) ||
				(r.BreakerOpenUntil != nil && !r.BreakerOpenUntil.Equal(*tt.wantOpenUntil)) {
				t.Errorf("report %s, want breaker %s until %v", body, tt.wantBreaker, tt.wantOpenUntil)
			}
		})
	}
}
