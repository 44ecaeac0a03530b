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

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/dynamo"
)

// Read model items (see functions/orders/spec.go):
//
//	pk      "ORDER#<id>"
//	sk      "VIEW"
//	gsi1pk  "CUSTOMER#<customer id>"  (index gsi1: a customer's orders)
//	gsi1sk  "<placedAt, fixed width>#<id>", so newest first is descending
const (
	viewSK        = "VIEW"
	viewType      = "OrderView"
	customerIndex = "gsi1"
	// sortableTime has a fixed width, so its text sorts as time does.
	sortableTime = "2006-01-02T15:04:05.000000000Z"
)

type viewLine struct {
	SKU       string `dynamodbav:"sku"`
	Quantity  int    `dynamodbav:"quantity"`
	UnitPrice int64  `dynamodbav:"unitPrice"`
}

type viewItem struct {
	PK            string     `dynamodbav:"pk"`
	SK            string     `dynamodbav:"sk"`
	GSI1PK        string     `dynamodbav:"gsi1pk"`
	GSI1SK        string     `dynamodbav:"gsi1sk"`
	Type          string     `dynamodbav:"type"`
	OrderID       string     `dynamodbav:"orderId"`
	CustomerID    string     `dynamodbav:"customerId"`
	Status        string     `dynamodbav:"status"`
	CancelReason  string     `dynamodbav:"cancelReason,omitempty"`
	Lines         []viewLine `dynamodbav:"lines"`
	TotalAmount   int64      `dynamodbav:"totalAmount"`
	TotalCurrency string     `dynamodbav:"totalCurrency"`
	PlacedAt      string     `dynamodbav:"placedAt"`
	UpdatedAt     string     `dynamodbav:"updatedAt"`
	Version       int64      `dynamodbav:"version"`
}

func customerPK(customerID string) string { return "CUSTOMER#" + customerID }

// CustomerPosition is the gsi1 sort key of an order: where it stands in
// its customer's list.
func CustomerPosition(o *domain.Order) string {
	return o.PlacedAt().UTC().Format(sortableTime) + "#" + string(o.ID())
}

func toView(o *domain.Order) viewItem {
	lines := make([]viewLine, 0, len(o.Lines()))
	for _, l := range o.Lines() {
		lines = append(lines, viewLine{SKU: string(l.SKU), Quantity: l.Quantity, UnitPrice: l.UnitPrice.Amount})
	}
	return viewItem{
		PK: orderPK(o.ID()), SK: viewSK, GSI1PK: customerPK(o.CustomerID()), GSI1SK: CustomerPosition(o),
		Type: viewType, OrderID: string(o.ID()), CustomerID: o.CustomerID(), Status: string(o.Status()),
		CancelReason: string(o.CancelReason()), Lines: lines,
		TotalAmount: o.Total().Amount, TotalCurrency: o.Total().Currency,
		PlacedAt: o.PlacedAt().Format(time.RFC3339Nano), UpdatedAt: o.UpdatedAt().Format(time.RFC3339Nano),
		Version: o.Version(),
	}
}

func fromView(av map[string]types.AttributeValue) (*domain.Order, error) {
	var v viewItem
	if err := attributevalue.UnmarshalMap(av, &v); err != nil {
		return nil, fmt.Errorf("decode order view: %w", err)
	}
	placed, err := time.Parse(time.RFC3339Nano, v.PlacedAt)
	if err != nil {
		return nil, fmt.Errorf("decode order view %s: placedAt: %w", v.OrderID, err)
	}
	updated, err := time.Parse(time.RFC3339Nano, v.UpdatedAt)
	if err != nil {
		return nil, fmt.Errorf("decode order view %s: updatedAt: %w", v.OrderID, err)
	}
	lines := make([]domain.Line, len(v.Lines))
	for i, l := range v.Lines {
		lines[i] = domain.Line{SKU: domain.SKU(l.SKU), Quantity: l.Quantity,
			UnitPrice: domain.Money{Amount: l.UnitPrice, Currency: v.TotalCurrency}}
	}
	return domain.UnmarshalOrder(domain.OrderID(v.OrderID), v.CustomerID, lines,
		domain.Money{Amount: v.TotalAmount, Currency: v.TotalCurrency}, domain.Status(v.Status),
		domain.CancelReason(v.CancelReason), placed, updated, v.Version), nil
}

