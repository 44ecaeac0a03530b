package adapters_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/inventory"
	"github.com/conveyor-dev/conveyor/functions/inventory/adapters"
	"github.com/conveyor-dev/conveyor/functions/inventory/app"
	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// The contract every StockRepository keeps, run against each one.
func TestStockRepositoryContract(t *testing.T) {
	repos := map[string]func(t *testing.T) app.StockRepository{
		"memory": func(*testing.T) app.StockRepository { return adapters.NewStockMemoryRepository() },
		"dynamodb": func(t *testing.T) app.StockRepository {
			env := kumotest.Start(t)
			db := env.DynamoDB()
			table := kumotest.UniqueName(t, "inventory")
			kumotest.CreateTable(t, db, table, inventory.Spec.Table)
			repo, err := adapters.NewStockDynamoRepository(db, table)
			if err != nil {
				t.Fatal(err)
			}
			return repo
		},
	}
	for name, newRepo := range repos {
		t.Run(name, func(t *testing.T) {
			t.Run("missing stock is not found and a new order has no record", func(t *testing.T) { missing(t, newRepo(t)) })
			t.Run("a stock item reads back and keeps its reserved units when on hand is set", func(t *testing.T) { stockRoundTrip(t, newRepo(t)) })
			t.Run("a reservation takes every line or none and names each short line", func(t *testing.T) { allOrNothing(t, newRepo(t)) })
			t.Run("a record reads back field for field", func(t *testing.T) { recordRoundTrip(t, newRepo(t)) })
			t.Run("a move from a record that is no longer stored changes nothing", func(t *testing.T) { staleMoves(t, newRepo(t)) })
			t.Run("commit, release and release after commit move the right units", func(t *testing.T) { moves(t, newRepo(t)) })
			t.Run("concurrent reservations never take more than is available", func(t *testing.T) { concurrentReservations(t, newRepo(t)) })
		})
	}
}

var t0 = time.Date(2026, 11, 25, 12, 0, 0, 123456789, time.UTC)

