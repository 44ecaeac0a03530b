package adapters_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/functions/orders/adapters"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/dynamo"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// throttled stands for a table under load: its first busy BatchGetItem
// calls process no key and hand them all back as unprocessed.
type throttled struct {
	adapters.DynamoDBAPI
	busy, calls int
}

func (c *throttled) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	if c.calls++; c.calls <= c.busy {
		return &dynamodb.BatchGetItemOutput{UnprocessedKeys: in.RequestItems}, nil
	}
	return c.DynamoDBAPI.BatchGetItem(ctx, in, opts...)
}

func TestTheCatalogCopyRetriesUnprocessedKeys(t *testing.T) {
	env := kumotest.Start(t)
	table := kumotest.UniqueName(t, "orders")
	kumotest.CreateTable(t, env.DynamoDB(), table, orders.Spec.Table)
	seed, err := adapters.NewProductDynamoCopy(env.DynamoDB(), table)
	if err != nil {
		t.Fatal(err)
	}
	var skus []domain.SKU
	for i := range 3 {
		p := domain.Product{SKU: domain.SKU(fmt.Sprintf("SKU-%d", i)), Name: "thing", Price: domain.Money{Amount: 1, Currency: "EUR"}, Active: true, Version: 1}
		if _, err := seed.PutProduct(t.Context(), p); err != nil {
			t.Fatal(err)
		}
		skus = append(skus, p.SKU)
	}
	cases := []struct {
		name     string
		busy     int
		wantErr  bool
		wantCall int
	}{
		{"keys left unprocessed a few times are read", dynamo.MaxAttempts - 1, false, dynamo.MaxAttempts},
		{"keys left unprocessed by every attempt are an error", dynamo.MaxAttempts, true, dynamo.MaxAttempts},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := &throttled{DynamoDBAPI: env.DynamoDB(), busy: c.busy}
			products, err := adapters.NewProductDynamoCopy(db, table)
			if err != nil {
				t.Fatal(err)
			}
			got, err := products.Products(t.Context(), skus)
			if c.wantErr {
				if !errors.Is(err, dynamo.ErrConflict) {
					t.Errorf("error = %v, want one wrapping dynamo.ErrConflict", err)
				}
			} else if err != nil || len(got) != len(skus) {
				t.Errorf("read %d of %d products: %v", len(got), len(skus), err)
			}
			if db.calls != c.wantCall {
				t.Errorf("%d BatchGetItem calls, want %d", db.calls, c.wantCall)
			}
		})
	}
}
