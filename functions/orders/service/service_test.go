package service_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/functions/orders/adapters"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/functions/orders/service"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

// constructors are the orders functions by name, as their mains build them.
var constructors = map[string]middleware.Constructor[service.Config]{
	orders.APIFunction:       service.NewAPIHandler,
	orders.EventsFunction:    service.NewEventsHandler,
	orders.ProjectorFunction: service.NewProjectorHandler,
	orders.RelayFunction:     service.NewRelayHandler,
	orders.RebuildFunction:   service.NewRebuildHandler,
}

// onKumo points the process's AWS configuration at the emulator and
// returns the configuration of a function on a table and a deadline queue
// of its own, and that table's name.
func onKumo(t *testing.T) (service.Config, string) {
	t.Helper()
	env := kumotest.Start(t)
	env.Setenv(t)
	table := kumotest.UniqueName(t, "orders")
	kumotest.CreateTable(t, env.DynamoDB(), table, orders.Spec.Table)
	q, err := env.SQS().CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String(kumotest.UniqueName(t, "deadline"))})
	if err != nil {
		t.Fatal(err)
	}
	return service.Config{Platform: config.Platform{
		Service: orders.Spec.Name, Stage: "local", TableName: table, EventBusName: "conveyor-test", LogLevel: slog.LevelInfo,
	}, SagaDeadline: orders.SagaDeadline, DeadlineQueueURL: aws.ToString(q.QueueUrl)}, table
}

// build builds one function and fails the test when it does not start.
func build(t *testing.T, function string, cfg service.Config) (middleware.HandlerFunc, middleware.Options) {
	t.Helper()
	h, opts, err := constructors[function](t.Context(), cfg, io.Discard)
	if err != nil {
		t.Fatalf("%s: %v", function, err)
	}
	return middleware.Standard(opts)(h).Invoke, opts
}

func invocation(t *testing.T) context.Context {
	return lambdacontext.NewContext(t.Context(), &lambdacontext.LambdaContext{AwsRequestID: "req-1"})
}

func TestEveryDeclaredFunctionStartsBehindTheStandardMiddleware(t *testing.T) {
	cfg, _ := onKumo(t)
	for _, f := range orders.Spec.Functions {
		t.Run(f.Name+" starts", func(t *testing.T) {
			if constructors[f.Name] == nil {
				t.Fatalf("no constructor for %s", f.Name)
			}
			_, opts := build(t, f.Name, cfg)
			if err := opts.Validate(); err != nil || opts.Service != orders.Spec.Name {
				t.Errorf("options for service %q: %v", opts.Service, err)
			}
		})
	}
}

func TestTheConstructorsRefuseAnIncompleteConfiguration(t *testing.T) {
	complete := config.Platform{Service: orders.Spec.Name, Stage: "local", TableName: "orders", EventBusName: "bus"}
	type refusal struct {
		function string
		unset    func(*config.Platform)
		want     string
	}
	var cases []refusal
	for _, f := range orders.Spec.Functions {
		cases = append(cases, refusal{f.Name, func(p *config.Platform) { p.TableName = "" }, "TABLE_NAME"})
	}
	cases = append(cases, refusal{orders.RelayFunction, func(p *config.Platform) { p.EventBusName = "" }, "EVENT_BUS_NAME"})
	for _, c := range cases {
		t.Run(c.function+" without "+c.want+" does not start", func(t *testing.T) {
			p := complete
			c.unset(&p)
			cfg := service.Config{Platform: p, SagaDeadline: orders.SagaDeadline, DeadlineQueueURL: "http://sqs.test/q"}
			h, _, err := constructors[c.function](t.Context(), cfg, io.Discard)
			if err == nil || !strings.Contains(err.Error(), c.want) || h != nil {
				t.Fatalf("handler %v, error %v; want no handler and an error naming %s", h, err, c.want)
			}
		})
	}
}

func TestTheEventsFunctionRefusesAnIncompleteDeadline(t *testing.T) {
	complete := service.Config{
		Platform:     config.Platform{Service: orders.Spec.Name, Stage: "local", TableName: "orders", EventBusName: "bus"},
		SagaDeadline: orders.SagaDeadline, DeadlineQueueURL: "http://sqs.test/q",
	}
	cases := []struct {
		name  string
		unset func(*service.Config)
		want  string
	}{
		{"without its queue", func(c *service.Config) { c.DeadlineQueueURL = "" }, orders.EnvDeadlineQueueURL},
		{"without a deadline", func(c *service.Config) { c.SagaDeadline = 0 }, orders.EnvSagaDeadline},
	}
	for _, c := range cases {
		t.Run(c.name+" it does not start", func(t *testing.T) {
			cfg := complete
			c.unset(&cfg)
			h, _, err := service.NewEventsHandler(t.Context(), cfg, io.Discard)
			if err == nil || !strings.Contains(err.Error(), c.want) || h != nil {
				t.Fatalf("handler %v, error %v; want no handler and an error naming %s", h, err, c.want)
			}
		})
	}
}

func TestTheAPIAnswersItsHealthRouteFromTheTable(t *testing.T) {
	cfg, _ := onKumo(t)
	cases := []struct {
		name  string
		table func(string) string
		want  int
	}{
		{"on its table it is healthy", func(table string) string { return table }, 200},
		{"on a missing table it is not", func(table string) string { return table + "-missing" }, 503},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := cfg
			cfg.TableName = c.table(cfg.TableName)
			invoke, _ := build(t, orders.APIFunction, cfg)
			payload, err := json.Marshal(lambdaevents.APIGatewayProxyRequest{
				HTTPMethod: "GET", Path: "/health/orders", Resource: "/health/orders",
				RequestContext: lambdaevents.APIGatewayProxyRequestContext{RequestID: "api-1", Stage: "local"},
			})
			if err != nil {
				t.Fatal(err)
			}
			raw, err := invoke(invocation(t), payload)
			if err != nil {
				t.Fatal(err)
			}
			var resp lambdaevents.APIGatewayProxyResponse
			if err := json.Unmarshal(raw, &resp); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != c.want {
				t.Errorf("GET /health/orders: %d %s, want %d", resp.StatusCode, resp.Body, c.want)
			}
		})
	}
}

func TestTheRebuildCountsWhatItRebuilt(t *testing.T) {
	cfg, table := onKumo(t)
	store, err := adapters.NewOrderDynamoEventStore(kumotest.Start(t).DynamoDB(), table, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	id := domain.OrderID(uuid.Must(uuid.NewV7()).String())
	placed, err := domain.Place(id, "alice", []domain.Line{{SKU: "MUG", Quantity: 1, UnitPrice: domain.Money{Amount: 1250, Currency: "EUR"}}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Append(t.Context(), id, func(context.Context, *domain.Order) ([]domain.Event, error) {
		return []domain.Event{placed}, nil
	}); err != nil {
		t.Fatal(err)
	}
	invoke, _ := build(t, orders.RebuildFunction, cfg)
	for _, c := range []struct {
		name string
		want string
	}{
		{"the first rebuild writes the missing view", `{"orders":1,"written":1}`},
		{"a second rebuild writes nothing", `{"orders":1,"written":0}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := invoke(invocation(t), []byte(`{}`))
			if err != nil || string(got) != c.want {
				t.Fatalf("answer %s, %v; want %s", got, err, c.want)
			}
		})
	}
}
