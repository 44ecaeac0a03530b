package infra

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/shared/metrics"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// The thresholds of the platform's saga and breaker alarms.
const (
	// sagaStuckWindow is the window over which placed orders are compared
	// with finished (confirmed or cancelled) ones.
	sagaStuckWindow = 30
	// sagaStuckOrders is how many more orders placed than finished in the
	// window make the saga stuck: a saga takes seconds, so more than a
	// handful unfinished at both ends of the window means a stuck step.
	sagaStuckOrders = 5
	// breakerOpenPeriods is how many five-minute periods in a row the
	// breaker may be open at every provider call before it alarms.
	breakerOpenPeriods = 3
)

// serviceMetric is appMetric for a metric one service emits: its Service
// dimension is the catalogue's EmittedBy.
func serviceMetric(name, statistic string, period awscdk.Duration, label string, dims ...string) awscloudwatch.Metric {
	def, ok := metrics.Lookup(name)
	if !ok {
		panic(fmt.Sprintf("infra: metric %s is not in shared/metrics' catalogue", name))
	}
	return appMetric(name, def.EmittedBy, statistic, period, label, dims...)
}

// dlqSearch is the search expression that finds the depth of the stage's
// subscription DLQs, conveyor-<stage>-<service>-<subscription>-dlq. A
// quoted term matches a whole name only, so the names are matched by
// tokens (CloudWatch splits them at the hyphens): the token "dlq", and the
// tokens "conveyor", "<stage>", "<service>" in a row for one of the
// services with subscriptions. That finds the DLQs of a subscription
// deployed after the platform stack too, and no queue of a stage whose
// name merely starts with this one's ("dev2"). Empty when no service
// subscribes to anything.
func dlqSearch(stage Stage, services []spec.Service) string {
	var prefixes []string
	for _, svc := range services {
		if len(svc.Subscriptions) > 0 {
			prefixes = append(prefixes, "QueueName="+stage.Prefix()+"-"+svc.Name)
		}
	}
	if len(prefixes) == 0 {
		return ""
	}
	return fmt.Sprintf(`SEARCH('{AWS/SQS,QueueName} MetricName="ApproximateNumberOfMessagesVisible" QueueName=dlq (%s)', 'Maximum', 300)`,
		strings.Join(prefixes, " OR "))
}

// maxSearchQuery is the longest query (the text in the first quotes of a
// SEARCH) CloudWatch accepts.
const maxSearchQuery = 1024

// searchQuery is the query of a SEARCH expression: the text between its
// first pair of single quotes.
func searchQuery(expression string) string {
	_, rest, _ := strings.Cut(expression, "'")
	query, _, _ := strings.Cut(rest, "'")
	return query
}

