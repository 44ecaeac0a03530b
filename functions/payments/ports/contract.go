package ports

import (
	"time"

	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

// healthResponse is the shape of what GET /health/payments answers, for
// the contract: the health report and the circuit breaker beside it (see
// breaker), which the handler writes as the report's Details.
type healthResponse struct {
	httpapi.HealthReport
	Breaker          string     `json:"breaker"`
	BreakerOpenUntil *time.Time `json:"breakerOpenUntil,omitempty"`
}

// Operations describe the payments routes for the API's contract.
func Operations() []httpapi.Operation {
	fields := map[string]httpapi.Field{
		"status": {Description: "Where the payment stands.", Enum: []string{
			string(domain.StatusPending), string(domain.StatusParked), string(domain.StatusAuthorized),
			string(domain.StatusDeclined), string(domain.StatusRefunded), string(domain.StatusVoided),
		}},
		"amount":              {Description: "The order's total, in the currency's minor units."},
		"uncertain":           {Description: "An authorisation try went unanswered: the provider's answer to the order's key is not known yet."},
		"settleAttempts":      {Description: "Refund or void tries that could not reach the provider."},
		"settlementAbandoned": {Description: "The refund or void was given up: the provider may still hold the order's money."},
	}
	healthFields := map[string]httpapi.Field{
		"breaker":          {Description: "The payment provider's circuit breaker as every saga instance sees it.", Enum: []string{"closed", "open", "unknown"}},
		"breakerOpenUntil": {Description: "When the open breaker lets a probe through.", Format: "date-time"},
	}
	for k, v := range httpapi.HealthFields {
		healthFields[k] = v
	}
	at := time.Date(2026, 11, 30, 10, 15, 0, 0, time.UTC)
	health := httpapi.HealthOperationOf("payments", "paymentsHealth", &httpapi.Body{
		Type: healthResponse{}, Fields: healthFields,
		Example: httpapi.HealthReport{
			Service: "payments", Status: "ok", Checks: []httpapi.HealthCheck{{Name: "table", Status: "ok", DurationMS: 2}},
			Details: map[string]any{"breaker": "closed"},
		},
	})
	health.Description += " Reports the payment provider's circuit breaker too."
	return []httpapi.Operation{{
		Method: "GET", Path: "/payments/{orderId}", ID: "getPayment",
		Summary: "Get an order's payment",
		Parameters: []httpapi.Parameter{{
			Name: "orderId", In: "path", Required: true, Description: "The order's id.",
			Example: "01a214ae-1686-702b-b308-b189b9cf8cec",
		}},
		Responses: []httpapi.Response{{Status: 200, Description: "The order's payment.", Body: &httpapi.Body{
			Type: PaymentResponse{}, Fields: fields,
			Example: PaymentResponse{
				OrderID: "01a214ae-1686-702b-b308-b189b9cf8cec", Status: string(domain.StatusAuthorized),
				Amount: &Money{Amount: 2400, Currency: "EUR"}, AuthorizationID: "auth_7", Attempts: 1,
				AuthorizedAt: &at, UpdatedAt: at,
			},
		}}},
		Problems: []int{404},
	}, health}
}
