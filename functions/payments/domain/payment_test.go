package domain_test

import (
	"errors"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/payments/domain"
)

var at = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

var eur10 = domain.Money{Amount: 1000, Currency: "EUR"}

func pending(t *testing.T) *domain.Payment {
	t.Helper()
	p, err := domain.NewPayment("order-1", at)
	if err != nil {
		t.Fatal(err)
	}
	p, err = p.RecordAmount(eur10)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// step is one change of a payment, as the use cases make them.
type step func(p *domain.Payment) (*domain.Payment, error)

func authorize(id string) step {
	return func(p *domain.Payment) (*domain.Payment, error) { return p.Authorize(id, at) }
}

func decline(reason string) step {
	return func(p *domain.Payment) (*domain.Payment, error) { return p.Decline(reason, at) }
}

func cancel(p *domain.Payment) (*domain.Payment, error) { return p.Cancel(at), nil }

func refund(id string) step {
	return func(p *domain.Payment) (*domain.Payment, error) { return p.Refund(id, at) }
}

func TestPaymentLifecycle(t *testing.T) {
	tests := []struct {
		name       string
		steps      []step
		wantStatus domain.Status
		wantRefund bool
		wantErr    error
	}{
		{"an authorisation of a pending payment authorises it",
			[]step{authorize("auth_1")}, domain.StatusAuthorized, false, nil},
		{"the same authorisation twice changes nothing",
			[]step{authorize("auth_1"), authorize("auth_1")}, domain.StatusAuthorized, false, nil},
		{"a second, different authorisation is refused",
			[]step{authorize("auth_1"), authorize("auth_2")}, domain.StatusAuthorized, false, domain.ErrTransition},
		{"a decline of a pending payment declines it",
			[]step{decline("amount_limit_exceeded")}, domain.StatusDeclined, false, nil},
		{"a cancel before authorisation voids the payment",
			[]step{cancel}, domain.StatusVoided, false, nil},
		{"an authorisation that lands after a cancel leaves a refund due",
			[]step{cancel, authorize("auth_1")}, domain.StatusAuthorized, true, nil},
		{"a cancel after authorisation leaves a refund due",
			[]step{authorize("auth_1"), cancel}, domain.StatusAuthorized, true, nil},
		{"a refund of a cancelled authorisation refunds it",
			[]step{authorize("auth_1"), cancel, refund("refund_1")}, domain.StatusRefunded, false, nil},
		{"a refund without a cancel is refused",
			[]step{authorize("auth_1"), refund("refund_1")}, domain.StatusAuthorized, false, domain.ErrTransition},
		{"a decline after a cancel keeps the payment voided",
			[]step{cancel, decline("amount_limit_exceeded")}, domain.StatusVoided, false, nil},
		{"a cancel after a decline keeps the decline",
			[]step{decline("x"), cancel}, domain.StatusDeclined, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pending(t)
			var err error
			for _, s := range tt.steps {
				var next *domain.Payment
				if next, err = s(p); err != nil {
					break
				}
				p = next
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if p.Status() != tt.wantStatus || p.RefundDue() != tt.wantRefund {
				t.Fatalf("status %s refund due %v, want %s %v", p.Status(), p.RefundDue(), tt.wantStatus, tt.wantRefund)
			}
		})
	}
}

func TestAChangeLeavesTheOriginalPaymentAsItWas(t *testing.T) {
	tests := []struct {
		name   string
		change step
	}{
		{"authorising", authorize("auth_1")},
		{"declining", decline("x")},
		{"parking", func(p *domain.Payment) (*domain.Payment, error) { return p.Park(3, at) }},
		{"declining on the last park", func(p *domain.Payment) (*domain.Payment, error) { return p.Park(1, at) }},
		{"cancelling", cancel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pending(t)
			before := p.Snapshot()
			next, err := tt.change(p)
			if err != nil {
				t.Fatal(err)
			}
			if p.Snapshot() != before {
				t.Fatalf("the original became %+v, want %+v", p.Snapshot(), before)
			}
			if next.Snapshot() == before {
				t.Fatalf("the change returned the payment unchanged: %+v", next.Snapshot())
			}
		})
	}
	t.Run("recording an amount", func(t *testing.T) {
		p, err := domain.NewPayment("order-1", at)
		if err != nil {
			t.Fatal(err)
		}
		before := p.Snapshot()
		next, err := p.RecordAmount(eur10)
		if err != nil || p.Snapshot() != before || next.Amount() != eur10 {
			t.Fatalf("record amount: err %v, original %+v (want %+v), result %+v", err, p.Snapshot(), before, next.Amount())
		}
	})
	t.Run("refunding", func(t *testing.T) {
		p, err := pending(t).Authorize("auth_1", at)
		if err != nil {
			t.Fatal(err)
		}
		p = p.Cancel(at)
		before := p.Snapshot()
		next, err := p.Refund("refund_1", at)
		if err != nil || p.Snapshot() != before || next.Status() != domain.StatusRefunded {
			t.Fatalf("refund: err %v, original %+v (want %+v), result %s", err, p.Snapshot(), before, next.Status())
		}
	})
}

