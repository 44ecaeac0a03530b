package infra

import (
	"fmt"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// ServiceMonitoringProps configure a service's alarms and dashboard.
type ServiceMonitoringProps struct {
	Stage         Stage
	Service       string
	Table         *ServiceTable
	Functions     []*ServiceFunction
	Subscriptions []*Subscription
	Streams       map[string]*StreamConsumer
	// Topic is notified when an alarm fires or recovers.
	Topic awssns.ITopic
}

// ServiceMonitoring is a service's alarms and its dashboard. Every
// function alarms on errors, throttles and a p99 duration above 80 % of
// its timeout; every subscription on a message in its DLQ and on the age
// of its oldest message; every stream consumer on a record it gave up on,
// on an iterator age above the stage's limit (a record holds its shard)
// and on one above StreamRecordsAtRisk (records near the end of the
// stream's retention).
type ServiceMonitoring struct {
	constructs.Construct
	Alarms    []awscloudwatch.Alarm
	Dashboard awscloudwatch.Dashboard
}

// NewServiceMonitoring adds the service's alarms and dashboard to scope.
func NewServiceMonitoring(scope constructs.Construct, id string, props *ServiceMonitoringProps) *ServiceMonitoring {
	c := constructs.NewConstruct(scope, jsii.String(id))
	m := &ServiceMonitoring{Construct: c}
	stage := props.Stage
	fiveMinutes := awscdk.Duration_Minutes(jsii.Number(5))
	alarm := func(id, name, description, runbook string, metric awscloudwatch.IMetric, threshold float64) {
		m.Alarms = append(m.Alarms, newAlarm(c, id, props.Topic, runbook, &awscloudwatch.AlarmProps{
			AlarmName:         jsii.String(name),
			AlarmDescription:  jsii.String(description),
			Metric:            metric,
			Threshold:         jsii.Number(threshold),
			EvaluationPeriods: jsii.Number(1),
		}))
	}
	sum := &awscloudwatch.MetricOptions{Statistic: jsii.String("Sum"), Period: fiveMinutes}
	maximum := &awscloudwatch.MetricOptions{Statistic: jsii.String("Maximum"), Period: fiveMinutes}

	dashboard := awscloudwatch.NewDashboard(c, jsii.String("Dashboard"), &awscloudwatch.DashboardProps{
		DashboardName:   jsii.String(stage.ServiceStackName(props.Service)),
		DefaultInterval: awscdk.Duration_Hours(jsii.Number(3)),
	})
	m.Dashboard = dashboard

	for _, f := range props.Functions {
		name := stage.FunctionName(f.Decl.Name)
		fn := f.Function
		p99 := fn.MetricDuration(&awscloudwatch.MetricOptions{Statistic: jsii.String("p99"), Period: fiveMinutes})
		alarm(f.Decl.Name+"Errors", name+"-errors", name+" failed at least once in five minutes.",
			"read the function's ERROR log lines (the invocation line names the error and the correlation id), then `conveyor trace <order-id>` for an order it failed.",
			fn.MetricErrors(sum), 1)
		alarm(f.Decl.Name+"Throttles", name+"-throttles", name+" was throttled at least once in five minutes.",
			"compare ConcurrentExecutions with the function's reserved concurrency and the account limit; raise the declaration's concurrency if the load is real.",
			fn.MetricThrottles(sum), 1)
		alarm(f.Decl.Name+"DurationP99", name+"-duration-p99",
			name+"'s p99 duration passed 80 % of its timeout over five minutes.",
			"open a slow invocation's trace to find the slow subsegment (a DynamoDB call, the provider, a cold start) before raising the timeout.",
			p99, float64(f.Decl.Timeout.Milliseconds())*0.8)
		dashboard.AddWidgets(
			graph(f.Decl.Name+": invocations and errors", fn.MetricInvocations(sum), fn.MetricErrors(sum), fn.MetricThrottles(sum)),
			graph(f.Decl.Name+": duration (ms)",
				fn.MetricDuration(&awscloudwatch.MetricOptions{Statistic: jsii.String("p50"), Period: fiveMinutes}), p99),
			graph(f.Decl.Name+": concurrency", fn.Metric(jsii.String("ConcurrentExecutions"), maximum)),
		)
	}

	for _, s := range props.Subscriptions {
		q, queueName := s.Queues, s.QueueName
		alarm(s.Decl.Name+"DlqNotEmpty", queueName+"-dlq-not-empty",
			"A message of "+props.Service+" subscription "+s.Decl.Name+" reached its DLQ.",
			"read the consumer's \"poison event\" log lines for the reason, fix the cause, then start a DLQ redrive to the source queue.",
			q.DLQ.MetricApproximateNumberOfMessagesVisible(maximum), 1)
		alarm(s.Decl.Name+"OldestMessage", queueName+"-oldest-message",
			"The oldest message of "+props.Service+" subscription "+s.Decl.Name+" waited longer than "+stage.QueueAgeAlarm.String()+".",
			"check the consumer's errors and throttles: a failing or throttled consumer lets its queue age; redeliveries show in ApproximateReceiveCount.",
			q.Queue.MetricApproximateAgeOfOldestMessage(maximum), seconds(stage.QueueAgeAlarm))
		dashboard.AddWidgets(
			graph(s.Decl.Name+": messages", q.Queue.MetricNumberOfMessagesSent(sum), q.Queue.MetricNumberOfMessagesDeleted(sum),
				q.Queue.MetricApproximateNumberOfMessagesVisible(maximum)),
			graph(s.Decl.Name+": oldest message (s)", q.Queue.MetricApproximateAgeOfOldestMessage(maximum)),
			graph(s.Decl.Name+": DLQ", q.DLQ.MetricApproximateNumberOfMessagesVisible(maximum)),
		)
	}

	for _, f := range props.Functions {
		consumer, ok := props.Streams[f.Decl.Name]
		if !ok {
			continue
		}
		name := stage.FunctionName(f.Decl.Name)
		iteratorAge := f.Function.Metric(jsii.String("IteratorAge"), maximum)
		failures, behind, expiring := streamRunbooks(stage, f)
		alarm(f.Decl.Name+"StreamFailures", name+"-stream-failures-not-empty",
			name+" gave up on stream records; a pointer to them (shard and sequence numbers) is in its failure queue.",
			failures, consumer.Failures.MetricApproximateNumberOfMessagesVisible(maximum), 1)
		alarm(f.Decl.Name+"IteratorAge", name+"-iterator-age",
			name+" is more than "+stage.StreamIteratorAgeAlarm.String()+" behind the table stream: a record keeps failing and holds its shard, or the function is throttled.",
			behind, iteratorAge, float64(stage.StreamIteratorAgeAlarm.Milliseconds()))
		alarm(f.Decl.Name+"RecordsExpiring", name+"-records-expiring",
			fmt.Sprintf("%s is more than %v behind the table stream, which keeps records %v: what it has not handled by then is lost.",
				name, StreamRecordsAtRisk, StreamRetention),
			expiring, iteratorAge, float64(StreamRecordsAtRisk.Milliseconds()))
		dashboard.AddWidgets(graph(f.Decl.Name+": stream iterator age (ms)", iteratorAge))
	}

	m.addCodeMetrics(props, alarm)
	table := props.Table.Table
	dashboard.AddWidgets(
		graph("Table: consumed capacity", table.MetricConsumedReadCapacityUnits(sum), table.MetricConsumedWriteCapacityUnits(sum)),
		graph("Table: throttle events", table.Metric(jsii.String("ReadThrottleEvents"), sum), table.Metric(jsii.String("WriteThrottleEvents"), sum)),
		alarmStatus(props.Service+" alarms", m.Alarms),
	)
	return m
}

func seconds(d time.Duration) float64 { return d.Seconds() }

// StreamRetention is how long a DynamoDB stream keeps a record.
const StreamRetention = 24 * time.Hour

// StreamRecordsAtRisk is how far behind its stream a consumer may fall
// before the last alarm: half the stream's retention is left to act.
const StreamRecordsAtRisk = StreamRetention / 2

// streamRunbooks returns the runbook lines of a stream consumer's alarms:
// its failure queue filling, its iterator age passing the stage's limit,
// and its iterator age nearing the stream's retention. They differ with
// what the declaration does with a record that keeps failing.
func streamRunbooks(stage Stage, f *ServiceFunction) (failures, behind, expiring string) {
	if !f.Decl.Stream.GivesUp() {
		return "it retries without limit, so it gives up only on records the stream dropped at " + StreamRetention.String() +
				" before it could handle them. The events of the items the table changed in that window were never published: publish them again from the table (their event ids are stable, so consumers drop duplicates), then fix what held the shard.",
			"read its ERROR log lines for the failing record and the error: the bus or a dependency is down, or a record cannot be mapped. It retries that record without limit and catches up by itself once the cause is fixed; nothing is skipped meanwhile.",
			"fix or deploy around what fails now (see the iterator-age alarm's runbook): records still unhandled when they are " + StreamRetention.String() + " old are dropped by the stream and their events are never published."
	}
	rebuild := stage.FunctionName(f.Decl.Stream.Rebuild)
	return "the consumer's output misses those records: find the cause in its ERROR log lines, fix it, then invoke " + rebuild + " to rebuild the output from the table.",
		"look for the consumer's errors (a failing record is retried " + fmt.Sprint(f.Decl.Stream.RetryAttempts) + " times while it holds its shard) and throttles; records it gives up on are repaired by invoking " + rebuild + ".",
		"fix what holds the shard (see the iterator-age alarm's runbook); once the consumer has caught up, invoke " + rebuild + " to rebuild what the stream dropped."
}

// errorRateThreshold is the share of a service's invocations that may fail
// over five minutes before it alarms.
const errorRateThreshold = 0.05

// addCodeMetrics adds the metrics the service's code emits to its
// dashboard (the shared ones, then its own as shared/metrics catalogues
// them) and alarms on its error rate and its poison events.
func (m *ServiceMonitoring) addCodeMetrics(props *ServiceMonitoringProps,
	alarm func(id, name, description, runbook string, metric awscloudwatch.IMetric, threshold float64)) {
	svc, stage := props.Service, props.Stage
	five := awscdk.Duration_Minutes(jsii.Number(5))
	errorRate := appMetric(metrics.MetricHandlerErrors, svc, "Average", five, "error rate")
	alarm("ErrorRate", stage.Prefix()+"-"+svc+"-error-rate",
		fmt.Sprintf("More than %.0f %% of %s's invocations failed over five minutes.", errorRateThreshold*100, svc),
		"the function error alarms and graphs of this dashboard name the failing function; its ERROR log lines carry the correlation id to trace.",
		errorRate, errorRateThreshold)
	m.Dashboard.AddWidgets(
		graph(svc+": error rate (share of invocations)", errorRate),
		graph(svc+": cold starts and failed health checks",
			appMetric(metrics.MetricColdStart, svc, "Sum", five, "cold starts"),
			appMetric(metrics.MetricHealthCheckFailures, svc, "Sum", five, "failed health checks")),
		graph(svc+": events",
			appMetric(metrics.MetricEventsPublished, svc, "Sum", five, "published"),
			appMetric(metrics.MetricEventsHandled, svc, "Sum", five, "handled"),
			appMetric(metrics.MetricEventsFailed, svc, "Sum", five, "failed, to retry"),
			appMetric(metrics.MetricPoisonEvents, svc, "Sum", five, "poison")),
	)
	if len(props.Subscriptions) > 0 {
		alarm("PoisonEvents", stage.Prefix()+"-"+svc+"-poison-events",
			svc+" received an event no retry can handle; it reaches the subscription's DLQ after its last receive.",
			"the consumer's \"poison event\" log line names the event and the reason: a producer sent what the schema forbids, or the consumer lacks a handler.",
			appMetric(metrics.MetricPoisonEvents, svc, "Sum", five, "poison events"), 1)
	}
	var own []awscloudwatch.IWidget
	for _, d := range emittedBy(svc) {
		stat := statisticFor(d)
		own = append(own, graph(svc+": "+d.Name+" ("+stat+")", appMetric(d.Name, svc, stat, five, d.Name)))
	}
	for len(own) > 0 {
		n := min(3, len(own))
		m.Dashboard.AddWidgets(own[:n]...)
		own = own[n:]
	}
}
