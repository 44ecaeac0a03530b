package app_test

import (
	"slices"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
)

func TestAnUnavailableProviderParksThePayment(t *testing.T) {
	s := newSaga(t)
	s.provider.setUnavailable(true)
	s.stockReserved(t, "order-1")

	p := s.payment(t, "order-1")
	if p.Status() != domain.StatusParked || p.Attempts() != 1 {
		t.Fatalf("payment %s after %d attempts, want PARKED after 1", p.Status(), p.Attempts())
	}
	got := s.retries.scheduled()
	if len(got) != 1 || got[0].orderID != "order-1" || got[0].attempt != 1 {
		t.Fatalf("scheduled %+v, want the retry of attempt 1", got)
	}
	// The first retry comes after FirstDelay, give or take a fifth.
	if d := got[0].delay; d < 4*time.Second || d > 6*time.Second {
		t.Errorf("first retry in %s, want 5s ± 1s", d)
	}
	if pubs := s.pub.published(); len(pubs) != 0 {
		t.Errorf("a parked payment announced %v", types(pubs))
	}
}

func TestARetryAfterTheBreakerClosesAuthorisesOnce(t *testing.T) {
	s := newSaga(t)
	s.provider.setUnavailable(true)
	s.stockReserved(t, "order-1")
	s.provider.setUnavailable(false)
	s.retryDue(t, "order-1", 1)

	p := s.payment(t, "order-1")
	if p.Status() != domain.StatusAuthorized || p.AuthorizationID() == "" || p.Amount() != eur12 {
		t.Fatalf("payment %+v, want AUTHORIZED for %v", p.Snapshot(), eur12)
	}
	if auths, _ := s.provider.ledger(); auths != 1 {
		t.Errorf("the provider made %d authorisations, want 1", auths)
	}
	if n := len(s.retries.scheduled()); n != 1 {
		t.Errorf("%d retries scheduled, want only the first one", n)
	}
	pubs := s.pub.published()
	if len(pubs) != 1 || pubs[0].key != "order-1" || !pubs[0].at.Equal(now) {
		t.Fatalf("published %+v, want one PaymentAuthorized keyed by the order", pubs)
	}
	e, ok := pubs[0].event.(events.PaymentAuthorized)
	if !ok || e.OrderID != "order-1" || e.PaymentID != p.AuthorizationID() || e.Amount.Amount != eur12.Amount {
		t.Errorf("published %#v, want the order's PaymentAuthorized", pubs[0].event)
	}
}

func TestTheLastAttemptGivesUpWithADecline(t *testing.T) {
	s := newSaga(t)
	s.provider.setUnavailable(true)
	s.stockReserved(t, "order-1")
	for attempt := 1; attempt < policy.MaxAttempts; attempt++ {
		s.retryDue(t, "order-1", attempt)
	}

	p := s.payment(t, "order-1")
	if p.Status() != domain.StatusDeclined || p.DeclineReason() != domain.ReasonProviderUnavailable || p.Attempts() != policy.MaxAttempts {
		t.Fatalf("payment %s (%q) after %d attempts, want DECLINED provider_unavailable after %d",
			p.Status(), p.DeclineReason(), p.Attempts(), policy.MaxAttempts)
	}
	var attempts []int
	for _, r := range s.retries.scheduled() {
		attempts = append(attempts, r.attempt)
	}
	if want := []int{1, 2}; !slices.Equal(attempts, want) {
		t.Errorf("retries scheduled for attempts %v, want %v and none after the last", attempts, want)
	}
	pubs := s.pub.published()
	if len(pubs) != 1 {
		t.Fatalf("published %v, want one PaymentDeclined", types(pubs))
	}
	if e, ok := pubs[0].event.(events.PaymentDeclined); !ok || e.Reason != domain.ReasonProviderUnavailable || pubs[0].key != "order-1" {
		t.Errorf("published %#v keyed %q, want PaymentDeclined provider_unavailable keyed by the order", pubs[0].event, pubs[0].key)
	}
}

