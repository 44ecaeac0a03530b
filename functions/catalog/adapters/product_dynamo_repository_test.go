package adapters_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/functions/catalog"
	"github.com/conveyor-dev/conveyor/functions/catalog/adapters"
	"github.com/conveyor-dev/conveyor/functions/catalog/app"
	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
	"github.com/conveyor-dev/conveyor/shared/dynamo"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// alwaysBeaten stands for a table where another writer wins every race:
// each conditional write after the first n fails its condition.
type alwaysBeaten struct {
	adapters.DynamoDBAPI
	n, writes int
}

func (c *alwaysBeaten) PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	if c.writes++; c.writes > c.n {
		return nil, &types.ConditionalCheckFailedException{Message: aws.String("beaten")}
	}
	return c.DynamoDBAPI.PutItem(ctx, in, opts...)
}

func TestAWriteThatLosesEveryRaceIsAConcurrentUpdate(t *testing.T) {
	env := kumotest.Start(t)
	table := kumotest.UniqueName(t, "catalog")
	kumotest.CreateTable(t, env.DynamoDB(), table, catalog.Spec.Table)
	db := &alwaysBeaten{DynamoDBAPI: env.DynamoDB(), n: 1}
	repo, err := adapters.NewProductDynamoRepository(db, table)
	if err != nil {
		t.Fatal(err)
	}
	create(t, repo, product(t, "BUSY", 1))
	cases := []struct {
		name  string
		write func(context.Context) error
	}{
		{"an update", func(ctx context.Context) error {
			_, err := repo.UpdateProduct(ctx, "BUSY", func(_ context.Context, cur *domain.Product) (*domain.Product, error) {
				return cur.Revise(domain.ProductInput{Name: "Busier", Price: cur.Price(), Active: true}, t0)
			})
			return err
		}},
		{"a delete", func(ctx context.Context) error {
			return app.NewDeleteProductHandler(repo, func() time.Time { return t0 }).Handle(ctx, app.DeleteProduct{SKU: "BUSY"})
		}},
	}
	for _, c := range cases {
		t.Run(c.name+" gives up after the last attempt", func(t *testing.T) {
			before := db.writes
			err := c.write(t.Context())
			if !errors.Is(err, domain.ErrConcurrentUpdate) {
				t.Fatalf("error = %v, want ErrConcurrentUpdate", err)
			}
			if tries := db.writes - before; tries != dynamo.MaxAttempts {
				t.Errorf("%d conditional writes, want %d", tries, dynamo.MaxAttempts)
			}
		})
	}
	got, err := repo.Product(t.Context(), "BUSY")
	if err != nil || got.Version() != 1 || got.Name() != "Product BUSY" {
		t.Errorf("after lost races: %+v, %v; want the product as created", got, err)
	}
}

// TestAWriteBasedOnAProductDeletedMeanwhileIsRefused: a tombstone keeps
// the version of the product it replaced, so the conditional write must
// tell them apart. A revision computed from the live product, stored after
// another caller deleted it, must not bring the product back.
func TestAWriteBasedOnAProductDeletedMeanwhileIsRefused(t *testing.T) {
	env := kumotest.Start(t)
	table := kumotest.UniqueName(t, "catalog")
	kumotest.CreateTable(t, env.DynamoDB(), table, catalog.Spec.Table)
	repo, err := adapters.NewProductDynamoRepository(env.DynamoDB(), table)
	if err != nil {
		t.Fatal(err)
	}
	create(t, repo, product(t, "RACED", 1))
	del := app.NewDeleteProductHandler(repo, func() time.Time { return t0 })
	errGone := errors.New("the product is gone")
	calls := 0
	_, err = repo.UpdateProduct(t.Context(), "RACED", func(ctx context.Context, cur *domain.Product) (*domain.Product, error) {
		if calls++; calls == 1 {
			if err := del.Handle(ctx, app.DeleteProduct{SKU: "RACED"}); err != nil {
				t.Fatal(err)
			}
		}
		if cur.Deleted() {
			return nil, errGone
		}
		return cur.Revise(domain.ProductInput{Name: "Revived", Price: cur.Price(), Active: true}, t0)
	})
	if !errors.Is(err, errGone) || calls != 2 {
		t.Fatalf("update: %v after %d calls; want the write refused and the tombstone seen on the second call", err, calls)
	}
	if p, err := repo.Product(t.Context(), "RACED"); !errors.Is(err, domain.ErrProductNotFound) {
		t.Errorf("after the race: %+v, %v; want the product still deleted", p, err)
	}
}
