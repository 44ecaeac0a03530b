package infra

import (
	"maps"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsssm"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

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
	Streams    map[string]*StreamConsumer
	Monitoring *ServiceMonitoring
}

// TableActions are the DynamoDB actions a service's functions may call on
// their own table and its indexes. Transactions need no action of their
// own: DynamoDB authorises each item of one as the matching single-item
// action.
var TableActions = []string{
	"dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem",
	"dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem",
	"dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem",
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
	tableResources := append([]*string{s.Table.Table.TableArn()}, s.Table.IndexARNs()...)

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
		f.Role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:       jsii.String("OwnTable"),
			Actions:   jsii.Strings(TableActions...),
			Resources: &tableResources,
		}))
		if len(svc.Publishes) > 0 {
			f.Role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Sid:       jsii.String("PublishOwnEvents"),
				Actions:   jsii.Strings("events:PutEvents"),
				Resources: &[]*string{param(ParamEventBusARN)},
				Conditions: &map[string]any{"StringEquals": map[string]any{
					"events:source":      []string{svc.Source()},
					"events:detail-type": svc.Publishes,
				}},
			}))
		}
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
		suppressFunction(f)
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

	// A function that declares a queue's URL in its environment may send
	// to that queue, and to no other.
	for _, f := range s.Functions {
		for _, k := range slices.Sorted(maps.Keys(f.Decl.Environment)) {
			v := f.Decl.Environment[k]
			if v.Queue == "" {
				continue
			}
			f.Role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Sid:       jsii.String("SendTo" + pascal(v.Queue) + "Queue"),
				Actions:   jsii.Strings("sqs:SendMessage"),
				Resources: &[]*string{s.subscription(v.Queue).Queues.Queue.QueueArn()},
			}))
		}
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

// subscription returns the stack's subscription with the given declared
// name; spec.Validate guarantees it exists.
func (s *ServiceStack) subscription(name string) *Subscription {
	for _, sub := range s.Subscriptions {
		if sub.Decl.Name == name {
			return sub
		}
	}
	panic("infra: subscription " + name + " is not declared by service " + s.Service.Name)
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
