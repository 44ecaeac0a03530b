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

	"github.com/conveyor-dev/conveyor/functions/inventory"
	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
	"github.com/conveyor-dev/conveyor/shared/dynamo"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
)

// DynamoDBAPI is the part of the DynamoDB client the repository uses.
type DynamoDBAPI interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
	TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, opts ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
}

// Item layout in the inventory table (see functions/inventory/spec.go):
//
//	stock item    pk "STOCK#<sku>"          sk "STOCK"
//	              onHand, reserved, available (= onHand - reserved), version
//	reservation   pk "RESERVATION#<orderId>" sk "RESERVATION"
//	              status, lines, total, shortages, decidedAt, committedAt, releasedAt,
//	              correlationId, causationId
//
// A reservation record holds the flow (correlation id) and the event
// (causation id) of the change that last wrote it, so that
// ReservationEvents announces that change with them.
//
// available is kept beside onHand and reserved because a condition
// expression cannot subtract: every write changes the three together, and
// a reservation's condition is available >= quantity.
const (
	stockSK       = "STOCK"
	reservationSK = "RESERVATION"
	healthKey     = "HEALTH"
	// maxBatchGetKeys is the most keys one BatchGetItem takes.
	maxBatchGetKeys = 100
)

func stockPK(sku domain.SKU) string       { return "STOCK#" + string(sku) }
func reservationPK(orderID string) string { return "RESERVATION#" + orderID }

type stockItem struct {
	PK        string `dynamodbav:"pk"`
	SK        string `dynamodbav:"sk"`
	Type      string `dynamodbav:"type"`
	SKU       string `dynamodbav:"sku"`
	OnHand    int64  `dynamodbav:"onHand"`
	Reserved  int64  `dynamodbav:"reserved"`
	Available int64  `dynamodbav:"available"`
	Version   int64  `dynamodbav:"version"`
	UpdatedAt string `dynamodbav:"updatedAt"`
}

type lineItem struct {
	SKU      string `dynamodbav:"sku"`
	Quantity int64  `dynamodbav:"quantity"`
}

type shortageItem struct {
	SKU       string `dynamodbav:"sku"`
	Requested int64  `dynamodbav:"requested"`
	Available int64  `dynamodbav:"available"`
}

type reservationItem struct {
	PK            string         `dynamodbav:"pk"`
	SK            string         `dynamodbav:"sk"`
	Type          string         `dynamodbav:"type"`
	OrderID       string         `dynamodbav:"orderId"`
	Status        string         `dynamodbav:"status"`
	Lines         []lineItem     `dynamodbav:"lines,omitempty"`
	TotalAmount   int64          `dynamodbav:"totalAmount"`
	TotalCurrency string         `dynamodbav:"totalCurrency,omitempty"`
	Shortages     []shortageItem `dynamodbav:"shortages,omitempty"`
	DecidedAt     string         `dynamodbav:"decidedAt"`
	CommittedAt   string         `dynamodbav:"committedAt,omitempty"`
	ReleasedAt    string         `dynamodbav:"releasedAt,omitempty"`
	CorrelationID string         `dynamodbav:"correlationId,omitempty"`
	CausationID   string         `dynamodbav:"causationId,omitempty"`
}

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

func toReservationItem(r *domain.Reservation) reservationItem {
	it := reservationItem{
		PK: reservationPK(r.OrderID()), SK: reservationSK, Type: "Reservation",
		OrderID: r.OrderID(), Status: string(r.Status()),
		TotalAmount: r.Total().Amount, TotalCurrency: r.Total().Currency,
		DecidedAt: formatTime(r.DecidedAt()), CommittedAt: formatTime(r.CommittedAt()), ReleasedAt: formatTime(r.ReleasedAt()),
	}
	for _, l := range r.Lines() {
		it.Lines = append(it.Lines, lineItem{SKU: string(l.SKU), Quantity: l.Quantity})
	}
	for _, s := range r.Shortages() {
		it.Shortages = append(it.Shortages, shortageItem{SKU: string(s.SKU), Requested: s.Requested, Available: s.Available})
	}
	return it
}

