package settings_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/settings"
)

// platform and service are a two-stack app in the shape CDK synthesizes: the platform
// stack writes the bus name to SSM, the service stack reads it.
const platform = `{
  "Resources": {
    "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "conveyor-dev"}},
    "BusName": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/conveyor/dev/platform/event-bus/name", "Value": {"Ref": "Bus"}}},
    "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {}},
    "Things": {"Type": "AWS::ApiGateway::Resource", "Properties": {"ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "PathPart": "things", "RestApiId": {"Ref": "Api"}}},
    "Thing": {"Type": "AWS::ApiGateway::Resource", "Properties": {"ParentId": {"Ref": "Things"}, "PathPart": "{id}", "RestApiId": {"Ref": "Api"}}},
    "GetThing": {"Type": "AWS::ApiGateway::Method", "Properties": {"HttpMethod": "GET", "AuthorizationType": "COGNITO_USER_POOLS", "ResourceId": {"Ref": "Thing"},
      "Integration": {"Uri": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"}, ":lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:conveyor-dev-things-api:live/invocations"]]}}}},
    "Options": {"Type": "AWS::ApiGateway::Method", "Properties": {"HttpMethod": "OPTIONS", "AuthorizationType": "NONE", "ResourceId": {"Ref": "Thing"}}}
  }
}`

const service = `{
  "Parameters": {"BusName": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/conveyor/dev/platform/event-bus/name"}},
  "Resources": {
    "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "conveyor-dev-things",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
      "StreamSpecification": {"StreamViewType": "NEW_IMAGE"},
      "TimeToLiveSpecification": {"AttributeName": "expiresAt", "Enabled": true}}},
    "Dlq": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "conveyor-dev-things-events-dlq", "MessageRetentionPeriod": 1209600}},
    "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "conveyor-dev-things-events", "VisibilityTimeout": 180,
      "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]}, "maxReceiveCount": 5}}},
    "Rule": {"Type": "AWS::Events::Rule", "Properties": {"Name": "conveyor-dev-things-events", "EventBusName": {"Ref": "BusName"}, "State": "ENABLED",
      "EventPattern": {"source": ["conveyor.a", "conveyor.b"], "detail-type": ["ThingMade"]},
      "Targets": [{"Arn": {"Fn::GetAtt": ["Queue", "Arn"]}, "Id": "queue", "DeadLetterConfig": {"Arn": {"Fn::GetAtt": ["Dlq", "Arn"]}},
        "RetryPolicy": {"MaximumRetryAttempts": 185, "MaximumEventAgeInSeconds": 86400}}]}},
    "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "conveyor-dev-things-api", "MemorySize": 256, "Timeout": 30,
      "Environment": {"Variables": {"TABLE_NAME": {"Ref": "Table"}, "EVENT_BUS_NAME": {"Ref": "BusName"}, "CONVEYOR_STAGE": "dev", "LOG_LEVEL": "DEBUG",
        "QUEUE_URL": {"Fn::Join": ["", ["https://sqs.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}, "/", {"Ref": "AWS::AccountId"}, "/conveyor-dev-things-events"]]},
        "PROVIDER": "{{resolve:ssm:/conveyor/dev/things/provider:3}}"}}}},
    "Alias": {"Type": "AWS::Lambda::Alias", "Properties": {"FunctionName": {"Ref": "Fn"}, "Name": "live"}},
    "Mapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"BatchSize": 10, "EventSourceArn": {"Fn::GetAtt": ["Queue", "Arn"]},
      "FunctionName": {"Fn::Join": ["", [{"Fn::Select": [6, {"Fn::Split": [":", {"Ref": "Alias"}]}]}, ":live"]]}, "FunctionResponseTypes": ["ReportBatchItemFailures"]}},
    "Stream": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"BatchSize": 100, "EventSourceArn": {"Fn::GetAtt": ["Table", "StreamArn"]},
      "FunctionName": {"Ref": "Alias"}, "MaximumRetryAttempts": -1, "MaximumRecordAgeInSeconds": -1, "BisectBatchOnFunctionError": true,
      "StartingPosition": "TRIM_HORIZON", "FunctionResponseTypes": ["ReportBatchItemFailures"]}}
  }
}`

