package infra

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawscloudwatch"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// newAlarm adds an alarm that fires at or above its threshold, treats
// missing data as fine, and notifies topic when it fires and recovers.
// Its description says what happened, then "Runbook:" and the first thing
// to do; both are required.
func newAlarm(scope constructs.Construct, id string, topic awssns.ITopic, runbook string, props *awscloudwatch.AlarmProps) awscloudwatch.Alarm {
	if props.AlarmDescription == nil || *props.AlarmDescription == "" || runbook == "" {
		panic("infra: alarm " + id + " needs a description and a runbook line")
	}
	props.AlarmDescription = jsii.String(*props.AlarmDescription + " " + RunbookPrefix + runbook)
	if props.ComparisonOperator == "" {
		props.ComparisonOperator = awscloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD
	}
	if props.TreatMissingData == "" {
		props.TreatMissingData = awscloudwatch.TreatMissingData_NOT_BREACHING
	}
	alarm := awscloudwatch.NewAlarm(scope, jsii.String(id), props)
	action := awscloudwatchactions.NewSnsAction(topic)
	alarm.AddAlarmAction(action)
	alarm.AddOkAction(action)
	return alarm
}

// RunbookPrefix starts the runbook line of every alarm's description.
const RunbookPrefix = "Runbook: "

// graph is a dashboard line graph of the given metrics.
func graph(title string, metrics ...awscloudwatch.IMetric) awscloudwatch.GraphWidget {
	return awscloudwatch.NewGraphWidget(&awscloudwatch.GraphWidgetProps{
		Title:  jsii.String(title),
		Left:   &metrics,
		Width:  jsii.Number(8),
		Height: jsii.Number(6),
	})
}

// alarmStatus is a dashboard widget showing the state of the given alarms.
func alarmStatus(title string, alarms []awscloudwatch.Alarm) awscloudwatch.AlarmStatusWidget {
	list := make([]interfacesawscloudwatch.IAlarmRef, len(alarms))
	for i, a := range alarms {
		list[i] = a
	}
	return awscloudwatch.NewAlarmStatusWidget(&awscloudwatch.AlarmStatusWidgetProps{
		Title:  jsii.String(title),
		Alarms: &list,
		Width:  jsii.Number(8),
		Height: jsii.Number(6),
	})
}
