package ports

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// HealthTimeout bounds the health check.
const HealthTimeout = time.Second

// HTTPServer serves the payments routes (see functions/payments/spec.go).
type HTTPServer struct {
	app app.Application
	log *slog.Logger
	now func() time.Time
}

// NewHTTPServer returns the HTTP port of application.
func NewHTTPServer(application app.Application, log *slog.Logger, now func() time.Time) *HTTPServer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &HTTPServer{app: application, log: log, now: now}
}

// Routes returns the mux with every payments route.
func (s *HTTPServer) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /payments/{orderId}", s.getPayment)
	mux.HandleFunc("GET /health/payments", s.health)
	return mux
}

// PaymentResponse is the JSON of one payment.
type PaymentResponse struct {
	OrderID         string     `json:"orderId"`
	Status          string     `json:"status"`
	Amount          *Money     `json:"amount,omitempty"`
	AuthorizationID string     `json:"authorizationId,omitempty"`
	RefundID        string     `json:"refundId,omitempty"`
	DeclineReason   string     `json:"declineReason,omitempty"`
	Attempts        int        `json:"attempts"`
	Cancelled       bool       `json:"cancelled"`
	AuthorizedAt    *time.Time `json:"authorizedAt,omitempty"`
	DeclinedAt      *time.Time `json:"declinedAt,omitempty"`
	RefundedAt      *time.Time `json:"refundedAt,omitempty"`
	UpdatedAt       time.Time  `json:"updatedAt"`
}

// Money is an amount in minor units and its currency.
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// NewPaymentResponse renders a payment.
func NewPaymentResponse(p *domain.Payment) PaymentResponse {
	r := PaymentResponse{
		OrderID: p.OrderID(), Status: string(p.Status()), AuthorizationID: p.AuthorizationID(), RefundID: p.RefundID(),
		DeclineReason: p.DeclineReason(), Attempts: p.Attempts(), Cancelled: p.Cancelled(),
		AuthorizedAt: timePtr(p.AuthorizedAt()), DeclinedAt: timePtr(p.DeclinedAt()), RefundedAt: timePtr(p.RefundedAt()),
		UpdatedAt: p.UpdatedAt(),
	}
	if a := p.Amount(); a != (domain.Money{}) {
		r.Amount = &Money{Amount: a.Amount, Currency: a.Currency}
	}
	return r
}

func (s *HTTPServer) getPayment(w http.ResponseWriter, r *http.Request) {
	if _, err := httpapi.RequireAdmin(r); err != nil {
		httpapi.WriteError(w, r, s.log, err)
		return
	}
	p, err := s.app.Queries.PaymentByOrder.Handle(r.Context(), r.PathValue("orderId"))
	if err != nil {
		httpapi.WriteError(w, r, s.log, err)
		return
	}
	if err := httpapi.WriteJSON(w, http.StatusOK, NewPaymentResponse(p)); err != nil {
		s.log.WarnContext(r.Context(), "write payment response", slog.String("error", err.Error()))
	}
}

// HealthResponse is the JSON of the health check: each dependency's state
// and the provider's circuit breaker as every instance sees it.
type HealthResponse struct {
	Service string `json:"service"`
	Status  string `json:"status"`
	// Breaker is "closed" or "open".
	Breaker string `json:"breaker"`
	// BreakerOpenUntil is when an open breaker lets a probe through.
	BreakerOpenUntil *time.Time `json:"breakerOpenUntil,omitempty"`
	// Checks are the dependencies checked, each within HealthTimeout.
	Checks []HealthCheck `json:"checks"`
}

// HealthCheck is one dependency's state in the health report.
type HealthCheck struct {
	Name       string `json:"name"`
	Status     string `json:"status"`
	DurationMS int64  `json:"durationMs"`
	Error      string `json:"error,omitempty"`
}

func (s *HTTPServer) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), HealthTimeout)
	defer cancel()
	resp := HealthResponse{Service: "payments", Status: "ok", Breaker: "closed"}
	status := http.StatusOK
	start := time.Now()
	table := HealthCheck{Name: "table", Status: "ok"}
	if err := s.app.Health.Check(ctx); err != nil {
		s.log.WarnContext(ctx, "health check failed", slog.String("check", "table"), slog.String("error", err.Error()))
		table.Status, table.Error = "unavailable", "the table did not answer within "+HealthTimeout.String()
		resp.Status, status = "unavailable", http.StatusServiceUnavailable
	}
	table.DurationMS = time.Since(start).Milliseconds()
	start = time.Now()
	breaker := HealthCheck{Name: "payment-provider breaker", Status: "closed"}
	if until, err := s.app.Queries.Breaker.OpenUntil(ctx); err != nil {
		s.log.WarnContext(ctx, "health check: breaker state unreadable", slog.String("error", err.Error()))
		resp.Breaker, breaker.Status, breaker.Error = "unknown", "unknown", "the breaker's state could not be read"
	} else if until.After(s.now()) {
		resp.Breaker, resp.BreakerOpenUntil = "open", &until
		breaker.Status = "open"
	}
	breaker.DurationMS = time.Since(start).Milliseconds()
	resp.Checks = []HealthCheck{table, breaker}
	failures := 0.0
	for _, c := range resp.Checks {
		if c.Status != "ok" && c.Status != "closed" {
			failures++
		}
	}
	metrics.FromContext(r.Context()).Add(metrics.MetricHealthCheckFailures, failures, metrics.Count)
	w.Header().Set("Cache-Control", "no-store")
	if err := httpapi.WriteJSON(w, status, resp); err != nil {
		s.log.WarnContext(ctx, "write health response", slog.String("error", err.Error()))
	}
}