func fromReservationItem(av map[string]types.AttributeValue) (*domain.Reservation, error) {
	var it reservationItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return nil, fmt.Errorf("decode reservation item: %w", err)
	}
	return it.reservation()
}

func (it reservationItem) reservation() (*domain.Reservation, error) {
	var times [3]time.Time
	for i, f := range []struct{ name, value string }{{"decidedAt", it.DecidedAt}, {"committedAt", it.CommittedAt}, {"releasedAt", it.ReleasedAt}} {
		t, err := parseTime(f.name, f.value)
		if err != nil {
			return nil, fmt.Errorf("decode reservation of order %s: %w", it.OrderID, err)
		}
		times[i] = t
	}
	lines := make([]domain.Line, len(it.Lines))
	for i, l := range it.Lines {
		lines[i] = domain.Line{SKU: domain.SKU(l.SKU), Quantity: l.Quantity}
	}
	shortages := make([]domain.Shortage, len(it.Shortages))
	for i, s := range it.Shortages {
		shortages[i] = domain.Shortage{SKU: domain.SKU(s.SKU), Requested: s.Requested, Available: s.Available}
	}
	return domain.UnmarshalReservation(it.OrderID, domain.Status(it.Status), lines,
		domain.Money{Amount: it.TotalAmount, Currency: it.TotalCurrency}, shortages, times[0], times[1], times[2]), nil
}

func fromStockItem(av map[string]types.AttributeValue) (*domain.StockItem, error) {
	var it stockItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return nil, fmt.Errorf("decode stock item: %w", err)
	}
	updated, err := parseTime("updatedAt", it.UpdatedAt)
	if err != nil {
		return nil, fmt.Errorf("decode stock item %s: %w", it.SKU, err)
	}
	return domain.UnmarshalStockItem(domain.SKU(it.SKU), it.OnHand, it.Reserved, it.Version, updated), nil
}

// StockDynamoRepository stores stock items and reservation records in the
// inventory's DynamoDB table. A reservation's move and its stock changes
// are one TransactWriteItems call.
type StockDynamoRepository struct {
	db    DynamoDBAPI
	table string
}

// NewStockDynamoRepository returns a repository on the named table.
func NewStockDynamoRepository(db DynamoDBAPI, table string) (*StockDynamoRepository, error) {
	if db == nil || table == "" {
		return nil, errors.New("adapters: a DynamoDB client and a table name are required")
	}
	return &StockDynamoRepository{db: db, table: table}, nil
}

func key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: pk},
		"sk": &types.AttributeValueMemberS{Value: sk},
	}
}

// StockItem reads one SKU's stock.
func (r *StockDynamoRepository) StockItem(ctx context.Context, sku domain.SKU) (*domain.StockItem, error) {
	it, err := r.loadStock(ctx, sku, false)
	if err != nil {
		return nil, err
	}
	if it == nil {
		return nil, domain.ErrStockItemNotFound
	}
	return it, nil
}

func (r *StockDynamoRepository) loadStock(ctx context.Context, sku domain.SKU, consistent bool) (*domain.StockItem, error) {
	out, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(r.table), Key: key(stockPK(sku), stockSK), ConsistentRead: aws.Bool(consistent),
	})
	if err != nil {
		return nil, fmt.Errorf("get stock of %s: %w", sku, err)
	}
	if out.Item == nil {
		return nil, nil
	}
	return fromStockItem(out.Item)
}

// UpdateStockItem is a read, a change and a put conditional on the
// version read, retried (dynamo.Retry) when a reservation or another
// writer got there first.
func (r *StockDynamoRepository) UpdateStockItem(ctx context.Context, sku domain.SKU,
	update func(*domain.StockItem) (*domain.StockItem, error)) (*domain.StockItem, error) {
	item, err := dynamo.Retry(ctx, func(ctx context.Context) (*domain.StockItem, error) {
		current, err := r.loadStock(ctx, sku, true)
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
		if next.SKU() != sku {
			return nil, fmt.Errorf("update stock of %s: the update changed the SKU to %s", sku, next.SKU())
		}
		if err := r.putStock(ctx, next, current); err != nil {
			return nil, err
		}
		return next, nil
	})
	if errors.Is(err, dynamo.ErrConflict) {
		return nil, fmt.Errorf("update stock of %s: %w: %w", sku, domain.ErrConcurrentUpdate, err)
	}
	return item, err
}

