package adapters_test

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/shipping"
	"github.com/conveyor-dev/conveyor/functions/shipping/adapters"
	"github.com/conveyor-dev/conveyor/functions/shipping/app"
	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// The contract every ShipmentRepository keeps, run against each one.
func TestShipmentRepositoryContract(t *testing.T) {
	repos := map[string]func(t *testing.T) app.ShipmentRepository{
		"memory": func(*testing.T) app.ShipmentRepository { return adapters.NewShipmentMemoryRepository() },
		"dynamodb": func(t *testing.T) app.ShipmentRepository {
			env := kumotest.Start(t)
			db := env.DynamoDB()
			table := kumotest.UniqueName(t, "shipping")
			kumotest.CreateTable(t, db, table, shipping.Spec.Table)
			repo, err := adapters.NewShipmentDynamoRepository(db, table)
			if err != nil {
				t.Fatal(err)
			}
			return repo
		},
	}
	at := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	later := at.Add(time.Hour)
	newShipment := func(t *testing.T, orderID string) *domain.Shipment {
		t.Helper()
		s, err := domain.NewShipment(orderID, "alice", []domain.Line{{SKU: "MUG", Quantity: 2}, {SKU: "TEA", Quantity: 1}}, at)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	ctx := context.Background()
	for name, newRepo := range repos {
		t.Run(name, func(t *testing.T) {
			t.Run("a missing shipment is not found", func(t *testing.T) {
				if _, err := newRepo(t).Shipment(ctx, "nope"); !errors.Is(err, domain.ErrShipmentNotFound) {
					t.Fatalf("error %v, want ErrShipmentNotFound", err)
				}
			})
			t.Run("a created shipment reads back field for field", func(t *testing.T) {
				repo := newRepo(t)
				want := newShipment(t, "order-1")
				if _, err := repo.CreateShipment(ctx, want); err != nil {
					t.Fatal(err)
				}
				got, err := repo.Shipment(ctx, "order-1")
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("read %+v, want %+v", got, want)
				}
			})
			t.Run("a second shipment for the order returns the first one", func(t *testing.T) {
				repo := newRepo(t)
				first := newShipment(t, "order-1")
				if _, err := repo.CreateShipment(ctx, first); err != nil {
					t.Fatal(err)
				}
				second := newShipment(t, "order-1")
				second.Carrier, second.TrackingID = "other", "other"
				got, err := repo.CreateShipment(ctx, second)
				if err != nil {
					t.Fatal(err)
				}
				if got.Carrier != first.Carrier || got.TrackingID != first.TrackingID {
					t.Fatalf("second create returned %+v, want the first %+v", got, first)
				}
			})
			t.Run("concurrent creates store one shipment", func(t *testing.T) {
				repo := newRepo(t)
				var wg sync.WaitGroup
				got := make([]*domain.Shipment, 8)
				for i := range got {
					wg.Add(1)
					go func() {
						defer wg.Done()
						s := newShipment(t, "order-1")
						s.TrackingID = string(rune('A' + i))
						got[i], _ = repo.CreateShipment(ctx, s)
					}()
				}
				wg.Wait()
				for _, g := range got {
					if g == nil || g.TrackingID != got[0].TrackingID {
						t.Fatalf("creates returned different shipments: %+v and %+v", g, got[0])
					}
				}
			})
			t.Run("cancelling a shipment keeps it, cancelled, and a second cancel changes nothing", func(t *testing.T) {
				repo := newRepo(t)
				want := newShipment(t, "order-1")
				if _, err := repo.CreateShipment(ctx, want); err != nil {
					t.Fatal(err)
				}
				if _, err := repo.CancelShipment(ctx, "order-1", later); err != nil {
					t.Fatal(err)
				}
				again, err := repo.CancelShipment(ctx, "order-1", later.Add(time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				got, err := repo.Shipment(ctx, "order-1")
				if err != nil {
					t.Fatal(err)
				}
				want.Cancel(later)
				if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(again, want) {
					t.Fatalf("read %+v (second cancel returned %+v), want %+v", got, again, want)
				}
			})
			t.Run("a cancellation before the confirmation keeps the late shipment from being stored", func(t *testing.T) {
				repo := newRepo(t)
				mark, err := repo.CancelShipment(ctx, "order-1", later)
				if err != nil {
					t.Fatal(err)
				}
				if mark.Scheduled() || mark.Status != domain.StatusCancelled {
					t.Fatalf("cancellation %+v, want an unscheduled mark", mark)
				}
				got, err := repo.CreateShipment(ctx, newShipment(t, "order-1"))
				if err != nil {
					t.Fatal(err)
				}
				if got.Scheduled() || got.Status != domain.StatusCancelled || !got.CancelledAt.Equal(later) {
					t.Fatalf("create after the cancel returned %+v, want the cancellation", got)
				}
			})
			t.Run("a shipment created and cancelled at once ends cancelled", func(t *testing.T) {
				repo := newRepo(t)
				var wg sync.WaitGroup
				wg.Add(2)
				go func() {
					defer wg.Done()
					if _, err := repo.CreateShipment(ctx, newShipment(t, "order-1")); err != nil {
						t.Error(err)
					}
				}()
				go func() {
					defer wg.Done()
					if _, err := repo.CancelShipment(ctx, "order-1", later); err != nil {
						t.Error(err)
					}
				}()
				wg.Wait()
				got, err := repo.Shipment(ctx, "order-1")
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != domain.StatusCancelled {
					t.Fatalf("shipment %+v, want cancelled whichever came first", got)
				}
			})
		})
	}
}
