package infra_test

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/infra"
	"github.com/conveyor-dev/conveyor/localstack/gatekeeper"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// What LocalStack's free plan can deploy, and where each fact comes from.
// The sources, read for LocalStack 2026.x:
//
//   - [tiers]: LocalStack docs, "Licensing & Tiers" (localstack-docs,
//     src/content/docs/aws/licensing.md): which services each plan has.
//   - [cfn]: LocalStack docs, "CloudFormation" (localstack-docs,
//     src/content/docs/aws/services/cloudformation.mdx), "Resources": the
//     resource types of the community image (the free plan's) and those of
//     the Pro image.
//   - [src]: LocalStack's source (localstack/localstack,
//     localstack-core/localstack/services/*/resource_providers/*_plugin.py,
//     March 2026): the CloudFormation resource providers that ship free.
const (
	srcFree = "free service [tiers]; community resource type [cfn]; provider in [src]"
	srcCDK  = "the CDK's metadata; community resource type [cfn]; provider in services/cdk [src]"
)

// freeResourceTypes are the resource types LocalStack's free plan creates
// that a Conveyor template may hold.
var freeResourceTypes = map[string]string{
	"AWS::ApiGateway::Account":        srcFree + " (REST APIs are in the free plan, HTTP APIs are not [tiers])",
	"AWS::ApiGateway::Deployment":     srcFree,
	"AWS::ApiGateway::Method":         srcFree,
	"AWS::ApiGateway::Resource":       srcFree,
	"AWS::ApiGateway::RestApi":        srcFree,
	"AWS::ApiGateway::Stage":          srcFree,
	"AWS::CDK::Metadata":              srcCDK,
	"AWS::CloudWatch::Alarm":          srcFree,
	"AWS::DynamoDB::Table":            srcFree,
	"AWS::Events::EventBus":           srcFree,
	"AWS::Events::Rule":               srcFree,
	"AWS::IAM::Policy":                srcFree + " (IAM policy enforcement is paid [tiers]: policies are stored, not checked)",
	"AWS::IAM::Role":                  srcFree,
	"AWS::KMS::Alias":                 srcFree,
	"AWS::KMS::Key":                   srcFree,
	"AWS::Lambda::Alias":              srcFree,
	"AWS::Lambda::EventSourceMapping": srcFree,
	"AWS::Lambda::Function":           srcFree,
	"AWS::Lambda::Permission":         srcFree,
	"AWS::Lambda::Version":            srcFree,
	"AWS::Logs::LogGroup":             srcFree,
	"AWS::S3::Bucket":                 srcFree,
	"AWS::S3::BucketPolicy":           srcFree,
	"AWS::SNS::Topic":                 srcFree,
	"AWS::SNS::TopicPolicy":           srcFree,
	"AWS::SQS::Queue":                 srcFree,
	"AWS::SQS::QueuePolicy":           srcFree,
	"AWS::SSM::Parameter":             srcFree,
}

// skippedResourceTypes are the resource types the localstack stage keeps
// although no LocalStack plan can create them: LocalStack skips them
// because localstack/docker-compose.yml names them, and nothing a function
// does depends on them.
var skippedResourceTypes = map[string]string{
	"AWS::CloudWatch::Dashboard": "CloudWatch is free [tiers] and PutDashboard works, but neither image lists the resource type [cfn] and no provider exists [src]; the dashboards are in every stack",
	"AWS::Events::Archive":       "EventBridge is free [tiers], but neither image lists the resource type [cfn] and no provider exists [src]; the archive only keeps events for replay",
}

// paidResourceTypes are resource types of the dev and prod templates that
// LocalStack's free plan cannot create, each with the stage setting that
// leaves it out of the localstack stage.
var paidResourceTypes = map[string]string{
	"AWS::Cognito::UserPool":                      "Cognito user pools: Base plan [tiers], Pro image [cfn]; Stage.Auth",
	"AWS::Cognito::UserPoolClient":                "Pro image [cfn]; Stage.Auth",
	"AWS::Cognito::UserPoolGroup":                 "Cognito: Base plan [tiers]; Stage.Auth",
	"AWS::ApiGateway::Authorizer":                 "Pro image [cfn], and the free gateway runs no authorizer [src: no authorizer handler in services/apigateway/next_gen]; Stage.Auth",
	"AWS::Synthetics::Canary":                     "not emulated: in no plan [tiers], in neither image [cfn]; Stage.HealthCanary",
	"Custom::S3AutoDeleteObjects":                 "custom resources (AWS::CloudFormation::CustomResource) are Pro [cfn]; the canary buckets' cleanup, Stage.HealthCanary",
	"AWS::WAFv2::WebACL":                          "WAF: Ultimate plan [tiers]; Stage.WAF",
	"AWS::WAFv2::WebACLAssociation":               "WAF: Ultimate plan [tiers]; Stage.WAF",
	"AWS::ApplicationAutoScaling::ScalableTarget": "Application Auto Scaling: Base plan [tiers]; Stage.ProvisionedConcurrency and Stage.Tables",
	"AWS::ApplicationAutoScaling::ScalingPolicy":  "Application Auto Scaling: Base plan [tiers]; Stage.ProvisionedConcurrency and Stage.Tables",
}