func setStock(t *testing.T, repo app.StockRepository, sku domain.SKU, onHand int64) {
	t.Helper()
	_, err := repo.UpdateStockItem(context.Background(), sku, func(cur *domain.StockItem) (*domain.StockItem, error) {
		if cur == nil {
			return domain.NewStockItem(sku, onHand, t0)
		}
		return cur.SetOnHand(onHand, t0)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// stock returns on hand, reserved and available of the SKU.
func stock(t *testing.T, repo app.StockRepository, sku domain.SKU) [3]int64 {
	t.Helper()
	it, err := repo.StockItem(context.Background(), sku)
	if err != nil {
		t.Fatal(err)
	}
	return [3]int64{it.OnHand(), it.Reserved(), it.Available()}
}

func reservation(t *testing.T, orderID string, lines ...domain.Line) *domain.Reservation {
	t.Helper()
	r, err := domain.NewReservation(orderID, lines, domain.Money{Amount: 2500, Currency: "EUR"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func missing(t *testing.T, repo app.StockRepository) {
	if _, err := repo.StockItem(context.Background(), "NOPE"); !errors.Is(err, domain.ErrStockItemNotFound) {
		t.Errorf("error = %v, want ErrStockItemNotFound", err)
	}
	rec, err := repo.Reservation(context.Background(), "O-NONE")
	if err != nil || rec != nil {
		t.Errorf("Reservation = %v, %v; want nil, nil", rec, err)
	}
}

func stockRoundTrip(t *testing.T, repo app.StockRepository) {
	setStock(t, repo, "MUG", 10)
	it, err := repo.StockItem(context.Background(), "MUG")
	if err != nil {
		t.Fatal(err)
	}
	if it.SKU() != "MUG" || it.OnHand() != 10 || it.Reserved() != 0 || it.Version() != 1 || !it.UpdatedAt().Equal(t0) {
		t.Errorf("read back %+v", it)
	}
	if err := repo.Transition(context.Background(), nil, reservation(t, "O-1", domain.Line{SKU: "MUG", Quantity: 4})); err != nil {
		t.Fatal(err)
	}
	setStock(t, repo, "MUG", 7)
	if got := stock(t, repo, "MUG"); got != [3]int64{7, 4, 3} {
		t.Errorf("after setting 7 on hand with 4 reserved: onHand, reserved, available = %v, want [7 4 3]", got)
	}
}

func allOrNothing(t *testing.T, repo app.StockRepository) {
	ctx := context.Background()
	setStock(t, repo, "MUG", 5)
	setStock(t, repo, "TEA", 1)
	r := reservation(t, "O-2", domain.Line{SKU: "MUG", Quantity: 2}, domain.Line{SKU: "TEA", Quantity: 3}, domain.Line{SKU: "GHOST", Quantity: 1})
	err := repo.Transition(ctx, nil, r)
	var short *domain.ShortageError
	if !errors.As(err, &short) {
		t.Fatalf("error = %v, want a ShortageError", err)
	}
	want := []domain.Shortage{{SKU: "TEA", Requested: 3, Available: 1}, {SKU: "GHOST", Requested: 1, Available: 0}}
	if !slices.Equal(short.Shortages, want) {
		t.Errorf("shortages %+v, want %+v", short.Shortages, want)
	}
	if got := stock(t, repo, "MUG"); got != [3]int64{5, 0, 5} {
		t.Errorf("MUG after a rejected reservation = %v, want untouched [5 0 5]", got)
	}
	if rec, err := repo.Reservation(ctx, "O-2"); err != nil || rec != nil {
		t.Errorf("a failed reservation left the record %v, %v", rec, err)
	}
	ok := reservation(t, "O-3", domain.Line{SKU: "MUG", Quantity: 2}, domain.Line{SKU: "TEA", Quantity: 1})
	if err := repo.Transition(ctx, nil, ok); err != nil {
		t.Fatal(err)
	}
	if got := [2][3]int64{stock(t, repo, "MUG"), stock(t, repo, "TEA")}; got != [2][3]int64{{5, 2, 3}, {1, 1, 0}} {
		t.Errorf("after reserving 2 MUG and 1 TEA: %v", got)
	}
}

func recordRoundTrip(t *testing.T, repo app.StockRepository) {
	ctx := context.Background()
	setStock(t, repo, "MUG", 5)
	r := reservation(t, "O-4", domain.Line{SKU: "MUG", Quantity: 2})
	if err := repo.Transition(ctx, nil, r); err != nil {
		t.Fatal(err)
	}
	got, err := repo.Reservation(ctx, "O-4")
	if err != nil {
		t.Fatal(err)
	}
	if got.OrderID() != "O-4" || got.Status() != domain.Reserved || !slices.Equal(got.Lines(), r.Lines()) ||
		got.Total() != r.Total() || !got.DecidedAt().Equal(t0) || !got.ReleasedAt().IsZero() {
		t.Errorf("read back %+v, want %+v", got, r)
	}
	rej, err := domain.NewRejection("O-5", []domain.Shortage{{SKU: "TEA", Requested: 3, Available: 1}}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.Transition(ctx, nil, rej); err != nil {
		t.Fatal(err)
	}
	got, err = repo.Reservation(ctx, "O-5")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status() != domain.Rejected || !slices.Equal(got.Shortages(), rej.Shortages()) || len(got.Lines()) != 0 {
		t.Errorf("rejection read back %+v", got)
	}
}

func staleMoves(t *testing.T, repo app.StockRepository) {
	ctx := context.Background()
	setStock(t, repo, "MUG", 5)
	first := reservation(t, "O-6", domain.Line{SKU: "MUG", Quantity: 1})
	if err := repo.Transition(ctx, nil, first); err != nil {
		t.Fatal(err)
	}
	again := reservation(t, "O-6", domain.Line{SKU: "MUG", Quantity: 1})
	if err := repo.Transition(ctx, nil, again); !errors.Is(err, domain.ErrReservationChanged) {
		t.Errorf("a second reservation of one order: error = %v, want ErrReservationChanged", err)
	}
	mark, err := domain.NewCancellationMark("O-6", t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.Transition(ctx, nil, mark); !errors.Is(err, domain.ErrReservationChanged) {
		t.Errorf("a cancellation mark over a reservation: error = %v, want ErrReservationChanged", err)
	}
	released, err := first.Release(t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.Transition(ctx, first, released); err != nil {
		t.Fatal(err)
	}
	if err := repo.Transition(ctx, first, released); !errors.Is(err, domain.ErrReservationChanged) {
		t.Errorf("a second release: error = %v, want ErrReservationChanged", err)
	}
	if got := stock(t, repo, "MUG"); got != [3]int64{5, 0, 5} {
		t.Errorf("after reserving once and releasing once: %v, want [5 0 5]", got)
	}
}

func moves(t *testing.T, repo app.StockRepository) {
	ctx := context.Background()
	setStock(t, repo, "MUG", 10)
	r := reservation(t, "O-7", domain.Line{SKU: "MUG", Quantity: 3})
	steps := []struct {
		name string
		move func(*domain.Reservation) (*domain.Reservation, error)
		want [3]int64
	}{
		{"reserving 3 holds them", func(*domain.Reservation) (*domain.Reservation, error) { return r, nil }, [3]int64{10, 3, 7}},
		{"committing them takes them off the stock on hand", func(cur *domain.Reservation) (*domain.Reservation, error) { return cur.Commit(t0) }, [3]int64{7, 0, 7}},
		{"releasing the committed order puts them back", func(cur *domain.Reservation) (*domain.Reservation, error) { return cur.Release(t0) }, [3]int64{10, 0, 10}},
	}
	var cur *domain.Reservation
	for _, s := range steps {
		next, err := s.move(cur)
		if err != nil {
			t.Fatal(err)
		}
		if err := repo.Transition(ctx, cur, next); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := stock(t, repo, "MUG"); got != s.want {
			t.Errorf("%s: onHand, reserved, available = %v, want %v", s.name, got, s.want)
		}
		cur = next
	}
	stored, err := repo.Reservation(ctx, "O-7")
	if err != nil || stored.Status() != domain.Released || stored.CommittedAt().IsZero() || stored.ReleasedAt().IsZero() {
		t.Errorf("record after commit and release: %+v, %v", stored, err)
	}
}

func concurrentReservations(t *testing.T, repo app.StockRepository) {
	ctx := context.Background()
	setStock(t, repo, "MUG", 7)
	var (
		wg               sync.WaitGroup
		mu               sync.Mutex
		reserved, denied int
		failures         []error
	)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := reservation(t, fmt.Sprintf("O-C-%d", i), domain.Line{SKU: "MUG", Quantity: 1})
			var err error
			for range 50 {
				if err = repo.Transition(ctx, nil, r); !errors.Is(err, domain.ErrStockContention) {
					break
				}
			}
			var short *domain.ShortageError
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				reserved++
			case errors.As(err, &short):
				denied++
			default:
				failures = append(failures, err)
			}
		}()
	}
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("unexpected errors: %v", failures)
	}
	if reserved != 7 || denied != 13 {
		t.Errorf("%d reserved and %d denied, want 7 and 13", reserved, denied)
	}
	if got := stock(t, repo, "MUG"); got != [3]int64{7, 7, 0} {
		t.Errorf("onHand, reserved, available = %v, want [7 7 0]", got)
	}
}
