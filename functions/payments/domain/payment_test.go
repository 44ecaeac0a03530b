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
	if err := p.RecordAmount(eur10); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPaymentLifecycle(t *testing.T) {
	tests := []struct {
		name       string
		steps      func(p *domain.Payment) error
		wantStatus domain.Status
		wantRefund bool
		wantErr    error
	}{
		{"an authorisation of a pending payment authorises it", func(p *domain.Payment) error {
			return p.Authorize("auth_1", at)
		}, domain.StatusAuthorized, false, nil},
		{"the same authorisation twice changes nothing", func(p *domain.Payment) error {
			if err := p.Authorize("auth_1", at); err != nil {
				return err
			}
			return p.Authorize("auth_1", at)
		}, domain.StatusAuthorized, false, nil},
		{"a second, different authorisation is refused", func(p *domain.Payment) error {
			if err := p.Authorize("auth_1", at); err != nil {
				return err
			}
			return p.Authorize("auth_2", at)
		}, domain.StatusAuthorized, false, domain.ErrTransition},
		{"a decline of a pending payment declines it", func(p *domain.Payment) error {
			return p.Decline("amount_limit_exceeded", at)
		}, domain.StatusDeclined, false, nil},
		{"a cancel before authorisation voids the payment", func(p *domain.Payment) error {
			p.Cancel(at)
			return nil
		}, domain.StatusVoided, false, nil},
		{"an authorisation that lands after a cancel leaves a refund due", func(p *domain.Payment) error {
			p.Cancel(at)
			return p.Authorize("auth_1", at)
		}, domain.StatusAuthorized, true, nil},
		{"a cancel after authorisation leaves a refund due", func(p *domain.Payment) error {
			if err := p.Authorize("auth_1", at); err != nil {
				return err
			}
			p.Cancel(at)
			return nil
		}, domain.StatusAuthorized, true, nil},
		{"a refund of a cancelled authorisation refunds it", func(p *domain.Payment) error {
			if err := p.Authorize("auth_1", at); err != nil {
				return err
			}
			p.Cancel(at)
			return p.Refund("refund_1", at)
		}, domain.StatusRefunded, false, nil},
		{"a refund without a cancel is refused", func(p *domain.Payment) error {
			if err := p.Authorize("auth_1", at); err != nil {
				return err
			}
			return p.Refund("refund_1", at)
		}, domain.StatusAuthorized, false, domain.ErrTransition},
		{"a decline after a cancel keeps the payment voided", func(p *domain.Payment) error {
			p.Cancel(at)
			return p.Decline("amount_limit_exceeded", at)
		}, domain.StatusVoided, false, nil},
		{"a cancel after a decline keeps the decline", func(p *domain.Payment) error {
			if err := p.Decline("x", at); err != nil {
				return err
			}
			p.Cancel(at)
			return nil
		}, domain.StatusDeclined, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pending(t)
			err := tt.steps(p)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if p.Status() != tt.wantStatus || p.RefundDue() != tt.wantRefund {
				t.Fatalf("status %s refund due %v, want %s %v", p.Status(), p.RefundDue(), tt.wantStatus, tt.wantRefund)
			}
		})
	}
}

func TestParking(t *testing.T) {
	t.Run("parking retries until the limit and then declines as provider_unavailable", func(t *testing.T) {
		p := pending(t)
		for i := 1; i < 3; i++ {
			retry, err := p.Park(3, at)
			if err != nil || !retry || p.Status() != domain.StatusParked || p.Attempts() != i {
				t.Fatalf("park %d: retry %v err %v status %s attempts %d", i, retry, err, p.Status(), p.Attempts())
			}
		}
		retry, err := p.Park(3, at)
		if err != nil || retry || p.Status() != domain.StatusDeclined || p.DeclineReason() != domain.ReasonProviderUnavailable {
			t.Fatalf("last park: retry %v err %v status %s reason %s", retry, err, p.Status(), p.DeclineReason())
		}
	})
	t.Run("an authorised payment cannot be parked", func(t *testing.T) {
		p := pending(t)
		if err := p.Authorize("auth_1", at); err != nil {
			t.Fatal(err)
		}
		if _, err := p.Park(3, at); !errors.Is(err, domain.ErrTransition) {
			t.Fatalf("error %v, want ErrTransition", err)
		}
	})
}

func TestValidation(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"an empty order id is refused", func() error { _, err := domain.NewPayment("", at); return err }(), domain.ErrInvalidOrderID},
		{"an order id with a slash is refused", func() error { _, err := domain.NewPayment("a/b", at); return err }(), domain.ErrInvalidOrderID},
		{"a zero amount is refused", func() error {
			p, _ := domain.NewPayment("o", at)
			return p.RecordAmount(domain.Money{Currency: "EUR"})
		}(), domain.ErrInvalidAmount},
		{"a lower-case currency is refused", func() error {
			p, _ := domain.NewPayment("o", at)
			return p.RecordAmount(domain.Money{Amount: 1, Currency: "eur"})
		}(), domain.ErrInvalidAmount},
		{"an authorisation without an amount is refused", func() error {
			p, _ := domain.NewPayment("o", at)
			return p.Authorize("auth_1", at)
		}(), domain.ErrAmountUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !errors.Is(tt.err, tt.want) {
				t.Fatalf("error %v, want %v", tt.err, tt.want)
			}
		})
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	p := pending(t)
	if err := p.Authorize("auth_1", at); err != nil {
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