func TestParking(t *testing.T) {
	t.Run("parking retries until the limit and then declines as provider_unavailable", func(t *testing.T) {
		p := pending(t)
		for i := 1; i < 3; i++ {
			var err error
			p, err = p.Park(3, at)
			if err != nil || p.Status() != domain.StatusParked || p.Attempts() != i {
				t.Fatalf("park %d: err %v status %s attempts %d", i, err, p.Status(), p.Attempts())
			}
		}
		p, err := p.Park(3, at)
		if err != nil || p.Status() != domain.StatusDeclined || p.DeclineReason() != domain.ReasonProviderUnavailable || p.Attempts() != 3 {
			t.Fatalf("last park: err %v status %s reason %s attempts %d", err, p.Status(), p.DeclineReason(), p.Attempts())
		}
	})
	t.Run("an authorised payment cannot be parked", func(t *testing.T) {
		p, err := pending(t).Authorize("auth_1", at)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Park(3, at); !errors.Is(err, domain.ErrTransition) {
			t.Fatalf("error %v, want ErrTransition", err)
		}
	})
}

func TestValidation(t *testing.T) {
	unknown := func() *domain.Payment {
		p, err := domain.NewPayment("o", at)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		err  func() error
		want error
	}{
		{"an empty order id is refused", func() error { _, err := domain.NewPayment("", at); return err }, domain.ErrInvalidOrderID},
		{"an order id with a slash is refused", func() error { _, err := domain.NewPayment("a/b", at); return err }, domain.ErrInvalidOrderID},
		{"a zero amount is refused", func() error {
			_, err := unknown().RecordAmount(domain.Money{Currency: "EUR"})
			return err
		}, domain.ErrInvalidAmount},
		{"a lower-case currency is refused", func() error {
			_, err := unknown().RecordAmount(domain.Money{Amount: 1, Currency: "eur"})
			return err
		}, domain.ErrInvalidAmount},
		{"an authorisation without an amount is refused", func() error {
			_, err := unknown().Authorize("auth_1", at)
			return err
		}, domain.ErrAmountUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.err(); !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
		})
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	p, err := pending(t).Authorize("auth_1", at)
	if err != nil {
		t.Fatal(err)
	}
	q, err := domain.FromSnapshot(p.Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	if q.Snapshot() != p.Snapshot() {
		t.Fatalf("round trip %+v, want %+v", q.Snapshot(), p.Snapshot())
	}
	bad := p.Snapshot()
	bad.AuthorizationID = ""
	if _, err := domain.FromSnapshot(bad); err == nil {
		t.Fatal("an authorised snapshot without an authorisation id was accepted")
	}
}
