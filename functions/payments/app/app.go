package app

import (
	"context"
	"errors"
	"time"

	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// Application is every use case of payments, wired once in service.
type Application struct {
	Commands Commands
	Queries  Queries
	Health   HealthChecker
}

// Commands change payments; the saga function runs them.
type Commands struct {
	RecordOrder      RecordOrderHandler
	AuthorizePayment AuthorizePaymentHandler
	CancelPayment    CancelPaymentHandler
	SettlePayment    SettlePaymentHandler
}

// Queries read payments; the API function runs them.
type Queries struct {
	PaymentByOrder PaymentByOrderHandler
	Breaker        BreakerReader
}

// PaymentRepository stores payments, one per order. The payments'
// decisions are published from what it stores (see the publisher
// function), so a stored change is announced whatever happens to the
// call that stored it.
type PaymentRepository interface {
	// Payment returns the order's payment or domain.ErrPaymentNotFound.
	Payment(ctx context.Context, orderID string) (*domain.Payment, error)
	// UpdatePayment reads the order's payment (nil when there is none),
	// lets fn change it and stores the result only if nothing else
	// changed it meanwhile, calling fn again on a conflict. When fn
	// returns the payment unchanged, nothing is written. It returns the
	// stored payment.
	UpdatePayment(ctx context.Context, orderID string, fn func(cur *domain.Payment) (*domain.Payment, error)) (*domain.Payment, error)
}

// ErrProviderUnavailable: the provider could not be reached: its circuit
// breaker is open, or every retry of a call failed transiently. Unless the
// error is also ErrNotSent, a request may have reached the provider and
// been carried out without its answer coming back.
var ErrProviderUnavailable = apperr.New(apperr.Unavailable, "the payment provider is unavailable")

// ErrNotSent marks an ErrProviderUnavailable whose call sent no request
// (the circuit breaker refused every try): the provider cannot have acted
// on it.
var ErrNotSent = errors.New("no request was sent to the provider")

// AuthorizationRequest asks the provider to authorise an order's amount.
type AuthorizationRequest struct {
	OrderID string
	Amount  domain.Money
	// IdempotencyKey makes repeats of the request one authorisation.
	IdempotencyKey string
}

// Authorization is the provider's answer: an authorisation id, or a
// decline with its reason.
type Authorization struct {
	ID       string
	Declined bool
	Reason   string
}

// RefundRequest asks the provider to refund an authorisation.
type RefundRequest struct {
	OrderID         string
	AuthorizationID string
	Amount          domain.Money
	IdempotencyKey  string
}

// VoidRequest asks the provider to cancel whatever it authorised under an
// order's authorisation key, and to authorise nothing more under it.
type VoidRequest struct {
	OrderID string
	// AuthorizationKey is the idempotency key the authorisation was
	// requested under (AuthorizationKey(OrderID)).
	AuthorizationKey string
	// IdempotencyKey makes repeats of the request one void.
	IdempotencyKey string
}

// Provider is the external payment provider. Calls that cannot reach it
// fail with ErrProviderUnavailable.
type Provider interface {
	Authorize(ctx context.Context, req AuthorizationRequest) (Authorization, error)
	// Refund returns the provider's refund id.
	Refund(ctx context.Context, req RefundRequest) (string, error)
	// Void returns the id of the authorisation the provider cancelled;
	// empty when it had made none under the key.
	Void(ctx context.Context, req VoidRequest) (string, error)
}

// RetryScheduler delivers the saga's delayed retries: of an order's parked
// authorisation, as a PaymentRetryDue, and of its parked refund or void,
// as a PaymentSettleDue, each after delay.
type RetryScheduler interface {
	ScheduleRetry(ctx context.Context, orderID string, attempt int, delay time.Duration) error
	ScheduleSettle(ctx context.Context, orderID string, attempt int, delay time.Duration) error
}

// HealthChecker checks the service's own dependencies.
type HealthChecker interface {
	Check(ctx context.Context) error
}

// BreakerReader reads the circuit breaker state every instance shares.
type BreakerReader interface {
	// OpenUntil returns when the shared open state ends; zero when the
	// breaker is closed.
	OpenUntil(ctx context.Context) (time.Time, error)
}
