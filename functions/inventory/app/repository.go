package app

import (
	"context"

	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
)

// StockRepository stores stock items and reservation records.
// Implementations must be safe for concurrent use and pass the contract
// suite in adapters.
type StockRepository interface {
	// StockItem returns the SKU's stock, or domain.ErrStockItemNotFound.
	StockItem(ctx context.Context, sku domain.SKU) (*domain.StockItem, error)
	// UpdateStockItem loads the item (nil when it does not exist), calls
	// update, and stores what update returns, unless that is the loaded
	// item itself, which means nothing changed. The write succeeds only if
	// the stored item is still the one loaded (no reservation moved in
	// between); otherwise it loads again and retries (dynamo.Retry), and
	// after the last attempt returns domain.ErrConcurrentUpdate. An error
	// from update is returned as is.
	UpdateStockItem(ctx context.Context, sku domain.SKU,
		update func(current *domain.StockItem) (*domain.StockItem, error)) (*domain.StockItem, error)
	// Reservation returns the order's reservation record, or nil when the
	// order has none.
	Reservation(ctx context.Context, orderID string) (*domain.Reservation, error)
	// Transition stores next as the order's record and applies the stock
	// changes of domain.StockChanges(prev, next), all or nothing. It
	// requires the stored record to be prev: absent when prev is nil,
	// else of prev's status; otherwise it returns
	// domain.ErrReservationChanged. When a line lacks the available units
	// the move takes, it returns a *domain.ShortageError naming every
	// short line; when the move failed for neither reason (contention
	// with other transactions), domain.ErrStockContention.
	Transition(ctx context.Context, prev, next *domain.Reservation) error
}

// HealthChecker checks that the service's storage answers.
type HealthChecker interface {
	CheckHealth(ctx context.Context) error
}
