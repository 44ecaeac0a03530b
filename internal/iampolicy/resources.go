package iampolicy

import (
	"strings"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Resources are the ARNs of what one service's functions may be granted
// access to, in one stage. The CDK app fills them with tokens that
// CloudFormation resolves at deploy (strings such as "${Token[TOKEN.12]}",
// used whole or inside longer strings); the local cloud with the ARNs of
// what it provisioned. ForFunction builds the same statements from either.
type Resources struct {
	// Table is the ARN of the service's table. An index's ARN is the
	// table's followed by "/index/<name>".
	Table string
	// Stream is the ARN of the table's stream, for its consumers.
	Stream string
	// EventBus is the ARN of the platform bus, for the publisher.
	EventBus string
	// Queues are the ARNs of the service's subscription queues, by
	// subscription name.
	Queues map[string]string
	// StreamFailureQueues are the ARNs of the queues that receive what a
	// stream consumer gave up on (its mapping's on-failure destination),
	// by function name.
	StreamFailureQueues map[string]string
	// LogGroups are the ARNs of the functions' log groups, by function
	// name, ending in ":*" so that they match the groups' log streams (as
	// the ARN CloudFormation returns for a log group does).
	LogGroups map[string]string
}

// ARNs builds ARNs in one partition, region and account. Its fields may be
// CDK tokens (the stack's partition, region and account): the results are
// then tokens too.
type ARNs struct {
	Partition, Region, Account string
}

// Table is the ARN of the DynamoDB table name.
func (a ARNs) Table(name string) string { return a.arn("dynamodb", "table/"+name) }

// Queue is the ARN of the SQS queue name.
func (a ARNs) Queue(name string) string { return a.arn("sqs", name) }

// EventBus is the ARN of the EventBridge bus name.
func (a ARNs) EventBus(name string) string { return a.arn("events", "event-bus/"+name) }

// LogGroup is the ARN of the CloudWatch Logs group name and its streams,
// as a log group's ARN attribute gives it: "...:log-group:<name>:*".
func (a ARNs) LogGroup(name string) string { return a.arn("logs", "log-group:"+name+":*") }

func (a ARNs) arn(service, resource string) string {
	return strings.Join([]string{"arn", a.Partition, service, a.Region, a.Account, resource}, ":")
}

// Naming is a stage's convention for physical names, which the CDK app
// (infra.Stage) and the local cloud (provision.Names) share: every name
// starts with Prefix ("conveyor-dev", "conveyor-local").
type Naming struct {
	// Prefix starts every physical name.
	Prefix string
	// ARNs places the resources.
	ARNs ARNs
}

// Resources are the ARNs of service s's resources named by the
// convention: table "<prefix>-<service>", its streams "<table ARN>/stream/*",
// bus "<prefix>", queue "<prefix>-<service>-<subscription>", a stream
// consumer's failure queue "<prefix>-<function>-stream-failures", log group
// "/aws/lambda/<prefix>-<function>".
func (n Naming) Resources(s spec.Service) Resources {
	table := n.ARNs.Table(n.Prefix + "-" + s.Name)
	r := Resources{
		Table:               table,
		EventBus:            n.ARNs.EventBus(n.Prefix),
		Queues:              map[string]string{},
		StreamFailureQueues: map[string]string{},
		LogGroups:           map[string]string{},
	}
	if s.Table.Stream != spec.NoStream {
		r.Stream = table + "/stream/*"
	}
	for _, sub := range s.Subscriptions {
		r.Queues[sub.Name] = n.ARNs.Queue(n.Prefix + "-" + s.QueueName(sub))
	}
	for _, f := range s.Functions {
		if f.Stream != nil {
			r.StreamFailureQueues[f.Name] = n.ARNs.Queue(n.Prefix + "-" + f.Name + "-stream-failures")
		}
		r.LogGroups[f.Name] = n.ARNs.LogGroup("/aws/lambda/" + n.Prefix + "-" + f.Name)
	}
	return r
}
