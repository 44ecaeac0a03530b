package infra

import (
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsfis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// AWS Fault Injection Service experiments on the saga's functions, in the
// stages that ask for them (Stage.FaultInjection). FIS injects into a
// Lambda function through its managed extension, a layer on the function
// that reads what to inject from an S3 location FIS writes during an
// experiment. The stack holds that location (a bucket), the role the
// experiments run with and one template per experiment; the functions
// carry the layer and the two variables FaultInjectionSettings gives.

// FISConfigPrefix is the folder of the configuration bucket FIS writes
// each experiment's faults to and the extension reads them from.
const FISConfigPrefix = "FisConfigs/"

// FISExtensionParameter is the public SSM parameter holding the ARN of the
// FIS extension layer for arm64 functions, in each region.
const FISExtensionParameter = "/aws/service/fis/lambda-extension/AWS-FIS-extension-arm64/1.x.x"

// The experiments: the action each injects and its parameters. Each runs
// for ten minutes on every saga function.
var fisExperiments = []struct {
	id, description, action string
	parameters              map[string]*string
}{
	{
		id: "SagaInvocationErrors", action: "aws:lambda:invocation-error",
		description: "Fails one invocation in ten of every saga function, without running the handler, for 10 minutes",
		parameters: map[string]*string{
			"duration": jsii.String("PT10M"), "invocationPercentage": jsii.String("10"), "preventExecution": jsii.String("true"),
		},
	},
	{
		id: "SagaInvocationDelay", action: "aws:lambda:invocation-add-delay",
		description: "Delays the start of one invocation in five of every saga function by 1 s, for 10 minutes",
		parameters: map[string]*string{
			"duration": jsii.String("PT10M"), "invocationPercentage": jsii.String("20"), "startupDelayMilliseconds": jsii.String("1000"),
		},
	},
}

// SagaFunctions are the functions the experiments target: each function
// that drains a subscription, the steps of the choreographed saga.
func SagaFunctions(services []spec.Service) []string {
	var out []string
	for _, s := range services {
		for _, sub := range s.Subscriptions {
			if !slices.Contains(out, sub.Function) {
				out = append(out, sub.Function)
			}
		}
	}
	return out
}

// FaultInjectionBucketName is the name of the stage's FIS configuration
// bucket in account and region: fixed, so that the functions' stacks name
// it without an export.
func (s Stage) FaultInjectionBucketName(account, region string) string {
	return s.Prefix() + "-fis-config-" + account + "-" + region
}

// FaultInjectionSettings are the variables a saga function gets in a
// stage with fault injection, beside the FIS extension layer
// (FISExtensionParameter): the configuration location, and the wrapper
// that runs the function under the extension.
func (s Stage) FaultInjectionSettings(account, region string) map[string]string {
	return map[string]string{
		"AWS_FIS_CONFIGURATION_LOCATION": "arn:aws:s3:::" + s.FaultInjectionBucketName(account, region) + "/" + FISConfigPrefix,
		"AWS_LAMBDA_EXEC_WRAPPER":        "/opt/aws-fis/bootstrap",
	}
}

// suppressFISConfigObjects accepts the folder of the configuration
// bucket in the experiment role; NewFaultInjectionStack names the
// finding.
var suppressFISConfigObjects = Suppression{
	Rule:   "AwsSolutions-IAM5",
	Where:  "the FIS experiment role (fault injection stack): the objects under FisConfigs/ of its configuration bucket",
	Reason: "FIS writes and deletes each experiment's fault configuration as objects it names at run time, under the FisConfigs/ folder of the stage's configuration bucket: the folder is the narrowest resource IAM can name.",
}

// FaultInjectionStackProps configure the fault injection stack.
type FaultInjectionStackProps struct {
	awscdk.StackProps
	Stage    Stage
	Services []spec.Service
}

// FaultInjectionStack holds the stage's FIS experiment templates, the role
// they run with and the configuration bucket.
type FaultInjectionStack struct {
	awscdk.Stack
	Bucket awss3.Bucket
	Role   awsiam.Role
	// Templates are the experiment templates, by id.
	Templates map[string]awsfis.CfnExperimentTemplate
}

// NewFaultInjectionStack adds the stage's fault injection stack to scope.
func NewFaultInjectionStack(scope constructs.Construct, id string, props *FaultInjectionStackProps) *FaultInjectionStack {
	stack := awscdk.NewStack(scope, jsii.String(id), &props.StackProps)
	stage := props.Stage
	s := &FaultInjectionStack{Stack: stack, Templates: map[string]awsfis.CfnExperimentTemplate{}}
	account, region, partition := *stack.Account(), *stack.Region(), *stack.Partition()
	var functionARNs []*string
	for _, fn := range SagaFunctions(props.Services) {
		functionARNs = append(functionARNs, jsii.String("arn:"+partition+":lambda:"+region+":"+account+":function:"+stage.FunctionName(fn)))
	}

	accessLogs := awss3.NewBucket(stack, jsii.String("AccessLogs"), &awss3.BucketProps{
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		EnforceSSL:        jsii.Bool(true),
		ObjectOwnership:   awss3.ObjectOwnership_BUCKET_OWNER_PREFERRED,
		RemovalPolicy:     removalPolicy(stage),
		LifecycleRules:    &[]*awss3.LifecycleRule{{Expiration: awscdk.Duration_Days(jsii.Number(float64(stage.LogRetentionDays)))}},
	})
	s.Bucket = awss3.NewBucket(stack, jsii.String("Config"), &awss3.BucketProps{
		BucketName:             jsii.String(stage.FaultInjectionBucketName(account, region)),
		ServerAccessLogsBucket: accessLogs,
		ServerAccessLogsPrefix: jsii.String("config/"),
		Encryption:             awss3.BucketEncryption_S3_MANAGED,
		BlockPublicAccess:      awss3.BlockPublicAccess_BLOCK_ALL(),
		EnforceSSL:             jsii.Bool(true),
		RemovalPolicy:          removalPolicy(stage),
	})
	// The saga functions' extension reads the faults with the function's
	// own credentials: the bucket lets exactly those functions' code read
	// the configuration folder (lambda:SourceFunctionArn), so that their
	// roles keep the statements of their declarations alone.
	fromSagaFunctions := &map[string]any{
		"StringEquals": map[string]any{"aws:PrincipalAccount": account},
		"ArnEquals":    map[string]any{"lambda:SourceFunctionArn": functionARNs},
	}
	s.Bucket.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("SagaFunctionsReadFaults"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},
		Actions:    jsii.Strings("s3:GetObject"),
		Resources:  jsii.Strings(*s.Bucket.BucketArn() + "/" + FISConfigPrefix + "*"),
		Conditions: fromSagaFunctions,
	}))
	s.Bucket.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("SagaFunctionsListFaults"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},
		Actions:    jsii.Strings("s3:ListBucket"),
		Resources:  jsii.Strings(*s.Bucket.BucketArn()),
		Conditions: &map[string]any{
			"StringEquals": map[string]any{"aws:PrincipalAccount": account},
			"ArnEquals":    map[string]any{"lambda:SourceFunctionArn": functionARNs},
			"StringLike":   map[string]any{"s3:prefix": []string{FISConfigPrefix + "*"}},
		},
	}))

	s.Role = awsiam.NewRole(stack, jsii.String("ExperimentRole"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("fis.amazonaws.com"), nil),
		Description: jsii.String("Runs " + stage.Prefix() + "'s FIS experiments: reads the saga functions and writes their faults."),
		InlinePolicies: &map[string]awsiam.PolicyDocument{
			"Experiments": awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &[]awsiam.PolicyStatement{
				awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
					Sid:       jsii.String("ReadSagaFunctions"),
					Actions:   jsii.Strings("lambda:GetFunction"),
					Resources: &functionARNs,
				}),
				awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
					Sid:       jsii.String("WriteFaults"),
					Actions:   jsii.Strings("s3:PutObject", "s3:DeleteObject"),
					Resources: jsii.Strings(*s.Bucket.BucketArn() + "/" + FISConfigPrefix + "*"),
				}),
			}}),
		},
	})

	// The objects FIS writes are named at run time, under the folder the
	// role names: the folder is the narrowest resource there is.
	config := *stack.GetLogicalId(s.Bucket.Node().DefaultChild().(awscdk.CfnElement))
	sup := suppressFISConfigObjects
	sup.AppliesTo = []string{"Resource::<" + config + ".Arn>/" + FISConfigPrefix + "*"}
	suppress(s.Role, true, sup)

	for _, e := range fisExperiments {
		params := map[string]*string{}
		for k, v := range e.parameters {
			params[k] = v
		}
		t := awsfis.NewCfnExperimentTemplate(stack, jsii.String(e.id), &awsfis.CfnExperimentTemplateProps{
			Description: jsii.String(stage.Prefix() + ": " + e.description),
			RoleArn:     s.Role.RoleArn(),
			StopConditions: &[]*awsfis.CfnExperimentTemplate_ExperimentTemplateStopConditionProperty{{
				Source: jsii.String("none"),
			}},
			Targets: &map[string]*awsfis.CfnExperimentTemplate_ExperimentTemplateTargetProperty{
				"SagaFunctions": {
					ResourceType:  jsii.String("aws:lambda:function"),
					ResourceArns:  &functionARNs,
					SelectionMode: jsii.String("ALL"),
				},
			},
			Actions: &map[string]*awsfis.CfnExperimentTemplate_ExperimentTemplateActionProperty{
				e.id: {ActionId: jsii.String(e.action), Parameters: &params,
					Targets: &map[string]*string{"Functions": jsii.String("SagaFunctions")}},
			},
			Tags: &map[string]*string{"Name": jsii.String(stage.Prefix() + "-" + e.id)},
		})
		t.Node().AddDependency(s.Role)
		s.Templates[e.id] = t
	}
	return s
}
