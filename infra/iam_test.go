package infra_test

import (
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/infra"
	"github.com/conveyor-dev/conveyor/internal/iampolicy"
	"github.com/conveyor-dev/conveyor/internal/iampolicy/codecalls"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// The tests here read each function's role policy from the synthesized
// templates. They interpret the CloudFormation references in it as the
// ARNs the stage's names give, in a fixed account: the same ARNs
// iampolicy.Naming builds. So a role's policy can be compared, statement
// by statement, with what internal/iampolicy derives from the declaration
// for those names; the local cloud enforces what it derives for its own.

// testAccount places the ARNs of stages that pin no account or region.
var testAccount = iampolicy.ARNs{Partition: "aws", Region: "eu-west-1", Account: "123456789012"}

// naming is the stage's naming convention, in its account.
func naming(stage infra.Stage) iampolicy.Naming {
	arns := testAccount
	if stage.Account != "" {
		arns.Account = stage.Account
	}
	if stage.Region != "" {
		arns.Region = stage.Region
	}
	return iampolicy.Naming{Prefix: stage.Prefix(), ARNs: arns}
}

// plainStatement is a policy statement with every value a plain string.
type plainStatement struct {
	Sid, Effect string
	Actions     []string
	Resources   []string
	Conditions  map[string]map[string][]string
}

func (p plainStatement) String() string {
	s := fmt.Sprintf("%s %s %v on %v", p.Sid, p.Effect, p.Actions, p.Resources)
	if len(p.Conditions) > 0 {
		s += fmt.Sprintf(" if %v", p.Conditions)
	}
	return s
}

// role is one function's role in a synthesized stack.
type role struct {
	function string
	id       string
	// statements are every statement of every policy the role holds.
	statements []plainStatement
	// policies are the logical ids of the policies attached to it.
	policies []string
	// managed are the role's managed policy ARNs.
	managed []any
	// dependsOn is what the function's resource waits for.
	dependsOn []string
}

// roles returns the role of each function of svc in the stage, by
// declared function name, with its statements interpreted.
func roles(t *testing.T, s *synthesized, svc spec.Service) map[string]role {
	t.Helper()
	stack := s.stage.ServiceStackName(svc.Name)
	w := world{s: s, stack: stack, naming: naming(s.stage)}
	out := map[string]role{}
	for _, decl := range svc.Functions {
		var fn resource
		for _, f := range s.resources(stack, "AWS::Lambda::Function") {
			if f.props["FunctionName"] == s.stage.FunctionName(decl.Name) {
				fn = f
			}
		}
		if fn.id == "" {
			t.Fatalf("no function %s in %s", s.stage.FunctionName(decl.Name), stack)
		}
		id, _ := ref(fn.props["Role"])
		r := role{function: decl.Name, id: id}
		for _, d := range list(fn.raw["DependsOn"]) {
			r.dependsOn = append(r.dependsOn, d.(string))
		}
		add := func(where string, doc any) {
			for _, raw := range list(get(doc, "Statement")) {
				st, err := w.statement(raw.(map[string]any))
				if err != nil {
					t.Fatalf("%s: %s: %v", decl.Name, where, err)
				}
				r.statements = append(r.statements, st)
			}
		}
		for _, p := range s.resources(stack, "AWS::IAM::Policy") {
			if slices.Contains(refsIn(p.props["Roles"]), id) {
				r.policies = append(r.policies, p.id)
				add(p.id, p.props["PolicyDocument"])
			}
		}
		roleRes, _ := s.resourceByID(stack, id)
		for _, p := range list(roleRes.props["Policies"]) {
			add(id+" inline", get(p, "PolicyDocument"))
		}
		r.managed = list(roleRes.props["ManagedPolicyArns"])
		out[decl.Name] = r
	}
	return out
}

// world interprets the values of one stack's template.
type world struct {
	s      *synthesized
	stack  string
	naming iampolicy.Naming
}

// statement interprets one statement of a policy document.
func (w world) statement(raw map[string]any) (plainStatement, error) {
	st := plainStatement{Effect: fmt.Sprint(raw["Effect"])}
	st.Sid, _ = raw["Sid"].(string)
	for _, a := range list(raw["Action"]) {
		st.Actions = append(st.Actions, fmt.Sprint(a))
	}
	for _, r := range list(raw["Resource"]) {
		v, err := w.value(r)
		if err != nil {
			return plainStatement{}, fmt.Errorf("%s: %w", st.Sid, err)
		}
		st.Resources = append(st.Resources, v)
	}
	for op, keys := range asMap(raw["Condition"]) {
		if st.Conditions == nil {
			st.Conditions = map[string]map[string][]string{}
		}
		st.Conditions[op] = map[string][]string{}
		for k, values := range asMap(keys) {
			for _, v := range list(values) {
				st.Conditions[op][k] = append(st.Conditions[op][k], fmt.Sprint(v))
			}
		}
	}
	return st, nil
}

// value interprets a template value as the string it stands for: pseudo
// parameters as the stage's account, the platform's bus parameter as the
// bus's ARN, a table's, queue's or log group's ARN as its name makes it,
// and a table's stream as the pattern of its streams (its label is known
// only at deploy).
func (w world) value(v any) (string, error) {
	arns := w.naming.ARNs
	switch x := v.(type) {
	case string:
		return x, nil
	case map[string]any:
		if id, ok := x["Ref"].(string); ok {
			switch id {
			case "AWS::Partition":
				return arns.Partition, nil
			case "AWS::Region":
				return arns.Region, nil
			case "AWS::AccountId":
				return arns.Account, nil
			case "AWS::URLSuffix":
				return "amazonaws.com", nil
			}
			if p, ok := get(w.s.json[w.stack], "Parameters", id).(map[string]any); ok && p["Default"] == w.s.stage.ParameterName(infra.ParamEventBusARN) {
				return arns.EventBus(w.s.stage.EventBusName()), nil
			}
			return "", fmt.Errorf("a reference to %s, which names nothing a policy may", id)
		}
		if att, ok := x["Fn::GetAtt"].([]any); ok && len(att) == 2 {
			id, attr := fmt.Sprint(att[0]), fmt.Sprint(att[1])
			r, _ := w.s.resourceByID(w.stack, id)
			name := fmt.Sprint(r.props["TableName"])
			switch {
			case r.typ == "AWS::DynamoDB::Table" && attr == "Arn":
				return arns.Table(name), nil
			case r.typ == "AWS::DynamoDB::Table" && attr == "StreamArn":
				return arns.Table(name) + "/stream/*", nil
			case r.typ == "AWS::SQS::Queue" && attr == "Arn":
				return arns.Queue(fmt.Sprint(r.props["QueueName"])), nil
			case r.typ == "AWS::Logs::LogGroup" && attr == "Arn":
				return arns.LogGroup(fmt.Sprint(r.props["LogGroupName"])), nil
			}
			return "", fmt.Errorf("the %s of %s %s, which names nothing a policy may", attr, r.typ, id)
		}
		if join, ok := x["Fn::Join"].([]any); ok && len(join) == 2 {
			var parts []string
			for _, p := range list(join[1]) {
				s, err := w.value(p)
				if err != nil {
					return "", err
				}
				parts = append(parts, s)
			}
			return strings.Join(parts, fmt.Sprint(join[0])), nil
		}
	}
	return "", fmt.Errorf("cannot read %v", v)
}

// plain is st as a template would hold it.
func plain(st iampolicy.Statement) plainStatement {
	p := plainStatement{Sid: st.Sid, Effect: string(st.Effect), Actions: st.Actions, Resources: st.Resources}
	for _, c := range st.Conditions {
		if p.Conditions == nil {
			p.Conditions = map[string]map[string][]string{}
		}
		if p.Conditions[c.Operator] == nil {
			p.Conditions[c.Operator] = map[string][]string{}
		}
		p.Conditions[c.Operator][c.Key] = c.Values
	}
	return p
}

// TestEveryRoleHoldsExactlyTheStatementsOfItsDeclaration is the "same
// statements" test: for every function of every stage, the role in the
// synthesized template holds one policy whose statements are, in order
// and one for one, those internal/iampolicy derives from the declaration
// for the stage's names (the ones the local cloud derives for its own
// names and enforces): no managed policy, no inline policy, no grant CDK
// adds by itself. The function waits for that policy, so its event source
// mappings are created only once the role allows what they do.
func TestEveryRoleHoldsExactlyTheStatementsOfItsDeclaration(t *testing.T) {
	for _, stage := range stages() {
		s := synth(t, stage)
		for _, svc := range s.services {
			resources := naming(stage).Resources(svc)
			for name, r := range roles(t, s, svc) {
				t.Run(stage.Name+"/"+name, func(t *testing.T) {
					decl, _ := svc.Function(name)
					statements, err := iampolicy.ForFunction(svc, decl, resources)
					if err != nil {
						t.Fatal(err)
					}
					var want []plainStatement
					for _, st := range statements {
						want = append(want, plain(st))
					}
					if !reflect.DeepEqual(r.statements, want) {
						t.Errorf("the role's statements:\n%s\ndiffer from its declaration's:\n%s", lines(r.statements), lines(want))
					}
					if len(r.managed) > 0 || len(r.policies) != 1 {
						t.Errorf("the role has managed policies %v and policies %v; want its one policy", r.managed, r.policies)
					}
					for _, p := range r.policies {
						if !slices.Contains(r.dependsOn, p) {
							t.Errorf("the function does not wait for its role's policy %s (depends on %v)", p, r.dependsOn)
						}
					}
				})
			}
		}
	}
}

// TestOnlyThePublishersMayPutEvents checks the templates: events:PutEvents
// is on the five functions that publish and no other, on the platform bus
// only, for the service's own source and event types only.
func TestOnlyThePublishersMayPutEvents(t *testing.T) {
	want := []string{"catalog-publisher", "inventory-publisher", "orders-relay", "payments-publisher", "shipping-publisher"}
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			var publishers []string
			for _, svc := range functions.All() {
				for name, r := range roles(t, s, svc) {
					for _, st := range r.statements {
						if !slices.Contains(st.Actions, "events:PutEvents") {
							continue
						}
						publishers = append(publishers, name)
						wantCond := map[string]map[string][]string{"StringEquals": {
							"events:source":      {svc.Source()},
							"events:detail-type": slices.Sorted(slices.Values(svc.Publishes)),
						}}
						bus := naming(stage).ARNs.EventBus(stage.EventBusName())
						if len(st.Actions) != 1 || !slices.Equal(st.Resources, []string{bus}) || !reflect.DeepEqual(st.Conditions, wantCond) {
							t.Errorf("%s: %v, want events:PutEvents alone on %s if %v", name, st, bus, wantCond)
						}
					}
				}
			}
			slices.Sort(publishers)
			if !slices.Equal(publishers, want) {
				t.Errorf("roles that may put events: %v, want %v", publishers, want)
			}
		})
	}
}

