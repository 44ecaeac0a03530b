package infra

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/functions/payments"
)

// wirePayments gives the payments service what its declaration cannot
// say: the saga function's PAYMENT_PROVIDER_URL, read from the stage's SSM
// parameter through a CloudFormation dynamic reference (resolved at each
// deploy, so the URL can change without a code change and no stack
// parameter appears), and the right to send its parked retries, as
// delayed messages, to its own saga queue and to look that queue's URL up.
// It does nothing for any other service.
func wirePayments(s *ServiceStack, stage Stage) {
	if s.Service.Name != payments.Spec.Name {
		return
	}
	saga := s.function(payments.SagaFunction)
	saga.Function.AddEnvironment(jsii.String(payments.EnvProviderURL),
		jsii.String("{{resolve:ssm:"+stage.PaymentProviderURLParameter+"}}"), nil)
	for _, sub := range s.Subscriptions {
		if sub.Decl.Name != payments.SagaSubscription {
			continue
		}
		saga.Role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:       jsii.String("ParkedRetriesOnOwnQueue"),
			Actions:   jsii.Strings("sqs:GetQueueUrl", "sqs:SendMessage"),
			Resources: &[]*string{sub.Queues.Queue.QueueArn()},
		}))
	}
}
