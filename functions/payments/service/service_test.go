package service_test

import (
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/functions/payments/service"
	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/consumer"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// environ is the environment the platform gives function fn, pointing at
// the given resources, with extra on top.
func environ(t *testing.T, fn, tableName, bus, providerURL, queueURL string, extra map[string]string) map[string]string {
	t.Helper()
	f, ok := payments.Spec.Function(fn)
	if !ok {
		t.Fatalf("payments declares no %s", fn)
	}
	env, err := payments.Spec.Env(f, spec.Runtime{
		Stage: "test", TableName: tableName, EventBusName: bus, LogLevel: "ERROR",
		Parameter: func(string) string { return providerURL },
		QueueURL:  func(string) string { return queueURL },
	})
	if err != nil {
		t.Fatal(err)
	}
	maps.Copy(env, extra)
	return env
}

// load reads a Config from env as the function's main does.
func load(t *testing.T, env map[string]string) service.Config {
	t.Helper()
	cfg, err := config.LoadFrom[service.Config](env)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestTheDefaultsAreTheSettingsOfToday(t *testing.T) {
	cfg := load(t, environ(t, payments.SagaFunction, "payments", "bus", "http://psp.test", "http://sqs.test/q", nil))
	want := service.Config{
		Platform:      cfg.Platform,
		ProviderURL:   "http://psp.test",
		RetryQueueURL: "http://sqs.test/q",

		ProviderCallTimeout: 1500 * time.Millisecond, ProviderMaxTries: 3, ProviderMaxElapsed: 4 * time.Second,
		ProviderFirstBackoff: 100 * time.Millisecond, ProviderMaxBackoff: time.Second,
		BreakerFailuresToOpen: 5, BreakerOpenFor: 5 * time.Second, BreakerSharedCacheFor: 500 * time.Millisecond,
		ParkMaxAttempts: 6, ParkFirstDelay: 5 * time.Second, ParkMaxDelay: time.Minute,
		SettleMaxAttempts: 100, SettleFirstDelay: 5 * time.Second, SettleMaxDelay: 15 * time.Minute,
	}
	if cfg != want {
		t.Fatalf("loaded %+v\nwant     %+v", cfg, want)
	}
}

func TestAConfigurationThatCannotWorkIsRefused(t *testing.T) {
	tests := []struct {
		name  string
		extra map[string]string
		want  string
	}{
		{"a provider URL that is not http(s)", map[string]string{payments.EnvProviderURL: "psp.test:8080"}, payments.EnvProviderURL},
		{"a first park delay under a second", map[string]string{"PARK_FIRST_DELAY": "100ms"}, "PARK_FIRST_DELAY"},
		{"a maximum park delay under the first", map[string]string{"PARK_MAX_DELAY": "2s"}, "PARK_MAX_DELAY"},
		{"no park attempt", map[string]string{"PARK_MAX_ATTEMPTS": "0"}, "PARK_MAX_ATTEMPTS"},
		{"no settlement attempt", map[string]string{"SETTLE_MAX_ATTEMPTS": "0"}, "SETTLE_MAX_ATTEMPTS"},
		{"a settlement delay beyond the longest message timer", map[string]string{"SETTLE_MAX_DELAY": "16m"}, "SETTLE_MAX_DELAY"},
		{"a zero call timeout", map[string]string{"PROVIDER_CALL_TIMEOUT": "0s"}, "PROVIDER_CALL_TIMEOUT"},
		{"a maximum backoff under the first", map[string]string{"PROVIDER_MAX_BACKOFF": "10ms"}, "PROVIDER_MAX_BACKOFF"},
		{"a breaker that never opens", map[string]string{"BREAKER_FAILURES_TO_OPEN": "0"}, "BREAKER_FAILURES_TO_OPEN"},
		{"no table", map[string]string{"TABLE_NAME": ""}, "TABLE_NAME"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused, naming its variable", func(t *testing.T) {
			_, err := config.LoadFrom[service.Config](environ(t, payments.SagaFunction, "payments", "bus", "http://psp.test", "http://sqs.test/q", tt.extra))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one naming %s", err, tt.want)
			}
		})
	}
}

