package adapters

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/dynamo"
)

// Product copy items:
//
//	pk  "PRODUCT#<sku>"
//	sk  "PRODUCT"
const productSK = "PRODUCT"

type productItem struct {
	PK            string `dynamodbav:"pk"`
	SK            string `dynamodbav:"sk"`
	Type          string `dynamodbav:"type"`
	SKU           string `dynamodbav:"sku"`
	Name          string `dynamodbav:"name"`
	PriceAmount   int64  `dynamodbav:"priceAmount"`
	PriceCurrency string `dynamodbav:"priceCurrency"`
	Active        bool   `dynamodbav:"active"`
	Deleted       bool   `dynamodbav:"deleted"`
	Version       int64  `dynamodbav:"productVersion"`
}

func productPK(sku domain.SKU) string { return "PRODUCT#" + string(sku) }

// ProductDynamoCopy keeps the catalog copy in the orders table.
type ProductDynamoCopy struct {
	db    DynamoDBAPI
	table string
}

// NewProductDynamoCopy returns the catalog copy on the named table.
func NewProductDynamoCopy(db DynamoDBAPI, table string) (*ProductDynamoCopy, error) {
	if db == nil || table == "" {
		return nil, errors.New("adapters: a DynamoDB client and a table name are required")
	}
	return &ProductDynamoCopy{db: db, table: table}, nil
}

// maxBatchGetKeys is the most keys one BatchGetItem takes.
const maxBatchGetKeys = 100

// Products reads the SKUs with BatchGetItem, retrying the keys DynamoDB
// leaves unprocessed with dynamo.Retry; when some are still unprocessed
// after the last attempt, the error wraps dynamo.ErrConflict.
func (c *ProductDynamoCopy) Products(ctx context.Context, skus []domain.SKU) (map[domain.SKU]domain.Product, error) {
	out := make(map[domain.SKU]domain.Product, len(skus))
	for from := 0; from < len(skus); from += maxBatchGetKeys {
		chunk := skus[from:min(from+maxBatchGetKeys, len(skus))]
		keys := make([]map[string]types.AttributeValue, len(chunk))
		for i, sku := range chunk {
			keys[i] = key(productPK(sku), productSK)
		}
		req := map[string]types.KeysAndAttributes{c.table: {Keys: keys, ConsistentRead: aws.Bool(true)}}
		_, err := dynamo.Retry(ctx, func(ctx context.Context) (struct{}, error) {
			res, err := c.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: req})
			if err != nil {
				return struct{}{}, fmt.Errorf("read products: %w", err)
			}
			for _, av := range res.Responses[c.table] {
				var it productItem
				if err := attributevalue.UnmarshalMap(av, &it); err != nil {
					return struct{}{}, fmt.Errorf("decode product copy: %w", err)
				}
				out[domain.SKU(it.SKU)] = domain.Product{
					SKU: domain.SKU(it.SKU), Name: it.Name,
					Price:  domain.Money{Amount: it.PriceAmount, Currency: it.PriceCurrency},
					Active: it.Active, Deleted: it.Deleted, Version: it.Version,
				}
			}
			req = res.UnprocessedKeys
			if n := len(req[c.table].Keys); n > 0 {
				return struct{}{}, fmt.Errorf("read products: DynamoDB left %d keys unprocessed: %w", n, dynamo.ErrConflict)
			}
			return struct{}{}, nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PutProduct writes the copy on the condition that it is newer than the
// stored one: a later version, or the same version deleted.
func (c *ProductDynamoCopy) PutProduct(ctx context.Context, p domain.Product) (bool, error) {
	item, err := attributevalue.MarshalMap(productItem{
		PK: productPK(p.SKU), SK: productSK, Type: "Product", SKU: string(p.SKU), Name: p.Name,
		PriceAmount: p.Price.Amount, PriceCurrency: p.Price.Currency, Active: p.Active, Deleted: p.Deleted,
		Version: p.Version,
	})
	if err != nil {
		return false, fmt.Errorf("encode product copy %s: %w", p.SKU, err)
	}
	newer := expression.AttributeNotExists(expression.Name("pk")).
		Or(expression.Name("productVersion").LessThan(expression.Value(p.Version)))
	if p.Deleted {
		newer = newer.Or(expression.Name("productVersion").Equal(expression.Value(p.Version)).
			And(expression.Name("deleted").Equal(expression.Value(false))))
	}
	expr, err := expression.NewBuilder().WithCondition(newer).Build()
	if err != nil {
		return false, err
	}
	_, err = c.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                 aws.String(c.table),
		Item:                      item,
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	})
	switch {
	case err == nil:
		return true, nil
	case dynamo.ConditionFailed(err):
		return false, nil
	default:
		return false, fmt.Errorf("put product copy %s: %w", p.SKU, err)
	}
}