func TestACancelRefundsTheAuthorisation(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, s *saga)
		// wantAnnounced are the events published, in order.
		wantAnnounced []string
	}{
		{"a cancel after the authorisation refunds it", func(t *testing.T, s *saga) {
			s.stockReserved(t, "order-1")
			s.cancelled(t, "order-1")
		}, []string{events.TypePaymentAuthorized, events.TypePaymentRefunded}},
		{"an authorisation that lands after the cancel is refunded at once", func(t *testing.T, s *saga) {
			s.provider.during = func() { s.cancelled(t, "order-1") }
			s.stockReserved(t, "order-1")
		}, []string{events.TypePaymentRefunded}},
		{"a parked authorisation that lands after the cancel is refunded at once", func(t *testing.T, s *saga) {
			s.provider.setUnavailable(true)
			s.stockReserved(t, "order-1")
			s.provider.setUnavailable(false)
			s.provider.during = func() { s.cancelled(t, "order-1") }
			s.retryDue(t, "order-1", 1)
		}, []string{events.TypePaymentRefunded}},
		{"a second cancel refunds nothing more and announces the same refund", func(t *testing.T, s *saga) {
			s.stockReserved(t, "order-1")
			s.cancelled(t, "order-1")
			s.cancelled(t, "order-1")
		}, []string{events.TypePaymentAuthorized, events.TypePaymentRefunded, events.TypePaymentRefunded}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSaga(t)
			tt.run(t, s)
			p := s.payment(t, "order-1")
			if p.Status() != domain.StatusRefunded || p.RefundID() == "" || !p.Cancelled() {
				t.Fatalf("payment %+v, want REFUNDED", p.Snapshot())
			}
			if auths, refunds := s.provider.ledger(); auths != 1 || refunds != 1 {
				t.Errorf("the provider made %d authorisations and %d refunds, want 1 and 1", auths, refunds)
			}
			pubs := s.pub.published()
			if got := types(pubs); !slices.Equal(got, tt.wantAnnounced) {
				t.Fatalf("published %v, want %v", got, tt.wantAnnounced)
			}
			last := pubs[len(pubs)-1]
			if e, ok := last.event.(events.PaymentRefunded); !ok || e.PaymentID != p.AuthorizationID() || last.key != "order-1" {
				t.Errorf("published %#v keyed %q, want the refund of %s keyed by the order", last.event, last.key, p.AuthorizationID())
			}
		})
	}
	t.Run("a cancel before any authorisation voids the payment and refunds nothing", func(t *testing.T) {
		s := newSaga(t)
		s.cancelled(t, "order-1")
		s.stockReserved(t, "order-1")
		if p := s.payment(t, "order-1"); p.Status() != domain.StatusVoided {
			t.Fatalf("payment %s, want VOIDED", p.Status())
		}
		if authorize, refund := s.provider.calls(); authorize != 0 || refund != 0 {
			t.Errorf("the provider was called %d times to authorise and %d to refund, want never", authorize, refund)
		}
		if pubs := s.pub.published(); len(pubs) != 0 {
			t.Errorf("published %v for a voided payment", types(pubs))
		}
	})
}

