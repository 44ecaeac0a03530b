package adapters_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/functions/orders/adapters"
	"github.com/conveyor-dev/conveyor/functions/orders/app"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

type storage struct {
	store    app.EventStore
	views    app.ReadModel
	products app.ProductCopy
}

func dynamoStorage(t *testing.T) storage {
	env := kumotest.Start(t)
	db := env.DynamoDB()
	table := kumotest.UniqueName(t, "orders")
	kumotest.CreateTable(t, db, table, orders.Spec.Table)
	store, err := adapters.NewOrderDynamoEventStore(db, table, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	views, err := adapters.NewOrderDynamoReadModel(db, table)
	if err != nil {
		t.Fatal(err)
	}
	products, err := adapters.NewProductDynamoCopy(db, table)
	if err != nil {
		t.Fatal(err)
	}
	return storage{store, views, products}
}

func memoryStorage(*testing.T) storage {
	return storage{adapters.NewOrderMemoryEventStore(), adapters.NewOrderMemoryReadModel(), adapters.NewProductMemoryCopy()}
}

// The contract every storage implementation keeps, run against each one.
func TestStorageContract(t *testing.T) {
	for name, newStorage := range map[string]func(*testing.T) storage{"memory": memoryStorage, "dynamodb": dynamoStorage} {
		t.Run(name, func(t *testing.T) {
			t.Run("an order reads back as its events fold", func(t *testing.T) { roundTrip(t, newStorage(t)) })
			t.Run("concurrent commands on one order each commit once or conflict", func(t *testing.T) { concurrentCommands(t, newStorage(t)) })
			t.Run("a refused command stores nothing", func(t *testing.T) { refusedCommand(t, newStorage(t)) })
			t.Run("the read model keeps only newer versions", func(t *testing.T) { staleViews(t, newStorage(t)) })
			t.Run("a customer's orders page newest first", func(t *testing.T) { customerPages(t, newStorage(t)) })
			t.Run("the catalog copy keeps the newest version and tombstones", func(t *testing.T) { productCopy(t, newStorage(t)) })
		})
	}
}

var t0 = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func newID(t *testing.T) domain.OrderID {
	t.Helper()
	return domain.OrderID(uuid.Must(uuid.NewV7()).String())
}

func place(t *testing.T, s storage, customer string, at time.Time) *domain.Order {
	t.Helper()
	id := newID(t)
	e, err := domain.Place(id, customer, []domain.Line{{SKU: "MUG", Quantity: 2, UnitPrice: domain.Money{Amount: 1250, Currency: "EUR"}}}, at)
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.store.Append(context.Background(), id, func(_ context.Context, cur *domain.Order) ([]domain.Event, error) {
		if cur != nil {
			return nil, errors.New("exists")
		}
		return []domain.Event{e}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func roundTrip(t *testing.T, s storage) {
	ctx := context.Background()
	if _, err := s.store.Load(ctx, newID(t)); !errors.Is(err, domain.ErrOrderNotFound) {
		t.Fatalf("missing order: %v", err)
	}
	o := place(t, s, "alice", t0)
	cancelled, err := s.store.Append(ctx, o.ID(), func(_ context.Context, cur *domain.Order) ([]domain.Event, error) {
		return cur.Cancel(domain.ReasonOutOfStock, t0.Add(time.Second))
	})
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := s.store.Load(ctx, o.ID())
	if err != nil {
		t.Fatal(err)
	}
	if loaded.Version() != 2 || loaded.Status() != domain.StatusCancelled || loaded.CancelReason() != domain.ReasonOutOfStock ||
		loaded.Total().Amount != 2500 || !loaded.PlacedAt().Equal(t0) || !loaded.UpdatedAt().Equal(t0.Add(time.Second)) {
		t.Errorf("loaded v%d %s %s %v", loaded.Version(), loaded.Status(), loaded.CancelReason(), loaded.Total())
	}
	if cancelled.Version() != 2 || cancelled.Status() != loaded.Status() {
		t.Errorf("Append returned v%d %s", cancelled.Version(), cancelled.Status())
	}
	if _, err := s.views.Save(ctx, loaded); err != nil {
		t.Fatal(err)
	}
	view, err := s.views.Order(ctx, o.ID())
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(view) != fmt.Sprint(loaded) {
		t.Errorf("view %v\nwant %v", view, loaded)
	}
	var ids []domain.OrderID
	if err := s.store.OrderIDs(ctx, func(id domain.OrderID) error { ids = append(ids, id); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 || ids[0] != o.ID() {
		t.Errorf("OrderIDs = %v", ids)
	}
}

func concurrentCommands(t *testing.T, s storage) {
	o := place(t, s, "alice", t0)
	const racers = 6
	var wg sync.WaitGroup
	var cancelled, refused, conflicts atomic.Int32
	for range racers {
		wg.Go(func() {
			_, err := s.store.Append(context.Background(), o.ID(), func(_ context.Context, cur *domain.Order) ([]domain.Event, error) {
				return cur.Cancel(domain.ReasonCustomerRequest, time.Now())
			})
			switch {
			case err == nil:
				cancelled.Add(1)
			case errors.Is(err, domain.ErrNotCancellable):
				refused.Add(1)
			case errors.Is(err, domain.ErrConcurrentUpdate):
				conflicts.Add(1)
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if cancelled.Load() != 1 || refused.Load()+conflicts.Load() != racers-1 {
		t.Errorf("%d cancelled, %d refused, %d conflicts; want exactly one cancel", cancelled.Load(), refused.Load(), conflicts.Load())
	}
	loaded, err := s.store.Load(context.Background(), o.ID())
	if err != nil || loaded.Version() != 2 {
		t.Errorf("after the race: %v, %v; want version 2", loaded, err)
	}
}

func refusedCommand(t *testing.T, s storage) {
	o := place(t, s, "alice", t0)
	_, err := s.store.Append(context.Background(), o.ID(), func(_ context.Context, cur *domain.Order) ([]domain.Event, error) {
		return cur.Ship("S", "C", "T", t0)
	})
	if !errors.Is(err, domain.ErrInvalidTransition) {
		t.Fatalf("error = %v", err)
	}
	same, err := s.store.Append(context.Background(), o.ID(), func(context.Context, *domain.Order) ([]domain.Event, error) { return nil, nil })
	if err != nil || same.Version() != 1 {
		t.Errorf("a command with no events: v%d, %v", same.Version(), err)
	}
}

func staleViews(t *testing.T, s storage) {
	ctx := context.Background()
	o := place(t, s, "alice", t0)
	evs, err := o.Cancel(domain.ReasonCustomerRequest, t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	v2, err := domain.Apply(o, 2, evs)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		order *domain.Order
		saved bool
	}{{v2, true}, {o, false}, {v2, false}}
	for i, st := range steps {
		saved, err := s.views.Save(ctx, st.order)
		if err != nil || saved != st.saved {
			t.Fatalf("save %d (v%d): saved=%v %v, want %v", i, st.order.Version(), saved, err, st.saved)
		}
	}
	view, err := s.views.Order(ctx, o.ID())
	if err != nil || view.Version() != 2 || view.Status() != domain.StatusCancelled {
		t.Errorf("view after a stale save: %v %v", view, err)
	}
}

func customerPages(t *testing.T, s storage) {
	ctx := context.Background()
	var want []domain.OrderID
	for i := range 7 {
		o := place(t, s, "bob", t0.Add(time.Duration(i)*time.Second))
		if _, err := s.views.Save(ctx, o); err != nil {
			t.Fatal(err)
		}
		want = append([]domain.OrderID{o.ID()}, want...)
	}
	other := place(t, s, "carol", t0)
	if _, err := s.views.Save(ctx, other); err != nil {
		t.Fatal(err)
	}
	var got []domain.OrderID
	after, pages := "", 0
	for {
		page, next, err := s.views.CustomerOrders(ctx, "bob", after, 3)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, o := range page {
			got = append(got, o.ID())
		}
		if next == "" || pages > 5 {
			break
		}
		after = next
	}
	if pages != 3 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%d pages: %v\nwant %v", pages, got, want)
	}
}

func productCopy(t *testing.T, s storage) {
	ctx := context.Background()
	p := func(version int64, amount int64, deleted bool) domain.Product {
		return domain.Product{SKU: "LAMP", Name: "Lamp", Price: domain.Money{Amount: amount, Currency: "EUR"}, Active: true, Version: version, Deleted: deleted}
	}
	steps := []struct {
		name   string
		put    domain.Product
		stored bool
	}{
		{"a first version is stored", p(2, 100, false), true},
		{"an older version is ignored", p(1, 50, false), false},
		{"the same version again is ignored", p(2, 70, false), false},
		{"a newer version is stored", p(3, 120, false), true},
		{"a deletion of the same version is stored", p(3, 0, true), true},
		{"a late upsert of the deleted version is ignored", p(3, 120, false), false},
	}
	for _, st := range steps {
		stored, err := s.products.PutProduct(ctx, st.put)
		if err != nil || stored != st.stored {
			t.Fatalf("%s: stored=%v %v", st.name, stored, err)
		}
	}
	got, err := s.products.Products(ctx, []domain.SKU{"LAMP", "NEVER"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got["LAMP"].Deleted || got["LAMP"].Version != 3 || got["LAMP"].Orderable() {
		t.Errorf("copy = %+v", got)
	}
}

func TestTheLineLimitIsThePublishedOne(t *testing.T) {
	if domain.MaxLines != events.MaxOrderLines {
		t.Errorf("domain.MaxLines = %d, events.MaxOrderLines = %d", domain.MaxLines, events.MaxOrderLines)
	}
}
