package infra

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsssm"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// PlatformStackProps configure the platform stack.
type PlatformStackProps struct {
	awscdk.StackProps
	// Stage is the stage to deploy.
	Stage Stage
	// Services are the declarations whose routes the REST API serves.
	Services []spec.Service
}

// PlatformStack holds what every service shares: the event bus, the REST
// API with its user pool, the alarm topic and the platform dashboard.
type PlatformStack struct {
	awscdk.Stack
	// Events is the event bus and its archive.
	Events *PlatformEvents
	// API is the REST API, its stage, its user pool and its routes.
	API *PlatformAPI
	// Alarms is the SNS topic every alarm notifies.
	Alarms *AlarmTopic
}

// NewPlatformStack adds the platform stack to scope and publishes the names
// the service stacks need as SSM parameters (see Parameters).
func NewPlatformStack(scope constructs.Construct, id string, props *PlatformStackProps) *PlatformStack {
	stack := awscdk.NewStack(scope, jsii.String(id), &props.StackProps)
	p := &PlatformStack{Stack: stack}
	p.Events = NewPlatformEvents(stack, "Events", props.Stage)
	p.Alarms = NewAlarmTopic(stack, "Alarms", props.Stage)
	p.API = NewPlatformAPI(stack, "Api", &PlatformAPIProps{Stage: props.Stage, Services: props.Services})
	NewPlatformMonitoring(stack, "Monitoring", &PlatformMonitoringProps{
		Stage:    props.Stage,
		API:      p.API,
		Events:   p.Events,
		Services: props.Services,
		Topic:    p.Alarms.Topic,
	})

	NewHealthCanary(stack, "HealthCanary", &HealthCanaryProps{
		Stage: props.Stage, API: p.API, Services: props.Services, Topic: p.Alarms.Topic,
	})

	values := map[Parameter]*string{
		ParamEventBusName:   p.Events.Bus.EventBusName(),
		ParamEventBusARN:    p.Events.Bus.EventBusArn(),
		ParamRestAPIID:      p.API.RestAPI.RestApiId(),
		ParamAPIURL:         p.API.RestAPI.Url(),
		ParamUserPoolID:     p.API.UserPool.UserPoolId(),
		ParamUserPoolClient: p.API.Client.UserPoolClientId(),
		ParamAlarmTopicARN:  p.Alarms.Topic.TopicArn(),
	}
	params := constructs.NewConstruct(stack, jsii.String("Parameters"))
	for _, name := range Parameters {
		awsssm.NewStringParameter(params, jsii.String(string(name)), &awsssm.StringParameterProps{
			ParameterName: jsii.String(props.Stage.ParameterName(name)),
			StringValue:   values[name],
			Description:   jsii.String("Conveyor " + props.Stage.Name + " platform: " + string(name) + ", read by the service stacks."),
			Tier:          awsssm.ParameterTier_STANDARD,
		})
	}
	awscdk.NewCfnOutput(stack, jsii.String("ApiUrl"), &awscdk.CfnOutputProps{
		Value:       p.API.RestAPI.Url(),
		Description: jsii.String("Base URL of the REST API stage."),
	})
	awscdk.NewCfnOutput(stack, jsii.String("UserPoolId"), &awscdk.CfnOutputProps{Value: p.API.UserPool.UserPoolId()})
	awscdk.NewCfnOutput(stack, jsii.String("UserPoolClientId"), &awscdk.CfnOutputProps{Value: p.API.Client.UserPoolClientId()})
	suppressPlatform(p, props.Stage)
	return p
}
