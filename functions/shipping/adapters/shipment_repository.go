package adapters

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
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
}

func toItem(s *domain.Shipment) shipmentItem {
	it := shipmentItem{PK: shipmentPK(s.OrderID), SK: shipmentSK, Type: "Shipment", OrderID: s.OrderID, CustomerID: s.CustomerID,
		ShipmentID: s.ShipmentID, Carrier: s.Carrier, TrackingID: s.TrackingID, ShipBy: s.ShipBy, Status: string(s.Status)}
	if !s.ScheduledAt.IsZero() {
		it.ScheduledAt = s.ScheduledAt.UTC().Format(time.RFC3339Nano)
	}
	if !s.CancelledAt.IsZero() {
		it.CancelledAt = s.CancelledAt.UTC().Format(time.RFC3339Nano)
	}
	for _, l := range s.Lines {
		it.Lines = append(it.Lines, lineItem{SKU: l.SKU, Quantity: l.Quantity})
	}
	return it
}

func (it shipmentItem) shipment() (*domain.Shipment, error) {
	s := &domain.Shipment{OrderID: it.OrderID, CustomerID: it.CustomerID, ShipmentID: it.ShipmentID, Carrier: it.Carrier,
		TrackingID: it.TrackingID, ShipBy: it.ShipBy, Status: domain.Status(it.Status)}
	if s.Status == "" {
		s.Status = domain.StatusScheduled
	}
	var err error
	if it.ScheduledAt != "" {
		if s.ScheduledAt, err = time.Parse(time.RFC3339Nano, it.ScheduledAt); err != nil {
			return nil, fmt.Errorf("scheduledAt: %w", err)
		}
	}
	if it.CancelledAt != "" {
		if s.CancelledAt, err = time.Parse(time.RFC3339Nano, it.CancelledAt); err != nil {
			return nil, fmt.Errorf("cancelledAt: %w", err)
		}
	}
	for _, l := range it.Lines {
		s.Lines = append(s.Lines, domain.Line{SKU: l.SKU, Quantity: l.Quantity})
	}
	return s, nil
}

func key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: pk}, "sk": &types.AttributeValueMemberS{Value: sk}}
}

func shipmentPK(orderID string) string { return "SHIPMENT#" + orderID }

// ShipmentDynamoRepository stores shipments in the shipping table; a
// conditional put keeps one per order.
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
	return r.load(ctx, orderID, false)
}

func (r *ShipmentDynamoRepository) load(ctx context.Context, orderID string, consistent bool) (*domain.Shipment, error) {
	out, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(r.table), Key: key(shipmentPK(orderID), shipmentSK), ConsistentRead: aws.Bool(consistent)})
	if err != nil {
		return nil, fmt.Errorf("get shipment %s: %w", orderID, err)
	}
	if out.Item == nil {
		return nil, domain.ErrShipmentNotFound
	}
	var it shipmentItem
	if err := attributevalue.UnmarshalMap(out.Item, &it); err != nil {
		return nil, fmt.Errorf("decode shipment %s: %w", orderID, err)
	}
	s, err := it.shipment()
	if err != nil {
		return nil, fmt.Errorf("decode shipment %s: %w", orderID, err)
	}
	return s, nil
}

// CreateShipment stores s unless the order has a shipment (or a
// cancellation), and returns the stored one.
func (r *ShipmentDynamoRepository) CreateShipment(ctx context.Context, s *domain.Shipment) (*domain.Shipment, error) {
	stored, err := r.put(ctx, s, "attribute_not_exists(pk)", nil)
	switch {
	case errors.Is(err, errConflict):
		return r.load(ctx, s.OrderID, true)
	case err != nil:
		return nil, err
	}
	return stored, nil
}

// maxCancelRounds bounds CancelShipment's read-and-write rounds.
const maxCancelRounds = 5

