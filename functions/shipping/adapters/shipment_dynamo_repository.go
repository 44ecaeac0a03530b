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

	"github.com/conveyor-dev/conveyor/functions/shipping"
	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
	"github.com/conveyor-dev/conveyor/shared/dynamo"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
)

// DynamoDBAPI is the part of the DynamoDB client the repository uses.
type DynamoDBAPI interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
}

// Item layout in the shipping table (see functions/shipping/spec.go):
//
//	pk "SHIPMENT#<orderId>"  sk "SHIPMENT"   one shipment per order
//	pk "HEALTH"              sk "HEALTH"     read by the health check
//
// version counts a shipment's writes, for the conditional put of
// UpdateShipment; it is the repository's, not the domain's. correlationId
// and causationId are the flow and the event of the change that last
// wrote the shipment, so that ShipmentEvents announces that change with
// them.
const (
	shipmentSK = "SHIPMENT"
	healthKey  = "HEALTH"
)

type lineItem struct {
	SKU      string `dynamodbav:"sku"`
	Quantity int    `dynamodbav:"quantity"`
}

type shipmentItem struct {
	PK          string     `dynamodbav:"pk"`
	SK          string     `dynamodbav:"sk"`
	Type        string     `dynamodbav:"type"`
	OrderID     string     `dynamodbav:"orderId"`
	CustomerID  string     `dynamodbav:"customerId"`
	ShipmentID  string     `dynamodbav:"shipmentId"`
	Carrier     string     `dynamodbav:"carrier"`
	TrackingID  string     `dynamodbav:"trackingId"`
	Lines       []lineItem `dynamodbav:"lines"`
	ShipBy      string     `dynamodbav:"shipBy"`
	ScheduledAt string     `dynamodbav:"scheduledAt"`
	// Status is absent on items written before shipments could be
	// cancelled: they are scheduled.
	Status      string `dynamodbav:"status,omitempty"`
	CancelledAt string `dynamodbav:"cancelledAt,omitempty"`
	// Version is absent (0) on items written before it was kept.
	Version int64 `dynamodbav:"version,omitempty"`
	// CorrelationID and CausationID are absent on items written before
	// they were kept.
	CorrelationID string `dynamodbav:"correlationId,omitempty"`
	CausationID   string `dynamodbav:"causationId,omitempty"`
}

func toItem(s *domain.Shipment, version int64) shipmentItem {
	it := shipmentItem{
		PK: shipmentPK(s.OrderID()), SK: shipmentSK, Type: "Shipment", OrderID: s.OrderID(), CustomerID: s.CustomerID(),
		ShipmentID: s.ShipmentID(), Carrier: s.Carrier(), TrackingID: s.TrackingID(), ShipBy: s.ShipBy(),
		Status: string(s.Status()), Version: version,
	}
	if at := s.ScheduledAt(); !at.IsZero() {
		it.ScheduledAt = at.UTC().Format(time.RFC3339Nano)
	}
	if at := s.CancelledAt(); !at.IsZero() {
		it.CancelledAt = at.UTC().Format(time.RFC3339Nano)
	}
	for _, l := range s.Lines() {
		it.Lines = append(it.Lines, lineItem{SKU: l.SKU, Quantity: l.Quantity})
	}
	return it
}

func (it shipmentItem) shipment() (*domain.Shipment, error) {
	d := domain.ShipmentData{
		OrderID: it.OrderID, CustomerID: it.CustomerID, ShipmentID: it.ShipmentID, Carrier: it.Carrier,
		TrackingID: it.TrackingID, ShipBy: it.ShipBy, Status: domain.Status(it.Status),
	}
	if d.Status == "" {
		d.Status = domain.StatusScheduled
	}
	var err error
	if it.ScheduledAt != "" {
		if d.ScheduledAt, err = time.Parse(time.RFC3339Nano, it.ScheduledAt); err != nil {
			return nil, fmt.Errorf("scheduledAt: %w", err)
		}
	}
	if it.CancelledAt != "" {
		if d.CancelledAt, err = time.Parse(time.RFC3339Nano, it.CancelledAt); err != nil {
			return nil, fmt.Errorf("cancelledAt: %w", err)
		}
	}
	for _, l := range it.Lines {
		d.Lines = append(d.Lines, domain.Line{SKU: l.SKU, Quantity: l.Quantity})
	}
	return domain.UnmarshalShipment(d), nil
}

func key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: pk}, "sk": &types.AttributeValueMemberS{Value: sk}}
}

