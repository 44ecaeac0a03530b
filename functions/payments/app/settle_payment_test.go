package app_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

func TestAnAuthorisationTheProviderMadeWhileTooSlowToAnswerIsVoidedWhenThePaymentIsDeclined(t *testing.T) {
	s := newSaga(t)
	s.provider.setSlow(true)
	s.stockReserved(t, "order-1")
	for attempt := 1; attempt < policy.MaxAttempts; attempt++ {
		s.retryDue(t, "order-1", attempt)
	}
	p := s.payment(t, "order-1")
	if p.Status() != domain.StatusDeclined || p.DeclineReason() != domain.ReasonProviderUnavailable || !p.VoidDue() {
		t.Fatalf("payment %+v, want DECLINED provider_unavailable with a void due", p.Snapshot())
	}
	// The void was tried at once, and was as slow: it waits for its retry.
	if got := s.retries.scheduledSettles(); len(got) != 1 || got[0].attempt != 1 {
		t.Fatalf("settlement retries %+v, want the first", got)
	}
	// Orders cancels the declined order meanwhile.
	s.cancelled(t, "order-1")

	s.provider.setSlow(false)
	s.settleDue(t, "order-1", s.payment(t, "order-1").SettleAttempts())

	p = s.payment(t, "order-1")
	if p.VoidDue() || p.Uncertain() || p.VoidedAuthorizationID() != "auth_1" || p.Status() != domain.StatusDeclined {
		t.Fatalf("payment %+v, want DECLINED with auth_1 voided", p.Snapshot())
	}
	if held := s.provider.held(); len(held) != 0 {
		t.Errorf("the provider still holds %v", held)
	}
	if got := s.repo.stored("order-1"); !slices.Equal(got, []domain.Outcome{domain.OutcomeDeclined}) {
		t.Errorf("stored the decisions %v, want the decline only", got)
	}
}

func TestACancelWhileParkedVoidsWhatATimedOutTryAuthorised(t *testing.T) {
	t.Run("the void is made at once when the provider answers", func(t *testing.T) {
		s := newSaga(t)
		s.provider.setSlow(true)
		s.stockReserved(t, "order-1")
		if p := s.payment(t, "order-1"); p.Status() != domain.StatusParked || !p.Uncertain() {
			t.Fatalf("payment %+v, want PARKED and uncertain", p.Snapshot())
		}
		s.provider.setSlow(false)
		s.cancelled(t, "order-1")
		p := s.payment(t, "order-1")
		if p.Status() != domain.StatusVoided || p.VoidDue() || p.VoidedAuthorizationID() != "auth_1" {
			t.Fatalf("payment %+v, want VOIDED with auth_1 voided", p.Snapshot())
		}
		if held := s.provider.held(); len(held) != 0 {
			t.Errorf("the provider still holds %v", held)
		}
		// The parked authorisation's retry is stale now.
		s.retryDue(t, "order-1", 1)
		if authorize, refund := s.provider.calls(); authorize != 1 || refund != 0 {
			t.Errorf("the provider was asked %d times to authorise and %d to refund, want 1 and 0", authorize, refund)
		}
	})
	t.Run("the void is retried while the provider is still slow", func(t *testing.T) {
		s := newSaga(t)
		s.provider.setSlow(true)
		s.stockReserved(t, "order-1")
		s.cancelled(t, "order-1")
		if p := s.payment(t, "order-1"); p.Status() != domain.StatusVoided || !p.VoidDue() || p.SettleAttempts() != 1 {
			t.Fatalf("payment %+v, want VOIDED with its void parked once", p.Snapshot())
		}
		s.provider.setSlow(false)
		s.settleDue(t, "order-1", 1)
		if p := s.payment(t, "order-1"); p.VoidDue() || p.VoidedAuthorizationID() != "auth_1" {
			t.Fatalf("payment %+v, want auth_1 voided", p.Snapshot())
		}
		if held := s.provider.held(); len(held) != 0 {
			t.Errorf("the provider still holds %v", held)
		}
	})
	t.Run("an authorisation in flight during the void stays voided", func(t *testing.T) {
		s := newSaga(t)
		s.provider.setSlow(true)
		s.stockReserved(t, "order-1")
		s.provider.setSlow(false)
		s.provider.during = func() { s.cancelled(t, "order-1") }
		s.retryDue(t, "order-1", 1)
		p := s.payment(t, "order-1")
		if p.Status() != domain.StatusVoided || p.SettlementDue() || p.VoidedAuthorizationID() != "auth_1" {
			t.Fatalf("payment %+v, want VOIDED with auth_1 voided and nothing due", p.Snapshot())
		}
		if _, refund := s.provider.calls(); refund != 0 {
			t.Errorf("%d refunds of a voided authorisation", refund)
		}
		if got := s.repo.stored("order-1"); len(got) != 0 {
			t.Errorf("stored the decisions %v, want none", got)
		}
	})
	t.Run("a cancel after tries the breaker refused asks the provider nothing", func(t *testing.T) {
		s := newSaga(t)
		s.provider.setUnavailable(true)
		s.stockReserved(t, "order-1")
		s.provider.setUnavailable(false)
		s.cancelled(t, "order-1")
		if p := s.payment(t, "order-1"); p.Status() != domain.StatusVoided || p.SettlementDue() {
			t.Fatalf("payment %+v, want VOIDED with nothing due", p.Snapshot())
		}
		if n := s.provider.voids(); n != 0 {
			t.Errorf("%d voids of a payment no request of which reached the provider", n)
		}
	})
}

