package adapters_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/catalog"
	"github.com/conveyor-dev/conveyor/functions/catalog/adapters"
	"github.com/conveyor-dev/conveyor/functions/catalog/app"
	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// The contract every ProductRepository keeps, run against each one.
func TestProductRepositoryContract(t *testing.T) {
	repos := map[string]func(t *testing.T) app.ProductRepository{
		"memory": func(*testing.T) app.ProductRepository { return adapters.NewProductMemoryRepository() },
		"dynamodb": func(t *testing.T) app.ProductRepository {
			env := kumotest.Start(t)
			db := env.DynamoDB()
			table := kumotest.UniqueName(t, "catalog")
			kumotest.CreateTable(t, db, table, catalog.Spec.Table)
			repo, err := adapters.NewProductDynamoRepository(db, table)
			if err != nil {
				t.Fatal(err)
			}
			return repo
		},
	}
	for name, newRepo := range repos {
		t.Run(name, func(t *testing.T) {
			t.Run("a missing product is not found", func(t *testing.T) { missingIsNotFound(t, newRepo(t)) })
			t.Run("a stored product reads back field for field", func(t *testing.T) { roundTrip(t, newRepo(t)) })
			t.Run("pages list every product once in SKU order", func(t *testing.T) { pagination(t, newRepo(t)) })
			t.Run("concurrent updates lose no write", func(t *testing.T) { concurrentUpdates(t, newRepo(t)) })
			t.Run("an update that returns the current product writes nothing", func(t *testing.T) { noopUpdate(t, newRepo(t)) })
			t.Run("a refused update or delete leaves the product as it was", func(t *testing.T) { refusals(t, newRepo(t)) })
			t.Run("a deleted product is gone", func(t *testing.T) { deletion(t, newRepo(t)) })
			t.Run("a re-created product continues the versions of the deleted one", func(t *testing.T) { recreation(t, newRepo(t)) })
		})
	}
}

var t0 = time.Date(2026, 11, 25, 12, 0, 0, 123456789, time.UTC)