// TestNoRoleHoldsAnActionItsCodeNeverCalls holds each function's role in
// the templates against the calls its code can make (codecalls, from its
// main): the actions on its table, a query of an index, putting events
// and sending to a subscription queue. What the Lambda service does with
// the role (logs, traces, reading the stream, draining the queues,
// reporting stream failures) is left out: no code of the function calls
// it. A role holding an action the code never calls fails, and so does
// code calling an action its role lacks.
func TestNoRoleHoldsAnActionItsCodeNeverCalls(t *testing.T) {
	var entries []string
	for _, svc := range functions.All() {
		for _, f := range svc.Functions {
			entries = append(entries, f.Entry)
		}
	}
	calls, err := codecalls.Find("..", entries...)
	if err != nil {
		t.Fatal(err)
	}
	for _, stage := range stages() {
		s := synth(t, stage)
		for _, svc := range functions.All() {
			resources := naming(stage).Resources(svc)
			subscriptionQueues := slices.Collect(maps.Values(resources.Queues))
			for name, r := range roles(t, s, svc) {
				t.Run(stage.Name+"/"+name, func(t *testing.T) {
					decl, _ := svc.Function(name)
					c, ok := calls["github.com/conveyor-dev/conveyor"+strings.TrimPrefix(filepath.ToSlash(decl.Entry), ".")]
					if !ok {
						t.Fatalf("no calls found for %s", decl.Entry)
					}
					needs, onIndexes := c.Actions()
					held, heldOnIndexes := map[string]bool{}, map[string]bool{}
					for _, st := range r.statements {
						for _, res := range st.Resources {
							for _, a := range st.Actions {
								switch {
								case res == resources.Table, res == resources.EventBus && a == "events:PutEvents",
									a == "sqs:SendMessage" && slices.Contains(subscriptionQueues, res):
									held[a] = true
								case strings.HasPrefix(res, resources.Table+"/index/"):
									heldOnIndexes[a] = true
								}
							}
						}
					}
					if got := slices.Sorted(maps.Keys(held)); !slices.Equal(got, needs) {
						t.Errorf("the role holds %v; its code calls %v", got, needs)
					}
					if got := slices.Sorted(maps.Keys(heldOnIndexes)); !slices.Equal(got, onIndexes) {
						t.Errorf("the role holds %v on indexes; its code calls %v on them", got, onIndexes)
					}
				})
			}
		}
	}
}

func lines(statements []plainStatement) string {
	var b strings.Builder
	for _, st := range statements {
		b.WriteString("  " + st.String() + "\n")
	}
	return b.String()
}