func TestARefundTheProviderCannotTakeIsParkedNotFailed(t *testing.T) {
	s := newSaga(t)
	s.stockReserved(t, "order-1")
	s.provider.setUnavailable(true)
	// OrderCancelled succeeds: the message is done, whatever the outage's
	// length, and the refund waits in the payment.
	s.cancelled(t, "order-1")
	for attempt := 1; attempt < settlePolicy.MaxAttempts-1; attempt++ {
		s.settleDue(t, "order-1", attempt)
	}
	p := s.payment(t, "order-1")
	if !p.RefundDue() || p.SettleAttempts() != settlePolicy.MaxAttempts-1 {
		t.Fatalf("payment %+v, want a refund due after %d tries", p.Snapshot(), settlePolicy.MaxAttempts-1)
	}
	var attempts []int
	for _, r := range s.retries.scheduledSettles() {
		attempts = append(attempts, r.attempt)
		if r.orderID != "order-1" {
			t.Errorf("a settlement retry of %s", r.orderID)
		}
	}
	if want := []int{1, 2, 3}; !slices.Equal(attempts, want) {
		t.Fatalf("settlement retries of attempts %v, want %v", attempts, want)
	}
	s.provider.setUnavailable(false)
	s.settleDue(t, "order-1", settlePolicy.MaxAttempts-1)
	if p := s.payment(t, "order-1"); p.Status() != domain.StatusRefunded {
		t.Fatalf("payment %s, want REFUNDED", p.Status())
	}
	if _, refunds := s.provider.ledger(); refunds != 1 {
		t.Errorf("%d refunds, want 1", refunds)
	}
	t.Run("a stale settlement retry does nothing", func(t *testing.T) {
		_, before := s.provider.calls()
		s.settleDue(t, "order-1", 1)
		if _, after := s.provider.calls(); after != before {
			t.Errorf("the stale retry called the provider %d times", after-before)
		}
	})
}

