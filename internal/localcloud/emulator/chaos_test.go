package emulator_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/conveyor-dev/conveyor/internal/chaos"
	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/shared/awsclient"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// injecting makes the front door inject f until the test ends.
func injecting(t *testing.T, env kumotest.Env, f chaos.Faults) *chaos.Injector {
	t.Helper()
	if env.Emulator == nil {
		t.Fatal("the chaos tests need the front door: call kumotest.Main from TestMain")
	}
	in, err := chaos.New(f)
	if err != nil {
		t.Fatal(err)
	}
	env.Emulator.SetChaos(in)
	t.Cleanup(func() { env.Emulator.SetChaos(nil) })
	return in
}

// signedAs is the emulator's configuration signing with key, making one
// attempt per call, so that a test sees each answer.
func signedAs(env kumotest.Env, key string) aws.Config {
	cfg := env.Config.Copy()
	cfg.Credentials = credentials.NewStaticCredentialsProvider(key, "secret", "")
	cfg.Retryer = func() aws.Retryer { return aws.NopRetryer{} }
	return cfg
}

func TestTheFrontDoorThrottlesAFunctionsDynamoDBCallsAsDynamoDBDoes(t *testing.T) {
	env := kumotest.Start(t)
	tbl := kumotest.UniqueName(t, "throttled")
	other := kumotest.UniqueName(t, "spared")
	for _, name := range []string{tbl, other} {
		kumotest.CreateTable(t, env.DynamoDB(), name, table)
	}
	in := injecting(t, env, chaos.Faults{Throttle: chaos.Throttle{Rate: 1, Tables: []string{tbl}}})
	fn := awsclient.DynamoDB(signedAs(env, emulator.FunctionAccessKey("orders-api")))
	tableARN := fmt.Sprintf("arn:aws:dynamodb:us-east-1:%s:table/%s", account, tbl)
	throttles := retry.IsErrorThrottles(retry.DefaultThrottles)
	ctx := t.Context()

	t.Run("an item call is refused with one of DynamoDB's throttling errors, naming the table", func(t *testing.T) {
		seen := map[string]bool{}
		for range 40 {
			_, err := fn.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(tbl), Key: key("a")})
			var pte *types.ProvisionedThroughputExceededException
			var te *types.ThrottlingException
			var reasons []types.ThrottlingReason
			switch {
			case errors.As(err, &pte):
				reasons = pte.ThrottlingReasons
				seen["provisioned"] = strings.Contains(pte.ErrorMessage(), "Throughput exceeds the current capacity")
			case errors.As(err, &te):
				reasons = te.ThrottlingReasons
				seen["throttling"] = true
			default:
				t.Fatalf("GetItem: %v, want a throttling error", err)
			}
			if len(reasons) != 1 || aws.ToString(reasons[0].Resource) != tableARN || !strings.HasPrefix(aws.ToString(reasons[0].Reason), "TableRead") {
				t.Fatalf("throttling reasons %+v, want one reading of %s", reasons, tableARN)
			}
			if throttles.IsErrorThrottle(err) != aws.TrueTernary {
				t.Fatalf("the SDK does not take %v for a throttle, so it would not retry it as one", err)
			}
		}
		if !seen["provisioned"] || !seen["throttling"] {
			t.Errorf("40 refusals gave %v, want both ProvisionedThroughputExceededException (with DynamoDB's message) and ThrottlingException", seen)
		}
	})
	t.Run("a transaction is refused whole, or cancelled naming the throttled item", func(t *testing.T) {
		cancelled := false
		for range 40 {
			_, err := fn.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
				{Put: &types.Put{TableName: aws.String(tbl), Item: key("t1")}},
				{Put: &types.Put{TableName: aws.String(tbl), Item: key("t2")}},
			}})
			var tce *types.TransactionCanceledException
			if errors.As(err, &tce) {
				cancelled = true
				codes := []string{}
				for _, r := range tce.CancellationReasons {
					codes = append(codes, aws.ToString(r.Code))
				}
				if got := strings.Join(codes, ","); got != "ThrottlingError,None" && got != "None,ThrottlingError" {
					t.Fatalf("cancellation reasons %v, want one ThrottlingError among Nones", codes)
				}
				if !strings.Contains(tce.ErrorMessage(), "ThrottlingError") {
					t.Fatalf("message %q does not name the reasons", tce.ErrorMessage())
				}
				continue
			}
			if throttles.IsErrorThrottle(err) != aws.TrueTernary {
				t.Fatalf("TransactWriteItems: %v, want a throttle or a cancellation", err)
			}
		}
		if !cancelled {
			t.Error("no transaction was cancelled with ThrottlingError in 40 refusals")
		}
		out, err := env.DynamoDB().GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(tbl), Key: key("t1"), ConsistentRead: aws.Bool(true)})
		if err != nil || out.Item != nil {
			t.Errorf("a refused transaction wrote: %v %v", out, err)
		}
	})
	t.Run("a table out of scope and a caller that is not a function are served", func(t *testing.T) {
		if _, err := fn.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(other), Key: key("a")}); err != nil {
			t.Errorf("out of scope: %v", err)
		}
		admin := awsclient.DynamoDB(signedAs(env, "admin"))
		if _, err := admin.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(tbl), Key: key("a")}); err != nil {
			t.Errorf("an operator's call was throttled: %v", err)
		}
	})
	t.Run("each refusal is counted by its kind", func(t *testing.T) {
		n := in.Injected()
		if total := n[chaos.KindThrottleProvisioned] + n[chaos.KindThrottleThrottling] + n[chaos.KindThrottleTransaction]; total != 80 {
			t.Errorf("counted %v, want 80 refusals", n)
		}
	})
}

