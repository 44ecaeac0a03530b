package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/orders/app"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
)

// scheduled is one check a timer was asked to deliver.
type scheduled struct {
	check app.CheckSagaDeadline
	delay time.Duration
}

// recordingTimer records the checks it is asked to deliver.
type recordingTimer struct{ checks []scheduled }

func (r *recordingTimer) Schedule(_ context.Context, check app.CheckSagaDeadline, delay time.Duration) error {
	r.checks = append(r.checks, scheduled{check, delay})
	return nil
}

// clock is a settable time.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

const deadline = 30 * time.Minute

func TestStartingASagaDeadlineSchedulesItsCheckForWhenItIsDue(t *testing.T) {
	placedAt := now()
	c := &clock{placedAt.Add(2 * time.Second)} // OrderPlaced arrives 2 s after the order was placed
	timer := &recordingTimer{}
	h := app.NewStartSagaDeadlineHandler(timer, deadline, c.now)
	cmd := app.StartSagaDeadline{ID: orderID, PlacedAt: placedAt}
	for range 2 { // a repeated OrderPlaced schedules the same check
		if err := h.Handle(context.Background(), cmd); err != nil {
			t.Fatal(err)
		}
	}
	want := scheduled{app.CheckSagaDeadline{ID: orderID, DueAt: placedAt.Add(deadline), Hop: 1}, deadline - 2*time.Second}
	if len(timer.checks) != 2 || timer.checks[0] != want || timer.checks[1] != want {
		t.Errorf("scheduled %+v, want %+v twice", timer.checks, want)
	}
}

