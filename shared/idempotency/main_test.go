package idempotency_test

import (
	"testing"

	"github.com/conveyor-dev/conveyor/shared/idempotency"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// serviceTable is the shape every service table has: string pk and sk.
var serviceTable = spec.Table{
	PartitionKey: spec.Key{Name: "pk", Type: spec.String},
	SortKey:      &spec.Key{Name: "sk", Type: spec.String},
	TTLAttribute: "expiresAt",
}

// newStore creates a fresh table in the emulator and a store on it.
func newStore(t *testing.T, change func(*idempotency.Config)) *idempotency.Store {
	t.Helper()
	db := kumotest.Start(t).DynamoDB()
	name := kumotest.UniqueName(t, "idem")
	kumotest.CreateTable(t, db, name, serviceTable)
	cfg, err := idempotency.ConfigFor(db, name, serviceTable)
	if err != nil {
		t.Fatal(err)
	}
	if change != nil {
		change(&cfg)
	}
	s, err := idempotency.NewStore(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