// local is what a local cloud configured alike describes.
func local(t *testing.T) settings.Snapshot {
	t.Helper()
	c := settings.Canon{Prefix: "conveyor-local", Stage: "local", LogLevel: "INFO",
		Parameters: map[string]string{"things/provider": "http://127.0.0.1:9/"}}
	s := settings.Snapshot{}
	s.AddTable("things", settings.Table{Keys: []settings.Key{{Name: "pk", Type: "S", Role: "HASH"}}, Stream: "NEW_IMAGE", TTL: "expiresAt"})
	s.AddQueue("things-events-dlq", settings.Queue{Visibility: 30 * time.Second, Retention: 14 * 24 * time.Hour})
	s.AddQueue("things-events", settings.Queue{Visibility: 3 * time.Minute, Retention: 4 * 24 * time.Hour, DeadLetter: "things-events-dlq", MaxReceiveCount: 5})
	if err := s.AddRule("things-events", settings.Rule{Pattern: `{"detail-type":["ThingMade"],"source":["conveyor.b","conveyor.a"]}`,
		Targets: []settings.RuleTarget{{Queue: "things-events", DeadLetter: "things-events-dlq", RetryAttempts: 185, MaxEventAge: 24 * time.Hour}}, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	for k, v := range map[string]string{"TABLE_NAME": "conveyor-local-things", "EVENT_BUS_NAME": "conveyor-local", "CONVEYOR_STAGE": "local",
		"LOG_LEVEL": "INFO", "QUEUE_URL": "http://127.0.0.1:4566/000000000000/conveyor-local-things-events", "PROVIDER": "http://127.0.0.1:9/"} {
		env[k] = c.Value(k, v)
	}
	s.AddFunction("things-api", settings.Function{Environment: env, MemoryMB: 256, Timeout: 30 * time.Second})
	s.AddQueueMapping(settings.QueueMapping{Function: "things-api", Queue: "things-events", BatchSize: 10, ReportBatchItemFailures: true})
	s.AddStreamMapping(settings.StreamMapping{Function: "things-api", Table: "things", BatchSize: 100, RetryAttempts: -1, MaxRecordAge: -1,
		Bisect: true, ReportBatchItemFailures: true, StartingPosition: "TRIM_HORIZON"})
	s.AddRoute(settings.Route{Method: "GET", Path: "/things/{id}", Auth: settings.BearerToken, Function: "things-api"})
	return s
}

func deployed(t *testing.T) settings.Snapshot {
	t.Helper()
	templates := map[string]map[string]any{}
	for name, text := range map[string]string{"platform": platform, "things": service} {
		var m map[string]any
		if err := json.Unmarshal([]byte(text), &m); err != nil {
			t.Fatal(err)
		}
		templates[name] = m
	}
	s, err := settings.FromTemplates(templates, settings.Canon{Prefix: "conveyor-dev", Stage: "dev", LogLevel: "DEBUG"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestATemplateAndALocalCloudConfiguredAlikeDescribeTheSame(t *testing.T) {
	if d := settings.Diff("local", local(t), "template", deployed(t)); len(d) > 0 {
		t.Fatalf("differences:\n%s", strings.Join(d, "\n"))
	}
}

func TestEveryDifferenceIsNamedByResourceAndSetting(t *testing.T) {
	l := local(t)
	l.AddQueue("things-events", settings.Queue{Visibility: 45 * time.Second, Retention: 4 * 24 * time.Hour, DeadLetter: "things-events-dlq", MaxReceiveCount: 3})
	l.AddRoute(settings.Route{Method: "POST", Path: "/things", Auth: settings.NoAuth, Function: "things-api"})
	delete(l, "table things")
	got := settings.Diff("local", l, "template", deployed(t))
	want := []string{
		`queue things-events: maxReceiveCount: local "3", template "5"`,
		`queue things-events: visibility timeout: local "45s", template "3m0s"`,
		`route POST /things: in the local, not in the template`,
		`table things: in the template, not in the local`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
