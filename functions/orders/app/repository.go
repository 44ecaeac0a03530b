package app

import (
	"context"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
)

// EventStore keeps each order's event stream: one commit per command, all
// of the command's events in it. It is the only write path of orders.
// Implementations must be safe for concurrent use and pass the contract
// suite in adapters.
type EventStore interface {
	// Load folds the order's commits, or returns domain.ErrOrderNotFound.
	Load(ctx context.Context, id domain.OrderID) (*domain.Order, error)
	// Append loads the order (nil when it has no commits), calls decide,
	// and stores the events decide returns as the next commit, on the
	// condition that no commit of that version exists yet. When another
	// command got there first it loads again and retries a bounded number
	// of times, then returns domain.ErrConcurrentUpdate. It returns the
	// order after the commit, or as loaded when decide returns no events.
	// An error from decide is returned as is and nothing is stored.
	Append(ctx context.Context, id domain.OrderID,
		decide func(ctx context.Context, current *domain.Order) ([]domain.Event, error)) (*domain.Order, error)
	// OrderIDs calls fn with the id of every order in the store, in no
	// particular order, stopping at fn's first error.
	OrderIDs(ctx context.Context, fn func(domain.OrderID) error) error
}

// ReadModel keeps the current state of every order for queries, built from
// the event store. Implementations must be safe for concurrent use and pass
// the contract suite in adapters.
type ReadModel interface {
	// Save stores the order unless the stored copy is of the same or a
	// later version; it reports whether it stored it.
	Save(ctx context.Context, o *domain.Order) (bool, error)
	// Order returns the stored copy, or domain.ErrOrderNotFound.
	Order(ctx context.Context, id domain.OrderID) (*domain.Order, error)
	// CustomerOrders returns up to limit of the customer's orders, newest
	// first, after the position after (the start when empty), and the
	// position of the next page, empty on the last page.
	CustomerOrders(ctx context.Context, customerID, after string, limit int) ([]*domain.Order, string, error)
}

// ProductCopy is the orders service's copy of the catalog. Implementations
// must be safe for concurrent use.
type ProductCopy interface {
	// Products returns the copies of the SKUs it holds, tombstones of
	// deleted products included; a SKU it never heard of is absent.
	Products(ctx context.Context, skus []domain.SKU) (map[domain.SKU]domain.Product, error)
	// PutProduct stores p unless the copy holds the same or a later
	// version of it; it reports whether it stored it.
	PutProduct(ctx context.Context, p domain.Product) (bool, error)
}

// HealthChecker checks that the service's storage answers.
type HealthChecker interface {
	CheckHealth(ctx context.Context) error
}
