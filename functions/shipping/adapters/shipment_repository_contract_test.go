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
	newShipment := func(t *testing.T, orderID string, at time.Time) *domain.Shipment {
		t.Helper()
		s, err := domain.NewShipment(orderID, "alice", []domain.Line{{SKU: "MUG", Quantity: 2}, {SKU: "TEA", Quantity: 1}}, at)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// store is the update the use cases run to schedule s.
	store := func(s *domain.Shipment) func(*domain.Shipment) (*domain.Shipment, error) {
		return func(current *domain.Shipment) (*domain.Shipment, error) { return domain.Schedule(current, s), nil }
	}
	cancel := func(at time.Time) func(*domain.Shipment) (*domain.Shipment, error) {
		return func(current *domain.Shipment) (*domain.Shipment, error) {
			return domain.CancelOrder("order-1", current, at)
		}
	}
	ctx := context.Background()
	for name, newRepo := range repos {
		t.Run(name, func(t *testing.T) {
			t.Run("a missing shipment is not found", func(t *testing.T) {
				if _, err := newRepo(t).Shipment(ctx, "nope"); !errors.Is(err, domain.ErrShipmentNotFound) {
					t.Fatalf("error %v, want ErrShipmentNotFound", err)
				}
			})
			t.Run("an update sees nothing for a new order and stores what it returns, field for field", func(t *testing.T) {
				repo := newRepo(t)
				want := newShipment(t, "order-1", at)
				got, err := repo.UpdateShipment(ctx, "order-1", func(current *domain.Shipment) (*domain.Shipment, error) {
					if current != nil {
						t.Errorf("a new order has %+v", current)
					}
					return want, nil
				})
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Fatalf("update returned %+v, %v, want %+v", got, err, want)
				}
				read, err := repo.Shipment(ctx, "order-1")
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(read, want) {
					t.Fatalf("read %+v, want %+v", read, want)
				}
			})
			t.Run("an update sees the stored shipment and returning it stores nothing new", func(t *testing.T) {
				repo := newRepo(t)
				first := newShipment(t, "order-1", at)
				if _, err := repo.UpdateShipment(ctx, "order-1", store(first)); err != nil {
					t.Fatal(err)
				}
				got, err := repo.UpdateShipment(ctx, "order-1", store(newShipment(t, "order-1", later)))
				if err != nil {
					t.Fatal(err)
				}
				read, err := repo.Shipment(ctx, "order-1")
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, first) || !reflect.DeepEqual(read, first) {
					t.Fatalf("second update returned %+v and left %+v, want the first %+v", got, read, first)
				}
			})
			t.Run("an error from the update is returned as is and stores nothing", func(t *testing.T) {
				repo := newRepo(t)
				refused := errors.New("refused")
				if _, err := repo.UpdateShipment(ctx, "order-1", func(*domain.Shipment) (*domain.Shipment, error) { return nil, refused }); !errors.Is(err, refused) {
					t.Fatalf("error %v, want the update's", err)
				}
				if _, err := repo.Shipment(ctx, "order-1"); !errors.Is(err, domain.ErrShipmentNotFound) {
					t.Fatalf("after a refused update: %v, want not found", err)
				}
			})
			t.Run("an update that returns another order's shipment is refused", func(t *testing.T) {
				repo := newRepo(t)
				if _, err := repo.UpdateShipment(ctx, "order-1", store(newShipment(t, "order-2", at))); err == nil {
					t.Fatal("stored order-2's shipment as order-1's")
				}
			})
			t.Run("concurrent first updates store one shipment", func(t *testing.T) {
				repo := newRepo(t)
				var wg sync.WaitGroup
				got := make([]*domain.Shipment, 8)
				errs := make([]error, len(got))
				for i := range got {
					wg.Go(func() {
						got[i], errs[i] = repo.UpdateShipment(ctx, "order-1", store(newShipment(t, "order-1", at.Add(time.Duration(i)*time.Second))))
					})
				}
				wg.Wait()
				for i, g := range got {
					if errs[i] != nil || !reflect.DeepEqual(g, got[0]) {
						t.Fatalf("update %d returned %+v, %v; update 0 %+v", i, g, errs[i], got[0])
					}
				}
			})
			t.Run("cancelling a shipment keeps it, cancelled, and a second cancel changes nothing", func(t *testing.T) {
				repo := newRepo(t)
				s := newShipment(t, "order-1", at)
				if _, err := repo.UpdateShipment(ctx, "order-1", store(s)); err != nil {
					t.Fatal(err)
				}
				if _, err := repo.UpdateShipment(ctx, "order-1", cancel(later)); err != nil {
					t.Fatal(err)
				}
				again, err := repo.UpdateShipment(ctx, "order-1", cancel(later.Add(time.Hour)))
				if err != nil {
					t.Fatal(err)
				}
				got, err := repo.Shipment(ctx, "order-1")
				if err != nil {
					t.Fatal(err)
				}
				want := s.Cancel(later)
				if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(again, want) {
					t.Fatalf("read %+v (second cancel returned %+v), want %+v", got, again, want)
				}
			})
			t.Run("a cancellation before the confirmation keeps the late shipment from being stored", func(t *testing.T) {
				repo := newRepo(t)
				mark, err := repo.UpdateShipment(ctx, "order-1", cancel(later))
				if err != nil {
					t.Fatal(err)
				}
				if mark.Scheduled() || mark.Status() != domain.StatusCancelled {
					t.Fatalf("cancellation %+v, want an unscheduled mark", mark)
				}
				got, err := repo.UpdateShipment(ctx, "order-1", store(newShipment(t, "order-1", at)))
				if err != nil {
					t.Fatal(err)
				}
				if got.Scheduled() || got.Status() != domain.StatusCancelled || !got.CancelledAt().Equal(later) {
					t.Fatalf("scheduling after the cancel returned %+v, want the cancellation", got)
				}
			})
			t.Run("a shipment scheduled and cancelled at once ends cancelled", func(t *testing.T) {
				repo := newRepo(t)
				var wg sync.WaitGroup
				wg.Go(func() {
					if _, err := repo.UpdateShipment(ctx, "order-1", store(newShipment(t, "order-1", at))); err != nil {
						t.Error(err)
					}
				})
				wg.Go(func() {
					if _, err := repo.UpdateShipment(ctx, "order-1", cancel(later)); err != nil {
						t.Error(err)
					}
				})
				wg.Wait()
				got, err := repo.Shipment(ctx, "order-1")
				if err != nil {
					t.Fatal(err)
				}
				if got.Status() != domain.StatusCancelled {
					t.Fatalf("shipment %+v, want cancelled whichever came first", got)
				}
			})
		})
	}
}
