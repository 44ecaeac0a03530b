package infra

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// StreamConsumerProps configure a consumer of the service table's stream.
type StreamConsumerProps struct {
	Stage    Stage
	Table    *ServiceTable
	Consumer *ServiceFunction
}

// StreamConsumer is an event source mapping from the service table's
// stream to a function's alias. It starts at the oldest record (nothing
// written is skipped), splits a failing batch in two to isolate the bad
// record, retries as declared, reports partial batch failures, and sends
// what it finally gives up on to an encrypted on-failure queue.
type StreamConsumer struct {
	constructs.Construct
	// Failures receives a pointer to every batch the consumer gave up on.
	Failures awssqs.Queue
}

// NewStreamConsumer adds the on-failure queue and the event source mapping
// to scope.
func NewStreamConsumer(scope constructs.Construct, id string, props *StreamConsumerProps) *StreamConsumer {
	decl := props.Consumer.Decl
	c := constructs.NewConstruct(scope, jsii.String(id))
	failures := NewFailureQueue(c, "Failures", props.Stage.StreamFailureQueueName(decl.Name))
	source := &awslambdaeventsources.DynamoEventSourceProps{
		StartingPosition:        awslambda.StartingPosition_TRIM_HORIZON,
		BatchSize:               jsii.Number(decl.Stream.BatchSize),
		BisectBatchOnError:      jsii.Bool(true),
		RetryAttempts:           jsii.Number(decl.Stream.RetryAttempts),
		ReportBatchItemFailures: jsii.Bool(true),
		OnFailure:               awslambdaeventsources.NewSqsDlq(failures),
	}
	if decl.Stream.MaxBatchingWindow > 0 {
		source.MaxBatchingWindow = duration(decl.Stream.MaxBatchingWindow)
	}
	props.Consumer.Alias.AddEventSource(awslambdaeventsources.NewDynamoEventSource(props.Table.Table, source))
	return &StreamConsumer{Construct: c, Failures: failures}
}
