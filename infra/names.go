package infra

import (
	"fmt"
	"slices"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// AliasName is the alias every function is invoked through: API routes,
// event source mappings and provisioned concurrency all point at it.
const AliasName = "live"

// Prefix is the start of every physical name in the stage: "conveyor-<stage>".
func (s Stage) Prefix() string { return "conveyor-" + s.Name }

// PlatformStackName is the name of the stage's platform stack.
func (s Stage) PlatformStackName() string { return s.Prefix() + "-platform" }

// ServiceStackName is the name of a service's stack in the stage.
func (s Stage) ServiceStackName(service string) string { return s.Prefix() + "-" + service }

// FunctionName is a function's physical name in the stage.
func (s Stage) FunctionName(function string) string { return s.Prefix() + "-" + function }

// TableName is the physical name of a service's table in the stage.
func (s Stage) TableName(service string) string { return s.Prefix() + "-" + service }

// QueueName is the physical name of a subscription's queue in the stage; its
// DLQ adds "-dlq".
func (s Stage) QueueName(svc spec.Service, sub spec.Subscription) string {
	return s.Prefix() + "-" + svc.QueueName(sub)
}

// StreamFailureQueueName is the physical name of the queue that receives the
// stream records a stream consumer gave up on.
func (s Stage) StreamFailureQueueName(function string) string {
	return s.Prefix() + "-" + function + "-stream-failures"
}

// EventBusName is the physical name of the stage's event bus.
func (s Stage) EventBusName() string { return s.Prefix() }

// APIName is the name of the stage's REST API.
func (s Stage) APIName() string { return s.Prefix() }

// AlarmTopicName is the name of the stage's SNS alarm topic.
func (s Stage) AlarmTopicName() string { return s.Prefix() + "-alarms" }

// Parameter is one of the SSM parameters through which the platform stack
// tells the service stacks where the shared resources are.
type Parameter string

// The platform's SSM parameters, relative to Stage.ParameterName.
const (
	ParamEventBusName   Parameter = "event-bus/name"
	ParamEventBusARN    Parameter = "event-bus/arn"
	ParamRestAPIID      Parameter = "api/id"
	ParamAPIURL         Parameter = "api/url"
	ParamUserPoolID     Parameter = "user-pool/id"
	ParamUserPoolClient Parameter = "user-pool/client-id"
	ParamAlarmTopicARN  Parameter = "alarm-topic/arn"
)

// Parameters lists every platform parameter.
var Parameters = []Parameter{
	ParamEventBusName, ParamEventBusARN, ParamRestAPIID, ParamAPIURL,
	ParamUserPoolID, ParamUserPoolClient, ParamAlarmTopicARN,
}

// ParameterName is the full SSM name of a platform parameter in the stage,
// e.g. "/conveyor/dev/platform/event-bus/name".
func (s Stage) ParameterName(p Parameter) string {
	return "/conveyor/" + s.Name + "/platform/" + string(p)
}

// StageParameterName is the SSM name of a stage parameter a function
// declares (spec.Parameter), e.g. "/conveyor/prod/payments/provider-url".
// Such parameters are set outside the stacks, once per stage, by whoever
// owns the value.
func (s Stage) StageParameterName(name string) string {
	return "/conveyor/" + s.Name + "/" + name
}

// ParameterReference is the CloudFormation dynamic reference to the
// version of a stage parameter the stage pins (ParameterVersions), e.g.
// "{{resolve:ssm:/conveyor/prod/payments/provider-url:2}}". CloudFormation
// resolves a dynamic reference again only when its text changes, so an
// unversioned one would keep the value of the first deploy; with the
// version in the text, a new pin changes the function's configuration, and
// the deploy publishes a new version and moves the alias to it.
func (s Stage) ParameterReference(name string) string {
	return fmt.Sprintf("{{resolve:ssm:%s:%d}}", s.StageParameterName(name), s.ParameterVersions[name])
}

// StageParameters returns the stage parameters the declarations read
// (spec.Parameter), sorted, by name relative to /conveyor/<stage>/.
func StageParameters(services []spec.Service) []string {
	var out []string
	for _, svc := range services {
		for _, f := range svc.Functions {
			for _, v := range f.Environment {
				if v.Parameter != "" && !slices.Contains(out, v.Parameter) {
					out = append(out, v.Parameter)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}
