package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/events/schemas"
	"github.com/conveyor-dev/conveyor/functions/catalog"
	"github.com/conveyor-dev/conveyor/functions/catalog/adapters"
	"github.com/conveyor-dev/conveyor/functions/catalog/app"
	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
	"github.com/conveyor-dev/conveyor/functions/catalog/service"
	"github.com/conveyor-dev/conveyor/internal/localcloud/poller"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/consumer"
	"github.com/conveyor-dev/conveyor/shared/eventbus/eventbustest"
	"github.com/conveyor-dev/conveyor/shared/idempotency"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/middleware"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// TestMain runs the tests against one emulator serving on KUMO_PORT, so
// that EventBridge delivers to SQS (see kumotest.Main).
func TestMain(m *testing.M) { kumotest.Main(m) }

// syncBuffer collects the function's output from the poller's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestProductChangesArePublishedFromTheStream provisions the catalog as
// its declaration says, builds catalog-publisher with its constructor
// pointed at the emulator, runs it behind the local cloud's stream
// poller, writes products through the catalog's own repository and
// watches a test subscription on the platform bus.
func TestProductChangesArePublishedFromTheStream(t *testing.T) {
	env := kumotest.Start(t)
	env.Setenv(t)
	c := env.Clients()
	prefix := kumotest.Prefix(t)
	platform, err := provision.Apply(t.Context(), c, provision.Names{Prefix: prefix}, []spec.Service{catalog.Spec})
	if err != nil {
		t.Fatal(err)
	}
	table := platform.Tables[catalog.Spec.Name]
	probe := eventbustest.NewRoute(t, c.Events, c.SQS, prefix+"-probe", eventbustest.Options{
		Bus: platform.Bus, Pattern: map[string]any{"source": []any{catalog.Spec.Source()}},
	})

	var out syncBuffer
	h, opts, err := service.NewPublisherHandler(t.Context(), service.Config{Platform: config.Platform{
		Service: catalog.Spec.Name, Stage: "local", TableName: table.Name, EventBusName: platform.Bus, LogLevel: slog.LevelInfo,
	}}, &out)
	if err != nil {
		t.Fatal(err)
	}
	fn := middleware.Standard(opts)(h)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- poller.RunStream(ctx, c.Streams, poller.Stream{
			StreamARN: table.StreamARN, Region: kumotest.Region, BatchSize: 100, RetryAttempts: 3,
			Function: poller.InvokerFunc(fn.Invoke),
		})
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		if t.Failed() {
			t.Logf("function output:\n%s", out.String())
		}
	})

	repo, err := adapters.NewProductDynamoRepository(c.DynamoDB, table.Name)
	if err != nil {
		t.Fatal(err)
	}
	sku := domain.SKU("MUG-RED-350")
	input := domain.ProductInput{Name: "Red mug", Description: "350 ml", Price: domain.Money{Amount: 1250, Currency: "EUR"}, Active: true}

	var upserted eventbustest.Message
	t.Run("a product change is seen as ProductUpserted within 2 s", func(t *testing.T) {
		start := time.Now()
		if _, err := repo.UpdateProduct(t.Context(), sku, func(_ context.Context, current *domain.Product) (*domain.Product, error) {
			return domain.NewProduct(sku, input, time.Now())
		}); err != nil {
			t.Fatal(err)
		}
		upserted = eventbustest.Receive(t, c.SQS, probe.QueueURL, 1, 2*time.Second)[0]
		t.Logf("write to ProductUpserted on the queue: %v", time.Since(start))
		env := upserted.Event.Detail
		if upserted.Event.DetailType != events.TypeProductUpserted || upserted.Event.Source != "conveyor.catalog" {
			t.Fatalf("got %s from %s", upserted.Event.DetailType, upserted.Event.Source)
		}
		detail, err := json.Marshal(env)
		if err != nil {
			t.Fatal(err)
		}
		if err := schemas.Validate(detail); err != nil {
			t.Errorf("the published event breaks its schema: %v", err)
		}
		e, err := events.DecodeData[events.ProductUpserted](env)
		if err != nil {
			t.Fatal(err)
		}
		if e.SKU != string(sku) || e.Name != "Red mug" || e.Price.Amount != 1250 || e.ProductVersion != 1 || !e.Active {
			t.Errorf("event %+v", e)
		}
	})
	if upserted.Event.Detail.ID == "" {
		t.FailNow()
	}

	t.Run("the same change delivered twice has one effect", func(t *testing.T) {
		// Deliver the stream's records to the function again, as Lambda
		// does when it retries a batch.
		records := streamRecords(t, c.Streams, table.StreamARN)
		redelivery, err := json.Marshal(poller.DynamoDBEvent(records, table.StreamARN, kumotest.Region))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fn.Invoke(t.Context(), redelivery); err != nil {
			t.Fatal(err)
		}
		again := eventbustest.Receive(t, c.SQS, probe.QueueURL, 1, 2*time.Second)[0]
		if again.Event.Detail.ID != upserted.Event.Detail.ID {
			t.Fatalf("the redelivered change has id %s, the first %s", again.Event.Detail.ID, upserted.Event.Detail.ID)
		}
		store, err := idempotency.NewStore(idempotency.Config{Client: c.DynamoDB, Table: table.Name, PartitionKey: "pk", SortKey: "sk"})
		if err != nil {
			t.Fatal(err)
		}
		effects := 0
		cons, err := consumer.New(consumer.Config{Name: "orders-products", Idempotency: store})
		if err != nil {
			t.Fatal(err)
		}
		consumer.Handle(cons, func(context.Context, events.ProductUpserted, events.Envelope) error {
			effects++
			return nil
		})
		batch := lambdaevents.SQSEvent{Records: []lambdaevents.SQSMessage{
			{MessageId: aws.ToString(upserted.MessageId), Body: aws.ToString(upserted.Body)},
			{MessageId: aws.ToString(again.MessageId), Body: aws.ToString(again.Body)},
		}}
		resp, err := cons.Handle(t.Context(), batch)
		if err != nil || len(resp.BatchItemFailures) != 0 {
			t.Fatalf("consumer: %v, %v", resp.BatchItemFailures, err)
		}
		if effects != 1 {
			t.Errorf("two deliveries had %d effects, want 1", effects)
		}
	})

	var deletedVersion int64
	t.Run("a deleted product is seen as ProductDeleted", func(t *testing.T) {
		if err := app.NewDeleteProductHandler(repo, time.Now).Handle(t.Context(), app.DeleteProduct{SKU: sku}); err != nil {
			t.Fatal(err)
		}
		m := eventbustest.Receive(t, c.SQS, probe.QueueURL, 1, 2*time.Second)[0]
		e, err := events.DecodeData[events.ProductDeleted](m.Event.Detail)
		if err != nil {
			t.Fatal(err)
		}
		if e.SKU != string(sku) || e.ProductVersion != 1 {
			t.Errorf("event %+v", e)
		}
		deletedVersion = e.ProductVersion
	})
	t.Run("a re-created product is ProductUpserted above the deleted version, under a new id", func(t *testing.T) {
		put := app.NewPutProductHandler(repo, time.Now)
		again := input
		again.Name = "Red mug, again"
		if _, err := put.Handle(t.Context(), app.PutProduct{SKU: sku, Input: again}); err != nil {
			t.Fatal(err)
		}
		m := eventbustest.Receive(t, c.SQS, probe.QueueURL, 1, 2*time.Second)[0]
		e, err := events.DecodeData[events.ProductUpserted](m.Event.Detail)
		if err != nil {
			t.Fatal(err)
		}
		if e.Name != again.Name || e.ProductVersion <= deletedVersion {
			t.Errorf("re-created as %q at version %d; want a version above the deleted %d", e.Name, e.ProductVersion, deletedVersion)
		}
		if m.Event.Detail.ID == upserted.Event.Detail.ID {
			t.Errorf("the re-created product reuses the id %s of the first one, with another payload", m.Event.Detail.ID)
		}
	})
	t.Run("the idempotency records in the table publish nothing", func(t *testing.T) {
		eventbustest.Quiet(t, c.SQS, probe.QueueURL, time.Second)
	})
}

// streamRecords reads every record of the stream from its start.
func streamRecords(t *testing.T, s *dynamodbstreams.Client, arn string) []streamtypes.Record {
	t.Helper()
	d, err := s.DescribeStream(t.Context(), &dynamodbstreams.DescribeStreamInput{StreamArn: aws.String(arn)})
	if err != nil {
		t.Fatal(err)
	}
	var out []streamtypes.Record
	for _, sh := range d.StreamDescription.Shards {
		it, err := s.GetShardIterator(t.Context(), &dynamodbstreams.GetShardIteratorInput{
			StreamArn: aws.String(arn), ShardId: sh.ShardId, ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon,
		})
		if err != nil {
			t.Fatal(err)
		}
		recs, err := s.GetRecords(t.Context(), &dynamodbstreams.GetRecordsInput{ShardIterator: it.ShardIterator})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, recs.Records...)
	}
	return out
}
