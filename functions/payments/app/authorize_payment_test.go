package app_test

import (
	"slices"
	"testing"
	"time"

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
	if got := s.repo.stored("order-1"); len(got) != 0 {
		t.Errorf("a parked payment stored the decisions %v", got)
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
	if got := s.repo.stored("order-1"); !slices.Equal(got, []domain.Outcome{domain.OutcomeAuthorized}) {
		t.Fatalf("stored the decisions %v, want one authorisation", got)
	}
	if !p.AuthorizedAt().Equal(now) {
		t.Errorf("authorised at %s, want %s", p.AuthorizedAt(), now)
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
	if got := s.repo.stored("order-1"); !slices.Equal(got, []domain.Outcome{domain.OutcomeDeclined}) {
		t.Fatalf("stored the decisions %v, want one decline", got)
	}
	if p.Uncertain() || p.VoidDue() || s.provider.voids() != 0 {
		t.Errorf("a payment whose tries never reached the provider: uncertain %v, void due %v, %d voids; want none",
			p.Uncertain(), p.VoidDue(), s.provider.voids())
	}
}

func TestACancelRefundsTheAuthorisation(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, s *saga)
		// wantStored are the decisions stored, in order.
		wantStored []domain.Outcome
	}{
		{"a cancel after the authorisation refunds it", func(t *testing.T, s *saga) {
			s.stockReserved(t, "order-1")
			s.cancelled(t, "order-1")
		}, []domain.Outcome{domain.OutcomeAuthorized, domain.OutcomeRefunded}},
		{"an authorisation that lands after the cancel is refunded at once", func(t *testing.T, s *saga) {
			s.provider.during = func() { s.cancelled(t, "order-1") }
			s.stockReserved(t, "order-1")
		}, []domain.Outcome{domain.OutcomeRefunded}},
		{"a parked authorisation that lands after the cancel is refunded at once", func(t *testing.T, s *saga) {
			s.provider.setUnavailable(true)
			s.stockReserved(t, "order-1")
			s.provider.setUnavailable(false)
			s.provider.during = func() { s.cancelled(t, "order-1") }
			s.retryDue(t, "order-1", 1)
		}, []domain.Outcome{domain.OutcomeRefunded}},
		{"a second cancel refunds nothing more and stores nothing new", func(t *testing.T, s *saga) {
			s.stockReserved(t, "order-1")
			s.cancelled(t, "order-1")
			s.cancelled(t, "order-1")
		}, []domain.Outcome{domain.OutcomeAuthorized, domain.OutcomeRefunded}},
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
			if got := s.repo.stored("order-1"); !slices.Equal(got, tt.wantStored) {
				t.Fatalf("stored the decisions %v, want %v", got, tt.wantStored)
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
		if got := s.repo.stored("order-1"); len(got) != 0 {
			t.Errorf("stored the decisions %v for a voided payment", got)
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
			storedBefore := s.repo.stored("order-1")
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
			if got := s.repo.stored("order-1"); !slices.Equal(got, storedBefore) {
				t.Errorf("stored the decisions %v, had %v", got, storedBefore)
			}
		})
	}
}

func TestADuplicateEventAuthorisesOnce(t *testing.T) {
	t.Run("StockReserved twice authorises once and stores one decision", func(t *testing.T) {
		s := newSaga(t)
		s.stockReserved(t, "order-1")
		s.stockReserved(t, "order-1")
		if authorize, _ := s.provider.calls(); authorize != 1 {
			t.Errorf("the provider was asked %d times, want 1", authorize)
		}
		if p := s.payment(t, "order-1"); p.Status() != domain.StatusAuthorized {
			t.Errorf("payment %s, want AUTHORIZED", p.Status())
		}
		if got := s.repo.stored("order-1"); !slices.Equal(got, []domain.Outcome{domain.OutcomeAuthorized}) {
			t.Fatalf("stored the decisions %v, want one authorisation", got)
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