func shipmentPK(orderID string) string { return "SHIPMENT#" + orderID }

// ShipmentDynamoRepository stores shipments in the shipping table, one
// item per order, changed by puts conditional on the version read.
type ShipmentDynamoRepository struct {
	db    DynamoDBAPI
	table string
}

// NewShipmentDynamoRepository returns a repository on the named table.
func NewShipmentDynamoRepository(db DynamoDBAPI, table string) (*ShipmentDynamoRepository, error) {
	if db == nil || table == "" {
		return nil, errors.New("adapters: a DynamoDB client and a table name are required")
	}
	return &ShipmentDynamoRepository{db: db, table: table}, nil
}

// Shipment reads one order's shipment.
func (r *ShipmentDynamoRepository) Shipment(ctx context.Context, orderID string) (*domain.Shipment, error) {
	s, _, err := r.load(ctx, orderID, false)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, domain.ErrShipmentNotFound
	}
	return s, nil
}

// load reads the order's shipment and its version; a nil shipment when
// the order has none.
func (r *ShipmentDynamoRepository) load(ctx context.Context, orderID string, consistent bool) (*domain.Shipment, int64, error) {
	out, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(r.table), Key: key(shipmentPK(orderID), shipmentSK), ConsistentRead: aws.Bool(consistent),
	})
	if err != nil {
		return nil, 0, fmt.Errorf("get shipment %s: %w", orderID, err)
	}
	if out.Item == nil {
		return nil, 0, nil
	}
	var it shipmentItem
	if err := attributevalue.UnmarshalMap(out.Item, &it); err != nil {
		return nil, 0, fmt.Errorf("decode shipment %s: %w", orderID, err)
	}
	s, err := it.shipment()
	if err != nil {
		return nil, 0, fmt.Errorf("decode shipment %s: %w", orderID, err)
	}
	return s, it.Version, nil
}

// UpdateShipment is a strongly consistent read, a change and a put
// conditional on the version read, retried (dynamo.Retry) when another
// writer got there first. The put keeps the flow and the cause of the
// event being handled in ctx (eventbus.Meta), for the event that announces
// the shipment.
func (r *ShipmentDynamoRepository) UpdateShipment(ctx context.Context, orderID string,
	update func(*domain.Shipment) (*domain.Shipment, error)) (*domain.Shipment, error) {
	return dynamo.Retry(ctx, func(ctx context.Context) (*domain.Shipment, error) {
		current, version, err := r.load(ctx, orderID, true)
		if err != nil {
			return nil, err
		}
		next, err := update(current)
		if err != nil {
			return nil, err
		}
		if next == current {
			return current, nil
		}
		if next == nil || next.OrderID() != orderID {
			return nil, fmt.Errorf("update shipment %s: the update returned the shipment of another order", orderID)
		}
		if err := r.put(ctx, next, current != nil, version); err != nil {
			return nil, err
		}
		return next, nil
	})
}

// put writes s as the next version on the condition that the stored item
// is still the one read: absent when !exists, else at version (an item
// written before versions were kept has none).
func (r *ShipmentDynamoRepository) put(ctx context.Context, s *domain.Shipment, exists bool, version int64) error {
	it := toItem(s, version+1)
	meta := eventbus.Meta(ctx, "", shipping.Spec.Source(), s.ScheduledAt())
	it.CorrelationID, it.CausationID = meta.CorrelationID, meta.CausationID
	av, err := attributevalue.MarshalMap(it)
	if err != nil {
		return fmt.Errorf("encode shipment %s: %w", s.OrderID(), err)
	}
	var cond expression.ConditionBuilder
	switch {
	case !exists:
		cond = expression.AttributeNotExists(expression.Name("pk"))
	case version == 0:
		cond = expression.AttributeExists(expression.Name("pk")).And(expression.AttributeNotExists(expression.Name("version")))
	default:
		cond = expression.Name("version").Equal(expression.Value(version))
	}
	expr, err := expression.NewBuilder().WithCondition(cond).Build()
	if err != nil {
		return err
	}
	_, err = r.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(r.table), Item: av,
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	})
	if err != nil {
		return fmt.Errorf("put shipment %s: %w", s.OrderID(), err)
	}
	return nil
}

// Check reads a fixed key, proving the table answers.
func (r *ShipmentDynamoRepository) Check(ctx context.Context) error {
	if _, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(r.table), Key: key(healthKey, healthKey)}); err != nil {
		return fmt.Errorf("shipping table: %w", err)
	}
	return nil
}
