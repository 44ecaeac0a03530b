package adapters

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/dynamo"
)

// DynamoDBAPI is the part of the DynamoDB client the adapters use.
type DynamoDBAPI interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
}

// Item layout in the payments table (see functions/payments/spec.go):
//
//	pk "PAYMENT#<orderId>"  sk "PAYMENT"   one payment per order
//	pk "BREAKER#<name>"     sk "OPEN"      the shared open circuit, with expiresAt
//	pk "HEALTH"             sk "HEALTH"    read by the health check
const (
	paymentSK = "PAYMENT"
	healthKey = "HEALTH"
)

type paymentItem struct {
	PK              string `dynamodbav:"pk"`
	SK              string `dynamodbav:"sk"`
	Type            string `dynamodbav:"type"`
	OrderID         string `dynamodbav:"orderId"`
	Amount          int64  `dynamodbav:"amount"`
	Currency        string `dynamodbav:"currency,omitempty"`
	Status          string `dynamodbav:"status"`
	AuthorizationID string `dynamodbav:"authorizationId,omitempty"`
	RefundID        string `dynamodbav:"refundId,omitempty"`
	DeclineReason   string `dynamodbav:"declineReason,omitempty"`
	Attempts        int    `dynamodbav:"attempts"`
	Cancelled       bool   `dynamodbav:"cancelled"`
	Uncertain       bool   `dynamodbav:"uncertain"`
	VoidedAuthID    string `dynamodbav:"voidedAuthorizationId,omitempty"`
	SettleAttempts  int    `dynamodbav:"settleAttempts"`
	Abandoned       bool   `dynamodbav:"settlementAbandoned"`
	AuthorizedAt    string `dynamodbav:"authorizedAt,omitempty"`
	DeclinedAt      string `dynamodbav:"declinedAt,omitempty"`
	RefundedAt      string `dynamodbav:"refundedAt,omitempty"`
	VoidedAt        string `dynamodbav:"voidedAt,omitempty"`
	UpdatedAt       string `dynamodbav:"updatedAt"`
	Version         int    `dynamodbav:"version"`
	// CorrelationID and CausationID are the flow of the write: the
	// correlation id and the event being handled when it was stored. The
	// publisher gives them to the event a decision stands for.
	CorrelationID string `dynamodbav:"correlationId,omitempty"`
	CausationID   string `dynamodbav:"causationId,omitempty"`
}

func paymentPK(orderID string) string { return "PAYMENT#" + orderID }

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTime(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %w", field, err)
	}
	return t, nil
}

func toPaymentItem(s domain.Snapshot) paymentItem {
	return paymentItem{
		PK: paymentPK(s.OrderID), SK: paymentSK, Type: "Payment", OrderID: s.OrderID,
		Amount: s.Amount.Amount, Currency: s.Amount.Currency, Status: string(s.Status),
		AuthorizationID: s.AuthorizationID, RefundID: s.RefundID, DeclineReason: s.DeclineReason,
		Attempts: s.Attempts, Cancelled: s.Cancelled, Uncertain: s.Uncertain, VoidedAuthID: s.VoidedAuthorizationID,
		SettleAttempts: s.SettleAttempts, Abandoned: s.SettlementAbandoned, AuthorizedAt: formatTime(s.AuthorizedAt),
		DeclinedAt: formatTime(s.DeclinedAt), RefundedAt: formatTime(s.RefundedAt), VoidedAt: formatTime(s.VoidedAt),
		UpdatedAt: formatTime(s.UpdatedAt), Version: s.Version,
	}
}

// withFlow stamps it with the flow of ctx: the correlation id and the
// event being handled, if any.
func withFlow(ctx context.Context, it paymentItem) paymentItem {
	it.CorrelationID = correlation.From(ctx)
	if cause, ok := events.CauseFromContext(ctx); ok {
		it.CausationID = cause.ID
		if it.CorrelationID == "" {
			it.CorrelationID = cause.CorrelationID
		}
	}
	return it
}

func fromPaymentItem(av map[string]types.AttributeValue) (*domain.Payment, error) {
	var it paymentItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return nil, fmt.Errorf("decode payment item: %w", err)
	}
	return it.payment()
}

// payment rebuilds the payment the item stores.
func (it paymentItem) payment() (*domain.Payment, error) {
	s := domain.Snapshot{
		OrderID: it.OrderID, Amount: domain.Money{Amount: it.Amount, Currency: it.Currency}, Status: domain.Status(it.Status),
		AuthorizationID: it.AuthorizationID, RefundID: it.RefundID, DeclineReason: it.DeclineReason,
		Attempts: it.Attempts, Cancelled: it.Cancelled, Uncertain: it.Uncertain, VoidedAuthorizationID: it.VoidedAuthID,
		SettleAttempts: it.SettleAttempts, SettlementAbandoned: it.Abandoned, Version: it.Version,
	}
	var err error
	for _, f := range []struct {
		name string
		in   string
		out  *time.Time
	}{
		{"authorizedAt", it.AuthorizedAt, &s.AuthorizedAt}, {"declinedAt", it.DeclinedAt, &s.DeclinedAt},
		{"refundedAt", it.RefundedAt, &s.RefundedAt}, {"voidedAt", it.VoidedAt, &s.VoidedAt},
		{"updatedAt", it.UpdatedAt, &s.UpdatedAt},
	} {
		if *f.out, err = parseTime(f.name, f.in); err != nil {
			return nil, fmt.Errorf("decode payment item %s: %w", it.OrderID, err)
		}
	}
	return domain.FromSnapshot(s)
}