func TestAStaleRetryDoesNothing(t *testing.T) {
	tests := []struct {
		name string
		// setup brings order-1 to the state the stale retry finds.
		setup func(t *testing.T, s *saga)
		// attempt is the stale retry's attempt.
		attempt int
	}{
		{"a retry of an attempt a later one superseded", func(t *testing.T, s *saga) {
			s.provider.setUnavailable(true)
			s.stockReserved(t, "order-1")
			s.retryDue(t, "order-1", 1)
		}, 1},
		{"a retry of an attempt that was never parked", func(t *testing.T, s *saga) {
			s.provider.setUnavailable(true)
			s.stockReserved(t, "order-1")
		}, 2},
		{"a retry of a payment authorised meanwhile", func(t *testing.T, s *saga) {
			s.provider.setUnavailable(true)
			s.stockReserved(t, "order-1")
			s.provider.setUnavailable(false)
			s.retryDue(t, "order-1", 1)
		}, 1},
		{"a retry of a payment declined meanwhile", func(t *testing.T, s *saga) {
			s.provider.decline = "amount_limit_exceeded"
			s.stockReserved(t, "order-1")
		}, 1},
		{"a retry of a payment voided by a cancel", func(t *testing.T, s *saga) {
			s.provider.setUnavailable(true)
			s.stockReserved(t, "order-1")
			s.cancelled(t, "order-1")
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name+" changes nothing and calls no one", func(t *testing.T) {
			s := newSaga(t)
			tt.setup(t, s)
			before := s.payment(t, "order-1").Snapshot()
			authorizeBefore, refundBefore := s.provider.calls()
			scheduledBefore := len(s.retries.scheduled())
			pubsBefore := s.pub.published()
			s.provider.setUnavailable(false)

			s.retryDue(t, "order-1", tt.attempt)

			if after := s.payment(t, "order-1").Snapshot(); after != before {
				t.Errorf("payment became %+v, was %+v", after, before)
			}
			if authorize, refund := s.provider.calls(); authorize != authorizeBefore || refund != refundBefore {
				t.Errorf("the provider was called %d more times to authorise and %d to refund", authorize-authorizeBefore, refund-refundBefore)
			}
			if n := len(s.retries.scheduled()); n != scheduledBefore {
				t.Errorf("%d more retries scheduled", n-scheduledBefore)
			}
			// A settled payment announces its outcome again, the same
			// event: nothing new reaches the bus.
			for _, p := range s.pub.published()[len(pubsBefore):] {
				if !slices.ContainsFunc(pubsBefore, func(q publication) bool { return samePublication(p, q) }) {
					t.Errorf("published a new %s: %+v", p.event.EventType(), p)
				}
			}
		})
	}
}

func samePublication(a, b publication) bool {
	return a.key == b.key && a.at.Equal(b.at) && a.event == b.event
}

func TestADuplicateEventAuthorisesOnce(t *testing.T) {
	t.Run("StockReserved twice authorises once and publishes the same event twice", func(t *testing.T) {
		s := newSaga(t)
		s.stockReserved(t, "order-1")
		s.stockReserved(t, "order-1")
		if authorize, _ := s.provider.calls(); authorize != 1 {
			t.Errorf("the provider was asked %d times, want 1", authorize)
		}
		if p := s.payment(t, "order-1"); p.Status() != domain.StatusAuthorized {
			t.Errorf("payment %s, want AUTHORIZED", p.Status())
		}
		pubs := s.pub.published()
		if len(pubs) != 2 || !samePublication(pubs[0], pubs[1]) || pubs[0].event.EventType() != events.TypePaymentAuthorized {
			t.Fatalf("published %+v, want the same PaymentAuthorized twice", pubs)
		}
	})
	t.Run("StockReserved again while parked leaves the parked retries to carry on", func(t *testing.T) {
		s := newSaga(t)
		s.provider.setUnavailable(true)
		s.stockReserved(t, "order-1")
		s.provider.setUnavailable(false)
		s.stockReserved(t, "order-1")
		if authorize, _ := s.provider.calls(); authorize != 1 {
			t.Errorf("the provider was asked %d times, want only the first try", authorize)
		}
		if p := s.payment(t, "order-1"); p.Status() != domain.StatusParked || p.Attempts() != 1 {
			t.Errorf("payment %s after %d attempts, want still PARKED after 1", p.Status(), p.Attempts())
		}
		if n := len(s.retries.scheduled()); n != 1 {
			t.Errorf("%d retries scheduled, want 1", n)
		}
	})
}

func TestTheAmountOfOrderPlacedWins(t *testing.T) {
	s := newSaga(t)
	placed := domain.Money{Amount: 990, Currency: "EUR"}
	if err := s.app.Commands.RecordOrder.Handle(t.Context(), app.RecordOrder{OrderID: "order-1", Amount: placed}); err != nil {
		t.Fatal(err)
	}
	s.stockReserved(t, "order-1")
	if p := s.payment(t, "order-1"); p.Amount() != placed || p.Status() != domain.StatusAuthorized {
		t.Fatalf("authorised %v (%s), want OrderPlaced's %v", p.Amount(), p.Status(), placed)
	}
}
