package infra

import (
	"maps"
	"path/filepath"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsssm"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/internal/iampolicy"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// ServiceFunctionProps configure one function.
type ServiceFunctionProps struct {
	Stage    Stage
	Service  spec.Service
	Function spec.Function
	// AssetDir holds <function>/bootstrap.
	AssetDir string
	// TableName and EventBusName are the physical names the function gets
	// as TABLE_NAME and EVENT_BUS_NAME.
	TableName    *string
	EventBusName *string
	// ServesAPI says the function serves HTTP routes; in a stage with
	// provisioned concurrency its alias gets some.
	ServesAPI bool
	// QueueURL returns the URL of the queue of one of the service's
	// subscriptions, for the variables declared with spec.QueueURL.
	QueueURL func(subscription string) string
}

// ServiceFunction is one declared Lambda function with the platform's
// defaults: provided.al2023 on arm64 running build/<function>/bootstrap,
// X-Ray tracing active, JSON logs into its own log group with the stage's
// retention, the platform environment, and a role. It is invoked through
// its alias "live", which carries provisioned concurrency with
// target-tracking auto scaling where the stage asks for it.
//
// The role holds exactly the statements internal/iampolicy derives from
// the declaration, which the service stack grants (Grant) once every
// resource they name exists. Nothing else adds to it: the function and
// its event sources see the role through a view that ignores grants, so
// the grants CDK would make on its own (traces, the log group, the
// stream, the queues) are not made twice, or wider.
type ServiceFunction struct {
	constructs.Construct
	Decl     spec.Function
	Function awslambda.Function
	Alias    awslambda.Alias
	Role     awsiam.Role
	LogGroup awslogs.LogGroup
}

// NewServiceFunction adds the function, its role, log group and alias to
// scope.
func NewServiceFunction(scope constructs.Construct, id string, props *ServiceFunctionProps) *ServiceFunction {
	stage, decl := props.Stage, props.Function
	c := constructs.NewConstruct(scope, jsii.String(id))
	name := stage.FunctionName(decl.Name)

	logGroup := awslogs.NewLogGroup(c, jsii.String("Logs"), &awslogs.LogGroupProps{
		LogGroupName:  jsii.String("/aws/lambda/" + name),
		Retention:     retention(stage),
		RemovalPolicy: removalPolicy(stage),
	})
	role := awsiam.NewRole(c, jsii.String("Role"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		Description: jsii.String("Runs " + name + ": its own logs, traces, table, queues and events only."),
	})

	vars, err := props.Service.Env(decl, spec.Runtime{
		Stage:        stage.Name,
		TableName:    *props.TableName,
		EventBusName: *props.EventBusName,
		LogLevel:     stage.LogLevel,
		// A dynamic reference to the version the stage pins: no stack
		// parameter appears, and a new pin changes the text, so the
		// deploy reads the value again (Stage.ParameterReference).
		Parameter: stage.ParameterReference,
		QueueURL:  props.QueueURL,
	})
	if err != nil {
		panic(err)
	}
	// In a stage with fault injection, a saga function runs under the FIS
	// extension: its configuration location and the wrapper that puts
	// the extension between the function and the runtime API (honoured
	// by middleware.Main, as OS-only runtimes do not run wrappers).
	faults := stage.FaultInjection && slices.Contains(SagaFunctions([]spec.Service{props.Service}), decl.Name)
	if faults {
		st := awscdk.Stack_Of(c)
		maps.Copy(vars, stage.FaultInjectionSettings(*st.Account(), *st.Region()))
	}
	env := map[string]*string{}
	for _, k := range slices.Sorted(maps.Keys(vars)) {
		env[k] = jsii.String(vars[k])
	}

	fnProps := &awslambda.FunctionProps{
		FunctionName:  jsii.String(name),
		Description:   jsii.String(decl.Description),
		Runtime:       awslambda.Runtime_PROVIDED_AL2023(),
		Architecture:  awslambda.Architecture_ARM_64(),
		Handler:       jsii.String("bootstrap"),
		Code:          awslambda.Code_FromAsset(jsii.String(filepath.Join(props.AssetDir, decl.Name)), nil),
		MemorySize:    jsii.Number(decl.MemoryMB),
		Timeout:       awscdk.Duration_Millis(jsii.Number(decl.Timeout.Milliseconds())),
		Tracing:       awslambda.Tracing_ACTIVE,
		LoggingFormat: awslambda.LoggingFormat_JSON,
		LogGroup:      logGroup,
		// The function depends on the role, and so on its policy: the
		// function, its alias and its event source mappings are created
		// only once the role may do what they need.
		Role:        role.WithoutPolicyUpdates(&awsiam.WithoutPolicyUpdatesOptions{AddGrantsToResources: jsii.Bool(false)}),
		Environment: &env,
	}
	if faults {
		fnProps.Layers = &[]awslambda.ILayerVersion{awslambda.LayerVersion_FromLayerVersionArn(c, jsii.String("FISExtension"),
			awsssm.StringParameter_ValueForStringParameter(c, jsii.String(FISExtensionParameter), nil))}
	}
	if reserved := reservedConcurrency(stage, decl); reserved > 0 {
		fnProps.ReservedConcurrentExecutions = jsii.Number(reserved)
	}
	fn := awslambda.NewFunction(c, jsii.String("Function"), fnProps)

	aliasProps := &awslambda.AliasProps{
		AliasName:   jsii.String(AliasName),
		Version:     fn.CurrentVersion(),
		Description: jsii.String("The version every route, queue and stream invokes."),
	}
	pc := provisionedConcurrency(stage, decl, props.ServesAPI)
	if pc != nil {
		aliasProps.ProvisionedConcurrentExecutions = jsii.Number(pc.Min)
	}
	alias := awslambda.NewAlias(c, jsii.String("Alias"), aliasProps)
	if pc != nil {
		alias.AddAutoScaling(&awslambda.AutoScalingOptions{
			MinCapacity: jsii.Number(pc.Min),
			MaxCapacity: jsii.Number(pc.Max),
		}).ScaleOnUtilization(&awslambda.UtilizationScalingOptions{
			UtilizationTarget: jsii.Number(pc.TargetUtilization),
		})
	}
	return &ServiceFunction{Construct: c, Decl: decl, Function: fn, Alias: alias, Role: role, LogGroup: logGroup}
}

// Grant adds the statements to the function's role, in order, each as
// it is (see internal/iampolicy): the role's whole policy.
func (f *ServiceFunction) Grant(statements []iampolicy.Statement) {
	for _, st := range statements {
		f.Role.AddToPrincipalPolicy(policyStatement(st))
	}
}

// policyStatement is st as a CDK policy statement. Its Reason, which IAM
// has no field for, stays in internal/iampolicy (and in the cdk-nag
// suppression of wildcard resources).
func policyStatement(st iampolicy.Statement) awsiam.PolicyStatement {
	props := &awsiam.PolicyStatementProps{
		Sid:       jsii.String(st.Sid),
		Effect:    awsiam.Effect_ALLOW,
		Actions:   jsii.Strings(st.Actions...),
		Resources: jsii.Strings(st.Resources...),
	}
	if st.Effect == iampolicy.Deny {
		props.Effect = awsiam.Effect_DENY
	}
	if len(st.Conditions) > 0 {
		conditions := map[string]any{}
		for _, c := range st.Conditions {
			keys, _ := conditions[c.Operator].(map[string]any)
			if keys == nil {
				keys = map[string]any{}
				conditions[c.Operator] = keys
			}
			keys[c.Key] = slices.Clone(c.Values)
		}
		props.Conditions = &conditions
	}
	return awsiam.NewPolicyStatement(props)
}

// reservedConcurrency is the function's reserved concurrency in the stage:
// the stage's override if it has one, else the declaration's.
func reservedConcurrency(stage Stage, decl spec.Function) int {
	if n, ok := stage.ReservedConcurrency[decl.Name]; ok {
		return n
	}
	return decl.ReservedConcurrency
}

// provisionedConcurrency is the provisioned concurrency of an API
// function's alias in the stage, or nil for none. The ceiling is the
// declared MaxConcurrency, else the stage's Max, and never more than the
// reserved concurrency.
func provisionedConcurrency(stage Stage, decl spec.Function, servesAPI bool) *ProvisionedConcurrency {
	if stage.ProvisionedConcurrency == nil || !servesAPI {
		return nil
	}
	pc := *stage.ProvisionedConcurrency
	if decl.MaxConcurrency > 0 {
		pc.Max = decl.MaxConcurrency
	}
	if reserved := reservedConcurrency(stage, decl); reserved > 0 && pc.Max > reserved {
		pc.Max = reserved
	}
	if pc.Min > pc.Max {
		pc.Min = pc.Max
	}
	return &pc
}