// putStock writes s on the condition that the stored item is still
// expected: absent when expected is nil, else at expected's version.
func (r *StockDynamoRepository) putStock(ctx context.Context, s, expected *domain.StockItem) error {
	item, err := attributevalue.MarshalMap(stockItem{
		PK: stockPK(s.SKU()), SK: stockSK, Type: "StockItem", SKU: string(s.SKU()),
		OnHand: s.OnHand(), Reserved: s.Reserved(), Available: s.Available(), Version: s.Version(),
		UpdatedAt: formatTime(s.UpdatedAt()),
	})
	if err != nil {
		return fmt.Errorf("encode stock of %s: %w", s.SKU(), err)
	}
	cond := expression.AttributeNotExists(expression.Name("pk"))
	if expected != nil {
		cond = expression.Name("version").Equal(expression.Value(expected.Version()))
	}
	expr, err := expression.NewBuilder().WithCondition(cond).Build()
	if err != nil {
		return err
	}
	_, err = r.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(r.table), Item: item,
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	})
	if err != nil {
		return fmt.Errorf("put stock of %s: %w", s.SKU(), err)
	}
	return nil
}

// Reservation reads the order's record with a strongly consistent read.
func (r *StockDynamoRepository) Reservation(ctx context.Context, orderID string) (*domain.Reservation, error) {
	out, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(r.table), Key: key(reservationPK(orderID), reservationSK), ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return nil, fmt.Errorf("get reservation of order %s: %w", orderID, err)
	}
	if out.Item == nil {
		return nil, nil
	}
	return fromReservationItem(out.Item)
}

// Transition writes the record and the stock changes in one
// TransactWriteItems call: a put of the record, conditional on the stored
// record being prev, and one update per stock item, conditional on enough
// available units when the move takes some. The record keeps the flow and
// the cause of the event being handled in ctx (eventbus.Meta), for the
// event that announces it. When DynamoDB cancels the transaction, it reads
// the record and the items again to say why.
func (r *StockDynamoRepository) Transition(ctx context.Context, prev, next *domain.Reservation) error {
	changes, err := domain.StockChanges(prev, next)
	if err != nil {
		return err
	}
	if len(changes) > domain.MaxLines {
		return fmt.Errorf("transition of order %s: %d stock items, more than the %d one transaction holds", next.OrderID(), len(changes), domain.MaxLines)
	}
	record, err := r.recordPut(ctx, prev, next)
	if err != nil {
		return err
	}
	items := []types.TransactWriteItem{{Put: record}}
	for _, c := range changes {
		u, err := r.stockUpdate(c)
		if err != nil {
			return err
		}
		items = append(items, types.TransactWriteItem{Update: u})
	}
	_, err = r.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	if err == nil {
		return nil
	}
	var cancelled *types.TransactionCanceledException
	var cond *types.ConditionalCheckFailedException
	if !errors.As(err, &cancelled) && !errors.As(err, &cond) {
		return fmt.Errorf("transition of order %s to %s: %w", next.OrderID(), next.Status(), err)
	}
	return r.explain(ctx, prev, next, changes)
}

func (r *StockDynamoRepository) recordPut(ctx context.Context, prev, next *domain.Reservation) (*types.Put, error) {
	it := toReservationItem(next)
	meta := eventbus.Meta(ctx, "", inventory.Spec.Source(), next.DecidedAt())
	it.CorrelationID, it.CausationID = meta.CorrelationID, meta.CausationID
	item, err := attributevalue.MarshalMap(it)
	if err != nil {
		return nil, fmt.Errorf("encode reservation of order %s: %w", next.OrderID(), err)
	}
	cond := expression.AttributeNotExists(expression.Name("pk"))
	if prev != nil {
		cond = expression.Name("status").Equal(expression.Value(string(prev.Status())))
	}
	expr, err := expression.NewBuilder().WithCondition(cond).Build()
	if err != nil {
		return nil, err
	}
	return &types.Put{
		TableName: aws.String(r.table), Item: item,
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}, nil
}

