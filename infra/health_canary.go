package infra

import (
	"net/http"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssynthetics"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// HealthCanaryProps configure the health canary.
type HealthCanaryProps struct {
	Stage    Stage
	API      *PlatformAPI
	Services []spec.Service
	// Topic is notified when the canary fails and recovers.
	Topic awssns.ITopic
}

// HealthCanary is a CloudWatch Synthetics canary that calls every
// service's GET /health/<service> route every five minutes, failing when
// one answers anything but 200, and its alarm.
type HealthCanary struct {
	constructs.Construct
	Canary awssynthetics.Canary
	// Paths are the health routes the canary calls.
	Paths []string
	Alarm awscloudwatch.Alarm
}

// healthPaths are the public GET routes under /health/ the services
// declare, sorted.
func healthPaths(services []spec.Service) []string {
	var out []string
	for _, s := range services {
		for _, r := range s.Routes {
			if r.Method == http.MethodGet && r.Auth == spec.Public && strings.HasPrefix(r.Path, "/health/") {
				out = append(out, r.Path)
			}
		}
	}
	sort.Strings(out)
	return out
}

// suppressCanaryRole accepts the wildcards of the role CloudWatch
// Synthetics gives a canary.
var suppressCanaryRole = Suppression{
	Rule:      "AwsSolutions-IAM5",
	AppliesTo: []string{"Resource::*", "Resource::<HealthCanaryArtifactsAC975A4A.Arn>/*", "Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/lambda/cwsyn-*"},
	Where:     "the health canary's role (platform)",
	Reason:    "A Synthetics canary must list buckets and put its metrics, which AWS authorises on \"*\" only (PutMetricData is limited to the CloudWatchSynthetics namespace by a condition), write run artifacts under its own bucket, and log to the group its Lambda function gets a generated name for.",
}

func init() {
	// A Synthetics canary's role needs these; AWS authorises them on "*"
	// only.
	WildcardActions["cloudwatch:PutMetricData"] = "CloudWatch metrics have no resource type; the health canary's role limits it to the CloudWatchSynthetics namespace with a condition."
	WildcardActions["s3:ListAllMyBuckets"] = "Listing buckets has no narrower resource; Synthetics calls it before writing the health canary's run artifacts."
}

// canaryScript calls each path of HEALTH_PATHS (comma-separated) under
// API_URL and fails the run on any status but 200.
const canaryScript = `const synthetics = require('Synthetics');
exports.handler = async () => {
  const base = new URL(process.env.API_URL);
  const prefix = base.pathname.replace(/\/$/, '');
  for (const path of process.env.HEALTH_PATHS.split(',')) {
    await synthetics.executeHttpStep('GET ' + path, {
      hostname: base.hostname, method: 'GET', path: prefix + path, port: 443, protocol: 'https:',
      headers: { 'User-Agent': synthetics.getCanaryUserAgentString() },
    }, async (res) => {
      if (res.statusCode !== 200) {
        throw new Error(path + ' answered ' + res.statusCode);
      }
    });
  }
};
`

// NewHealthCanary adds the canary, its encrypted artifacts bucket and its
// alarm to scope.
func NewHealthCanary(scope constructs.Construct, id string, props *HealthCanaryProps) *HealthCanary {
	c := constructs.NewConstruct(scope, jsii.String(id))
	h := &HealthCanary{Construct: c, Paths: healthPaths(props.Services)}
	stage := props.Stage
	accessLogs := awss3.NewBucket(c, jsii.String("AccessLogs"), &awss3.BucketProps{
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		EnforceSSL:        jsii.Bool(true),
		ObjectOwnership:   awss3.ObjectOwnership_BUCKET_OWNER_PREFERRED,
		RemovalPolicy:     removalPolicy(stage),
		LifecycleRules: &[]*awss3.LifecycleRule{{
			Expiration: awscdk.Duration_Days(jsii.Number(90)),
		}},
	})
	artifacts := awss3.NewBucket(c, jsii.String("Artifacts"), &awss3.BucketProps{
		ServerAccessLogsBucket: accessLogs,
		ServerAccessLogsPrefix: jsii.String("artifacts/"),
		Encryption:             awss3.BucketEncryption_S3_MANAGED,
		BlockPublicAccess:      awss3.BlockPublicAccess_BLOCK_ALL(),
		EnforceSSL:             jsii.Bool(true),
		RemovalPolicy:          removalPolicy(stage),
		LifecycleRules: &[]*awss3.LifecycleRule{{
			Expiration: awscdk.Duration_Days(jsii.Number(14)),
		}},
	})
	h.Canary = awssynthetics.NewCanary(c, jsii.String("Canary"), &awssynthetics.CanaryProps{
		CanaryName: jsii.String(stage.Prefix() + "-health"),
		Runtime:    awssynthetics.Runtime_SYNTHETICS_NODEJS_PUPPETEER_9_1(),
		Test: awssynthetics.Test_Custom(&awssynthetics.CustomTestOptions{
			Code:    awssynthetics.Code_FromInline(jsii.String(canaryScript)),
			Handler: jsii.String("index.handler"),
		}),
		Schedule: awssynthetics.Schedule_Rate(awscdk.Duration_Minutes(jsii.Number(5))),
		EnvironmentVariables: &map[string]*string{
			"API_URL":      props.API.RestAPI.Url(),
			"HEALTH_PATHS": jsii.String(strings.Join(h.Paths, ",")),
		},
		ArtifactsBucketLocation: &awssynthetics.ArtifactsBucketLocation{Bucket: artifacts},
		ActiveTracing:           jsii.Bool(true),
		Timeout:                 awscdk.Duration_Minutes(jsii.Number(1)),
	})
	suppress(h.Canary.Role(), true, suppressCanaryRole)
	h.Alarm = newAlarm(c, "Failing", props.Topic,
		"open the canary's last run in CloudWatch Synthetics to see which /health route failed; its body names the dependency, and that service's dashboard the cause.",
		&awscloudwatch.AlarmProps{
			AlarmName:          jsii.String(stage.Prefix() + "-health-canary"),
			AlarmDescription:   jsii.String("A service's health route answered anything but 200 in two canary runs in a row: " + strings.Join(h.Paths, ", ") + "."),
			Metric:             h.Canary.MetricSuccessPercent(&awscloudwatch.MetricOptions{Period: awscdk.Duration_Minutes(jsii.Number(5)), Statistic: jsii.String("Average")}),
			Threshold:          jsii.Number(100),
			ComparisonOperator: awscloudwatch.ComparisonOperator_LESS_THAN_THRESHOLD,
			EvaluationPeriods:  jsii.Number(2),
		})
	return h
}