// PaymentDynamoRepository stores payments in the payments table, one item
// per order, with optimistic concurrency on the version attribute.
type PaymentDynamoRepository struct {
	db    DynamoDBAPI
	table string
}

// NewPaymentDynamoRepository returns a repository on the named table.
func NewPaymentDynamoRepository(db DynamoDBAPI, table string) (*PaymentDynamoRepository, error) {
	if db == nil || table == "" {
		return nil, errors.New("adapters: a DynamoDB client and a table name are required")
	}
	return &PaymentDynamoRepository{db: db, table: table}, nil
}

func key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: pk},
		"sk": &types.AttributeValueMemberS{Value: sk},
	}
}

// Payment reads one order's payment.
func (r *PaymentDynamoRepository) Payment(ctx context.Context, orderID string) (*domain.Payment, error) {
	p, err := r.load(ctx, orderID, false)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, domain.ErrPaymentNotFound
	}
	return p, nil
}

func (r *PaymentDynamoRepository) load(ctx context.Context, orderID string, consistent bool) (*domain.Payment, error) {
	out, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(r.table), Key: key(paymentPK(orderID), paymentSK), ConsistentRead: aws.Bool(consistent),
	})
	if err != nil {
		return nil, fmt.Errorf("get payment %s: %w", orderID, err)
	}
	if out.Item == nil {
		return nil, nil
	}
	return fromPaymentItem(out.Item)
}

// UpdatePayment reads, changes and conditionally writes one payment; see
// app.PaymentRepository. A write that loses to another writer is tried
// again (dynamo.Retry); after the last try it fails with
// domain.ErrConcurrentUpdate. Each write carries the flow of ctx (its
// correlation id and the event being handled), for the event the
// publisher makes of it.
func (r *PaymentDynamoRepository) UpdatePayment(ctx context.Context, orderID string, fn func(*domain.Payment) (*domain.Payment, error)) (*domain.Payment, error) {
	p, err := dynamo.Retry(ctx, func(ctx context.Context) (*domain.Payment, error) {
		return r.update(ctx, orderID, fn)
	})
	return p, concurrentUpdate(orderID, err)
}

// concurrentUpdate maps the error of an update that kept losing to
// domain.ErrConcurrentUpdate.
func concurrentUpdate(orderID string, err error) error {
	if errors.Is(err, dynamo.ErrConflict) {
		return fmt.Errorf("update payment %s: %w: %w", orderID, domain.ErrConcurrentUpdate, err)
	}
	return err
}

// update is one try of UpdatePayment: read, change, write if the payment
// is still at the version read.
func (r *PaymentDynamoRepository) update(ctx context.Context, orderID string, fn func(*domain.Payment) (*domain.Payment, error)) (*domain.Payment, error) {
	cur, err := r.load(ctx, orderID, true)
	if err != nil {
		return nil, err
	}
	next, after, changed, err := change(orderID, cur, fn)
	if err != nil || !changed {
		return next, err
	}
	av, err := attributevalue.MarshalMap(withFlow(ctx, toPaymentItem(after)))
	if err != nil {
		return nil, fmt.Errorf("encode payment %s: %w", orderID, err)
	}
	in := &dynamodb.PutItemInput{TableName: aws.String(r.table), Item: av}
	if cur == nil {
		in.ConditionExpression = aws.String("attribute_not_exists(pk)")
	} else {
		in.ConditionExpression = aws.String("version = :v")
		in.ExpressionAttributeValues = map[string]types.AttributeValue{":v": &types.AttributeValueMemberN{Value: fmt.Sprint(cur.Version())}}
	}
	if _, err := r.db.PutItem(ctx, in); err != nil {
		return nil, fmt.Errorf("put payment %s: %w", orderID, err)
	}
	return domain.FromSnapshot(after)
}

// change lets fn change cur (nil when there is no payment yet) and returns
// fn's payment, the snapshot to store at the next version, and whether
// there is anything to store.
func change(orderID string, cur *domain.Payment, fn func(*domain.Payment) (*domain.Payment, error)) (next *domain.Payment, after domain.Snapshot, changed bool, err error) {
	var before domain.Snapshot
	if cur != nil {
		before = cur.Snapshot()
	}
	next, err = fn(cur)
	if err != nil {
		return nil, domain.Snapshot{}, false, err
	}
	if next == nil {
		return nil, domain.Snapshot{}, false, fmt.Errorf("update payment %s: the change returned no payment", orderID)
	}
	after = next.Snapshot()
	if cur != nil && after == before {
		return next, after, false, nil
	}
	after.Version = before.Version + 1
	return next, after, true, nil
}

// Check reads a fixed key, proving the table answers.
func (r *PaymentDynamoRepository) Check(ctx context.Context) error {
	if _, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(r.table), Key: key(healthKey, healthKey)}); err != nil {
		return fmt.Errorf("payments table: %w", err)
	}
	return nil
}
