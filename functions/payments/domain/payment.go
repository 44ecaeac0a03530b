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
	// StatusDeclined: the provider declined, refused the request or stayed
	// unreachable, or the amount was not one to authorise.
	StatusDeclined Status = "DECLINED"
	// StatusRefunded: the authorised amount was given back.
	StatusRefunded Status = "REFUNDED"
	// StatusVoided: the order was cancelled before any authorisation, or
	// the authorisation was cancelled at the provider before any refund.
	StatusVoided Status = "VOIDED"
)

// The decline reasons payments gives itself; any other reason is the
// provider's own.
const (
	// ReasonProviderUnavailable: the provider could not be reached within
	// the parked retries.
	ReasonProviderUnavailable = "provider_unavailable"
	// ReasonInvalidAmount: the order's amount is not positive, or not in a
	// three-letter currency, so there is nothing to authorise.
	ReasonInvalidAmount = "invalid_amount"
	// ReasonProviderRejected: the provider refused the request itself (an
	// answer other than a decline, such as 400), which no retry changes.
	ReasonProviderRejected = "provider_rejected"
)

// Outcome is the decision a payment's state announces to the saga.
type Outcome string

// The outcomes; OutcomeNone while there is nothing to announce.
const (
	OutcomeNone Outcome = ""
	// OutcomeAuthorized: the amount is authorised and the order stands.
	OutcomeAuthorized Outcome = "authorized"
	// OutcomeDeclined: the payment is declined.
	OutcomeDeclined Outcome = "declined"
	// OutcomeRefunded: the authorised amount was given back.
	OutcomeRefunded Outcome = "refunded"
)

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
//
// An authorisation try that goes unanswered (a timeout) leaves the payment
// uncertain: the provider may have authorised under the order's key
// without anyone learning the authorisation's id. An uncertain payment
// that ends declined or voided owes a void at the provider (VoidDue), as
// an authorised payment of a cancelled order owes a refund (RefundDue).
// Either settlement, when the provider cannot be reached, is parked and
// retried (ParkSettlement), and abandoned after its last attempt.
type Payment struct {
	orderID               string
	amount                Money
	status                Status
	authorizationID       string
	refundID              string
	declineReason         string
	attempts              int
	cancelled             bool
	uncertain             bool
	voidedAuthorizationID string
	settleAttempts        int
	settlementAbandoned   bool
	authorizedAt          time.Time
	declinedAt            time.Time
	refundedAt            time.Time
	voidedAt              time.Time
	updatedAt             time.Time
	version               int
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
	// Uncertain records that an authorisation try went unanswered and
	// the provider's answer to the order's key is not known yet.
	Uncertain bool
	// VoidedAuthorizationID is the authorisation the provider cancelled
	// when the payment was settled by a void; empty when it had none.
	VoidedAuthorizationID string
	// SettleAttempts counts the refund or void tries that could not reach
	// the provider; SettlementAbandoned records that they were given up.
	SettleAttempts      int
	SettlementAbandoned bool
	// AuthorizedAt, DeclinedAt, RefundedAt and VoidedAt are when each
	// happened; zero when it did not. VoidedAt is when the provider
	// settled the payment's key by a void.
	AuthorizedAt time.Time
	DeclinedAt   time.Time
	RefundedAt   time.Time
	VoidedAt     time.Time
	UpdatedAt    time.Time
	// Version increases with every stored change; 0 means never stored.
	Version int
}

