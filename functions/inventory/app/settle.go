package app

import (
	"context"

	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
	"github.com/conveyor-dev/conveyor/shared/dynamo"
)

// settle runs step until it returns the order's record, trying again
// (dynamo.Retry) while it loses races: another handler changed the record
// (domain.ErrReservationChanged) or concurrent transactions touched the
// same stock (domain.ErrStockContention). After the last attempt it
// returns an error wrapping dynamo.ErrConflict and the last of those, so
// the message is retried later.
func settle(ctx context.Context, step func(ctx context.Context) (*domain.Reservation, error)) (*domain.Reservation, error) {
	return dynamo.Retry(ctx, step, domain.ErrReservationChanged, domain.ErrStockContention)
}
