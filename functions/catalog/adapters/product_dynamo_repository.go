package adapters

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
	"github.com/conveyor-dev/conveyor/shared/dynamo"
)

// DynamoDBAPI is the part of the DynamoDB client the repository uses.
type DynamoDBAPI interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	Query(ctx context.Context, in *dynamodb.QueryInput, opts ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
}

// Item layout in the catalog table (see functions/catalog/spec.go):
//
//	pk      "PRODUCT#<sku>"
//	sk      "PRODUCT"
//	gsi1pk  "PRODUCT"      (index gsi1 lists products in SKU order)
//	gsi1sk  "<sku>"
//
// A deleted product's item is replaced by its tombstone, under the same
// key: sku, version (the last one the product had), updatedAt (when it was
// deleted) and deleted = true, without gsi1pk and gsi1sk, so the sparse
// index gsi1 does not list it. The tombstone stays: it is what makes a
// product created again under the SKU continue from the deleted version.
const (
	productSK     = "PRODUCT"
	productListPK = "PRODUCT"
	productIndex  = "gsi1"
	healthKey     = "HEALTH"
)

type productItem struct {
	PK            string `dynamodbav:"pk"`
	SK            string `dynamodbav:"sk"`
	GSI1PK        string `dynamodbav:"gsi1pk,omitempty"`
	GSI1SK        string `dynamodbav:"gsi1sk,omitempty"`
	Type          string `dynamodbav:"type"`
	SKU           string `dynamodbav:"sku"`
	Name          string `dynamodbav:"name"`
	Description   string `dynamodbav:"description,omitempty"`
	PriceAmount   int64  `dynamodbav:"priceAmount"`
	PriceCurrency string `dynamodbav:"priceCurrency"`
	Active        bool   `dynamodbav:"active"`
	Deleted       bool   `dynamodbav:"deleted,omitempty"`
	Version       int64  `dynamodbav:"version"`
	UpdatedAt     string `dynamodbav:"updatedAt"`
}

// tombstoneItem is the item of a deleted product.
type tombstoneItem struct {
	PK        string `dynamodbav:"pk"`
	SK        string `dynamodbav:"sk"`
	Type      string `dynamodbav:"type"`
	SKU       string `dynamodbav:"sku"`
	Deleted   bool   `dynamodbav:"deleted"`
	Version   int64  `dynamodbav:"version"`
	UpdatedAt string `dynamodbav:"updatedAt"`
}

func productPK(sku domain.SKU) string { return "PRODUCT#" + string(sku) }

// toItem returns the attributes of p's item, or of its tombstone when p is
// deleted.
func toItem(p *domain.Product) (map[string]types.AttributeValue, error) {
	if p.Deleted() {
		return attributevalue.MarshalMap(tombstoneItem{
			PK: productPK(p.SKU()), SK: productSK, Type: "Product", SKU: string(p.SKU()), Deleted: true,
			Version: p.Version(), UpdatedAt: p.UpdatedAt().Format(time.RFC3339Nano),
		})
	}
	return attributevalue.MarshalMap(productItem{
		PK: productPK(p.SKU()), SK: productSK, GSI1PK: productListPK, GSI1SK: string(p.SKU()),
		Type: "Product", SKU: string(p.SKU()), Name: p.Name(), Description: p.Description(),
		PriceAmount: p.Price().Amount, PriceCurrency: p.Price().Currency, Active: p.Active(),
		Version: p.Version(), UpdatedAt: p.UpdatedAt().Format(time.RFC3339Nano),
	})
}

func fromItem(av map[string]types.AttributeValue) (*domain.Product, error) {
	var it productItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return nil, fmt.Errorf("decode product item: %w", err)
	}
	updated, err := time.Parse(time.RFC3339Nano, it.UpdatedAt)
	if err != nil {
		return nil, fmt.Errorf("decode product item %s: updatedAt: %w", it.SKU, err)
	}
	if it.Deleted {
		return domain.UnmarshalDeletedProduct(domain.SKU(it.SKU), it.Version, updated), nil
	}
	return domain.UnmarshalProduct(domain.SKU(it.SKU), domain.ProductInput{
		Name: it.Name, Description: it.Description,
		Price:  domain.Money{Amount: it.PriceAmount, Currency: it.PriceCurrency},
		Active: it.Active,
	}, it.Version, updated), nil
}

// ProductDynamoRepository stores products in the catalog's DynamoDB table,
// one item each (a tombstone once deleted), with optimistic concurrency on
// the version and deleted attributes.
type ProductDynamoRepository struct {
	db    DynamoDBAPI
	table string
}

// NewProductDynamoRepository returns a repository on the named table.
func NewProductDynamoRepository(db DynamoDBAPI, table string) (*ProductDynamoRepository, error) {
	if db == nil || table == "" {
		return nil, errors.New("adapters: a DynamoDB client and a table name are required")
	}
	return &ProductDynamoRepository{db: db, table: table}, nil
}

func (r *ProductDynamoRepository) key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: pk},
		"sk": &types.AttributeValueMemberS{Value: sk},
	}
}

