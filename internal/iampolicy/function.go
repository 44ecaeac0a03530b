package iampolicy

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// The reasons for the only statements whose resource is "*": the actions
// they grant have no resource type in IAM, so AWS accepts nothing
// narrower.
const (
	ReasonXRay        = "X-Ray has no resource type for trace segments or telemetry: AWS accepts only \"*\" for xray:PutTraceSegments and xray:PutTelemetryRecords."
	ReasonListStreams = "dynamodb:ListStreams has no resource type (it lists the streams of every table); a stream event source mapping needs it to find its table's stream."
)

// The actions a function's event source mappings need, which on AWS act
// with the function's role.
var (
	// consumeQueueActions are what Lambda's SQS poller calls, as AWS's
	// AWSLambdaSQSQueueExecutionRole grants them.
	consumeQueueActions = []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"}
	// readStreamActions are what Lambda's DynamoDB Streams poller calls
	// on the stream, as AWS's AWSLambdaDynamoDBExecutionRole grants them
	// (ListStreams apart, which has no resource).
	readStreamActions = []string{"dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords"}
)

// ForFunction returns the statements function f of service s is granted,
// naming the resources as r gives them. It reads the declaration alone:
//
//   - WriteOwnLogs: its own log group (logs:CreateLogStream,
//     logs:PutLogEvents);
//   - WriteTraces: X-Ray (on "*", with ReasonXRay);
//   - OwnTable: the operations it may call on its table
//     (spec.Service.TableOperations), on the table;
//   - QueryOwnIndexes: dynamodb:Query on each index it declares;
//   - ReadOwnStream and ListStreams: its table's stream, if it consumes it;
//     ReportStreamFailures: sqs:SendMessage on its mapping's on-failure
//     queue;
//   - ConsumeSubscriptionQueues: receiving from and deleting in the queues
//     of the subscriptions it drains;
//   - SendTo<Subscription>Queue: sqs:SendMessage on each queue whose URL
//     it declares (spec.QueueURL);
//   - PublishOwnEvents: events:PutEvents on the bus if it is the
//     service's publisher, only with the service's source and event types
//     (conditions events:source and events:detail-type).
//
// Statements come in that order; every action and resource in a
// statement is sorted. An error names what r lacks for f.
func ForFunction(s spec.Service, f spec.Function, r Resources) ([]Statement, error) {
	if _, ok := s.Function(f.Name); !ok {
		return nil, fmt.Errorf("iampolicy: %s is not a function of service %s", f.Name, s.Name)
	}
	var (
		out  []Statement
		errs []error
	)
	need := func(what, arn string) string {
		if arn == "" {
			errs = append(errs, fmt.Errorf("iampolicy: %s: no ARN for %s", f.Name, what))
		}
		return arn
	}
	allow := func(sid string, actions []string, resources ...string) {
		out = append(out, Statement{Sid: sid, Effect: Allow, Actions: sorted(actions), Resources: resources})
	}

	allow("WriteOwnLogs", []string{"logs:CreateLogStream", "logs:PutLogEvents"}, need("its log group", r.LogGroups[f.Name]))
	out = append(out, Statement{
		Sid: "WriteTraces", Effect: Allow, Actions: []string{"xray:PutTelemetryRecords", "xray:PutTraceSegments"},
		Resources: []string{"*"}, Reason: ReasonXRay,
	})

	if ops := s.TableOperations(f); len(ops) > 0 {
		actions := make([]string, len(ops))
		for i, op := range ops {
			actions[i] = "dynamodb:" + string(op)
		}
		allow("OwnTable", actions, need("the table", r.Table))
	}
	if len(f.Table.Indexes) > 0 {
		table := need("the table", r.Table)
		indexes := make([]string, len(f.Table.Indexes))
		for i, ix := range sorted(f.Table.Indexes) {
			indexes[i] = table + "/index/" + ix
		}
		allow("QueryOwnIndexes", []string{"dynamodb:Query"}, indexes...)
	}

	if f.Stream != nil {
		allow("ReadOwnStream", readStreamActions, need("the table's stream", r.Stream))
		out = append(out, Statement{
			Sid: "ListStreams", Effect: Allow, Actions: []string{"dynamodb:ListStreams"},
			Resources: []string{"*"}, Reason: ReasonListStreams,
		})
		allow("ReportStreamFailures", []string{"sqs:SendMessage"}, need("its stream failure queue", r.StreamFailureQueues[f.Name]))
	}

	if drained := s.Drains(f); len(drained) > 0 {
		names := make([]string, len(drained))
		for i, sub := range drained {
			names[i] = sub.Name
		}
		queues := make([]string, 0, len(names))
		for _, name := range sorted(names) {
			queues = append(queues, need("the queue of subscription "+name, r.Queues[name]))
		}
		allow("ConsumeSubscriptionQueues", consumeQueueActions, queues...)
	}

	for _, name := range s.SendsTo(f) {
		allow("SendTo"+pascal(name)+"Queue", []string{"sqs:SendMessage"}, need("the queue of subscription "+name, r.Queues[name]))
	}

	if types := s.PublishedBy(f); len(types) > 0 {
		out = append(out, Statement{
			Sid: "PublishOwnEvents", Effect: Allow, Actions: []string{"events:PutEvents"},
			Resources: []string{need("the event bus", r.EventBus)},
			Conditions: []Condition{
				{Operator: "StringEquals", Key: "events:source", Values: []string{s.Source()}},
				{Operator: "StringEquals", Key: "events:detail-type", Values: sorted(types)},
			},
		})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// ForService returns the statements of every function of service s, by
// function name (see ForFunction).
func ForService(s spec.Service, r Resources) (map[string][]Statement, error) {
	out := make(map[string][]Statement, len(s.Functions))
	var errs []error
	for _, f := range s.Functions {
		statements, err := ForFunction(s, f, r)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out[f.Name] = statements
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// sorted returns a sorted copy of values.
func sorted(values []string) []string { return slices.Sorted(slices.Values(values)) }

// pascal turns a declared name such as "saga-events" into "SagaEvents",
// for statement ids.
func pascal(name string) string {
	var b strings.Builder
	for _, part := range strings.Split(name, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}