func TestCheckingASagaDeadline(t *testing.T) {
	ctx := context.Background()
	due := now().Add(deadline)
	confirm := func(f fixture) {
		if _, err := app.NewConfirmOrderHandler(f.store, now).Handle(ctx, app.ConfirmOrder{ID: orderID}); err != nil {
			t.Fatal(err)
		}
	}
	cancel := func(f fixture) {
		if _, err := f.cancel.Handle(ctx, app.CancelOrder{ID: orderID, Reason: domain.ReasonCustomerRequest, CustomerID: "alice"}); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name        string
		before      func(fixture)
		at          time.Time
		want        app.DeadlineOutcome
		wantStatus  domain.Status
		wantReason  domain.CancelReason
		wantVersion int64
		wantNext    []scheduled
	}{
		{"an early check of a pending order schedules the next one for the time left",
			nil, due.Add(-12 * time.Minute), app.DeadlineNotYetDue, domain.StatusPending, "", 1,
			[]scheduled{{app.CheckSagaDeadline{ID: orderID, DueAt: due, Hop: 3}, 12 * time.Minute}}},
		{"a pending order at its deadline is cancelled for saga_timeout",
			nil, due, app.DeadlineExpired, domain.StatusCancelled, domain.ReasonSagaTimeout, 2, nil},
		{"a pending order past its deadline is cancelled for saga_timeout",
			nil, due.Add(time.Hour), app.DeadlineExpired, domain.StatusCancelled, domain.ReasonSagaTimeout, 2, nil},
		{"a confirmed order is left as it is",
			confirm, due, app.DeadlineMet, domain.StatusConfirmed, "", 2, nil},
		{"an order the customer cancelled keeps its reason",
			cancel, due, app.DeadlineMet, domain.StatusCancelled, domain.ReasonCustomerRequest, 2, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			if _, err := f.place.Handle(ctx, app.PlaceOrder{ID: orderID, CustomerID: "alice", Lines: []domain.LineRequest{line("MUG", 1)}}); err != nil {
				t.Fatal(err)
			}
			if c.before != nil {
				c.before(f)
			}
			timer := &recordingTimer{}
			h := app.NewCheckSagaDeadlineHandler(f.store, timer, (&clock{c.at}).now)
			got, err := h.Handle(ctx, app.CheckSagaDeadline{ID: orderID, DueAt: due, Hop: 2})
			if err != nil {
				t.Fatal(err)
			}
			o := got.Order
			if got.Outcome != c.want || o.Status() != c.wantStatus || o.CancelReason() != c.wantReason || o.Version() != c.wantVersion {
				t.Errorf("outcome %d, order %s (%s) at version %d; want %d, %s (%s) at %d",
					got.Outcome, o.Status(), o.CancelReason(), o.Version(), c.want, c.wantStatus, c.wantReason, c.wantVersion)
			}
			if len(timer.checks) != len(c.wantNext) || (len(c.wantNext) > 0 && timer.checks[0] != c.wantNext[0]) {
				t.Errorf("scheduled %+v, want %+v", timer.checks, c.wantNext)
			}
		})
	}

	t.Run("a repeated check after the expiry changes nothing, and a late authorisation confirms nothing", func(t *testing.T) {
		f := newFixture(t)
		if _, err := f.place.Handle(ctx, app.PlaceOrder{ID: orderID, CustomerID: "alice", Lines: []domain.LineRequest{line("MUG", 1)}}); err != nil {
			t.Fatal(err)
		}
		h := app.NewCheckSagaDeadlineHandler(f.store, &recordingTimer{}, (&clock{due}).now)
		check := app.CheckSagaDeadline{ID: orderID, DueAt: due, Hop: 1}
		if got, err := h.Handle(ctx, check); err != nil || got.Outcome != app.DeadlineExpired {
			t.Fatalf("first check: %+v %v", got, err)
		}
		if got, err := h.Handle(ctx, check); err != nil || got.Outcome != app.DeadlineMet || got.Order.Version() != 2 {
			t.Errorf("repeated check: %+v %v, want the deadline met at version 2", got, err)
		}
		confirm(f)
		if o, _ := f.store.Load(ctx, orderID); o.Status() != domain.StatusCancelled || o.Version() != 2 {
			t.Errorf("after a late authorisation the order is %s at version %d, want CANCELLED at 2", o.Status(), o.Version())
		}
	})

	t.Run("a confirmation that commits while the check decides wins, and the check cancels nothing", func(t *testing.T) {
		f := newFixture(t)
		if _, err := f.place.Handle(ctx, app.PlaceOrder{ID: orderID, CustomerID: "alice", Lines: []domain.LineRequest{line("MUG", 1)}}); err != nil {
			t.Fatal(err)
		}
		racing := &confirmingStore{EventStore: f.store, confirm: func() { confirm(f) }}
		h := app.NewCheckSagaDeadlineHandler(racing, &recordingTimer{}, (&clock{due}).now)
		got, err := h.Handle(ctx, app.CheckSagaDeadline{ID: orderID, DueAt: due, Hop: 1})
		if err != nil || got.Outcome != app.DeadlineMet || got.Order.Status() != domain.StatusConfirmed || got.Order.Version() != 2 {
			t.Errorf("check: %+v %v, want the deadline met by the confirmation at version 2", got, err)
		}
	})

	t.Run("a check of an unknown order is not found", func(t *testing.T) {
		h := app.NewCheckSagaDeadlineHandler(newFixture(t).store, &recordingTimer{}, now)
		if _, err := h.Handle(ctx, app.CheckSagaDeadline{ID: orderID, DueAt: due, Hop: 1}); !errors.Is(err, domain.ErrOrderNotFound) {
			t.Errorf("error = %v, want not found", err)
		}
	})
}

// confirmingStore confirms the order once, from another command, after
// the first decision on it is taken and before it is stored: the race of
// a deadline with an authorisation.
type confirmingStore struct {
	app.EventStore
	confirm func()
	done    bool
}

func (s *confirmingStore) Append(ctx context.Context, id domain.OrderID,
	decide func(context.Context, *domain.Order) ([]domain.Event, error)) (*domain.Order, error) {
	return s.EventStore.Append(ctx, id, func(ctx context.Context, current *domain.Order) ([]domain.Event, error) {
		evs, err := decide(ctx, current)
		if !s.done {
			s.done = true
			s.confirm()
		}
		return evs, err
	})
}
