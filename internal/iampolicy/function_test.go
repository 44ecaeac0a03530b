package iampolicy_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/iampolicy"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// gadgets is a declaration that uses every kind of access a function can
// have.
var gadgets = spec.Service{
	Name: "gadgets",
	Table: spec.Table{
		PartitionKey: spec.Key{Name: "pk", Type: spec.String},
		Indexes: []spec.Index{
			{Name: "byOwner", PartitionKey: spec.Key{Name: "owner", Type: spec.String}},
			{Name: "byColour", PartitionKey: spec.Key{Name: "colour", Type: spec.String}},
		},
		Stream: spec.NewImage,
	},
	Functions: []spec.Function{
		{Name: "gadgets-api", Entry: "./x", MemoryMB: 128, Timeout: time.Second,
			Table: spec.TableAccess{Operations: []spec.TableOperation{spec.Query, spec.GetItem}, Indexes: []string{"byOwner", "byColour"}}},
		{Name: "gadgets-events", Entry: "./x", MemoryMB: 128, Timeout: time.Second,
			Environment: map[string]spec.Var{"RETRY_QUEUE_URL": spec.QueueURL("widget-events")},
			Table:       spec.TableAccess{Operations: []spec.TableOperation{spec.UpdateItem}}},
		{Name: "gadgets-projector", Entry: "./x", MemoryMB: 128, Timeout: time.Second,
			Stream: &spec.StreamConsumer{BatchSize: 10, RetryAttempts: 2, Rebuild: "gadgets-api"},
			Table:  spec.TableAccess{Operations: []spec.TableOperation{spec.PutItem}}},
		{Name: "gadgets-publisher", Entry: "./x", MemoryMB: 128, Timeout: time.Second,
			Stream: &spec.StreamConsumer{BatchSize: 10, RetryAttempts: spec.RetryForever}, Publisher: true},
	},
	Publishes: []string{"GadgetMade", "GadgetBroken"},
	Subscriptions: []spec.Subscription{
		{Name: "widget-events", Function: "gadgets-events", Sources: []string{"conveyor.widgets"}, DetailTypes: []string{"WidgetMade"},
			SelfSent: []string{"GadgetRetryDue"}, BatchSize: 10, MaxReceiveCount: 5},
		{Name: "part-events", Function: "gadgets-events", Sources: []string{"conveyor.parts"}, DetailTypes: []string{"PartMade"},
			BatchSize: 10, MaxReceiveCount: 5},
	},
}

// devNaming names resources as the dev stage does.
var devNaming = iampolicy.Naming{Prefix: "conveyor-dev", ARNs: iampolicy.ARNs{Partition: "aws", Region: "eu-west-1", Account: "123456789012"}}

const (
	gadgetsTable = "arn:aws:dynamodb:eu-west-1:123456789012:table/conveyor-dev-gadgets"
	devBus       = "arn:aws:events:eu-west-1:123456789012:event-bus/conveyor-dev"
)

func devQueue(name string) string { return "arn:aws:sqs:eu-west-1:123456789012:conveyor-dev-" + name }

func devLogs(function string) string {
	return "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/conveyor-dev-" + function + ":*"
}

func granted(sid string, actions []string, resources ...string) iampolicy.Statement {
	return iampolicy.Statement{Sid: sid, Effect: iampolicy.Allow, Actions: actions, Resources: resources}
}

// runtime are the statements every function gets: its logs and traces.
func runtime(function string) []iampolicy.Statement {
	return []iampolicy.Statement{
		granted("WriteOwnLogs", []string{"logs:CreateLogStream", "logs:PutLogEvents"}, devLogs(function)),
		{Sid: "WriteTraces", Effect: iampolicy.Allow, Actions: []string{"xray:PutTelemetryRecords", "xray:PutTraceSegments"},
			Resources: []string{"*"}, Reason: iampolicy.ReasonXRay},
	}
}