func (r *StockDynamoRepository) stockUpdate(c domain.StockChange) (*types.Update, error) {
	upd := expression.
		Set(expression.Name("onHand"), expression.Name("onHand").Plus(expression.Value(c.OnHand))).
		Set(expression.Name("reserved"), expression.Name("reserved").Plus(expression.Value(c.Reserved))).
		Set(expression.Name("available"), expression.Name("available").Plus(expression.Value(c.AvailableDelta()))).
		Set(expression.Name("version"), expression.Name("version").Plus(expression.Value(1)))
	cond := expression.AttributeExists(expression.Name("pk"))
	if d := c.AvailableDelta(); d < 0 {
		cond = expression.Name("available").GreaterThanEqual(expression.Value(-d))
	}
	expr, err := expression.NewBuilder().WithUpdate(upd).WithCondition(cond).Build()
	if err != nil {
		return nil, err
	}
	return &types.Update{
		TableName: aws.String(r.table), Key: key(stockPK(c.SKU), stockSK),
		UpdateExpression:          expr.Update(),
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}, nil
}

// explain reads the record and the stock again after a cancelled
// transaction and returns why it failed.
func (r *StockDynamoRepository) explain(ctx context.Context, prev, next *domain.Reservation, changes []domain.StockChange) error {
	stored, err := r.Reservation(ctx, next.OrderID())
	if err != nil {
		return err
	}
	if (prev == nil) != (stored == nil) || (prev != nil && prev.Status() != stored.Status()) {
		return domain.ErrReservationChanged
	}
	var takes []domain.StockChange
	for _, c := range changes {
		if c.AvailableDelta() < 0 {
			takes = append(takes, c)
		}
	}
	available, err := r.available(ctx, takes)
	if err != nil {
		return err
	}
	var short []domain.Shortage
	for _, c := range takes {
		if a := available[c.SKU]; a < -c.AvailableDelta() {
			short = append(short, domain.Shortage{SKU: c.SKU, Requested: -c.AvailableDelta(), Available: max(a, 0)})
		}
	}
	if len(short) > 0 {
		return &domain.ShortageError{Shortages: short}
	}
	return domain.ErrStockContention
}

// available reads the available units of the changes' SKUs with strongly
// consistent reads; a SKU without a stock item has none.
func (r *StockDynamoRepository) available(ctx context.Context, changes []domain.StockChange) (map[domain.SKU]int64, error) {
	out := map[domain.SKU]int64{}
	var keys []map[string]types.AttributeValue
	for _, c := range changes {
		keys = append(keys, key(stockPK(c.SKU), stockSK))
	}
	for len(keys) > 0 {
		n := min(len(keys), maxBatchGetKeys)
		batch := keys[:n]
		keys = keys[n:]
		// Each attempt reads the keys the one before left unprocessed.
		_, err := dynamo.Retry(ctx, func(ctx context.Context) (struct{}, error) {
			res, err := r.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
				r.table: {Keys: batch, ConsistentRead: aws.Bool(true)},
			}})
			if err != nil {
				return struct{}{}, fmt.Errorf("read stock: %w", err)
			}
			for _, av := range res.Responses[r.table] {
				it, err := fromStockItem(av)
				if err != nil {
					return struct{}{}, err
				}
				out[it.SKU()] = it.Available()
			}
			batch = res.UnprocessedKeys[r.table].Keys
			if len(batch) > 0 {
				return struct{}{}, fmt.Errorf("read stock: %d keys unprocessed: %w", len(batch), dynamo.ErrConflict)
			}
			return struct{}{}, nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CheckHealth reads a reserved key: it proves the table exists and the
// function may read it.
func (r *StockDynamoRepository) CheckHealth(ctx context.Context) error {
	_, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(r.table), Key: key(healthKey, healthKey)})
	if err != nil {
		return fmt.Errorf("read table %s: %w", r.table, err)
	}
	return nil
}