// Product reads one product; a tombstone is not found.
func (r *ProductDynamoRepository) Product(ctx context.Context, sku domain.SKU) (*domain.Product, error) {
	p, err := r.load(ctx, sku, false)
	if err != nil {
		return nil, err
	}
	if p == nil || p.Deleted() {
		return nil, domain.ErrProductNotFound
	}
	return p, nil
}

func (r *ProductDynamoRepository) load(ctx context.Context, sku domain.SKU, consistent bool) (*domain.Product, error) {
	out, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(r.table),
		Key:            r.key(productPK(sku), productSK),
		ConsistentRead: aws.Bool(consistent),
	})
	if err != nil {
		return nil, fmt.Errorf("get product %s: %w", sku, err)
	}
	if out.Item == nil {
		return nil, nil
	}
	return fromItem(out.Item)
}

// Products queries index gsi1 in SKU order, which holds no tombstone. It
// asks for one item more than the page holds, so the last page never comes
// with a cursor to an empty page.
func (r *ProductDynamoRepository) Products(ctx context.Context, after domain.SKU, limit int) ([]*domain.Product, domain.SKU, error) {
	keyCond := expression.Key("gsi1pk").Equal(expression.Value(productListPK))
	if after != "" {
		keyCond = keyCond.And(expression.Key("gsi1sk").GreaterThan(expression.Value(string(after))))
	}
	expr, err := expression.NewBuilder().WithKeyCondition(keyCond).Build()
	if err != nil {
		return nil, "", fmt.Errorf("list products: %w", err)
	}
	var (
		products []*domain.Product
		start    map[string]types.AttributeValue
	)
	for len(products) <= limit {
		out, err := r.db.Query(ctx, &dynamodb.QueryInput{
			TableName:                 aws.String(r.table),
			IndexName:                 aws.String(productIndex),
			KeyConditionExpression:    expr.KeyCondition(),
			ExpressionAttributeNames:  expr.Names(),
			ExpressionAttributeValues: expr.Values(),
			Limit:                     aws.Int32(int32(limit + 1 - len(products))),
			ExclusiveStartKey:         start,
		})
		if err != nil {
			return nil, "", fmt.Errorf("list products: %w", err)
		}
		for _, item := range out.Items {
			p, err := fromItem(item)
			if err != nil {
				return nil, "", err
			}
			products = append(products, p)
		}
		if out.LastEvaluatedKey == nil {
			break
		}
		start = out.LastEvaluatedKey
	}
	var next domain.SKU
	if len(products) > limit {
		products = products[:limit]
		next = products[limit-1].SKU()
	}
	return products, next, nil
}

// UpdateProduct is a read, a change and a conditional put, retried by
// dynamo.Retry when another writer got there first.
func (r *ProductDynamoRepository) UpdateProduct(ctx context.Context, sku domain.SKU,
	update func(context.Context, *domain.Product) (*domain.Product, error)) (*domain.Product, error) {
	p, err := dynamo.Retry(ctx, func(ctx context.Context) (*domain.Product, error) {
		current, err := r.load(ctx, sku, true)
		if err != nil {
			return nil, err
		}
		next, err := update(ctx, current)
		if err != nil {
			return nil, err
		}
		if next == current {
			return current, nil
		}
		if next.SKU() != sku {
			return nil, fmt.Errorf("update product %s: the update changed the SKU to %s", sku, next.SKU())
		}
		if err := r.put(ctx, next, current); err != nil {
			return nil, err
		}
		return next, nil
	})
	if err != nil {
		return nil, concurrentUpdate(err)
	}
	return p, nil
}

// concurrentUpdate returns domain.ErrConcurrentUpdate, still wrapping err,
// when err is dynamo.Retry's answer after its last conflict, and err
// otherwise.
func concurrentUpdate(err error) error {
	if errors.Is(err, dynamo.ErrConflict) {
		return fmt.Errorf("%w: %w", domain.ErrConcurrentUpdate, err)
	}
	return err
}

// put writes p on the condition that the stored item is still expected:
// absent when expected is nil, else at expected's version and, as
// expected, a tombstone or not. A tombstone keeps the version of the
// product it replaced, so the version alone does not tell them apart.
func (r *ProductDynamoRepository) put(ctx context.Context, p, expected *domain.Product) error {
	item, err := toItem(p)
	if err != nil {
		return fmt.Errorf("encode product %s: %w", p.SKU(), err)
	}
	cond := expression.AttributeNotExists(expression.Name("pk"))
	if expected != nil {
		state := expression.AttributeNotExists(expression.Name("deleted"))
		if expected.Deleted() {
			state = expression.Name("deleted").Equal(expression.Value(true))
		}
		cond = expression.Name("version").Equal(expression.Value(expected.Version())).And(state)
	}
	expr, err := expression.NewBuilder().WithCondition(cond).Build()
	if err != nil {
		return err
	}
	_, err = r.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                 aws.String(r.table),
		Item:                      item,
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	})
	if err != nil {
		return fmt.Errorf("put product %s: %w", p.SKU(), err)
	}
	return nil
}

// CheckHealth reads a reserved key: it proves the table exists and the
// function may read it.
func (r *ProductDynamoRepository) CheckHealth(ctx context.Context) error {
	_, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(r.table),
		Key:       r.key(healthKey, healthKey),
	})
	if err != nil {
		return fmt.Errorf("read table %s: %w", r.table, err)
	}
	return nil
}