// streamReader are the statements of a consumer of the gadgets stream.
func streamReader(function string) []iampolicy.Statement {
	return []iampolicy.Statement{
		granted("ReadOwnStream", []string{"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"}, gadgetsTable+"/stream/*"),
		{Sid: "ListStreams", Effect: iampolicy.Allow, Actions: []string{"dynamodb:ListStreams"}, Resources: []string{"*"}, Reason: iampolicy.ReasonListStreams},
		granted("ReportStreamFailures", []string{"sqs:SendMessage"}, devQueue(function+"-stream-failures")),
	}
}

func TestForFunctionGrantsExactlyWhatTheDeclarationSays(t *testing.T) {
	if err := gadgets.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		function string
		want     []iampolicy.Statement
	}{
		{"a reader gets its operations on the table and queries of its indexes alone", "gadgets-api", append(runtime("gadgets-api"),
			granted("OwnTable", []string{"dynamodb:GetItem", "dynamodb:Query"}, gadgetsTable),
			granted("QueryOwnIndexes", []string{"dynamodb:Query"}, gadgetsTable+"/index/byColour", gadgetsTable+"/index/byOwner"),
		)},
		{"a consumer gets its idempotency records, its queues, and the queue it sends to", "gadgets-events", append(runtime("gadgets-events"),
			granted("OwnTable", []string{"dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"}, gadgetsTable),
			granted("ConsumeSubscriptionQueues", []string{"sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"},
				devQueue("gadgets-part-events"), devQueue("gadgets-widget-events")),
			granted("SendToWidgetEventsQueue", []string{"sqs:SendMessage"}, devQueue("gadgets-widget-events")),
		)},
		{"a stream consumer reads the stream and reports what it gives up on", "gadgets-projector", append(append(runtime("gadgets-projector"),
			granted("OwnTable", []string{"dynamodb:PutItem"}, gadgetsTable)),
			streamReader("gadgets-projector")...,
		)},
		{"the publisher reads the stream and puts the service's own events, and nothing on the table", "gadgets-publisher", append(append(runtime("gadgets-publisher"),
			streamReader("gadgets-publisher")...),
			iampolicy.Statement{Sid: "PublishOwnEvents", Effect: iampolicy.Allow, Actions: []string{"events:PutEvents"}, Resources: []string{devBus},
				Conditions: []iampolicy.Condition{
					{Operator: "StringEquals", Key: "events:source", Values: []string{"conveyor.gadgets"}},
					{Operator: "StringEquals", Key: "events:detail-type", Values: []string{"GadgetBroken", "GadgetMade"}},
				}},
		)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := gadgets.Function(tt.function)
			got, err := iampolicy.ForFunction(gadgets, f, devNaming.Resources(gadgets))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ForFunction(%s) =\n%s\nwant\n%s", tt.function, show(got), show(tt.want))
			}
		})
	}
}

func TestForFunctionKeepsCDKTokensWhole(t *testing.T) {
	tokens := iampolicy.Resources{
		Table:               "${Token[TOKEN.1]}",
		Stream:              "${Token[TOKEN.2]}",
		EventBus:            "${Token[TOKEN.3]}",
		Queues:              map[string]string{"widget-events": "${Token[TOKEN.4]}", "part-events": "${Token[TOKEN.5]}"},
		StreamFailureQueues: map[string]string{"gadgets-projector": "${Token[TOKEN.6]}", "gadgets-publisher": "${Token[TOKEN.7]}"},
		LogGroups: map[string]string{"gadgets-api": "${Token[TOKEN.8]}", "gadgets-events": "${Token[TOKEN.9]}",
			"gadgets-projector": "${Token[TOKEN.10]}", "gadgets-publisher": "${Token[TOKEN.11]}"},
	}
	f, _ := gadgets.Function("gadgets-api")
	got, err := iampolicy.ForFunction(gadgets, f, tokens)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"${Token[TOKEN.1]}/index/byColour", "${Token[TOKEN.1]}/index/byOwner"}
	if i := slices.IndexFunc(got, func(s iampolicy.Statement) bool { return s.Sid == "QueryOwnIndexes" }); i < 0 || !slices.Equal(got[i].Resources, want) {
		t.Errorf("index resources of %s, want %v", show(got), want)
	}
	for _, s := range got {
		for _, r := range s.Resources {
			if r != "*" && !strings.HasPrefix(r, "${Token[") {
				t.Errorf("%s: resource %q is not the token it was given", s.Sid, r)
			}
		}
	}
}

