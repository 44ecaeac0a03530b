package infra

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// AlarmTopic is the SNS topic every Conveyor alarm in the stage notifies,
// encrypted with its own KMS key (CloudWatch cannot publish to a topic
// encrypted with the AWS-managed SNS key).
type AlarmTopic struct {
	constructs.Construct
	// Topic receives every alarm and OK transition.
	Topic awssns.Topic
	// Key encrypts the topic; CloudWatch may use it to publish.
	Key awskms.Key
}

// NewAlarmTopic adds the alarm topic and its key to scope. Subscribe people
// or a chat integration to the topic after the first deployment.
func NewAlarmTopic(scope constructs.Construct, id string, stage Stage) *AlarmTopic {
	c := constructs.NewConstruct(scope, jsii.String(id))
	key := awskms.NewKey(c, jsii.String("Key"), &awskms.KeyProps{
		Description:       jsii.String("Encrypts the Conveyor " + stage.Name + " alarm topic."),
		Alias:             jsii.String("alias/" + stage.AlarmTopicName()),
		EnableKeyRotation: jsii.Bool(true),
		RemovalPolicy:     removalPolicy(stage),
	})
	// In a key policy, the resource "*" means this key.
	key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("CloudWatchAlarmsPublish"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("cloudwatch.amazonaws.com"), nil)},
		Actions:    jsii.Strings("kms:Decrypt", "kms:GenerateDataKey*"),
		Resources:  jsii.Strings("*"),
	}), nil)
	topic := awssns.NewTopic(c, jsii.String("Topic"), &awssns.TopicProps{
		TopicName:   jsii.String(stage.AlarmTopicName()),
		DisplayName: jsii.String("Conveyor " + stage.Name + " alarms"),
		MasterKey:   key,
		EnforceSSL:  jsii.Bool(true),
	})
	return &AlarmTopic{Construct: c, Topic: topic, Key: key}
}
