package adapters_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/inventory"
	"github.com/conveyor-dev/conveyor/functions/inventory/adapters"
	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// TestEachTransitionKeepsTheFlowOfTheEventThatMadeIt writes a record's
// moves with the repository on the emulator, each while handling an event
// of its own, and maps the stored record as its stream would carry it:
// each announcement carries the flow and the cause of the move it
// announces.
func TestEachTransitionKeepsTheFlowOfTheEventThatMadeIt(t *testing.T) {
	env := kumotest.Start(t)
	db := env.DynamoDB()
	table := kumotest.UniqueName(t, "inventory")
	kumotest.CreateTable(t, db, table, inventory.Spec.Table)
	repo, err := adapters.NewStockDynamoRepository(db, table)
	if err != nil {
		t.Fatal(err)
	}
	setStock(t, repo, "MUG", 5)
	handling := func(id string) context.Context {
		cause := events.Envelope{ID: id, CorrelationID: "flow-" + id}
		return events.ContextWithCause(correlation.With(context.Background(), cause.CorrelationID), cause)
	}
	announced := func(t *testing.T) changecapture.Emit {
		t.Helper()
		out, err := db.GetItem(t.Context(), &dynamodb.GetItemInput{TableName: aws.String(table), Key: recordKeys, ConsistentRead: aws.Bool(true)})
		if err != nil {
			t.Fatal(err)
		}
		got, err := adapters.ReservationEvents(changecapture.Change{Kind: changecapture.Modify, Keys: recordKeys, NewImage: out.Item})
		if err != nil || len(got) != 1 {
			t.Fatalf("announcements %+v, %v; want one", got, err)
		}
		return got[0]
	}

	rec := reservation(t, "O-1", domain.Line{SKU: "MUG", Quantity: 2})
	if err := repo.Transition(handling("placed"), nil, rec); err != nil {
		t.Fatal(err)
	}
	if e := announced(t); e.Event.EventType() != events.TypeStockReserved || e.CausationID != "placed" || e.CorrelationID != "flow-placed" {
		t.Errorf("the reservation is announced as %s caused by %q in flow %q", e.Event.EventType(), e.CausationID, e.CorrelationID)
	}
	next, err := rec.Release(t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.Transition(handling("cancelled"), rec, next); err != nil {
		t.Fatal(err)
	}
	if e := announced(t); e.Event.EventType() != events.TypeStockReleased || e.CausationID != "cancelled" || e.CorrelationID != "flow-cancelled" {
		t.Errorf("the release is announced as %s caused by %q in flow %q", e.Event.EventType(), e.CausationID, e.CorrelationID)
	}
}
