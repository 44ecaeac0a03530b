package infra_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// TestDeclaredEnvironmentReachesEachFunction checks, for every declared
// function (the throwaway one included), that each variable of its own
// environment arrives as declared: a literal as it is, a stage parameter as
// a dynamic reference to the version of /conveyor/<stage>/<name> the stage
// pins, a queue's URL naming
// that queue. A function that declares a queue may send to it, alone among
// the roles of its stack, and to no other subscription queue.
func TestDeclaredEnvironmentReachesEachFunction(t *testing.T) {
	for _, stage := range stages() {
		s := synth(t, stage)
		for _, svc := range testServices() {
			stack := stage.ServiceStackName(svc.Name)
			queueIDs := map[string]string{} // queue name → logical id
			for _, q := range s.resources(stack, "AWS::SQS::Queue") {
				queueIDs[fmt.Sprint(q.props["QueueName"])] = q.id
			}
			senders := map[string][]string{} // queue logical id → roles that may send
			for _, p := range s.resources(stack, "AWS::IAM::Policy") {
				for _, raw := range list(get(p.props, "PolicyDocument", "Statement")) {
					statement := raw.(map[string]any)
					if !containsAction(statement, "sqs:SendMessage") {
						continue
					}
					for _, q := range refsIn(statement["Resource"]) {
						senders[q] = append(senders[q], refsIn(p.props["Roles"])...)
					}
				}
			}
			functions := map[string]resource{}
			for _, f := range s.resources(stack, "AWS::Lambda::Function") {
				functions[fmt.Sprint(f.props["FunctionName"])] = f
			}
			for _, decl := range svc.Functions {
				t.Run(stage.Name+"/"+decl.Name, func(t *testing.T) {
					f, ok := functions[stage.FunctionName(decl.Name)]
					if !ok {
						t.Fatalf("no function %s in %s", stage.FunctionName(decl.Name), stack)
					}
					role, _ := ref(f.props["Role"])
					mayDeclare := map[string]bool{}
					for _, k := range slices.Sorted(maps.Keys(decl.Environment)) {
						v := decl.Environment[k]
						got := get(f.props, "Environment", "Variables", k)
						switch {
						case v.Parameter != "":
							// Pinned: CloudFormation resolves a dynamic
							// reference again only when its text changes.
							version := stage.ParameterVersions[v.Parameter]
							want := fmt.Sprintf("{{resolve:ssm:/conveyor/%s/%s:%d}}", stage.Name, v.Parameter, version)
							if version < 1 || got != want {
								t.Errorf("%s = %v, want %s with the version the stage pins", k, got, want)
							}
						case v.Queue != "":
							sub, _ := svc.Subscription(v.Queue)
							name := stage.QueueName(svc, sub)
							if !strings.Contains(fmt.Sprint(got), "/"+name) {
								t.Errorf("%s = %v, want the URL of queue %s", k, got, name)
							}
							mayDeclare[queueIDs[name]] = true
							if roles := senders[queueIDs[name]]; !slices.Equal(roles, []string{role}) {
								t.Errorf("roles %v may send to %s; want %s's role alone", roles, name, decl.Name)
							}
						default:
							if got != v.Value {
								t.Errorf("%s = %v, want %q", k, got, v.Value)
							}
						}
					}
					for _, sub := range svc.Subscriptions {
						q := queueIDs[stage.QueueName(svc, sub)]
						if slices.Contains(senders[q], role) && !mayDeclare[q] {
							t.Errorf("%s may send to the %s queue, which it does not declare", decl.Name, sub.Name)
						}
					}
				})
			}
		}
	}
}

// TestTheThrowawayDeclarationUsesEveryKindOfVariable keeps the test above
// checking a literal, a stage parameter and a queue whatever the real
// services declare.
func TestTheThrowawayDeclarationUsesEveryKindOfVariable(t *testing.T) {
	kinds := map[string]bool{}
	for _, f := range parcels.Functions {
		for _, v := range f.Environment {
			switch v {
			case spec.Parameter(v.Parameter):
				kinds["parameter"] = true
			case spec.QueueURL(v.Queue):
				kinds["queue"] = true
			default:
				kinds["literal"] = true
			}
		}
	}
	if len(kinds) != 3 {
		t.Fatalf("the throwaway declaration uses %v, want a literal, a parameter and a queue", kinds)
	}
}