func TestForFunctionNamesWhatTheResourcesLack(t *testing.T) {
	r := devNaming.Resources(gadgets)
	delete(r.Queues, "widget-events")
	r.LogGroups["gadgets-events"] = ""
	f, _ := gadgets.Function("gadgets-events")
	_, err := iampolicy.ForFunction(gadgets, f, r)
	for _, want := range []string{"gadgets-events: no ARN for its log group", "no ARN for the queue of subscription widget-events"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ForFunction() = %v, want an error containing %q", err, want)
		}
	}
	if _, err := iampolicy.ForFunction(gadgets, spec.Function{Name: "gadgets-nope"}, r); err == nil {
		t.Error("ForFunction(undeclared function) = nil error")
	}
}

// allPolicies returns the statements of every declared function, named as
// in dev, by function name.
func allPolicies(t *testing.T) map[string][]iampolicy.Statement {
	t.Helper()
	out := map[string][]iampolicy.Statement{}
	for _, s := range functions.All() {
		policies, err := iampolicy.ForService(s, devNaming.Resources(s))
		if err != nil {
			t.Fatal(err)
		}
		for name, statements := range policies {
			out[name] = statements
		}
	}
	return out
}

func TestOnlyThePublishersMayPutEvents(t *testing.T) {
	publishers := []string{"catalog-publisher", "inventory-publisher", "orders-relay", "payments-publisher", "shipping-publisher"}
	var got []string
	for name, statements := range allPolicies(t) {
		for _, s := range statements {
			if slices.Contains(s.Actions, "events:PutEvents") {
				got = append(got, name)
			}
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, publishers) {
		t.Errorf("functions that may put events: %v, want %v", got, publishers)
	}
}

func TestEveryServiceThatPublishesHasItsPublisher(t *testing.T) {
	for _, s := range functions.All() {
		n := 0
		for _, f := range s.Functions {
			if f.Publisher {
				n++
			}
		}
		if len(s.Publishes) > 0 && n != 1 {
			t.Errorf("%s publishes %v with %d publisher functions, want one (spec.Function.Publisher)", s.Name, s.Publishes, n)
		}
	}
}

func TestEveryStatementOnAnyResourceSaysWhy(t *testing.T) {
	for name, statements := range allPolicies(t) {
		sids := map[string]bool{}
		for _, s := range statements {
			if sids[s.Sid] {
				t.Errorf("%s: statement id %s used twice", name, s.Sid)
			}
			sids[s.Sid] = true
			wildcard := slices.Contains(s.Resources, "*")
			switch {
			case wildcard && len(s.Reason) < 40:
				t.Errorf("%s: %s grants %v on %v without a reason", name, s.Sid, s.Actions, s.Resources)
			case !wildcard && s.Reason != "":
				t.Errorf("%s: %s has a reason but no wildcard resource", name, s.Sid)
			}
			for _, a := range s.Actions {
				if strings.ContainsAny(a, "*?") {
					t.Errorf("%s: %s grants the wildcard action %s", name, s.Sid, a)
				}
			}
		}
	}
}

// show prints statements one per line, for failure messages.
func show(statements []iampolicy.Statement) string {
	var b strings.Builder
	for _, s := range statements {
		b.WriteString("  " + s.Sid + " " + strings.Join(s.Actions, ",") + " on " + strings.Join(s.Resources, ","))
		for _, c := range s.Conditions {
			b.WriteString(" if " + c.Operator + " " + c.Key + " " + strings.Join(c.Values, ","))
		}
		if s.Reason != "" {
			b.WriteString(" (" + s.Reason + ")")
		}
		b.WriteString("\n")
	}
	return b.String()
}
