package infra

import (
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// QueueWithDLQProps configure a queue and its dead-letter queue.
type QueueWithDLQProps struct {
	// QueueName is the queue's physical name; the DLQ adds "-dlq".
	QueueName string
	// VisibilityTimeout is how long a received message stays hidden.
	VisibilityTimeout time.Duration
	// MaxReceiveCount is how many receives a message gets before it moves
	// to the DLQ.
	MaxReceiveCount int
	// Retention is how long the queue keeps a message.
	Retention time.Duration
}

// QueueWithDLQ is an SQS queue with a dead-letter queue, both encrypted at
// rest (SQS-managed keys, which EventBridge can deliver to without a key
// policy) and refusing requests that are not TLS.
type QueueWithDLQ struct {
	constructs.Construct
	Queue awssqs.Queue
	DLQ   awssqs.Queue
}

// NewQueueWithDLQ adds the queue and its dead-letter queue to scope.
func NewQueueWithDLQ(scope constructs.Construct, id string, props *QueueWithDLQProps) *QueueWithDLQ {
	c := constructs.NewConstruct(scope, jsii.String(id))
	dlq := NewFailureQueue(c, "Dlq", props.QueueName+"-dlq")
	queue := awssqs.NewQueue(c, jsii.String("Queue"), &awssqs.QueueProps{
		QueueName:         jsii.String(props.QueueName),
		Encryption:        awssqs.QueueEncryption_SQS_MANAGED,
		EnforceSSL:        jsii.Bool(true),
		VisibilityTimeout: duration(props.VisibilityTimeout),
		RetentionPeriod:   duration(props.Retention),
		DeadLetterQueue: &awssqs.DeadLetterQueue{
			Queue:           dlq,
			MaxReceiveCount: jsii.Number(props.MaxReceiveCount),
		},
	})
	return &QueueWithDLQ{Construct: c, Queue: queue, DLQ: dlq}
}

// NewFailureQueue adds a queue that is itself the end of the line: a DLQ or
// a stream consumer's on-failure destination. It is encrypted, TLS-only and
// keeps messages for spec.FailureQueueRetention.
func NewFailureQueue(scope constructs.Construct, id, name string) awssqs.Queue {
	q := awssqs.NewQueue(scope, jsii.String(id), &awssqs.QueueProps{
		QueueName:       jsii.String(name),
		Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
		EnforceSSL:      jsii.Bool(true),
		RetentionPeriod: duration(spec.FailureQueueRetention),
	})
	suppressFailureQueue(q)
	return q
}

// duration converts a Go duration to a CDK one, in whole seconds.
func duration(d time.Duration) awscdk.Duration {
	return awscdk.Duration_Seconds(jsii.Number(int64(d / time.Second)))
}
