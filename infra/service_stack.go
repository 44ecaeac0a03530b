package infra

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsssm"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/internal/iampolicy"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// ServiceStackProps configure one service's stack.
type ServiceStackProps struct {
	awscdk.StackProps
	Stage   Stage
	Service spec.Service
	// AssetDir holds <function>/bootstrap for every declared function.
	AssetDir string
}

// ServiceStack holds everything one service owns, built from its
// declaration alone. It finds the platform through the SSM parameters the
// platform stack writes, resolved when CloudFormation deploys the stack.
type ServiceStack struct {
	awscdk.Stack
	Service       spec.Service
	Table         *ServiceTable
	Functions     []*ServiceFunction
	Subscriptions []*Subscription
	// Streams are the stream consumers, by function name.
	Streams map[string]*StreamConsumer
	// Resources are the ARNs (tokens) the functions' statements name.
	Resources iampolicy.Resources
	// Policies are the statements each function's role holds, by
	// function name: internal/iampolicy's for its declaration, and
	// nothing else.
	Policies   map[string][]iampolicy.Statement
	Monitoring *ServiceMonitoring
}

// NewServiceStack adds a service's stack to scope.
func NewServiceStack(scope constructs.Construct, id string, props *ServiceStackProps) *ServiceStack {
	stack := awscdk.NewStack(scope, jsii.String(id), &props.StackProps)
	stage, svc := props.Stage, props.Service
	s := &ServiceStack{Stack: stack, Service: svc, Streams: map[string]*StreamConsumer{}}

	platform := constructs.NewConstruct(stack, jsii.String("Platform"))
	// Each parameter becomes a CloudFormation parameter of the stack,
	// resolved at deploy time; only those the service uses are read.
	param := func(p Parameter) *string {
		return awsssm.StringParameter_ValueForStringParameter(platform, jsii.String(stage.ParameterName(p)), nil)
	}
	busName := param(ParamEventBusName)
	topic := awssns.Topic_FromTopicArn(platform, jsii.String("AlarmTopic"), param(ParamAlarmTopicARN))

	s.Table = NewServiceTable(stack, "Table", stage, svc)

	routesOf := map[string][]spec.Route{}
	for _, r := range svc.Routes {
		routesOf[r.Function] = append(routesOf[r.Function], r)
	}
	functions := constructs.NewConstruct(stack, jsii.String("Functions"))
	for _, decl := range svc.Functions {
		f := NewServiceFunction(functions, decl.Name, &ServiceFunctionProps{
			Stage:        stage,
			Service:      svc,
			Function:     decl,
			AssetDir:     props.AssetDir,
			TableName:    s.Table.Table.TableName(),
			EventBusName: busName,
			ServesAPI:    len(routesOf[decl.Name]) > 0,
			QueueURL: func(name string) string {
				sub, _ := svc.Subscription(name) // spec.Validate guarantees it exists
				return "https://sqs." + *stack.Region() + "." + *stack.UrlSuffix() + "/" + *stack.Account() + "/" + stage.QueueName(svc, sub)
			},
		})
		for _, r := range routesOf[decl.Name] {
			f.Alias.AddPermission(jsii.String("Api-"+operationName(r)), &awslambda.Permission{
				Principal: awsiam.NewServicePrincipal(jsii.String("apigateway.amazonaws.com"), nil),
				Action:    jsii.String("lambda:InvokeFunction"),
				SourceArn: jsii.String("arn:" + *stack.Partition() + ":execute-api:" + *stack.Region() + ":" +
					*stack.Account() + ":" + *param(ParamRestAPIID) + "/" + RouteSourcePath(stage.Name, r)),
			})
		}
		if decl.Stream != nil {
			s.Streams[decl.Name] = NewStreamConsumer(f.Construct, "Stream", &StreamConsumerProps{Stage: stage, Table: s.Table, Consumer: f})
		}
		s.Functions = append(s.Functions, f)
	}

	subscriptions := constructs.NewConstruct(stack, jsii.String("Subscriptions"))
	for _, sub := range svc.Subscriptions {
		s.Subscriptions = append(s.Subscriptions, NewSubscription(subscriptions, sub.Name, &SubscriptionProps{
			Stage:        stage,
			Service:      svc,
			Subscription: sub,
			EventBusName: busName,
			Consumer:     s.function(sub.Function),
		}))
	}

	// Every resource a statement names exists now: each role gets the
	// statements its declaration gives it, and no others.
	s.Resources = s.policyResources(param(ParamEventBusARN))
	s.Policies = map[string][]iampolicy.Statement{}
	for _, f := range s.Functions {
		statements, err := iampolicy.ForFunction(svc, f.Decl, s.Resources)
		if err != nil {
			panic(err) // spec.Validate guarantees every resource a declaration names
		}
		f.Grant(statements)
		s.Policies[f.Decl.Name] = statements
		// After the grant: a suppression covers the policy only once it
		// exists.
		suppressFunction(f)
	}

	s.Monitoring = NewServiceMonitoring(stack, "Monitoring", &ServiceMonitoringProps{
		Stage:         stage,
		Service:       svc.Name,
		Table:         s.Table,
		Functions:     s.Functions,
		Subscriptions: s.Subscriptions,
		Streams:       s.Streams,
		Topic:         topic,
	})
	return s
}

// policyResources are the ARNs of the stack's resources, as tokens, for
// the functions' statements; busARN is the platform bus's.
func (s *ServiceStack) policyResources(busARN *string) iampolicy.Resources {
	r := iampolicy.Resources{
		Table:               *s.Table.Table.TableArn(),
		EventBus:            *busARN,
		Queues:              map[string]string{},
		StreamFailureQueues: map[string]string{},
		LogGroups:           map[string]string{},
	}
	if s.Service.Table.Stream != spec.NoStream {
		r.Stream = *s.Table.Table.TableStreamArn()
	}
	for _, sub := range s.Subscriptions {
		r.Queues[sub.Decl.Name] = *sub.Queues.Queue.QueueArn()
	}
	for name, consumer := range s.Streams {
		r.StreamFailureQueues[name] = *consumer.Failures.QueueArn()
	}
	for _, f := range s.Functions {
		r.LogGroups[f.Decl.Name] = *f.LogGroup.LogGroupArn()
	}
	return r
}

// function returns the stack's function with the given declared name;
// spec.Validate guarantees it exists.
func (s *ServiceStack) function(name string) *ServiceFunction {
	for _, f := range s.Functions {
		if f.Decl.Name == name {
			return f
		}
	}
	panic("infra: function " + name + " is not declared by service " + s.Service.Name)
}