func TestARefundThatOutlastsEveryRetryIsAbandonedOnceWithALogLineAndAMetric(t *testing.T) {
	s := newSaga(t)
	s.stockReserved(t, "order-1")
	s.provider.setUnavailable(true)
	var out bytes.Buffer
	batch := metrics.New(metrics.Namespace, &out, map[string]string{metrics.DimService: "payments"}).Begin()
	ctx := metrics.NewContext(t.Context(), batch)
	handle := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	handle(s.app.Commands.CancelPayment.Handle(ctx, app.CancelPayment{OrderID: "order-1"}))
	for attempt := 1; attempt < settlePolicy.MaxAttempts; attempt++ {
		handle(s.app.Commands.SettlePayment.Handle(ctx, app.SettlePayment{OrderID: "order-1", Attempt: attempt}))
	}
	p := s.payment(t, "order-1")
	if !p.SettlementAbandoned() || p.RefundDue() || p.Status() != domain.StatusAuthorized {
		t.Fatalf("payment %+v, want AUTHORIZED with its refund abandoned", p.Snapshot())
	}
	if n := len(s.retries.scheduledSettles()); n != settlePolicy.MaxAttempts-1 {
		t.Errorf("%d settlement retries, want %d and none after the last", n, settlePolicy.MaxAttempts-1)
	}
	// Repeats change nothing and abandon nothing more.
	handle(s.app.Commands.CancelPayment.Handle(ctx, app.CancelPayment{OrderID: "order-1"}))
	handle(s.app.Commands.SettlePayment.Handle(ctx, app.SettlePayment{OrderID: "order-1", Attempt: settlePolicy.MaxAttempts}))
	if err := batch.Flush(); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(s.log.String(), "refund abandoned"); n != 1 {
		t.Errorf("the log reports the abandon %d times, want once:\n%s", n, s.log.String())
	}
	if !strings.Contains(out.String(), `"`+metrics.MetricRefundsAbandoned+`":1`) {
		t.Errorf("no %s of 1 in the metrics:\n%s", metrics.MetricRefundsAbandoned, out.String())
	}
}

func TestAnAmountThatIsNotPositiveIsDeclinedWithoutTheProvider(t *testing.T) {
	tests := []struct {
		name   string
		amount domain.Money
	}{
		{"a zero amount", domain.Money{Amount: 0, Currency: "EUR"}},
		{"a negative amount", domain.Money{Amount: -100, Currency: "EUR"}},
		{"an amount in a lower-case currency", domain.Money{Amount: 100, Currency: "eur"}},
	}
	for _, tt := range tests {
		amount := tt.amount
		t.Run(tt.name+" is declined invalid_amount", func(t *testing.T) {
			s := newSaga(t)
			if err := s.app.Commands.RecordOrder.Handle(t.Context(), app.RecordOrder{OrderID: "order-1", Amount: amount}); err != nil {
				t.Fatalf("OrderPlaced: %v", err)
			}
			if err := s.app.Commands.AuthorizePayment.Handle(t.Context(), app.AuthorizePayment{OrderID: "order-1", Amount: amount}); err != nil {
				t.Fatalf("StockReserved: %v", err)
			}
			p := s.payment(t, "order-1")
			if p.Status() != domain.StatusDeclined || p.DeclineReason() != domain.ReasonInvalidAmount {
				t.Fatalf("payment %+v, want DECLINED invalid_amount", p.Snapshot())
			}
			if authorize, _ := s.provider.calls(); authorize != 0 {
				t.Errorf("the provider was asked %d times", authorize)
			}
			if got := s.repo.stored("order-1"); !slices.Equal(got, []domain.Outcome{domain.OutcomeDeclined}) {
				t.Errorf("stored the decisions %v, want one decline", got)
			}
		})
	}
	t.Run("retries of a payment never stored are ignored", func(t *testing.T) {
		s := newSaga(t)
		s.retryDue(t, "order-9", 1)
		s.settleDue(t, "order-9", 1)
		if _, err := s.repo.Payment(context.Background(), "order-9"); err == nil {
			t.Fatal("a stale retry stored a payment")
		}
		if authorize, refund := s.provider.calls(); authorize+refund+s.provider.voids() != 0 {
			t.Errorf("stale retries called the provider")
		}
	})
}
