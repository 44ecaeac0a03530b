package spec

import (
	"fmt"
	"maps"
	"slices"
)

// TableOperation is one DynamoDB operation a function calls on its
// service's table, named as the IAM action that authorises it (without the
// "dynamodb:" prefix).
//
// A transaction is authorised item by item: TransactWriteItems needs the
// operation of each item it holds (PutItem, UpdateItem, DeleteItem,
// ConditionCheckItem), TransactGetItems needs GetItem. Declare those.
type TableOperation string

// The table operations a function may declare.
const (
	GetItem            TableOperation = "GetItem"
	BatchGetItem       TableOperation = "BatchGetItem"
	Query              TableOperation = "Query"
	Scan               TableOperation = "Scan"
	PutItem            TableOperation = "PutItem"
	UpdateItem         TableOperation = "UpdateItem"
	DeleteItem         TableOperation = "DeleteItem"
	BatchWriteItem     TableOperation = "BatchWriteItem"
	ConditionCheckItem TableOperation = "ConditionCheckItem"
)

// tableOperations says, for every known operation, whether it writes.
var tableOperations = map[TableOperation]bool{
	GetItem: false, BatchGetItem: false, Query: false, Scan: false,
	PutItem: true, UpdateItem: true, DeleteItem: true, BatchWriteItem: true, ConditionCheckItem: false,
}

// Writes reports whether the operation changes the table.
func (op TableOperation) Writes() bool { return tableOperations[op] }

// IdempotencyOperations are the operations of the idempotency records an
// event consumer keeps in its service's table (shared/consumer through
// shared/idempotency): a conditional put to claim an event, a read of the
// claim that was in the way, a put to complete it and a delete to release
// it when handling failed. Every function that drains a subscription is
// such a consumer (functions/wiring_test.go), so it gets them without
// declaring them.
var IdempotencyOperations = []TableOperation{GetItem, PutItem, DeleteItem}

// TableAccess declares what a function does with its service's table: the
// operations its code calls on the table itself, and the indexes it
// queries. The zero value is no access at all. The function's role grants
// exactly these, on the table and on the named indexes (see
// internal/iampolicy), and a test checks them against the calls its code
// can make.
type TableAccess struct {
	// Operations are the operations the function calls on the table
	// itself; Query here is a query of the table, not of an index.
	Operations []TableOperation
	// Indexes names the global secondary indexes the function queries.
	Indexes []string
}

// Access is a function's level of access to its service's table.
type Access string

// The levels of table access.
const (
	NoAccess  Access = "none"
	ReadOnly  Access = "read"
	ReadWrite Access = "read-write"
)

// TableOperations returns every operation function f may call on the
// service's table itself: the ones it declares and, if it drains a
// subscription, IdempotencyOperations; sorted, each once.
func (s Service) TableOperations(f Function) []TableOperation {
	ops := map[TableOperation]bool{}
	for _, op := range f.Table.Operations {
		ops[op] = true
	}
	if len(s.Drains(f)) > 0 {
		for _, op := range IdempotencyOperations {
			ops[op] = true
		}
	}
	return slices.Sorted(maps.Keys(ops))
}

// TableAccess is function f's level of access to the service's table:
// read-write if one of its operations writes, read if it reads the table
// or queries an index, none otherwise.
func (s Service) TableAccess(f Function) Access {
	ops := s.TableOperations(f)
	switch {
	case slices.ContainsFunc(ops, TableOperation.Writes):
		return ReadWrite
	case len(ops) > 0 || len(f.Table.Indexes) > 0:
		return ReadOnly
	default:
		return NoAccess
	}
}

// Drains returns the subscriptions whose queue function f drains, in
// declaration order.
func (s Service) Drains(f Function) []Subscription {
	var out []Subscription
	for _, sub := range s.Subscriptions {
		if sub.Function == f.Name {
			out = append(out, sub)
		}
	}
	return out
}

// SendsTo returns the names of the subscriptions to whose queue function f
// may send, because it declares the queue's URL (QueueURL); sorted, each
// once.
func (s Service) SendsTo(f Function) []string {
	queues := map[string]bool{}
	for _, v := range f.Environment {
		if v.Queue != "" {
			queues[v.Queue] = true
		}
	}
	return slices.Sorted(maps.Keys(queues))
}

// PublishedBy returns the event types function f puts on the platform
// bus: the service's Publishes if f is its publisher, none otherwise.
func (s Service) PublishedBy(f Function) []string {
	if !f.Publisher {
		return nil
	}
	return slices.Clone(s.Publishes)
}

func (a TableAccess) validate(t Table) []error {
	var errs []error
	seen := map[TableOperation]bool{}
	for _, op := range a.Operations {
		if _, known := tableOperations[op]; !known {
			errs = append(errs, fmt.Errorf("table operation %q is not one of %v", op, slices.Sorted(maps.Keys(tableOperations))))
		}
		if seen[op] {
			errs = append(errs, fmt.Errorf("table operation %s declared twice", op))
		}
		seen[op] = true
	}
	indexes := map[string]bool{}
	for _, ix := range a.Indexes {
		if indexes[ix] {
			errs = append(errs, fmt.Errorf("index %q declared twice", ix))
		}
		indexes[ix] = true
		if !slices.ContainsFunc(t.Indexes, func(d Index) bool { return d.Name == ix }) {
			errs = append(errs, fmt.Errorf("queries index %q, which the table does not declare", ix))
		}
	}
	return errs
}
