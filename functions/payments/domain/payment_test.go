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
		{"parking", func(p *domain.Payment) (*domain.Payment, error) { return p.Park(3, false, at) }},
		{"declining on the last park", func(p *domain.Payment) (*domain.Payment, error) { return p.Park(1, false, at) }},
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
			p, err = p.Park(3, false, at)
			if err != nil || p.Status() != domain.StatusParked || p.Attempts() != i {
				t.Fatalf("park %d: err %v status %s attempts %d", i, err, p.Status(), p.Attempts())
			}
		}
		p, err := p.Park(3, false, at)
		if err != nil || p.Status() != domain.StatusDeclined || p.DeclineReason() != domain.ReasonProviderUnavailable || p.Attempts() != 3 {
			t.Fatalf("last park: err %v status %s reason %s attempts %d", err, p.Status(), p.DeclineReason(), p.Attempts())
		}
	})
	t.Run("an authorised payment cannot be parked", func(t *testing.T) {
		p, err := pending(t).Authorize("auth_1", at)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Park(3, false, at); !errors.Is(err, domain.ErrTransition) {
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
	t.Run("a settled void round-trips too", func(t *testing.T) {
		v, err := pending(t).Park(3, true, at)
		if err == nil {
			v, err = v.Cancel(at).ParkSettlement(5, at)
		}
		if err == nil {
			v, err = v.Void("auth_1", at)
		}
		if err != nil {
			t.Fatal(err)
		}
		q, err := domain.FromSnapshot(v.Snapshot())
		if err != nil || q.Snapshot() != v.Snapshot() {
			t.Fatalf("round trip %+v (%v), want %+v", q.Snapshot(), err, v.Snapshot())
		}
	})
}

func park(unanswered bool) step {
	return func(p *domain.Payment) (*domain.Payment, error) { return p.Park(3, unanswered, at) }
}

func void(id string) step {
	return func(p *domain.Payment) (*domain.Payment, error) { return p.Void(id, at) }
}

func TestAnUnansweredTryLeavesThePaymentUncertainUntilTheProviderSettlesIt(t *testing.T) {
	tests := []struct {
		name          string
		steps         []step
		wantStatus    domain.Status
		wantUncertain bool
		wantVoidDue   bool
		wantRefundDue bool
		wantErr       error
	}{
		{"an unanswered try parks the payment uncertain",
			[]step{park(true)}, domain.StatusParked, true, false, false, nil},
		{"a try that never reached the provider parks it certain",
			[]step{park(false)}, domain.StatusParked, false, false, false, nil},
		{"a later attempt that never reached the provider keeps it uncertain",
			[]step{park(true), park(false)}, domain.StatusParked, true, false, false, nil},
		{"the last attempt declines an uncertain payment with a void due",
			[]step{park(true), park(false), park(false)}, domain.StatusDeclined, true, true, false, nil},
		{"the last attempt declines a certain payment with nothing due",
			[]step{park(false), park(false), park(false)}, domain.StatusDeclined, false, false, false, nil},
		{"a cancel while parked uncertain voids the payment with a void due",
			[]step{park(true), cancel}, domain.StatusVoided, true, true, false, nil},
		{"a cancel while parked certain voids it with nothing due",
			[]step{park(false), cancel}, domain.StatusVoided, false, false, false, nil},
		{"the provider's authorisation settles the uncertainty",
			[]step{park(true), authorize("auth_1")}, domain.StatusAuthorized, false, false, false, nil},
		{"a provider decline keeps the payment uncertain, with a void due",
			[]step{park(true), decline("amount_limit_exceeded")}, domain.StatusDeclined, true, true, false, nil},
		{"a void that cancelled an authorisation settles a declined payment",
			[]step{park(true), park(true), park(true), void("auth_1")}, domain.StatusDeclined, false, false, false, nil},
		{"a void that found no authorisation settles it too",
			[]step{park(true), cancel, void("")}, domain.StatusVoided, false, false, false, nil},
		{"the same void twice changes nothing",
			[]step{park(true), cancel, void("auth_1"), void("auth_1")}, domain.StatusVoided, false, false, false, nil},
		{"an authorisation the void cancelled changes nothing when it lands later",
			[]step{park(true), cancel, void("auth_1"), authorize("auth_1")}, domain.StatusVoided, false, false, false, nil},
		{"an authorisation landing on a payment declined uncertain is left to its void",
			[]step{park(true), park(true), park(true), authorize("auth_1")}, domain.StatusDeclined, true, true, false, nil},
		{"an authorisation landing on a cancelled uncertain payment is refunded",
			[]step{park(true), cancel, authorize("auth_1")}, domain.StatusAuthorized, false, false, true, nil},
		{"a void of the authorisation a cancelled payment holds voids it instead of a refund",
			[]step{authorize("auth_1"), cancel, void("auth_1")}, domain.StatusVoided, false, false, false, nil},
		{"a void of a payment that owes none is refused",
			[]step{park(false), cancel, void("")}, domain.StatusVoided, false, false, false, domain.ErrTransition},
		{"a void of another authorisation than the one held is refused",
			[]step{authorize("auth_1"), cancel, void("auth_2")}, domain.StatusAuthorized, false, false, true, domain.ErrTransition},
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
			if p.Status() != tt.wantStatus || p.Uncertain() != tt.wantUncertain || p.VoidDue() != tt.wantVoidDue || p.RefundDue() != tt.wantRefundDue {
				t.Fatalf("status %s uncertain %v void due %v refund due %v, want %s %v %v %v",
					p.Status(), p.Uncertain(), p.VoidDue(), p.RefundDue(), tt.wantStatus, tt.wantUncertain, tt.wantVoidDue, tt.wantRefundDue)
			}
		})
	}
	t.Run("a void records the authorisation it cancelled and when", func(t *testing.T) {
		p, err := pending(t).Park(3, true, at)
		if err != nil {
			t.Fatal(err)
		}
		later := at.Add(time.Minute)
		p, err = p.Cancel(at).Void("auth_7", later)
		if err != nil || p.VoidedAuthorizationID() != "auth_7" || !p.VoidedAt().Equal(later) {
			t.Fatalf("void: err %v, voided %q at %s", err, p.VoidedAuthorizationID(), p.VoidedAt())
		}
	})
}

