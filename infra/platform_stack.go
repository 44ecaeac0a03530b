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
	// AssetDir holds the built functions, as Props.AssetDir does; the
	// platform reads the gatekeeper's build from it in a stage with
	// AuthLocalTokens.
	AssetDir string
}

// PlatformStack holds what every service shares: the event bus, the REST
// API with its user pool (or gatekeeper), the alarm topic, the health
// canary and the platform dashboard.
type PlatformStack struct {
	awscdk.Stack
	// Events is the event bus and its archive.
	Events *PlatformEvents
	// API is the REST API, its stage, its user pool and its routes.
	API *PlatformAPI
	// Alarms is the SNS topic every alarm notifies.
	Alarms *AlarmTopic
	// Canary calls the health routes; nil in a stage without HealthCanary.
	Canary *HealthCanary
}

// NewPlatformStack adds the platform stack to scope and publishes the names
// the service stacks need as SSM parameters (see Parameters).
func NewPlatformStack(scope constructs.Construct, id string, props *PlatformStackProps) *PlatformStack {
	stack := awscdk.NewStack(scope, jsii.String(id), &props.StackProps)
	p := &PlatformStack{Stack: stack}
	p.Events = NewPlatformEvents(stack, "Events", props.Stage)
	p.Alarms = NewAlarmTopic(stack, "Alarms", props.Stage)
	p.API = NewPlatformAPI(stack, "Api", &PlatformAPIProps{Stage: props.Stage, Services: props.Services, AssetDir: props.AssetDir})
	NewPlatformMonitoring(stack, "Monitoring", &PlatformMonitoringProps{
		Stage:    props.Stage,
		API:      p.API,
		Events:   p.Events,
		Services: props.Services,
		Topic:    p.Alarms.Topic,
	})

	if props.Stage.HealthCanary {
		p.Canary = NewHealthCanary(stack, "HealthCanary", &HealthCanaryProps{
			Stage: props.Stage, API: p.API, Services: props.Services, Topic: p.Alarms.Topic,
		})
	}

	values := map[Parameter]*string{
		ParamEventBusName:  p.Events.Bus.EventBusName(),
		ParamEventBusARN:   p.Events.Bus.EventBusArn(),
		ParamRestAPIID:     p.API.RestAPI.RestApiId(),
		ParamAPIURL:        p.API.RestAPI.Url(),
		ParamAlarmTopicARN: p.Alarms.Topic.TopicArn(),
	}
	// A stage without a user pool publishes no user-pool parameters:
	// infra/e2e_env.sh signs local tokens when they are missing.
	if p.API.UserPool != nil {
		values[ParamUserPoolID] = p.API.UserPool.UserPoolId()
		values[ParamUserPoolClient] = p.API.Client.UserPoolClientId()
	}
	params := constructs.NewConstruct(stack, jsii.String("Parameters"))
	for _, name := range Parameters {
		if values[name] == nil {
			continue
		}
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
	if p.API.UserPool != nil {
		awscdk.NewCfnOutput(stack, jsii.String("UserPoolId"), &awscdk.CfnOutputProps{Value: p.API.UserPool.UserPoolId()})
		awscdk.NewCfnOutput(stack, jsii.String("UserPoolClientId"), &awscdk.CfnOutputProps{Value: p.API.Client.UserPoolClientId()})
	}
	suppressPlatform(p, props.Stage)
	return p
}