// serviceOf is the LocalStack service (a SERVICES name) that creates a
// resource type, "" for none.
func serviceOf(typ string) string {
	parts := strings.Split(typ, "::")
	switch parts[1] {
	case "CDK":
		return ""
	case "ApiGateway":
		return "apigateway"
	case "CloudWatch":
		return "cloudwatch"
	case "DynamoDB":
		return "dynamodb"
	case "Events":
		return "events"
	case "IAM":
		return "iam"
	case "KMS":
		return "kms"
	case "Lambda":
		return "lambda"
	case "Logs":
		return "logs"
	}
	return strings.ToLower(parts[1])
}

// bootstrapServices are the services `cdklocal bootstrap` and `cdklocal
// deploy` use besides those of the templates: CloudFormation; S3 (the
// assets bucket), IAM (the bootstrap roles), SSM (the bootstrap version)
// and STS (the CLI's caller identity and role assumption). The bootstrap's
// container image repository (AWS::ECR::Repository) is a stand-in that
// LocalStack creates without the ECR service [src:
// services/ecr/resource_providers]. dynamodbstreams serves the event
// source mappings that read the tables' streams.
var bootstrapServices = []string{"cloudformation", "dynamodbstreams", "iam", "s3", "ssm", "sts"}

// synthLocalStack returns the localstack stage's synthesized app,
// synthesizing it on first use, with the declared services plus the
// throwaway one (whose stage parameter it pins).
func synthLocalStack(t *testing.T) *synthesized {
	t.Helper()
	stage := infra.LocalStack()
	stage.ParameterVersions = maps.Clone(stage.ParameterVersions)
	stage.ParameterVersions["parcels/carrier-key"] = 1
	return synth(t, stage)
}

// resourceTypes returns every resource type of the app's templates, with
// the stacks that hold it.
func (s *synthesized) resourceTypes() map[string][]string {
	out := map[string][]string{}
	for stack, tmpl := range s.json {
		for _, r := range asMap(tmpl["Resources"]) {
			typ, _ := get(r, "Type").(string)
			if !slices.Contains(out[typ], stack) {
				out[typ] = append(out[typ], stack)
			}
		}
	}
	return out
}

// composeSetting is one environment setting of the LocalStack service in
// localstack/docker-compose.yml.
func composeSetting(t *testing.T, key string) (string, bool) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "localstack", "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s+` + regexp.QuoteMeta(key) + `:\s*(.*)$`).FindStringSubmatch(string(raw))
	if m == nil {
		return "", false
	}
	return strings.Trim(strings.TrimSpace(m[1]), `"'`), true
}