func TestASettlementThatCannotReachTheProviderIsRetriedThenAbandoned(t *testing.T) {
	refundDue := func(t *testing.T) *domain.Payment {
		p, err := pending(t).Authorize("auth_1", at)
		if err != nil {
			t.Fatal(err)
		}
		return p.Cancel(at)
	}
	t.Run("each failed try is counted until the last abandons the refund", func(t *testing.T) {
		p := refundDue(t)
		for i := 1; i <= 3; i++ {
			var err error
			if p, err = p.ParkSettlement(3, at); err != nil {
				t.Fatal(err)
			}
			if p.SettleAttempts() != i || p.SettlementAbandoned() != (i == 3) || p.RefundDue() != (i < 3) {
				t.Fatalf("after %d tries: attempts %d abandoned %v refund due %v", i, p.SettleAttempts(), p.SettlementAbandoned(), p.RefundDue())
			}
		}
		if _, err := p.Refund("refund_1", at); !errors.Is(err, domain.ErrTransition) {
			t.Errorf("a refund of an abandoned settlement: %v, want ErrTransition", err)
		}
		if _, err := p.ParkSettlement(3, at); !errors.Is(err, domain.ErrTransition) {
			t.Errorf("parking an abandoned settlement: %v, want ErrTransition", err)
		}
	})
	t.Run("a void is parked the same way", func(t *testing.T) {
		p, err := pending(t).Park(1, true, at)
		if err != nil {
			t.Fatal(err)
		}
		if p, err = p.ParkSettlement(2, at); err != nil || p.SettleAttempts() != 1 || !p.VoidDue() {
			t.Fatalf("err %v attempts %d void due %v", err, p.SettleAttempts(), p.VoidDue())
		}
		if p, err = p.ParkSettlement(2, at); err != nil || !p.SettlementAbandoned() || p.VoidDue() {
			t.Fatalf("err %v abandoned %v void due %v", err, p.SettlementAbandoned(), p.VoidDue())
		}
	})
	t.Run("a payment with nothing to settle cannot park a settlement", func(t *testing.T) {
		if _, err := pending(t).ParkSettlement(3, at); !errors.Is(err, domain.ErrTransition) {
			t.Fatalf("error %v, want ErrTransition", err)
		}
	})
}

func TestTheOutcomeIsTheDecisionToAnnounce(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
		want  domain.Outcome
	}{
		{"a pending payment announces nothing", nil, domain.OutcomeNone},
		{"a parked one neither", []step{park(true)}, domain.OutcomeNone},
		{"an authorised one announces the authorisation", []step{authorize("auth_1")}, domain.OutcomeAuthorized},
		{"an authorised one of a cancelled order announces nothing", []step{authorize("auth_1"), cancel}, domain.OutcomeNone},
		{"a declined one announces the decline", []step{decline("x")}, domain.OutcomeDeclined},
		{"a declined one of a cancelled order still does", []step{decline("x"), cancel}, domain.OutcomeDeclined},
		{"a refunded one announces the refund", []step{authorize("auth_1"), cancel, refund("refund_1")}, domain.OutcomeRefunded},
		{"a voided one announces nothing", []step{cancel}, domain.OutcomeNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pending(t)
			for _, s := range tt.steps {
				var err error
				if p, err = s(p); err != nil {
					t.Fatal(err)
				}
			}
			if got := p.Outcome(); got != tt.want {
				t.Fatalf("outcome %q, want %q", got, tt.want)
			}
		})
	}
}