// Snapshot returns the payment's fields.
func (p *Payment) Snapshot() Snapshot {
	return Snapshot{
		OrderID: p.orderID, Amount: p.amount, Status: p.status, AuthorizationID: p.authorizationID,
		RefundID: p.refundID, DeclineReason: p.declineReason, Attempts: p.attempts,
		Cancelled: p.cancelled, Uncertain: p.uncertain, VoidedAuthorizationID: p.voidedAuthorizationID,
		SettleAttempts: p.settleAttempts, SettlementAbandoned: p.settlementAbandoned,
		AuthorizedAt: p.authorizedAt, DeclinedAt: p.declinedAt, RefundedAt: p.refundedAt, VoidedAt: p.voidedAt,
		UpdatedAt: p.updatedAt, Version: p.version,
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
	if s.Attempts < 0 || s.SettleAttempts < 0 {
		return nil, fmt.Errorf("payment %s: negative attempts", s.OrderID)
	}
	return &Payment{
		orderID: s.OrderID, amount: s.Amount, status: s.Status, authorizationID: s.AuthorizationID,
		refundID: s.RefundID, declineReason: s.DeclineReason, attempts: s.Attempts,
		cancelled: s.Cancelled, uncertain: s.Uncertain, voidedAuthorizationID: s.VoidedAuthorizationID,
		settleAttempts: s.SettleAttempts, settlementAbandoned: s.SettlementAbandoned,
		authorizedAt: s.AuthorizedAt, declinedAt: s.DeclinedAt, refundedAt: s.RefundedAt, voidedAt: s.VoidedAt,
		updatedAt: s.UpdatedAt, version: s.Version,
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

// Uncertain reports whether an authorisation try went unanswered and the
// provider may hold an authorisation nobody knows the id of.
func (p *Payment) Uncertain() bool { return p.uncertain }

// VoidedAuthorizationID returns the authorisation the provider cancelled
// when the payment was settled by a void; empty when there was none.
func (p *Payment) VoidedAuthorizationID() string { return p.voidedAuthorizationID }

// VoidedAt returns when the provider settled the payment by a void; zero
// if it did not.
func (p *Payment) VoidedAt() time.Time { return p.voidedAt }

// SettleAttempts returns how many refund or void tries could not reach
// the provider.
func (p *Payment) SettleAttempts() int { return p.settleAttempts }

// SettlementAbandoned reports whether the refund or void was given up
// after its last attempt: the provider may still hold the order's money.
func (p *Payment) SettlementAbandoned() bool { return p.settlementAbandoned }

// Outcome returns the decision the payment's state announces: an
// authorisation of an order that stands, a decline, or a refund.
func (p *Payment) Outcome() Outcome {
	switch {
	case p.status == StatusAuthorized && !p.cancelled:
		return OutcomeAuthorized
	case p.status == StatusDeclined:
		return OutcomeDeclined
	case p.status == StatusRefunded:
		return OutcomeRefunded
	}
	return OutcomeNone
}

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

// Authorize returns the payment authorised by the provider; the
// authorisation's id settles any uncertainty. When the order was cancelled
// while the provider was being asked, the payment is still authorised,
// with a refund due. An authorisation the provider has already cancelled
// by a void of the payment's key, or one that lands on a payment declined
// while uncertain (whose void will cancel it), changes nothing.
func (p *Payment) Authorize(authorizationID string, at time.Time) (*Payment, error) {
	if authorizationID == "" {
		return nil, fmt.Errorf("%w: an authorisation needs the provider's id", ErrTransition)
	}
	switch {
	case authorizationID == p.voidedAuthorizationID:
		return p, nil
	case p.Awaiting(), p.status == StatusVoided && p.voidedAt.IsZero():
	case p.status == StatusAuthorized && p.authorizationID == authorizationID:
		return p, nil
	case p.status == StatusDeclined && p.uncertain:
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
		next.uncertain = false
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
// unanswered says that a request may have reached the provider without
// its answer reaching payments (a timeout, say): the payment becomes
// uncertain, and stays so until the provider's answer is known.
func (p *Payment) Park(maxAttempts int, unanswered bool, at time.Time) (*Payment, error) {
	if !p.Awaiting() {
		return nil, fmt.Errorf("%w: %s payment cannot be parked", ErrTransition, p.status)
	}
	counted := p.with(func(next *Payment) {
		next.attempts++
		next.uncertain = next.uncertain || unanswered
	})
	if counted.attempts >= maxAttempts {
		return counted.Decline(ReasonProviderUnavailable, at)
	}
	return counted.with(func(next *Payment) { next.status, next.updatedAt = StatusParked, at.UTC() }), nil
}

// Cancel returns the payment of a cancelled order: a payment not
// authorised yet is voided (no authorisation will be made, and an
// uncertain one has a void due); an authorised one has a refund due.
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
func (p *Payment) RefundDue() bool {
	return p.status == StatusAuthorized && p.cancelled && !p.settlementAbandoned
}

// VoidDue reports whether the payment ended without an authorisation it
// knows of while the provider may hold one under the order's key: the
// provider must be asked to void whatever it authorised under that key.
func (p *Payment) VoidDue() bool {
	return p.uncertain && (p.status == StatusDeclined || p.status == StatusVoided) && !p.settlementAbandoned
}

// SettlementDue reports whether a refund or a void is due.
func (p *Payment) SettlementDue() bool { return p.RefundDue() || p.VoidDue() }

// Void returns the payment whose order key the provider voided:
// authorizationID is the authorisation it cancelled, empty when it had
// made none (and, having closed the key, will make none). The payment is
// no longer uncertain. An authorised payment of a cancelled order whose
// authorisation is the one voided needs no refund: it is voided.
func (p *Payment) Void(authorizationID string, at time.Time) (*Payment, error) {
	switch {
	case !p.voidedAt.IsZero() && p.voidedAuthorizationID == authorizationID:
		return p, nil
	case p.VoidDue():
	case p.RefundDue() && authorizationID != "" && authorizationID == p.authorizationID:
		return p.with(func(next *Payment) {
			next.status, next.uncertain, next.voidedAuthorizationID, next.voidedAt, next.updatedAt = StatusVoided, false, authorizationID, at.UTC(), at.UTC()
		}), nil
	default:
		return nil, fmt.Errorf("%w: %s payment has no void due for authorisation %q", ErrTransition, p.status, authorizationID)
	}
	return p.with(func(next *Payment) {
		next.uncertain, next.voidedAuthorizationID, next.voidedAt, next.updatedAt = false, authorizationID, at.UTC(), at.UTC()
	}), nil
}

// ParkSettlement returns the payment after a refund or void try that
// could not reach the provider: with another try due, or, once
// maxAttempts tries are spent, with the settlement abandoned.
func (p *Payment) ParkSettlement(maxAttempts int, at time.Time) (*Payment, error) {
	if !p.SettlementDue() {
		return nil, fmt.Errorf("%w: %s payment has no refund or void due", ErrTransition, p.status)
	}
	return p.with(func(next *Payment) {
		next.settleAttempts++
		next.settlementAbandoned = next.settleAttempts >= maxAttempts
		next.updatedAt = at.UTC()
	}), nil
}

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
