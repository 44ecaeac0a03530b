package domain

import (
	"fmt"
	"time"
)

// Status is where a payment is in its life.
type Status string

// The payment statuses.
const (
	// StatusPending: the order is known, no authorisation was tried yet.
	StatusPending Status = "PENDING"
	// StatusParked: the provider could not be reached; a retry is due.
	StatusParked Status = "PARKED"
	// StatusAuthorized: the provider authorised the amount.
	StatusAuthorized Status = "AUTHORIZED"
	// StatusDeclined: the provider declined, or stayed unreachable.
	StatusDeclined Status = "DECLINED"
	// StatusRefunded: the authorised amount was given back.
	StatusRefunded Status = "REFUNDED"
	// StatusVoided: the order was cancelled before any authorisation.
	StatusVoided Status = "VOIDED"
)

// ReasonProviderUnavailable is the decline reason when the provider could
// not be reached within the parked retries.
const ReasonProviderUnavailable = "provider_unavailable"

// Money is an amount in the currency's minor units and its ISO 4217 code.
type Money struct {
	Amount   int64
	Currency string
}

// Valid reports whether m is a positive amount in a three-letter currency.
func (m Money) Valid() bool {
	if m.Amount <= 0 || len(m.Currency) != 3 {
		return false
	}
	for _, r := range m.Currency {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// Payment is the payment of one order. Its fields are unexported and it
// never changes: its methods return a changed copy, keeping its rules.
type Payment struct {
	orderID         string
	amount          Money
	status          Status
	authorizationID string
	refundID        string
	declineReason   string
	attempts        int
	cancelled       bool
	authorizedAt    time.Time
	declinedAt      time.Time
	refundedAt      time.Time
	updatedAt       time.Time
	version         int
}

// NewPayment returns the pending payment of an order whose amount is not
// known yet.
func NewPayment(orderID string, at time.Time) (*Payment, error) {
	if err := ValidateOrderID(orderID); err != nil {
		return nil, err
	}
	return &Payment{orderID: orderID, status: StatusPending, updatedAt: at.UTC()}, nil
}

// ValidateOrderID reports whether id can name an order.
func ValidateOrderID(id string) error {
	if id == "" || len(id) > 64 {
		return ErrInvalidOrderID
	}
	for _, r := range id {
		ok := r == '-' || r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !ok {
			return ErrInvalidOrderID
		}
	}
	return nil
}

// Snapshot is every field of a Payment, for repositories and read models.
type Snapshot struct {
	OrderID         string
	Amount          Money
	Status          Status
	AuthorizationID string
	RefundID        string
	DeclineReason   string
	// Attempts counts the parked authorisation attempts.
	Attempts int
	// Cancelled records that the order was cancelled.
	Cancelled bool
	// AuthorizedAt, DeclinedAt and RefundedAt are when each happened;
	// zero when it did not.
	AuthorizedAt time.Time
	DeclinedAt   time.Time
	RefundedAt   time.Time
	UpdatedAt    time.Time
	// Version increases with every stored change; 0 means never stored.
	Version int
}

// Snapshot returns the payment's fields.
func (p *Payment) Snapshot() Snapshot {
	return Snapshot{
		OrderID: p.orderID, Amount: p.amount, Status: p.status, AuthorizationID: p.authorizationID,
		RefundID: p.refundID, DeclineReason: p.declineReason, Attempts: p.attempts,
		Cancelled: p.cancelled, AuthorizedAt: p.authorizedAt, DeclinedAt: p.declinedAt,
		RefundedAt: p.refundedAt, UpdatedAt: p.updatedAt, Version: p.version,
	}
}

// FromSnapshot rebuilds a stored payment, checking that its fields agree.
// Repositories use it to return a payment at the version they stored.
func FromSnapshot(s Snapshot) (*Payment, error) {
	if err := ValidateOrderID(s.OrderID); err != nil {
		return nil, err
	}
	switch s.Status {
	case StatusPending, StatusParked, StatusAuthorized, StatusDeclined, StatusRefunded, StatusVoided:
	default:
		return nil, fmt.Errorf("payment %s: unknown status %q", s.OrderID, s.Status)
	}
	if (s.Status == StatusAuthorized || s.Status == StatusRefunded) && s.AuthorizationID == "" {
		return nil, fmt.Errorf("payment %s: %s without an authorisation id", s.OrderID, s.Status)
	}
	return &Payment{
		orderID: s.OrderID, amount: s.Amount, status: s.Status, authorizationID: s.AuthorizationID,
		refundID: s.RefundID, declineReason: s.DeclineReason, attempts: s.Attempts,
		cancelled: s.Cancelled, authorizedAt: s.AuthorizedAt, declinedAt: s.DeclinedAt,
		refundedAt: s.RefundedAt, updatedAt: s.UpdatedAt, version: s.Version,
	}, nil
}

// OrderID returns the order the payment belongs to.
func (p *Payment) OrderID() string { return p.orderID }

// Amount returns the amount to authorise; zero when not known yet.
func (p *Payment) Amount() Money { return p.amount }

// Status returns the payment's status.
func (p *Payment) Status() Status { return p.status }

// AuthorizationID returns the provider's authorisation id, if any.
func (p *Payment) AuthorizationID() string { return p.authorizationID }

// RefundID returns the provider's refund id, if any.
func (p *Payment) RefundID() string { return p.refundID }

// DeclineReason returns why the payment was declined, if it was.
func (p *Payment) DeclineReason() string { return p.declineReason }

// Attempts returns how many authorisation attempts were parked.
func (p *Payment) Attempts() int { return p.attempts }

// AuthorizedAt returns when the amount was authorised; zero if it was not.
func (p *Payment) AuthorizedAt() time.Time { return p.authorizedAt }

// DeclinedAt returns when the payment was declined; zero if it was not.
func (p *Payment) DeclinedAt() time.Time { return p.declinedAt }

// RefundedAt returns when the amount was refunded; zero if it was not.
func (p *Payment) RefundedAt() time.Time { return p.refundedAt }

// Cancelled reports whether the order was cancelled.
func (p *Payment) Cancelled() bool { return p.cancelled }

// Version returns the stored version the payment was read at.
func (p *Payment) Version() int { return p.version }

// UpdatedAt returns when the payment last changed.
func (p *Payment) UpdatedAt() time.Time { return p.updatedAt }

// with returns a copy of p changed by change: the methods that change a
// payment return a new value and leave p as it was.
func (p *Payment) with(change func(next *Payment)) *Payment {
	next := *p
	change(&next)
	return &next
}

// RecordAmount returns the payment with the order's amount, learnt from
// the order. The first amount stays: a later one is ignored.
func (p *Payment) RecordAmount(m Money) (*Payment, error) {
	if !m.Valid() {
		return nil, ErrInvalidAmount
	}
	if p.amount != (Money{}) {
		return p, nil
	}
	return p.with(func(next *Payment) { next.amount = m }), nil
}

// Awaiting reports whether the payment still waits for an authorisation.
func (p *Payment) Awaiting() bool {
	return p.status == StatusPending || p.status == StatusParked
}

// Authorize returns the payment authorised by the provider. When the order
// was cancelled while the provider was being asked, the payment is still
// authorised, with a refund due.
func (p *Payment) Authorize(authorizationID string, at time.Time) (*Payment, error) {
	if authorizationID == "" {
		return nil, fmt.Errorf("%w: an authorisation needs the provider's id", ErrTransition)
	}
	switch {
	case p.Awaiting(), p.status == StatusVoided:
	case p.status == StatusAuthorized && p.authorizationID == authorizationID:
		return p, nil
	default:
		return nil, fmt.Errorf("%w: %s payment cannot be authorised", ErrTransition, p.status)
	}
	if p.amount == (Money{}) {
		return nil, ErrAmountUnknown
	}
	return p.with(func(next *Payment) {
		if next.status == StatusVoided {
			next.cancelled = true
		}
		next.status, next.authorizationID, next.authorizedAt, next.updatedAt = StatusAuthorized, authorizationID, at.UTC(), at.UTC()
	}), nil
}

// Decline returns the payment declined by the provider, or because the
// provider could not be reached. A payment voided meanwhile stays voided.
func (p *Payment) Decline(reason string, at time.Time) (*Payment, error) {
	if reason == "" {
		return nil, fmt.Errorf("%w: a decline needs a reason", ErrTransition)
	}
	switch {
	case p.Awaiting():
		return p.with(func(next *Payment) {
			next.status, next.declineReason, next.declinedAt, next.updatedAt = StatusDeclined, reason, at.UTC(), at.UTC()
		}), nil
	case p.status == StatusDeclined, p.status == StatusVoided:
		return p, nil
	default:
		return nil, fmt.Errorf("%w: %s payment cannot be declined", ErrTransition, p.status)
	}
}

// Park returns the payment after an authorisation attempt that could not
// reach the provider: parked, with another attempt due, or, once
// maxAttempts attempts are spent, declined with ReasonProviderUnavailable.
func (p *Payment) Park(maxAttempts int, at time.Time) (*Payment, error) {
	if !p.Awaiting() {
		return nil, fmt.Errorf("%w: %s payment cannot be parked", ErrTransition, p.status)
	}
	counted := p.with(func(next *Payment) { next.attempts++ })
	if counted.attempts >= maxAttempts {
		return counted.Decline(ReasonProviderUnavailable, at)
	}
	return counted.with(func(next *Payment) { next.status, next.updatedAt = StatusParked, at.UTC() }), nil
}

// Cancel returns the payment of a cancelled order: a payment not
// authorised yet is voided (no authorisation will be made); an authorised
// one has a refund due.
func (p *Payment) Cancel(at time.Time) *Payment {
	switch {
	case p.Awaiting():
		return p.with(func(next *Payment) { next.status, next.cancelled, next.updatedAt = StatusVoided, true, at.UTC() })
	case (p.status == StatusAuthorized || p.status == StatusDeclined) && !p.cancelled:
		return p.with(func(next *Payment) { next.cancelled, next.updatedAt = true, at.UTC() })
	}
	return p
}

// RefundDue reports whether the authorised amount must be given back.
func (p *Payment) RefundDue() bool { return p.status == StatusAuthorized && p.cancelled }

// Refund returns the payment whose authorised amount the provider
// refunded.
func (p *Payment) Refund(refundID string, at time.Time) (*Payment, error) {
	if refundID == "" {
		return nil, fmt.Errorf("%w: a refund needs the provider's id", ErrTransition)
	}
	if p.status == StatusRefunded && p.refundID == refundID {
		return p, nil
	}
	if !p.RefundDue() {
		return nil, fmt.Errorf("%w: %s payment has no refund due", ErrTransition, p.status)
	}
	return p.with(func(next *Payment) {
		next.status, next.refundID, next.refundedAt, next.updatedAt = StatusRefunded, refundID, at.UTC(), at.UTC()
	}), nil
}
