package infra

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// SubscriptionProps configure one subscription.
type SubscriptionProps struct {
	Stage        Stage
	Service      spec.Service
	Subscription spec.Subscription
	// EventBusName is the physical name of the platform bus.
	EventBusName *string
	// Consumer is the function that drains the queue.
	Consumer *ServiceFunction
}

// Subscription is one declared consumer of platform events: an EventBridge
// rule with the declared pattern on the platform bus, an SQS queue (with a
// DLQ, which also catches events EventBridge fails to deliver), and an
// event source mapping from the queue to the consumer's alias that reports
// partial batch failures and honours the declared batch size, batching
// window and maximum concurrency. The queues' policies let the rule
// deliver; what the mapping may do with the queue is in the consumer's
// role, among the statements internal/iampolicy gives it
// (ConsumeSubscriptionQueues).
type Subscription struct {
	constructs.Construct
	Decl spec.Subscription
	// QueueName is the queue's physical name; the rule has the same name.
	QueueName string
	Rule      awsevents.CfnRule
	Queues    *QueueWithDLQ
}

// NewSubscription adds the rule, the queues and the event source mapping to
// scope.
func NewSubscription(scope constructs.Construct, id string, props *SubscriptionProps) *Subscription {
	stage, svc, sub := props.Stage, props.Service, props.Subscription
	c := constructs.NewConstruct(scope, jsii.String(id))
	queues := NewQueueWithDLQ(c, "Queues", &QueueWithDLQProps{
		QueueName:         stage.QueueName(svc, sub),
		VisibilityTimeout: sub.QueueVisibility(props.Consumer.Decl),
		MaxReceiveCount:   sub.MaxReceiveCount,
		Retention:         spec.QueueRetention,
	})
	rule := awsevents.NewCfnRule(c, jsii.String("Rule"), &awsevents.CfnRuleProps{
		Name:         jsii.String(stage.QueueName(svc, sub)),
		Description:  jsii.String(svc.Name + " subscription " + sub.Name + ": matching events go to its queue."),
		EventBusName: props.EventBusName,
		EventPattern: sub.Pattern(),
		State:        jsii.String("ENABLED"),
		Targets: &[]any{&awsevents.CfnRule_TargetProperty{
			Id:               jsii.String("queue"),
			Arn:              queues.Queue.QueueArn(),
			DeadLetterConfig: &awsevents.CfnRule_DeadLetterConfigProperty{Arn: queues.DLQ.QueueArn()},
			RetryPolicy: &awsevents.CfnRule_RetryPolicyProperty{
				MaximumEventAgeInSeconds: jsii.Number(spec.DeliveryMaxEventAge.Seconds()),
				MaximumRetryAttempts:     jsii.Number(spec.DeliveryRetryAttempts),
			},
		}},
	})
	for _, q := range []awssqs.Queue{queues.Queue, queues.DLQ} {
		q.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("EventBridgeRuleDelivers"),
			Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), nil)},
			Actions:    jsii.Strings("sqs:SendMessage"),
			Resources:  &[]*string{q.QueueArn()},
			Conditions: &map[string]any{"ArnEquals": map[string]any{"aws:SourceArn": rule.AttrArn()}},
		}))
	}

	source := &awslambdaeventsources.SqsEventSourceProps{
		BatchSize:               jsii.Number(sub.BatchSize),
		ReportBatchItemFailures: jsii.Bool(true),
	}
	if sub.MaxBatchingWindow > 0 {
		source.MaxBatchingWindow = duration(sub.MaxBatchingWindow)
	}
	if sub.MaxConcurrency > 0 {
		source.MaxConcurrency = jsii.Number(sub.MaxConcurrency)
	}
	props.Consumer.Alias.AddEventSource(awslambdaeventsources.NewSqsEventSource(queues.Queue, source))
	return &Subscription{Construct: c, Decl: sub, QueueName: stage.QueueName(svc, sub), Rule: rule, Queues: queues}
}