func TestTheSagaNeedsItsProviderAndItsRetryQueueAndThePublisherTheBus(t *testing.T) {
	kumotest.Start(t).Setenv(t)
	tests := []struct {
		name   string
		change func(*service.Config)
		want   string
	}{
		{"without a provider URL", func(c *service.Config) { c.ProviderURL = "" }, payments.EnvProviderURL},
		{"without a retry queue", func(c *service.Config) { c.RetryQueueURL = "" }, payments.EnvRetryQueueURL},
	}
	for _, tt := range tests {
		t.Run(tt.name+" the saga does not start", func(t *testing.T) {
			cfg := load(t, environ(t, payments.SagaFunction, "payments", "bus", "http://psp.test", "http://sqs.test/q", nil))
			tt.change(&cfg)
			if _, _, err := service.NewSagaHandler(t.Context(), cfg, io.Discard); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one naming %s", err, tt.want)
			}
		})
	}
	t.Run("the saga starts without a bus: it publishes nothing itself", func(t *testing.T) {
		cfg := load(t, environ(t, payments.SagaFunction, "payments", "", "http://psp.test", "http://sqs.test/q", nil))
		if _, _, err := service.NewSagaHandler(t.Context(), cfg, io.Discard); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("without a bus the publisher does not start", func(t *testing.T) {
		cfg := load(t, environ(t, payments.PublisherFunction, "payments", "", "", "", nil))
		if _, _, err := service.NewPublisherHandler(t.Context(), cfg, io.Discard); err == nil || !strings.Contains(err.Error(), "EVENT_BUS_NAME") {
			t.Fatalf("error %v, want one naming EVENT_BUS_NAME", err)
		}
	})
	t.Run("the API starts with neither", func(t *testing.T) {
		cfg := load(t, environ(t, payments.APIFunction, "payments", "", "", "", nil))
		if _, opts, err := service.NewAPIHandler(t.Context(), cfg, io.Discard); err != nil || opts.Service != payments.Spec.Name {
			t.Fatalf("service %q, error %v", opts.Service, err)
		}
	})
}

func TestTheSagaIsItsQueueConsumer(t *testing.T) {
	kumotest.Start(t).Setenv(t)
	cfg := load(t, environ(t, payments.SagaFunction, "payments", "bus", "http://psp.test", "http://sqs.test/q", nil))
	h, opts, err := service.NewSagaHandler(t.Context(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	c, ok := h.(*consumer.Consumer)
	if !ok {
		t.Fatalf("the saga is a %T, want the *consumer.Consumer itself", h)
	}
	sub, _ := payments.Spec.Subscription(payments.SagaSubscription)
	var want []string
	for _, typ := range append(slices.Clone(sub.DetailTypes), sub.SelfSent...) {
		want = append(want, typ+".v1")
	}
	slices.Sort(want)
	if got := c.Types(); !slices.Equal(got, want) {
		t.Errorf("the saga handles %v, want %v", got, want)
	}
	if opts.Service != payments.Spec.Name || opts.Logger == nil || opts.Metrics == nil {
		t.Errorf("options %+v, want payments' logger and metrics", opts)
	}
}

// invoke sends payload to h as Lambda does and decodes the answer into out.
func invoke(t *testing.T, h lambda.Handler, payload, out any) {
	t.Helper()
	in, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := h.Invoke(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("answer %s: %v", raw, err)
	}
}

// getPayment reads an order's payment through the API as an admin.
func getPayment(t *testing.T, api lambda.Handler, orderID string) (int, map[string]any) {
	t.Helper()
	var resp lambdaevents.APIGatewayProxyResponse
	invoke(t, api, lambdaevents.APIGatewayProxyRequest{
		HTTPMethod: http.MethodGet, Path: "/payments/" + orderID,
		RequestContext: lambdaevents.APIGatewayProxyRequestContext{Authorizer: map[string]any{
			"claims": map[string]any{"sub": "admin-1", "cognito:groups": "admin"},
		}},
	}, &resp)
	var body map[string]any
	if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
		t.Fatalf("body %s: %v", resp.Body, err)
	}
	return resp.StatusCode, body
}

// TestASagaOnKumoRetriesAParkedPaymentThroughItsQueue builds both
// functions against kumo, as Lambda runs them, with the provider down:
// StockReserved parks the payment and puts its retry on RETRY_QUEUE_URL;
// once the provider is back, the retry from that queue authorises it.
func TestASagaOnKumoRetriesAParkedPaymentThroughItsQueue(t *testing.T) {
	env := kumotest.Start(t)
	env.Setenv(t)
	tableName := kumotest.UniqueName(t, "payments")
	kumotest.CreateTable(t, env.DynamoDB(), tableName, payments.Spec.Table)
	bus := kumotest.UniqueName(t, "bus")
	if _, err := env.EventBridge().CreateEventBus(t.Context(), &eventbridge.CreateEventBusInput{Name: aws.String(bus)}); err != nil {
		t.Fatal(err)
	}
	queue, err := env.SQS().CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String(kumotest.UniqueName(t, "saga"))})
	if err != nil {
		t.Fatal(err)
	}
	psp := pspsim.New()
	if err := psp.SetFaults(pspsim.Faults{Outage: true}); err != nil {
		t.Fatal(err)
	}
	provider := httptest.NewServer(psp)
	t.Cleanup(provider.Close)

	environment := environ(t, payments.SagaFunction, tableName, bus, provider.URL, aws.ToString(queue.QueueUrl),
		map[string]string{"PARK_FIRST_DELAY": "1s", "PROVIDER_FIRST_BACKOFF": "10ms", "PROVIDER_MAX_BACKOFF": "20ms"})
	saga, _, err := service.NewSagaHandler(t.Context(), load(t, environment), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	api, _, err := service.NewAPIHandler(t.Context(), load(t, environ(t, payments.APIFunction, tableName, bus, "", "", nil)), io.Discard)
	if err != nil {
		t.Fatal(err)
	}

	reserved, err := events.NewEnvelope(events.StockReserved{OrderID: "order-1", Total: events.Money{Amount: 700, Currency: "EUR"}, ReservedAt: time.Now()},
		events.Meta{ID: "ev-1", Source: "conveyor.inventory", Time: time.Now(), CorrelationID: "corr-1"})
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(map[string]any{"id": "eb-1", "detail-type": reserved.Type, "source": reserved.Source, "detail": reserved})
	if err != nil {
		t.Fatal(err)
	}
	var out lambdaevents.SQSEventResponse
	invoke(t, saga, lambdaevents.SQSEvent{Records: []lambdaevents.SQSMessage{{MessageId: "m-1", Body: string(body)}}}, &out)
	if len(out.BatchItemFailures) > 0 {
		t.Fatalf("StockReserved failed: %+v", out)
	}
	if status, p := getPayment(t, api, "order-1"); status != http.StatusOK || p["status"] != "PARKED" {
		t.Fatalf("payment %d %v, want PARKED", status, p)
	}

	if err := psp.SetFaults(pspsim.Faults{}); err != nil {
		t.Fatal(err)
	}
	var retry []lambdaevents.SQSMessage
	poll.Until(t, "the retry arrives on RETRY_QUEUE_URL", 10*time.Second, func() bool {
		got, err := env.SQS().ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: queue.QueueUrl, WaitTimeSeconds: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range got.Messages {
			retry = append(retry, lambdaevents.SQSMessage{MessageId: aws.ToString(m.MessageId), Body: aws.ToString(m.Body)})
		}
		return len(retry) > 0
	})
	invoke(t, saga, lambdaevents.SQSEvent{Records: retry}, &out)
	if len(out.BatchItemFailures) > 0 {
		t.Fatalf("the retry failed: %+v", out)
	}
	if status, p := getPayment(t, api, "order-1"); status != http.StatusOK || p["status"] != "AUTHORIZED" || p["attempts"] != 1.0 {
		t.Fatalf("payment %d %v, want AUTHORIZED after 1 parked attempt", status, p)
	}
	if n := len(psp.Ledger()); n != 1 {
		t.Errorf("the provider recorded %d entries, want one authorisation", n)
	}
}