// OrderDynamoReadModel keeps one view item per order in the orders table.
type OrderDynamoReadModel struct {
	db    DynamoDBAPI
	table string
}

// NewOrderDynamoReadModel returns the read model on the named table.
func NewOrderDynamoReadModel(db DynamoDBAPI, table string) (*OrderDynamoReadModel, error) {
	if db == nil || table == "" {
		return nil, errors.New("adapters: a DynamoDB client and a table name are required")
	}
	return &OrderDynamoReadModel{db: db, table: table}, nil
}

// Save puts the view on the condition that none of the same or a later
// version is stored, so stale and repeated projections change nothing.
func (r *OrderDynamoReadModel) Save(ctx context.Context, o *domain.Order) (bool, error) {
	item, err := attributevalue.MarshalMap(toView(o))
	if err != nil {
		return false, fmt.Errorf("encode order view %s: %w", o.ID(), err)
	}
	cond := expression.AttributeNotExists(expression.Name("pk")).
		Or(expression.Name("version").LessThan(expression.Value(o.Version())))
	expr, err := expression.NewBuilder().WithCondition(cond).Build()
	if err != nil {
		return false, err
	}
	_, err = r.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                 aws.String(r.table),
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
		return false, fmt.Errorf("save order view %s: %w", o.ID(), err)
	}
}

// Order reads one view.
func (r *OrderDynamoReadModel) Order(ctx context.Context, id domain.OrderID) (*domain.Order, error) {
	out, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(r.table), Key: key(orderPK(id), viewSK)})
	if err != nil {
		return nil, fmt.Errorf("read order view %s: %w", id, err)
	}
	if out.Item == nil {
		return nil, domain.ErrOrderNotFound
	}
	return fromView(out.Item)
}

// CustomerOrders queries index gsi1 in descending order. It asks for one
// item more than the page holds, so the last page never comes with a
// cursor to an empty page.
func (r *OrderDynamoReadModel) CustomerOrders(ctx context.Context, customerID, after string, limit int) ([]*domain.Order, string, error) {
	keyCond := expression.Key("gsi1pk").Equal(expression.Value(customerPK(customerID)))
	if after != "" {
		keyCond = keyCond.And(expression.Key("gsi1sk").LessThan(expression.Value(after)))
	}
	expr, err := expression.NewBuilder().WithKeyCondition(keyCond).Build()
	if err != nil {
		return nil, "", err
	}
	var (
		orders []*domain.Order
		start  map[string]types.AttributeValue
	)
	for len(orders) <= limit {
		out, err := r.db.Query(ctx, &dynamodb.QueryInput{
			TableName:                 aws.String(r.table),
			IndexName:                 aws.String(customerIndex),
			KeyConditionExpression:    expr.KeyCondition(),
			ExpressionAttributeNames:  expr.Names(),
			ExpressionAttributeValues: expr.Values(),
			ScanIndexForward:          aws.Bool(false),
			Limit:                     aws.Int32(int32(limit + 1 - len(orders))),
			ExclusiveStartKey:         start,
		})
		if err != nil {
			return nil, "", fmt.Errorf("list orders of a customer: %w", err)
		}
		for _, item := range out.Items {
			o, err := fromView(item)
			if err != nil {
				return nil, "", err
			}
			orders = append(orders, o)
		}
		if out.LastEvaluatedKey == nil {
			break
		}
		start = out.LastEvaluatedKey
	}
	next := ""
	if len(orders) > limit {
		orders = orders[:limit]
		next = CustomerPosition(orders[limit-1])
	}
	return orders, next, nil
}
