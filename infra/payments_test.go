package infra_test

import (
	"testing"

	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestPaymentsSagaGetsTheProviderURLAndSendsOnlyToItsOwnQueue(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			stack := stage.ServiceStackName(payments.Spec.Name)
			var sagaRole string
			for _, f := range s.resources(stack, "AWS::Lambda::Function") {
				url := get(f.props, "Environment", "Variables", payments.EnvProviderURL)
				if get(f.props, "FunctionName") != stage.FunctionName(payments.SagaFunction) {
					if url != nil {
						t.Errorf("%s gets %s too", get(f.props, "FunctionName"), payments.EnvProviderURL)
					}
					continue
				}
				if want := "{{resolve:ssm:" + stage.PaymentProviderURLParameter + "}}"; url != want {
					t.Errorf("payments-saga's %s is %v, want %s", payments.EnvProviderURL, url, want)
				}
				sagaRole, _ = ref(f.props["Role"])
			}
			if sagaRole == "" {
				t.Fatal("no payments-saga function with a role in the payments stack")
			}
			sub, ok := subscriptionNamed(payments.Spec.Subscriptions, payments.SagaSubscription)
			if !ok {
				t.Fatal("payments declares no saga subscription")
			}
			var sagaQueue string
			for _, q := range s.resources(stack, "AWS::SQS::Queue") {
				if q.props["QueueName"] == stage.QueueName(payments.Spec, sub) {
					sagaQueue = q.id
				}
			}
			if sagaQueue == "" {
				t.Fatalf("no queue %s in the payments stack", stage.QueueName(payments.Spec, sub))
			}
			grants := 0
			for _, p := range s.resources(stack, "AWS::IAM::Policy") {
				for _, raw := range list(get(p.props, "PolicyDocument", "Statement")) {
					statement := raw.(map[string]any)
					if !containsAction(statement, "sqs:SendMessage") || !contains(refsIn(statement["Resource"]), sagaQueue) {
						continue
					}
					grants++
					if roles := refsIn(p.props["Roles"]); len(roles) != 1 || roles[0] != sagaRole {
						t.Errorf("roles %v may send to the saga queue; only payments-saga's %s may", roles, sagaRole)
					}
					if len(list(statement["Resource"])) != 1 || !containsAction(statement, "sqs:GetQueueUrl") {
						t.Errorf("the grant %v should name the saga queue alone and allow looking its URL up", statement)
					}
				}
			}
			if grants != 1 {
				t.Errorf("%d statements let a role send to the saga queue, want payments-saga's one", grants)
			}
		})
	}
}

// subscriptionNamed returns the subscription with the name.
func subscriptionNamed(subs []spec.Subscription, name string) (spec.Subscription, bool) {
	for _, s := range subs {
		if s.Name == name {
			return s, true
		}
	}
	return spec.Subscription{}, false
}
