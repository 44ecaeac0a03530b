package infra

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/conveyor-dev/conveyor/internal/iampolicy"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Suppression is one cdk-nag AwsSolutions finding the app accepts, where it
// accepts it, and why.
type Suppression struct {
	// Rule is the cdk-nag rule, e.g. "AwsSolutions-IAM5".
	Rule string
	// AppliesTo narrows a granular rule to some of its findings, e.g.
	// "Resource::*"; empty means the whole rule on that resource.
	AppliesTo []string
	// Where names the resources it is applied to.
	Where string
	// Reason is why the finding is accepted.
	Reason string
}

// WildcardActions are the only IAM actions a Conveyor role may be granted
// on Resource "*", each with the reason AWS allows nothing narrower.
var WildcardActions = map[string]string{
	"xray:PutTraceSegments":    iampolicy.ReasonXRay,
	"xray:PutTelemetryRecords": iampolicy.ReasonXRay,
	"dynamodb:ListStreams":     iampolicy.ReasonListStreams,
}

// The suppressions, one per accepted finding.
var (
	suppressWildcardActions = Suppression{
		Rule:      "AwsSolutions-IAM5",
		AppliesTo: []string{"Resource::*"},
		Where:     "every function's role",
		Reason:    "Only actions AWS authorises on no narrower resource are granted on \"*\": xray:PutTraceSegments and xray:PutTelemetryRecords (tracing), dynamodb:ListStreams (stream consumers). infra.WildcardActions lists them and a test fails on any other.",
	}
	suppressAPIGatewayLogsRole = Suppression{
		Rule:      "AwsSolutions-IAM4",
		AppliesTo: []string{"Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"},
		Where:     "the API Gateway account's CloudWatch role (platform)",
		Reason:    "API Gateway uses one role per account and region to write the execution and access logs of every API; the log groups it creates are named by API id at run time, so AWS's managed policy for that role is the narrowest that works.",
	}
	suppressRequestValidation = Suppression{
		Rule:   "AwsSolutions-APIG2",
		Where:  "the REST API (platform)",
		Reason: "Every route is a Lambda proxy whose function decodes and validates its input into Go types (tested and fuzzed) and answers RFC 9457 problems; JSON-schema models in API Gateway would duplicate those types and drift from them.",
	}
	suppressPublicRouteAuth = Suppression{
		Rule:   "AwsSolutions-APIG4",
		Where:  "each route declared with Auth: spec.Public",
		Reason: "The service declares this route public (catalogue reads, health checks); stage throttling, per-route throttling and, in prod, WAF limit abuse.",
	}
	suppressPublicRouteCognito = Suppression{
		Rule:   "AwsSolutions-COG4",
		Where:  "each route declared with Auth: spec.Public",
		Reason: "The service declares this route public, so it has no authorizer; customer and admin routes use the Cognito user pool authorizer.",
	}
	suppressDevUserPoolPlan = Suppression{
		Rule:   "AwsSolutions-COG8",
		Where:  "the user pool of a non-production stage",
		Reason: "Threat protection needs the Plus feature plan, billed per active user; production stages use it, dev stages hold only test users.",
	}
	suppressDevUserPoolThreats = Suppression{
		Rule:   "AwsSolutions-COG3",
		Where:  "the user pool of a non-production stage",
		Reason: "Threat protection (advanced security) needs the Plus feature plan, billed per active user; production stages enforce it, dev stages hold only test users.",
	}
	suppressOptionalMFA = Suppression{
		Rule:   "AwsSolutions-COG2",
		Where:  "the user pool",
		Reason: "Customers of a shop sign up themselves; MFA with an authenticator app is offered to every user (optional) rather than forced at sign-up.",
	}
	suppressDevWAF = Suppression{
		Rule:   "AwsSolutions-APIG3",
		Where:  "the API stage of a stage without WAF (dev)",
		Reason: "WAF is billed per web ACL and request; the stage config turns it on for production, dev relies on stage throttling.",
	}
	suppressFailureQueueDLQ = Suppression{
		Rule:   "AwsSolutions-SQS3",
		Where:  "every DLQ and stream on-failure queue",
		Reason: "This queue is itself the dead-letter or on-failure destination: it keeps messages for 14 days and has an alarm when it is not empty.",
	}
	suppressGatekeptRouteAuth = Suppression{
		Rule:   "AwsSolutions-APIG4",
		Where:  "each customer and admin route of a stage with AuthLocalTokens (localstack)",
		Reason: "The route integrates with the gatekeeper function, which refuses any request without a valid token (API Gateway's 401) before it invokes the route's function: an authorizer in all but name, for an emulator plan without API Gateway authorizers.",
	}
	suppressGatekeptRouteCognito = Suppression{
		Rule:   "AwsSolutions-COG4",
		Where:  "each customer and admin route of a stage with AuthLocalTokens (localstack)",
		Reason: "A stage with AuthLocalTokens has no user pool, since its emulator plan has no Cognito: the gatekeeper function verifies the local cloud's tokens instead.",
	}
)

// Suppressions lists every suppression the app may apply.
var Suppressions = []Suppression{
	suppressWildcardActions, suppressAPIGatewayLogsRole, suppressRequestValidation,
	suppressPublicRouteAuth, suppressPublicRouteCognito, suppressDevUserPoolPlan,
	suppressDevUserPoolThreats, suppressOptionalMFA, suppressDevWAF, suppressFailureQueueDLQ,
	suppressGatekeptRouteAuth, suppressGatekeptRouteCognito, suppressFISConfigObjects,
}

// suppress records suppressions on a construct (and, with children, on
// everything below it).
func suppress(c constructs.IConstruct, children bool, list ...Suppression) {
	nag := make([]*cdknag.NagPackSuppression, len(list))
	for i, s := range list {
		nag[i] = &cdknag.NagPackSuppression{Id: jsii.String(s.Rule), Reason: jsii.String(s.Reason)}
		if len(s.AppliesTo) > 0 {
			applies := make([]any, len(s.AppliesTo))
			for j, a := range s.AppliesTo {
				applies[j] = a
			}
			nag[i].AppliesTo = &applies
		}
	}
	cdknag.NagSuppressions_AddResourceSuppressions(c, &nag, jsii.Bool(children))
}

func suppressPlatform(p *PlatformStack, stage Stage) {
	api := p.API
	suppress(api.RestAPI, false, suppressRequestValidation)
	suppress(api.RestAPI.Node().FindChild(jsii.String("CloudWatchRole")), true, suppressAPIGatewayLogsRole)
	if api.UserPool != nil {
		suppress(api.UserPool, true, suppressOptionalMFA)
		if !stage.Production {
			suppress(api.UserPool, true, suppressDevUserPoolPlan, suppressDevUserPoolThreats)
		}
	}
	if !stage.WAF {
		suppress(api.RestAPI.DeploymentStage(), true, suppressDevWAF)
	}
}

func suppressPublicRoute(m awsapigateway.Method, _ string, r spec.Route) {
	if r.Auth == spec.Public {
		suppress(m, true, suppressPublicRouteAuth, suppressPublicRouteCognito)
	}
}

func suppressFailureQueue(q awssqs.Queue) {
	suppress(q, true, suppressFailureQueueDLQ)
}

func suppressFunction(f *ServiceFunction) {
	suppress(f.Role, true, suppressWildcardActions)
}
