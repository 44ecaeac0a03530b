package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/catalog/adapters"
	"github.com/conveyor-dev/conveyor/functions/catalog/app"
	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
)

func input(amount int64) domain.ProductInput {
	return domain.ProductInput{Name: "Red mug", Price: domain.Money{Amount: amount, Currency: "EUR"}, Active: true}
}

func TestPutProduct(t *testing.T) {
	clock := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	ctx := context.Background()

	cases := []struct {
		name        string
		existing    *domain.ProductInput
		deleted     bool
		cmd         app.Precondition
		amount      int64
		wantErr     error
		wantCreated bool
		wantChanged bool
		wantVersion int64
	}{
		{name: "it creates a missing product", amount: 100, wantCreated: true, wantChanged: true, wantVersion: 1},
		{name: "it replaces an existing product", existing: ptr(input(100)), amount: 200, wantChanged: true, wantVersion: 2},
		{name: "it leaves an identical product alone", existing: ptr(input(100)), amount: 100, wantVersion: 1},
		{name: "it replaces when If-Match names the stored version", existing: ptr(input(100)), cmd: app.Precondition{Version: 1}, amount: 200, wantChanged: true, wantVersion: 2},
		{name: "it refuses a stale If-Match", existing: ptr(input(100)), cmd: app.Precondition{Version: 7}, amount: 200, wantErr: domain.ErrVersionMismatch},
		{name: "it refuses If-Match on a missing product", cmd: app.Precondition{Version: 1}, amount: 200, wantErr: domain.ErrVersionMismatch},
		{name: "it refuses If-Match * on a missing product", cmd: app.Precondition{MustExist: true}, amount: 200, wantErr: domain.ErrVersionMismatch},
		{name: "it refuses If-None-Match * on an existing product", existing: ptr(input(100)), cmd: app.Precondition{MustNotExist: true}, amount: 200, wantErr: domain.ErrVersionMismatch},
		{name: "it creates with If-None-Match * when missing", cmd: app.Precondition{MustNotExist: true}, amount: 200, wantCreated: true, wantChanged: true, wantVersion: 1},
		{name: "it re-creates a deleted product one version above it", existing: ptr(input(100)), deleted: true, amount: 100, wantCreated: true, wantChanged: true, wantVersion: 2},
		{name: "it re-creates a deleted product with If-None-Match *", existing: ptr(input(100)), deleted: true, cmd: app.Precondition{MustNotExist: true}, amount: 200, wantCreated: true, wantChanged: true, wantVersion: 2},
		{name: "it refuses If-Match on a deleted product", existing: ptr(input(100)), deleted: true, cmd: app.Precondition{Version: 1}, amount: 200, wantErr: domain.ErrVersionMismatch},
		{name: "it refuses If-Match * on a deleted product", existing: ptr(input(100)), deleted: true, cmd: app.Precondition{MustExist: true}, amount: 200, wantErr: domain.ErrVersionMismatch},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			repo := adapters.NewProductMemoryRepository()
			put := app.NewPutProductHandler(repo, now)
			if c.existing != nil {
				if _, err := put.Handle(ctx, app.PutProduct{SKU: "MUG", Input: *c.existing}); err != nil {
					t.Fatal(err)
				}
			}
			if c.deleted {
				if err := app.NewDeleteProductHandler(repo, now).Handle(ctx, app.DeleteProduct{SKU: "MUG"}); err != nil {
					t.Fatal(err)
				}
			}
			res, err := put.Handle(ctx, app.PutProduct{SKU: "MUG", Input: input(c.amount), Precondition: c.cmd})
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("error = %v, want %v", err, c.wantErr)
				}
				stored, _ := repo.Product(ctx, "MUG")
				if c.existing != nil && !c.deleted && (stored == nil || stored.Price().Amount != c.existing.Price.Amount) {
					t.Error("a refused put changed the stored product")
				}
				if c.deleted && stored != nil {
					t.Error("a refused put brought a deleted product back")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Created != c.wantCreated || res.Changed != c.wantChanged || res.Product.Version() != c.wantVersion {
				t.Errorf("created=%v changed=%v version=%d, want %v %v %d",
					res.Created, res.Changed, res.Product.Version(), c.wantCreated, c.wantChanged, c.wantVersion)
			}
			stored, err := repo.Product(ctx, "MUG")
			if err != nil || stored.Version() != c.wantVersion || stored.Price().Amount != c.amount {
				t.Errorf("stored = %+v, %v", stored, err)
			}
		})
	}
}

func TestListProductsRejectsAnOutOfRangeLimit(t *testing.T) {
	list := app.NewListProductsHandler(adapters.NewProductMemoryRepository())
	for _, limit := range []int{-1, app.MaxPageSize + 1} {
		if _, err := list.Handle(context.Background(), app.ListProducts{Limit: limit}); err == nil {
			t.Errorf("limit %d accepted", limit)
		}
	}
}

func ptr[T any](v T) *T { return &v }