func TestTheFrontDoorAcceptsPartOfAPutEventsBatchAsEventBridgeDoes(t *testing.T) {
	env := kumotest.Start(t)
	source := kumotest.UniqueName(t, "src")
	r := newRoute(t, env, source)
	in := injecting(t, env, chaos.Faults{PutEvents: chaos.PutEvents{Rate: 1, Functions: []string{"orders-relay"}}})
	eb := eventbridge.NewFromConfig(signedAs(env, emulator.FunctionAccessKey("orders-relay")))
	ctx := t.Context()
	const calls, batch = 10, 5
	put, failedTotal := 0, 0
	for c := range calls {
		var entries []ebtypes.PutEventsRequestEntry
		for i := range batch {
			entries = append(entries, ebtypes.PutEventsRequestEntry{EventBusName: aws.String(r.bus), Source: aws.String(source),
				DetailType: aws.String("Counted"), Detail: aws.String(fmt.Sprintf(`{"n":%d}`, c*batch+i))})
		}
		out, err := eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: entries})
		if err != nil {
			t.Fatal(err)
		}
		failed := 0
		for _, e := range out.Entries {
			switch code := aws.ToString(e.ErrorCode); {
			case code == "" && aws.ToString(e.EventId) != "":
				put++
			case (code == "ThrottlingException" || code == "InternalFailure") && aws.ToString(e.ErrorMessage) != "" && e.EventId == nil:
				failed++
			default:
				t.Fatalf("entry %+v is neither put nor failed as EventBridge fails one", e)
			}
		}
		if len(out.Entries) != batch || failed == 0 || int(out.FailedEntryCount) != failed {
			t.Fatalf("%d results, FailedEntryCount %d, %d failed entries; want %d results and as many failures as the count, at least one",
				len(out.Entries), out.FailedEntryCount, failed, batch)
		}
		failedTotal += failed
	}
	t.Run("exactly the entries answered with an event id reach the bus", func(t *testing.T) {
		poll.Until(t, "the accepted events are queued", 20*time.Second, func() bool { return r.queued(t, env.SQS()) == put })
		if put+failedTotal != calls*batch || put == 0 {
			t.Errorf("%d put and %d failed of %d", put, failedTotal, calls*batch)
		}
	})
	t.Run("another function publishes whole batches", func(t *testing.T) {
		other := eventbridge.NewFromConfig(signedAs(env, emulator.FunctionAccessKey("catalog-publisher")))
		out, err := other.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{EventBusName: aws.String(r.bus),
			Source: aws.String(source), DetailType: aws.String("Counted"), Detail: aws.String(`{"n":-1}`)}}})
		if err != nil || out.FailedEntryCount != 0 {
			t.Errorf("out of scope: %v %+v", err, out)
		}
	})
	t.Run("the calls and their failed entries are counted", func(t *testing.T) {
		n := in.Injected()
		if n[chaos.KindPutEventsPartial] != calls || n[chaos.KindPutEventsEntryFailed] != int64(failedTotal) {
			t.Errorf("counted %v, want %d calls and %d entries", n, calls, failedTotal)
		}
	})
}

func TestTheFrontDoorDelaysAFunctionsCalls(t *testing.T) {
	env := kumotest.Start(t)
	tbl := kumotest.UniqueName(t, "slow")
	kumotest.CreateTable(t, env.DynamoDB(), tbl, table)
	in := injecting(t, env, chaos.Faults{Latency: chaos.Latency{Rate: 1, MaxMS: 200, Functions: []string{"shipping-saga"}}})
	fn := awsclient.DynamoDB(signedAs(env, emulator.FunctionAccessKey("shipping-saga")))
	const calls = 20
	start := time.Now()
	for range calls {
		if _, err := fn.GetItem(t.Context(), &dynamodb.GetItemInput{TableName: aws.String(tbl), Key: key("a")}); err != nil {
			t.Fatal(err)
		}
	}
	took := time.Since(start)
	if n := in.Injected()[chaos.KindLatency]; n != calls {
		t.Errorf("%d calls delayed, want %d", n, calls)
	}
	// Each call waits a uniform share of 200 ms: 2 s in all on average,
	// and well above a fifth of it with any luck that is not absurd.
	if took < 400*time.Millisecond {
		t.Errorf("%d delayed calls took %s", calls, took)
	}
}