func composeList(t *testing.T, key string) []string {
	t.Helper()
	v, _ := composeSetting(t, key)
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func TestTheLocalStackStageHoldsOnlyResourceTypesOfLocalStacksFreePlan(t *testing.T) {
	s := synthLocalStack(t)
	types := s.resourceTypes()
	for typ, stacks := range types {
		_, free := freeResourceTypes[typ]
		_, skipped := skippedResourceTypes[typ]
		if !free && !skipped {
			reason := paidResourceTypes[typ]
			if reason == "" {
				reason = "not in the researched free list"
			}
			t.Errorf("%s in %v: LocalStack's free plan cannot create it (%s)", typ, stacks, reason)
		}
	}
	t.Run("what the paid features need is gone", func(t *testing.T) {
		for typ := range paidResourceTypes {
			if stacks, ok := types[typ]; ok {
				t.Errorf("%s in %v", typ, stacks)
			}
		}
	})
	t.Run("LocalStack fails on any other type and skips exactly the listed ones", func(t *testing.T) {
		if v, ok := composeSetting(t, "CFN_IGNORE_UNSUPPORTED_RESOURCE_TYPES"); !ok || v != "0" {
			t.Errorf("CFN_IGNORE_UNSUPPORTED_RESOURCE_TYPES = %q, %v; want \"0\", set explicitly", v, ok)
		}
		want := slices.Sorted(maps.Keys(skippedResourceTypes))
		for _, key := range []string{"CFN_IGNORE_UNSUPPORTED_TYPE_CREATE", "CFN_IGNORE_UNSUPPORTED_TYPE_UPDATE"} {
			if got := composeList(t, key); !slices.Equal(got, want) {
				t.Errorf("%s = %v, want %v", key, got, want)
			}
		}
		for typ := range skippedResourceTypes {
			if _, ok := types[typ]; !ok {
				t.Errorf("%s is skipped by name but no template holds it: drop it from the compose file and the list", typ)
			}
		}
	})
}

func TestTheComposeFileStartsExactlyTheFreeServicesTheStageAndTheBootstrapUse(t *testing.T) {
	s := synthLocalStack(t)
	want := slices.Clone(bootstrapServices)
	for typ := range s.resourceTypes() {
		if _, skipped := skippedResourceTypes[typ]; skipped {
			continue
		}
		if svc := serviceOf(typ); svc != "" && !slices.Contains(want, svc) {
			want = append(want, svc)
		}
	}
	sort.Strings(want)
	if got := composeList(t, "SERVICES"); !slices.Equal(got, want) {
		t.Errorf("SERVICES = %v, want %v", got, want)
	}
	if v, _ := composeSetting(t, "ENFORCE_IAM"); v == "1" {
		t.Error("ENFORCE_IAM=1: IAM policy enforcement is not in the free plan [tiers]")
	}
}

func TestTheLocalStackStageTurnsOffEveryPaidFeature(t *testing.T) {
	s := infra.LocalStack()
	if s.Auth != infra.AuthLocalTokens || s.Tracing || s.HealthCanary || s.WAF ||
		s.ProvisionedConcurrency != nil || len(s.Tables) > 0 || s.ReserveConcurrency || s.Production {
		t.Fatalf("LocalStack() = %+v", s)
	}
	if s.Name != "localstack" {
		t.Errorf("name %q", s.Name)
	}
}

func TestTheGatekeeperAuthenticatesEveryCustomerAndAdminRoute(t *testing.T) {
	s := synthLocalStack(t)
	platform := s.stage.PlatformStackName()
	var gate resource
	for _, fn := range s.resources(platform, "AWS::Lambda::Function") {
		if fn.props["FunctionName"] == s.stage.FunctionName(infra.GatekeeperName) {
			gate = fn
		}
	}
	if gate.id == "" {
		t.Fatalf("no function %s in %s", s.stage.FunctionName(infra.GatekeeperName), platform)
	}

	wantRoutes := gatekeeper.Routes{}
	var protected []spec.Route
	for _, svc := range s.services {
		for _, r := range svc.Routes {
			if r.Auth != spec.Public {
				protected = append(protected, r)
				wantRoutes[gatekeeper.RouteKey(r.Method, r.Path)] = s.stage.FunctionName(r.Function) + ":" + infra.AliasName
			}
		}
	}
	t.Run("it fronts every protected route, invoking the route's alias", func(t *testing.T) {
		raw, _ := get(gate.props, "Environment", "Variables", gatekeeper.EnvRoutes).(string)
		got, err := gatekeeper.ParseRoutes(raw)
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(got, wantRoutes) {
			t.Errorf("routes %v, want %v", got, wantRoutes)
		}
	})
	t.Run("its key comes from the stage's token key parameter at deploy time", func(t *testing.T) {
		ids := refsIn(get(gate.props, "Environment", "Variables", gatekeeper.EnvPublicKey))
		params := asMap(s.json[platform]["Parameters"])
		if len(ids) != 1 || get(params, ids[0], "Default") != s.stage.TokenKeyParameterName() ||
			get(params, ids[0], "Type") != "AWS::SSM::Parameter::Value<String>" {
			t.Errorf("%s = %v; parameters %v", gatekeeper.EnvPublicKey, ids, params)
		}
	})
	t.Run("each protected method has no authorizer and integrates with it, each public one with its alias", func(t *testing.T) {
		all := methods(s, platform)
		for key, m := range all {
			integrated := slices.Contains(refsIn(get(m.props, "Integration", "Uri")), gate.id)
			_, gated := wantRoutes[key]
			if m.props["AuthorizationType"] != "NONE" || integrated != gated {
				t.Errorf("%s: authorization %v, integrates with the gatekeeper: %v, protected: %v", key, m.props["AuthorizationType"], integrated, gated)
			}
		}
		for key := range wantRoutes {
			if _, ok := all[key]; !ok {
				t.Errorf("no method %s", key)
			}
		}
	})
	t.Run("API Gateway may invoke it on each protected method of the stage and nothing else may", func(t *testing.T) {
		var want, got []string
		for _, r := range protected {
			want = append(want, strings.TrimPrefix(infra.RouteSourcePath(s.stage.Name, r), s.stage.Name))
		}
		for _, p := range s.resources(platform, "AWS::Lambda::Permission") {
			if !slices.Contains(refsIn(p.props["FunctionName"]), gate.id) {
				continue
			}
			pieces := strs(get(p.props, "SourceArn", "Fn::Join", 1))
			refs := refsIn(p.props["SourceArn"])
			if p.props["Principal"] != "apigateway.amazonaws.com" || len(pieces) == 0 ||
				!slices.ContainsFunc(refs, func(id string) bool { return strings.HasPrefix(id, "ApiRestApiDeploymentStage") }) {
				t.Errorf("%s: %v", p.id, p.props)
				continue
			}
			got = append(got, pieces[len(pieces)-1])
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("API Gateway may invoke the gatekeeper on %v, want %v", got, want)
		}
	})
	t.Run("its role may invoke exactly the aliases of the protected routes", func(t *testing.T) {
		var actions []string
		var arns []string
		for _, p := range s.resources(platform, "AWS::IAM::Policy") {
			if !slices.Contains(refsIn(p.props["Roles"]), refsIn(gate.props["Role"])[0]) {
				continue
			}
			for _, st := range list(get(p.props, "PolicyDocument", "Statement")) {
				for _, a := range list(get(st, "Action")) {
					actions = append(actions, a.(string))
				}
				if slices.Contains(list(get(st, "Action")), any("lambda:InvokeFunction")) {
					for _, res := range list(get(st, "Resource")) {
						arns = append(arns, strings.Join(strs(res), ""))
					}
				}
			}
		}
		slices.Sort(actions)
		if want := []string{"lambda:InvokeFunction", "logs:CreateLogStream", "logs:PutLogEvents"}; !slices.Equal(actions, want) {
			t.Errorf("actions %v, want %v", actions, want)
		}
		var got []string
		for _, a := range arns {
			_, fn, _ := strings.Cut(a, ":function:")
			got = append(got, fn)
		}
		slices.Sort(got)
		want := slices.Sorted(maps.Values(wantRoutes))
		want = slices.Compact(want)
		if !slices.Equal(got, want) {
			t.Errorf("the gatekeeper may invoke %v, want the protected routes' aliases %v", got, want)
		}
	})
	t.Run("no user pool, no authorizer and no user-pool parameter", func(t *testing.T) {
		for _, typ := range []string{"AWS::Cognito::UserPool", "AWS::ApiGateway::Authorizer"} {
			if r := s.resources("", typ); len(r) > 0 {
				t.Errorf("%d %s", len(r), typ)
			}
		}
		for _, p := range s.resources(platform, "AWS::SSM::Parameter") {
			if strings.Contains(p.props["Name"].(string), "user-pool") {
				t.Errorf("parameter %v", p.props["Name"])
			}
		}
	})
}

func TestTheLocalStackStageHasNoUnsuppressedCDKNagError(t *testing.T) {
	s := synthLocalStack(t)
	for stack, errs := range s.nagErrors {
		for _, e := range errs {
			t.Errorf("%s: %s", stack, e)
		}
	}
}

func TestDevAndProdKeepEveryPaidFeature(t *testing.T) {
	for _, stage := range stages() {
		t.Run(stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			types := s.resourceTypes()
			want := []string{"AWS::Cognito::UserPool", "AWS::ApiGateway::Authorizer", "AWS::Synthetics::Canary"}
			if stage.Name == "prod" {
				want = append(want, "AWS::WAFv2::WebACL", "AWS::ApplicationAutoScaling::ScalableTarget")
			}
			for _, typ := range want {
				if _, ok := types[typ]; !ok {
					t.Errorf("no %s", typ)
				}
			}
			platform := stage.PlatformStackName()
			for _, st := range s.resources(platform, "AWS::ApiGateway::Stage") {
				if st.props["TracingEnabled"] != true {
					t.Errorf("API stage %s is not traced", st.id)
				}
			}
			for _, c := range s.resources(platform, "AWS::Synthetics::Canary") {
				if get(c.props, "RunConfig", "ActiveTracing") != true {
					t.Errorf("canary %s is not traced", c.id)
				}
			}
			for _, fn := range s.resources(platform, "AWS::Lambda::Function") {
				if fn.props["FunctionName"] == stage.FunctionName(infra.GatekeeperName) {
					t.Errorf("%s has a gatekeeper", stage.Name)
				}
			}
			for _, m := range s.resources(platform, "AWS::ApiGateway::Method") {
				if a := m.props["AuthorizationType"]; a != "COGNITO_USER_POOLS" && a != "NONE" {
					t.Errorf("%s: authorization %v", m.id, a)
				}
			}
		})
	}
}
