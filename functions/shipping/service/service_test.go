package service_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"

	lambdaevents "github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/functions/shipping"
	"github.com/conveyor-dev/conveyor/functions/shipping/service"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/middleware"
)

// configFor points the shipping functions at a table and a bus of their
// own in the emulator.
func configFor(t *testing.T) service.Config {
	t.Helper()
	env := kumotest.Start(t)
	env.Setenv(t)
	table := kumotest.UniqueName(t, "shipping")
	kumotest.CreateTable(t, env.DynamoDB(), table, shipping.Spec.Table)
	return service.Config{Platform: config.Platform{
		Service: shipping.Spec.Name, Stage: "local", TableName: table, EventBusName: kumotest.UniqueName(t, "bus"), LogLevel: slog.LevelInfo,
	}}
}

func TestNewSagaHandlerIsTheConsumerOfTheSubscription(t *testing.T) {
	h, _, err := service.NewSagaHandler(t.Context(), configFor(t), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	c, ok := h.(interface{ Types() []string })
	if !ok {
		t.Fatalf("the handler is a %T, not the consumer itself", h)
	}
	var want []string
	for _, sub := range shipping.Spec.Subscriptions {
		for _, dt := range sub.DetailTypes {
			want = append(want, dt+".v1")
		}
	}
	slices.Sort(want)
	if got := c.Types(); !slices.Equal(got, want) {
		t.Fatalf("the consumer handles %v, the subscription declares %v", got, want)
	}
}

func TestNewAPIHandlerAnswersThroughTheMiddleware(t *testing.T) {
	h, opts, err := service.NewAPIHandler(t.Context(), configFor(t), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := json.Marshal(lambdaevents.APIGatewayProxyRequest{
		Path: "/health/shipping", HTTPMethod: "GET",
		RequestContext: lambdaevents.APIGatewayProxyRequestContext{RequestID: "req-1", HTTPMethod: "GET"},
	})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := middleware.Standard(opts)(h).Invoke(t.Context(), payload)
	if err != nil {
		t.Fatal(err)
	}
	var resp lambdaevents.APIGatewayProxyResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("health: %d %s", resp.StatusCode, resp.Body)
	}
}

func TestConstructorsRefuseAnIncompleteConfig(t *testing.T) {
	cases := []struct {
		name     string
		build    middleware.Constructor[service.Config]
		platform config.Platform
		want     string
	}{
		{"the API without a table", service.NewAPIHandler, config.Platform{Service: "shipping"}, "TABLE_NAME"},
		{"the saga without a table", service.NewSagaHandler, config.Platform{Service: "shipping", EventBusName: "bus"}, "TABLE_NAME"},
		{"the publisher without a table", service.NewPublisherHandler, config.Platform{Service: "shipping", EventBusName: "bus"}, "TABLE_NAME"},
		{"the publisher without an event bus", service.NewPublisherHandler, config.Platform{Service: "shipping", TableName: "table"}, "EVENT_BUS_NAME"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := c.build(t.Context(), service.Config{Platform: c.platform}, io.Discard)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one naming %s", err, c.want)
			}
		})
	}
}