// addSagaMonitoring adds the saga's, the provider's and the services'
// widgets to the platform dashboard, and returns the saga's alarms.
func addSagaMonitoring(scope constructs.Construct, dashboard awscloudwatch.Dashboard, props *PlatformMonitoringProps) []awscloudwatch.Alarm {
	stage := props.Stage
	five := awscdk.Duration_Minutes(jsii.Number(5))
	window := awscdk.Duration_Minutes(jsii.Number(sagaStuckWindow))

	funnel := func(period awscdk.Duration) map[string]awscloudwatch.IMetric {
		return map[string]awscloudwatch.IMetric{
			"placed":    serviceMetric(metrics.MetricOrdersPlaced, "Sum", period, "placed"),
			"confirmed": serviceMetric(metrics.MetricOrdersConfirmed, "Sum", period, "confirmed"),
			"cancelled": serviceMetric(metrics.MetricOrdersCancelled, "Sum", period, "cancelled"),
		}
	}
	inFlight := func(period awscdk.Duration, label string) awscloudwatch.MathExpression {
		m := funnel(period)
		return awscloudwatch.NewMathExpression(&awscloudwatch.MathExpressionProps{
			Expression:   jsii.String("FILL(placed, 0) - FILL(confirmed, 0) - FILL(cancelled, 0)"),
			UsingMetrics: &m,
			Period:       period,
			Label:        jsii.String(label),
		})
	}
	var reasons []awscloudwatch.IMetric
	for _, r := range []events.CancelReason{events.CancelOutOfStock, events.CancelPaymentDeclined, events.CancelCustomerRequest, events.CancelSagaTimeout} {
		reasons = append(reasons, serviceMetric(metrics.MetricOrdersCancelled, "Sum", five, string(r), metrics.DimReason, string(r)))
	}
	var errorRates []awscloudwatch.IMetric
	for _, svc := range props.Services {
		errorRates = append(errorRates, appMetric(metrics.MetricHandlerErrors, svc.Name, "Average", five, svc.Name))
	}
	var breakerMoves []awscloudwatch.IMetric
	for _, state := range []string{"open", "half-open", "closed"} {
		breakerMoves = append(breakerMoves, serviceMetric(metrics.MetricBreakerStateChanges, "Sum", five, "to "+state, metrics.DimState, state))
	}

	dashboard.AddWidgets(
		graph("Saga funnel (orders per 5 min)",
			serviceMetric(metrics.MetricOrdersPlaced, "Sum", five, "placed"),
			serviceMetric(metrics.MetricOrdersConfirmed, "Sum", five, "confirmed"),
			serviceMetric(metrics.MetricOrdersCancelled, "Sum", five, "cancelled"),
			serviceMetric(metrics.MetricOrdersShipped, "Sum", five, "shipped")),
		graph("Cancellations by reason", reasons...),
		graph(fmt.Sprintf("Orders placed but not finished (%d min windows)", sagaStuckWindow), inFlight(window, "unfinished")),
	)
	row := []awscloudwatch.IWidget{
		graph("Saga duration, placement to final state (ms)",
			serviceMetric(metrics.MetricSagaDuration, "p50", five, "p50"),
			serviceMetric(metrics.MetricSagaDuration, "p99", five, "p99"),
			serviceMetric(metrics.MetricSagaDuration, "p99", five, "p99 confirmed", metrics.DimOutcome, "confirmed")),
		graph("Error rate by service (share of invocations)", errorRates...),
	}
	if search := dlqSearch(stage, props.Services); search != "" {
		row = append(row, graph("DLQ depth (messages)", awscloudwatch.NewMathExpression(&awscloudwatch.MathExpressionProps{
			Expression: jsii.String(search),
			Label:      jsii.String(""),
			Period:     five,
		})))
	}
	dashboard.AddWidgets(row...)

	dashboard.AddWidgets(
		graph("Payment provider latency (ms)",
			serviceMetric(metrics.MetricProviderLatency, "p50", five, "p50"),
			serviceMetric(metrics.MetricProviderLatency, "p99", five, "p99")),
		graph("Payment provider errors and retries",
			serviceMetric(metrics.MetricProviderErrors, "Sum", five, "errors"),
			serviceMetric(metrics.MetricProviderRetries, "Sum", five, "retries")),
		graph("Payment provider breaker (1 = open)",
			append([]awscloudwatch.IMetric{serviceMetric(metrics.MetricBreakerOpen, "Maximum", five, "open")}, breakerMoves...)...),
	)
	dashboard.AddWidgets(
		graph("Orders cancelled at their saga deadline",
			serviceMetric(metrics.MetricSagaDeadlinesExpired, "Sum", five, "deadlines expired")),
		graph("Refunds and voids abandoned",
			serviceMetric(metrics.MetricRefundsAbandoned, "Sum", five, "abandoned")),
	)

	return []awscloudwatch.Alarm{
		newAlarm(scope, "SagaStuck", props.Topic,
			"run `conveyor trace <order-id>` on an unfinished order to see the hop it stopped at, then check that hop's DLQ, error graph and the provider breaker.",
			&awscloudwatch.AlarmProps{
				AlarmName: jsii.String(stage.Prefix() + "-saga-stuck"),
				AlarmDescription: jsii.String(fmt.Sprintf("%d or more orders placed in the last %d minutes were neither confirmed nor cancelled: a saga step is stuck.",
					sagaStuckOrders, sagaStuckWindow)),
				Metric:            inFlight(window, "placed - confirmed - cancelled"),
				Threshold:         jsii.Number(sagaStuckOrders),
				EvaluationPeriods: jsii.Number(1),
			}),
		newAlarm(scope, "BreakerOpenTooLong", props.Topic,
			"check the provider's status and the ProviderErrors graph; parked payments retry by themselves once the breaker closes, so nothing needs redriving unless a DLQ fills.",
			&awscloudwatch.AlarmProps{
				AlarmName: jsii.String(stage.Prefix() + "-payment-breaker-open"),
				AlarmDescription: jsii.String(fmt.Sprintf("The payment provider's circuit breaker was open at every provider call for %d minutes.",
					breakerOpenPeriods*5)),
				Metric:            serviceMetric(metrics.MetricBreakerOpen, "Minimum", five, "breaker open"),
				Threshold:         jsii.Number(1),
				EvaluationPeriods: jsii.Number(breakerOpenPeriods),
			}),
		newAlarm(scope, "SagaDeadlinesExpired", props.Topic,
			"run `conveyor trace <order-id>` on an order cancelled with reason saga_timeout (orders' log line for the deadline names it) to find the step that never answered, then check that step's DLQ, errors, stream iterator age and the provider breaker.",
			&awscloudwatch.AlarmProps{
				AlarmName: jsii.String(stage.Prefix() + "-saga-deadlines-expired"),
				AlarmDescription: jsii.String("An order was still pending at its saga deadline and was cancelled (saga_timeout): " +
					"a saga step did not answer in time, so the customer lost the order although nothing refused it."),
				Metric:            serviceMetric(metrics.MetricSagaDeadlinesExpired, "Sum", five, "deadlines expired"),
				Threshold:         jsii.Number(1),
				EvaluationPeriods: jsii.Number(1),
			}),
		newAlarm(scope, "RefundsAbandoned", props.Topic,
			"find the order in payments' ERROR log lines for the abandoned refund or void, settle it with the provider by hand under the authorize-<orderId> key (refund or void what it holds), then check the ProviderErrors graph for the outage that wore the retries out.",
			&awscloudwatch.AlarmProps{
				AlarmName: jsii.String(stage.Prefix() + "-refunds-abandoned"),
				AlarmDescription: jsii.String("Payments gave up on a refund or void after its last parked retry: " +
					"the provider may still hold money for a cancelled order."),
				Metric:            serviceMetric(metrics.MetricRefundsAbandoned, "Sum", five, "refunds abandoned"),
				Threshold:         jsii.Number(1),
				EvaluationPeriods: jsii.Number(1),
			}),
	}
}
