package infra

import (
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
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
// record, reports partial batch failures, never discards a record for its
// age, and retries as declared: without limit for a consumer declared
// spec.RetryForever (MaximumRetryAttempts -1), so that a record stored is
// a record handled; else up to the declared number of retries, after which
// a pointer to what it gave up on goes to an encrypted on-failure queue.
type StreamConsumer struct {
	constructs.Construct
	// Failures receives a pointer to every batch the consumer gave up on.
	Failures awssqs.Queue
	// Mapping is the event source mapping.
	Mapping awslambda.EventSourceMapping
}

// unlimited is what CloudFormation's MaximumRetryAttempts and
// MaximumRecordAgeInSeconds take for "no limit".
const unlimited = -1

// NewStreamConsumer adds the on-failure queue and the event source mapping
// to scope.
func NewStreamConsumer(scope constructs.Construct, id string, props *StreamConsumerProps) *StreamConsumer {
	decl := props.Consumer.Decl
	c := constructs.NewConstruct(scope, jsii.String(id))
	failures := NewFailureQueue(c, "Failures", props.Stage.StreamFailureQueueName(decl.Name))
	retries := float64(decl.Stream.RetryAttempts)
	if !decl.Stream.GivesUp() {
		retries = unlimited
	}
	source := awslambdaeventsources.NewDynamoEventSource(props.Table.Table, &awslambdaeventsources.DynamoEventSourceProps{
		StartingPosition:        awslambda.StartingPosition_TRIM_HORIZON,
		BatchSize:               jsii.Number(decl.Stream.BatchSize),
		BisectBatchOnError:      jsii.Bool(true),
		RetryAttempts:           jsii.Number(retries),
		ReportBatchItemFailures: jsii.Bool(true),
		OnFailure:               awslambdaeventsources.NewSqsDlq(failures),
		MaxBatchingWindow:       batchingWindow(decl.Stream.MaxBatchingWindow),
	})
	props.Consumer.Alias.AddEventSource(source)
	mapping := streamMapping(props.Consumer.Alias, props.Table)
	// CDK takes the maximum record age as a duration of at least 60 s, so
	// "no maximum" is written as CloudFormation's -1 rather than left to
	// a default.
	mapping.Node().DefaultChild().(awslambda.CfnEventSourceMapping).
		AddPropertyOverride(jsii.String("MaximumRecordAgeInSeconds"), unlimited)
	return &StreamConsumer{Construct: c, Failures: failures, Mapping: mapping}
}

// batchingWindow is the declared batching window, or nil for none.
func batchingWindow(d time.Duration) awscdk.Duration {
	if d <= 0 {
		return nil
	}
	return duration(d)
}

// streamMapping finds the event source mapping that AddEventSource added
// under alias for the table's stream; the DynamoDB event source names it
// "DynamoDBEventSource:<table's unique id>".
func streamMapping(alias awslambda.Alias, table *ServiceTable) awslambda.EventSourceMapping {
	id := "DynamoDBEventSource:" + *awscdk.Names_NodeUniqueId(table.Table.Node())
	child, ok := alias.Node().TryFindChild(jsii.String(id)).(awslambda.EventSourceMapping)
	if !ok {
		panic("infra: no stream event source mapping " + id + " under " + *alias.Node().Path())
	}
	return child
}
