package infra

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// PlatformMonitoringProps configure the platform's alarms and dashboard.
type PlatformMonitoringProps struct {
	Stage  Stage
	API    *PlatformAPI
	Events *PlatformEvents
	// Services are the declared services: the error-rate graph has one
	// line per service.
	Services []spec.Service
	// Topic is notified when an alarm fires or recovers.
	Topic awssns.ITopic
}

// PlatformMonitoring is the platform dashboard (API traffic, errors and
// latency; the saga funnel, its duration and the orders in flight; error
// rates by service; DLQ depth; the payment provider and its breaker;
// saga deadlines and abandoned refunds; events published and delivered)
// and the platform's alarms: API errors and latency, a stuck saga, a
// breaker open too long, an order cancelled at its saga deadline, a
// refund or void given up.
type PlatformMonitoring struct {
	constructs.Construct
	Dashboard awscloudwatch.Dashboard
	Alarms    []awscloudwatch.Alarm
}

// NewPlatformMonitoring adds the platform dashboard and alarms to scope.
func NewPlatformMonitoring(scope constructs.Construct, id string, props *PlatformMonitoringProps) *PlatformMonitoring {
	c := constructs.NewConstruct(scope, jsii.String(id))
	m := &PlatformMonitoring{Construct: c}
	stage := props.Stage
	api := func(name, statistic, label string) awscloudwatch.Metric {
		return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
			Namespace:  jsii.String("AWS/ApiGateway"),
			MetricName: jsii.String(name),
			DimensionsMap: &map[string]*string{
				"ApiName": jsii.String(stage.APIName()),
				"Stage":   jsii.String(stage.Name),
			},
			Statistic: jsii.String(statistic),
			Period:    awscdk.Duration_Minutes(jsii.Number(1)),
			Label:     jsii.String(label),
		})
	}
	bus := func(name, label string) awscloudwatch.Metric {
		return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
			Namespace:     jsii.String("AWS/Events"),
			MetricName:    jsii.String(name),
			DimensionsMap: &map[string]*string{"EventBusName": jsii.String(stage.EventBusName())},
			Statistic:     jsii.String("Sum"),
			Period:        awscdk.Duration_Minutes(jsii.Number(1)),
			Label:         jsii.String(label),
		})
	}

	m.Alarms = append(m.Alarms,
		newAlarm(c, "Api5xx", props.Topic,
			"find the failing function on the service dashboards' error graphs, then its log lines by correlation id; `conveyor trace <order-id>` shows an order's failing hop.",
			&awscloudwatch.AlarmProps{
				AlarmName:         jsii.String(stage.APIName() + "-api-5xx"),
				AlarmDescription:  jsii.String("The REST API answered 5xx five times or more within five minutes."),
				Metric:            api("5XXError", "Sum", "5xx").With(&awscloudwatch.MetricOptions{Period: awscdk.Duration_Minutes(jsii.Number(5))}),
				Threshold:         jsii.Number(5),
				EvaluationPeriods: jsii.Number(1),
			}),
		newAlarm(c, "ApiLatencyP99", props.Topic,
			"compare IntegrationLatency with Latency to tell a slow function from a slow gateway; look for DynamoDB throttles and cold starts on the service dashboards.",
			&awscloudwatch.AlarmProps{
				AlarmName:         jsii.String(stage.APIName() + "-api-latency-p99"),
				AlarmDescription:  jsii.String("The REST API's p99 latency stayed above 3 s for five minutes."),
				Metric:            api("Latency", "p99", "p99 latency").With(&awscloudwatch.MetricOptions{Period: awscdk.Duration_Minutes(jsii.Number(5))}),
				Threshold:         jsii.Number(3000),
				EvaluationPeriods: jsii.Number(1),
			}),
	)

	m.Dashboard = awscloudwatch.NewDashboard(c, jsii.String("Dashboard"), &awscloudwatch.DashboardProps{
		DashboardName:   jsii.String(stage.Prefix() + "-platform"),
		DefaultInterval: awscdk.Duration_Hours(jsii.Number(3)),
	})
	m.Dashboard.AddWidgets(
		graph("API requests", api("Count", "Sum", "requests")),
		graph("API errors", api("4XXError", "Sum", "4xx"), api("5XXError", "Sum", "5xx")),
		graph("API latency (ms)", api("Latency", "p50", "p50"), api("Latency", "p99", "p99"), api("IntegrationLatency", "p99", "integration p99")),
	)
	m.Alarms = append(m.Alarms, addSagaMonitoring(c, m.Dashboard, props)...)
	m.Dashboard.AddWidgets(
		graph("Events", bus("MatchedEvents", "matched"), bus("Invocations", "delivered"), bus("FailedInvocations", "failed")),
		alarmStatus("Platform alarms", m.Alarms),
	)
	return m
}
