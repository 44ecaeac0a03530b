package app

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
)

// maxSettleAttempts bounds how often a reservation change is tried again
// after losing a race.
const maxSettleAttempts = 10

// settle runs step until it returns the order's record, trying again with
// a growing, jittered pause while it loses races: another handler changed
// the record (domain.ErrReservationChanged) or concurrent transactions
// touched the same stock (domain.ErrStockContention). After the last
// attempt it returns the last error, so the message is retried later.
func settle(ctx context.Context, step func(ctx context.Context) (*domain.Reservation, error)) (*domain.Reservation, error) {
	for attempt := 1; ; attempt++ {
		rec, err := step(ctx)
		if err == nil {
			return rec, nil
		}
		if !errors.Is(err, domain.ErrReservationChanged) && !errors.Is(err, domain.ErrStockContention) {
			return nil, err
		}
		if attempt == maxSettleAttempts {
			return nil, err
		}
		d := time.Duration(attempt)*5*time.Millisecond + rand.N(10*time.Millisecond)
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}
