package ports

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

// HealthTimeout bounds the health check of the payments table, and the
// read of the circuit breaker's shared state.
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
	mux.HandleFunc("GET /health/payments", httpapi.HealthWithDetails("payments", HealthTimeout, s.log, s.breaker,
		httpapi.Dependency{Name: "table", Check: s.app.Health.Check}))
	return mux
}

// PaymentResponse is the JSON of one payment.
type PaymentResponse struct {
	OrderID         string `json:"orderId"`
	Status          string `json:"status"`
	Amount          *Money `json:"amount,omitempty"`
	AuthorizationID string `json:"authorizationId,omitempty"`
	RefundID        string `json:"refundId,omitempty"`
	DeclineReason   string `json:"declineReason,omitempty"`
	Attempts        int    `json:"attempts"`
	Cancelled       bool   `json:"cancelled"`
	// Uncertain: an authorisation try went unanswered, and the provider's
	// answer to the order's key is not known yet.
	Uncertain bool `json:"uncertain"`
	// VoidedAuthorizationID is the authorisation the provider cancelled
	// when the payment was settled by a void.
	VoidedAuthorizationID string `json:"voidedAuthorizationId,omitempty"`
	// SettleAttempts counts the refund or void tries that could not reach
	// the provider; SettlementAbandoned says they were given up, and the
	// provider may still hold the order's money.
	SettleAttempts      int        `json:"settleAttempts"`
	SettlementAbandoned bool       `json:"settlementAbandoned"`
	AuthorizedAt        *time.Time `json:"authorizedAt,omitempty"`
	DeclinedAt          *time.Time `json:"declinedAt,omitempty"`
	RefundedAt          *time.Time `json:"refundedAt,omitempty"`
	VoidedAt            *time.Time `json:"voidedAt,omitempty"`
	UpdatedAt           time.Time  `json:"updatedAt"`
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
		Uncertain: p.Uncertain(), VoidedAuthorizationID: p.VoidedAuthorizationID(),
		SettleAttempts: p.SettleAttempts(), SettlementAbandoned: p.SettlementAbandoned(),
		AuthorizedAt: timePtr(p.AuthorizedAt()), DeclinedAt: timePtr(p.DeclinedAt()), RefundedAt: timePtr(p.RefundedAt()),
		VoidedAt: timePtr(p.VoidedAt()), UpdatedAt: p.UpdatedAt(),
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

// breaker reports the payment provider's circuit breaker as every instance
// of the saga sees it, beside the health checks: "breaker" is "closed",
// "open" (with "breakerOpenUntil", when it lets a probe through) or
// "unknown" when its shared state cannot be read.
func (s *HTTPServer) breaker(ctx context.Context) map[string]any {
	until, err := s.app.Queries.Breaker.OpenUntil(ctx)
	switch {
	case err != nil:
		s.log.WarnContext(ctx, "health check: breaker state unreadable", slog.String("error", err.Error()))
		return map[string]any{"breaker": "unknown"}
	case until.After(s.now()):
		return map[string]any{"breaker": "open", "breakerOpenUntil": until}
	}
	return map[string]any{"breaker": "closed"}
}
