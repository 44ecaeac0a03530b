package infra

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// AlarmTopic is the SNS topic every Conveyor alarm in the stage notifies,
// encrypted with its own KMS key (CloudWatch cannot publish to a topic
// encrypted with the AWS-managed SNS key). Its policy lets CloudWatch
// publish for the stage's alarms in the stack's account, over TLS only.
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
	// A topic policy replaces SNS's default one, which lets the account's
	// principals publish: without this statement no alarm can notify.
	// Only this account's alarms of this stage may publish, every one of
	// which is named "conveyor-<stage>-...".
	stack := awscdk.Stack_Of(c)
	topic.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("CloudWatchAlarmsPublish"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("cloudwatch.amazonaws.com"), nil)},
		Actions:    jsii.Strings("sns:Publish"),
		Resources:  &[]*string{topic.TopicArn()},
		Conditions: &map[string]any{
			"StringEquals": map[string]any{"aws:SourceAccount": stack.Account()},
			"ArnLike": map[string]any{"aws:SourceArn": stack.FormatArn(&awscdk.ArnComponents{
				Service:      jsii.String("cloudwatch"),
				Resource:     jsii.String("alarm"),
				ResourceName: jsii.String(stage.Prefix() + "-*"),
				ArnFormat:    awscdk.ArnFormat_COLON_RESOURCE_NAME,
			})},
		},
	}))
	return &AlarmTopic{Construct: c, Topic: topic, Key: key}
}