// CancelShipment cancels the order's shipment, or stores a cancellation
// when the order has none yet, and returns what is stored.
func (r *ShipmentDynamoRepository) CancelShipment(ctx context.Context, orderID string, at time.Time) (*domain.Shipment, error) {
	for range maxCancelRounds {
		current, err := r.load(ctx, orderID, true)
		var next *domain.Shipment
		cond, values := "attribute_not_exists(pk)", map[string]types.AttributeValue(nil)
		switch {
		case errors.Is(err, domain.ErrShipmentNotFound):
			if next, err = domain.NewCancellation(orderID, at); err != nil {
				return nil, fmt.Errorf("cancel shipment %s: %w", orderID, err)
			}
		case err != nil:
			return nil, err
		case current.Status == domain.StatusCancelled:
			return current, nil
		default:
			next = current
			next.Cancel(at)
			cond = "attribute_exists(pk) AND (attribute_not_exists(#status) OR #status <> :cancelled)"
			values = map[string]types.AttributeValue{":cancelled": &types.AttributeValueMemberS{Value: string(domain.StatusCancelled)}}
		}
		stored, err := r.put(ctx, next, cond, values)
		if errors.Is(err, errConflict) {
			continue
		}
		return stored, err
	}
	return nil, fmt.Errorf("cancel shipment %s: still changing after %d rounds", orderID, maxCancelRounds)
}

// errConflict: the put's condition failed.
var errConflict = errors.New("conditional put failed")

func (r *ShipmentDynamoRepository) put(ctx context.Context, s *domain.Shipment, cond string, values map[string]types.AttributeValue) (*domain.Shipment, error) {
	av, err := attributevalue.MarshalMap(toItem(s))
	if err != nil {
		return nil, fmt.Errorf("encode shipment %s: %w", s.OrderID, err)
	}
	in := &dynamodb.PutItemInput{TableName: aws.String(r.table), Item: av, ConditionExpression: aws.String(cond), ExpressionAttributeValues: values}
	if values != nil {
		in.ExpressionAttributeNames = map[string]string{"#status": "status"}
	}
	_, err = r.db.PutItem(ctx, in)
	var failed *types.ConditionalCheckFailedException
	switch {
	case errors.As(err, &failed):
		return nil, errConflict
	case err != nil:
		return nil, fmt.Errorf("put shipment %s: %w", s.OrderID, err)
	}
	return s, nil
}

// Check reads a fixed key, proving the table answers.
func (r *ShipmentDynamoRepository) Check(ctx context.Context) error {
	if _, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(r.table), Key: key(healthKey, healthKey)}); err != nil {
		return fmt.Errorf("shipping table: %w", err)
	}
	return nil
}

// ShipmentMemoryRepository keeps shipments in memory, with the contract
// of ShipmentDynamoRepository.
type ShipmentMemoryRepository struct {
	mu        sync.Mutex
	shipments map[string]domain.Shipment
}

// NewShipmentMemoryRepository returns an empty repository.
func NewShipmentMemoryRepository() *ShipmentMemoryRepository {
	return &ShipmentMemoryRepository{shipments: map[string]domain.Shipment{}}
}

// Shipment reads one order's shipment.
func (r *ShipmentMemoryRepository) Shipment(_ context.Context, orderID string) (*domain.Shipment, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.shipments[orderID]
	if !ok {
		return nil, domain.ErrShipmentNotFound
	}
	s.Lines = append([]domain.Line(nil), s.Lines...)
	return &s, nil
}

// CancelShipment cancels the order's shipment, or stores a cancellation
// when the order has none yet.
func (r *ShipmentMemoryRepository) CancelShipment(ctx context.Context, orderID string, at time.Time) (*domain.Shipment, error) {
	r.mu.Lock()
	s, ok := r.shipments[orderID]
	if !ok {
		mark, err := domain.NewCancellation(orderID, at)
		if err != nil {
			r.mu.Unlock()
			return nil, fmt.Errorf("cancel shipment %s: %w", orderID, err)
		}
		s = *mark
	}
	s.Cancel(at)
	r.shipments[orderID] = s
	r.mu.Unlock()
	return r.Shipment(ctx, orderID)
}

// CreateShipment stores s unless the order has a shipment (or a
// cancellation).
func (r *ShipmentMemoryRepository) CreateShipment(ctx context.Context, s *domain.Shipment) (*domain.Shipment, error) {
	r.mu.Lock()
	if _, ok := r.shipments[s.OrderID]; !ok {
		c := *s
		c.Lines = append([]domain.Line(nil), s.Lines...)
		r.shipments[s.OrderID] = c
	}
	r.mu.Unlock()
	return r.Shipment(ctx, s.OrderID)
}

// Check always succeeds.
func (r *ShipmentMemoryRepository) Check(context.Context) error { return nil }