func product(t *testing.T, sku domain.SKU, amount int64) *domain.Product {
	t.Helper()
	p, err := domain.NewProduct(sku, domain.ProductInput{
		Name: "Product " + string(sku), Description: "described",
		Price: domain.Money{Amount: amount, Currency: "EUR"}, Active: true,
	}, t0)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func create(t *testing.T, repo app.ProductRepository, p *domain.Product) {
	t.Helper()
	_, err := repo.UpdateProduct(context.Background(), p.SKU(), func(_ context.Context, cur *domain.Product) (*domain.Product, error) {
		if cur != nil {
			return nil, fmt.Errorf("%s exists already", p.SKU())
		}
		return p, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// remove deletes the product through the use case, as the API does.
func remove(repo app.ProductRepository, sku domain.SKU, pre app.Precondition) error {
	return app.NewDeleteProductHandler(repo, func() time.Time { return t0 }).
		Handle(context.Background(), app.DeleteProduct{SKU: sku, Precondition: pre})
}

func missingIsNotFound(t *testing.T, repo app.ProductRepository) {
	_, err := repo.Product(context.Background(), "NOPE")
	if !errors.Is(err, domain.ErrProductNotFound) {
		t.Fatalf("error = %v, want ErrProductNotFound", err)
	}
	err = remove(repo, "NOPE", app.Precondition{})
	if !errors.Is(err, domain.ErrProductNotFound) {
		t.Fatalf("delete error = %v, want ErrProductNotFound", err)
	}
}

func roundTrip(t *testing.T, repo app.ProductRepository) {
	want := product(t, "MUG-RED", 1299)
	create(t, repo, want)
	got, err := repo.Product(context.Background(), "MUG-RED")
	if err != nil {
		t.Fatal(err)
	}
	if got.SKU() != want.SKU() || got.Name() != want.Name() || got.Description() != want.Description() ||
		got.Price() != want.Price() || got.Active() != want.Active() || got.Version() != want.Version() ||
		!got.UpdatedAt().Equal(want.UpdatedAt()) {
		t.Errorf("read back %+v, want %+v", got, want)
	}
}

func pagination(t *testing.T, repo app.ProductRepository) {
	ctx := context.Background()
	for i := 25; i >= 1; i-- {
		create(t, repo, product(t, domain.SKU(fmt.Sprintf("SKU-%02d", i)), int64(i)))
	}
	for _, c := range []struct{ limit, pages int }{{10, 3}, {5, 5}, {25, 1}, {100, 1}} {
		t.Run(fmt.Sprintf("%d per page", c.limit), func(t *testing.T) { listAll(t, repo, c.limit, c.pages) })
	}
	page, next, err := repo.Products(ctx, "SKU-25", 10)
	if err != nil || len(page) != 0 || next != "" {
		t.Errorf("after the last SKU: %d products, next %q, %v", len(page), next, err)
	}
}

// listAll pages through 25 products and checks the pages: no product twice,
// none missing, SKU order, and no cursor to an empty page.
func listAll(t *testing.T, repo app.ProductRepository, limit, wantPages int) {
	ctx := context.Background()
	var (
		seen  []domain.SKU
		after domain.SKU
		pages int
	)
	for {
		page, next, err := repo.Products(ctx, after, limit)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if len(page) == 0 {
			t.Fatalf("page %d is empty", pages)
		}
		for _, p := range page {
			seen = append(seen, p.SKU())
		}
		if next == "" {
			break
		}
		if pages > 30 {
			t.Fatal("pagination does not end")
		}
		after = next
	}
	if pages != wantPages || len(seen) != 25 {
		t.Fatalf("%d pages with %d products, want %d pages with 25", pages, len(seen), wantPages)
	}
	for i, sku := range seen {
		if want := domain.SKU(fmt.Sprintf("SKU-%02d", i+1)); sku != want {
			t.Fatalf("product %d is %s, want %s", i, sku, want)
		}
	}
}

func concurrentUpdates(t *testing.T, repo app.ProductRepository) {
	ctx := context.Background()
	create(t, repo, product(t, "RACE", 1))
	const writers, rounds = 4, 5
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		successes int
	)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				_, err := repo.UpdateProduct(ctx, "RACE", func(_ context.Context, cur *domain.Product) (*domain.Product, error) {
					in := domain.ProductInput{Name: cur.Name(), Price: cur.Price(), Active: true}
					in.Price.Amount++
					return cur.Revise(in, t0)
				})
				switch {
				case err == nil:
					mu.Lock()
					successes++
					mu.Unlock()
				case errors.Is(err, domain.ErrConcurrentUpdate):
				default:
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	got, err := repo.Product(ctx, "RACE")
	if err != nil {
		t.Fatal(err)
	}
	if successes == 0 {
		t.Fatal("no update succeeded")
	}
	if got.Price().Amount != int64(1+successes) || got.Version() != int64(1+successes) {
		t.Errorf("after %d successful increments: amount %d, version %d", successes, got.Price().Amount, got.Version())
	}
}

func noopUpdate(t *testing.T, repo app.ProductRepository) {
	ctx := context.Background()
	create(t, repo, product(t, "SAME", 5))
	got, err := repo.UpdateProduct(ctx, "SAME", func(_ context.Context, cur *domain.Product) (*domain.Product, error) { return cur, nil })
	if err != nil || got.Version() != 1 {
		t.Fatalf("no-op update: %v, version %d", err, got.Version())
	}
}

func refusals(t *testing.T, repo app.ProductRepository) {
	ctx := context.Background()
	create(t, repo, product(t, "KEEP", 7))
	refused := errors.New("refused")
	_, err := repo.UpdateProduct(ctx, "KEEP", func(context.Context, *domain.Product) (*domain.Product, error) { return nil, refused })
	if !errors.Is(err, refused) {
		t.Fatalf("update error = %v, want the update's own error", err)
	}
	if err := remove(repo, "KEEP", app.Precondition{Version: 7}); !errors.Is(err, domain.ErrVersionMismatch) {
		t.Fatalf("delete error = %v, want a version mismatch", err)
	}
	got, err := repo.Product(ctx, "KEEP")
	if err != nil || got.Price().Amount != 7 || got.Version() != 1 {
		t.Errorf("after refusals: %+v, %v", got, err)
	}
}

func deletion(t *testing.T, repo app.ProductRepository) {
	ctx := context.Background()
	create(t, repo, product(t, "GONE", 1))
	create(t, repo, product(t, "STAY", 1))
	if err := remove(repo, "GONE", app.Precondition{Version: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := repo.Product(ctx, "GONE"); !errors.Is(err, domain.ErrProductNotFound) {
		t.Errorf("after delete: %v, want not found", err)
	}
	page, _, err := repo.Products(ctx, "", 10)
	if err != nil || len(page) != 1 || page[0].SKU() != "STAY" {
		t.Errorf("list after delete: %d products, %v", len(page), err)
	}
}

// recreation deletes a product at version 2 and creates it again through
// the use cases: the new product is created at a version above the
// deleted one, so no version of the SKU, and no event id derived from
// it, is used twice; while deleted the product reads as absent.
func recreation(t *testing.T, repo app.ProductRepository) {
	ctx := context.Background()
	clock := t0
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	put := app.NewPutProductHandler(repo, now)
	del := app.NewDeleteProductHandler(repo, now)
	in := domain.ProductInput{Name: "Phoenix", Price: domain.Money{Amount: 100, Currency: "EUR"}, Active: true}
	if _, err := put.Handle(ctx, app.PutProduct{SKU: "PHOENIX", Input: in}); err != nil {
		t.Fatal(err)
	}
	changed := in
	changed.Price.Amount = 200
	if res, err := put.Handle(ctx, app.PutProduct{SKU: "PHOENIX", Input: changed}); err != nil || res.Product.Version() != 2 {
		t.Fatalf("revise: %v, %+v", err, res)
	}
	if err := del.Handle(ctx, app.DeleteProduct{SKU: "PHOENIX"}); err != nil {
		t.Fatal(err)
	}

	if _, err := repo.Product(ctx, "PHOENIX"); !errors.Is(err, domain.ErrProductNotFound) {
		t.Errorf("a deleted product reads as %v, want not found", err)
	}
	if page, _, err := repo.Products(ctx, "", 10); err != nil || len(page) != 0 {
		t.Errorf("the list holds %d products after the delete, %v", len(page), err)
	}
	if err := del.Handle(ctx, app.DeleteProduct{SKU: "PHOENIX"}); !errors.Is(err, domain.ErrProductNotFound) {
		t.Errorf("a second delete: %v, want not found", err)
	}
	for _, pre := range []app.Precondition{{Version: 2}, {MustExist: true}} {
		if _, err := put.Handle(ctx, app.PutProduct{SKU: "PHOENIX", Input: in, Precondition: pre}); !errors.Is(err, domain.ErrVersionMismatch) {
			t.Errorf("a put with %+v on the deleted product: %v, want a version mismatch", pre, err)
		}
	}

	res, err := put.Handle(ctx, app.PutProduct{SKU: "PHOENIX", Input: in, Precondition: app.Precondition{MustNotExist: true}})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || !res.Changed || res.Product.Version() != 3 {
		t.Errorf("re-created: created=%v changed=%v version=%d, want a creation at version 3",
			res.Created, res.Changed, res.Product.Version())
	}
	got, err := repo.Product(ctx, "PHOENIX")
	if err != nil || got.Version() != 3 || got.Price() != in.Price {
		t.Errorf("read back after re-creation: %+v, %v", got, err)
	}
	if page, _, err := repo.Products(ctx, "", 10); err != nil || len(page) != 1 || page[0].Version() != 3 {
		t.Errorf("list after re-creation: %d products, %v", len(page), err)
	}
}
