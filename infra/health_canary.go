package infra

import (
	"net/http"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
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
// one answers anything but 200, and its alarm, which also fires when the
// canary stops reporting. Its runs are traced with X-Ray where the stage
// traces (Stage.Tracing). Deleting a non-production stack deletes its
// buckets with their objects, and deleting the canary deletes the function
// Synthetics made for it.
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

// canaryRuntime is the newest Node.js Puppeteer runtime the pinned CDK
// knows (Node.js 22). Synthetics refuses to create canaries on a runtime
// it has deprecated, which would roll the platform stack back, so bump it
// with the CDK. Puppeteer, not Playwright: only its library has
// executeHttpStep, and the CDK allows active tracing on it alone.
func canaryRuntime() awssynthetics.Runtime {
	return awssynthetics.Runtime_SYNTHETICS_NODEJS_PUPPETEER_13_0()
}

// canaryModule is the Synthetics library's module name in canaryRuntime:
// "Synthetics" up to syn-nodejs-puppeteer-13.0, "@aws/synthetics-puppeteer"
// from 13.1 on.
const canaryModule = "Synthetics"

// canaryScript calls each path of HEALTH_PATHS (comma-separated) under
// API_URL and fails the run on any status but 200.
const canaryScript = `const synthetics = require('` + canaryModule + `');
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
	// A bucket that holds objects cannot be deleted: outside production
	// both buckets are emptied when the stack is deleted (the CDK's
	// custom resource first denies new objects, then deletes every one).
	// Production keeps them.
	accessLogs := awss3.NewBucket(c, jsii.String("AccessLogs"), &awss3.BucketProps{
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		EnforceSSL:        jsii.Bool(true),
		ObjectOwnership:   awss3.ObjectOwnership_BUCKET_OWNER_PREFERRED,
		RemovalPolicy:     removalPolicy(stage),
		AutoDeleteObjects: jsii.Bool(!stage.Production),
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
		AutoDeleteObjects:      jsii.Bool(!stage.Production),
		LifecycleRules: &[]*awss3.LifecycleRule{{
			Expiration: awscdk.Duration_Days(jsii.Number(14)),
		}},
	})
	h.Canary = awssynthetics.NewCanary(c, jsii.String("Canary"), &awssynthetics.CanaryProps{
		CanaryName: jsii.String(stage.Prefix() + "-health"),
		Runtime:    canaryRuntime(),
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
		ActiveTracing:           jsii.Bool(stage.Tracing),
		Timeout:                 awscdk.Duration_Minutes(jsii.Number(1)),
		// Synthetics deletes the Lambda function and layers it made for
		// the canary when the canary is deleted.
		ProvisionedResourceCleanup: jsii.Bool(true),
	})
	// The canary runs as a Lambda function with active tracing, which
	// sends its segments and telemetry to X-Ray with the canary's role;
	// the CDK grants neither. X-Ray authorises them on "*" only.
	if stage.Tracing {
		h.Canary.Role().AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:       jsii.String("Tracing"),
			Actions:   jsii.Strings("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
			Resources: jsii.Strings("*"),
		}))
	}
	// The canary is deleted, and stops writing, before its buckets are
	// emptied.
	for _, b := range []awss3.Bucket{accessLogs, artifacts} {
		if cleaner := b.Node().TryFindChild(jsii.String("AutoDeleteObjectsCustomResource")); cleaner != nil {
			h.Canary.Node().AddDependency(cleaner)
		}
	}
	suppress(h.Canary.Role(), true, suppressCanaryRole)
	h.Alarm = newAlarm(c, "Failing", props.Topic,
		"open the canary's last run in CloudWatch Synthetics to see which /health route failed; its body names the dependency, and that service's dashboard the cause. No recent run means the canary is stopped or cannot start: its state and its function's log say why.",
		&awscloudwatch.AlarmProps{
			AlarmName:          jsii.String(stage.Prefix() + "-health-canary"),
			AlarmDescription:   jsii.String("A service's health route answered anything but 200 in two canary runs in a row, or the canary reported no run for ten minutes: " + strings.Join(h.Paths, ", ") + "."),
			Metric:             h.Canary.MetricSuccessPercent(&awscloudwatch.MetricOptions{Period: awscdk.Duration_Minutes(jsii.Number(5)), Statistic: jsii.String("Average")}),
			Threshold:          jsii.Number(100),
			ComparisonOperator: awscloudwatch.ComparisonOperator_LESS_THAN_THRESHOLD,
			EvaluationPeriods:  jsii.Number(2),
			// A canary that stops running reports nothing: that is a
			// failure too.
			TreatMissingData: awscloudwatch.TreatMissingData_BREACHING,
		})
	return h
}
