package infra_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/functions/payments"
)

// The tests in this file check what CloudFormation and the AWS services
// accept or do with the templates, which no local test runs into: that
// alarms can notify, that the canary can be created and traced, that a
// first deploy finds what it reads, that a dev stage can be destroyed.

// pseudo renders a CloudFormation value to a string, with the pseudo
// parameters replaced by fixed values, and every other token by "TOKEN".
func pseudo(v any) string {
	values := map[string]string{
		"AWS::Partition": "aws", "AWS::Region": "eu-west-1", "AWS::AccountId": "123456789012", "AWS::URLSuffix": "amazonaws.com",
	}
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		if id, ok := x["Ref"].(string); ok {
			if s, ok := values[id]; ok {
				return s
			}
			return "TOKEN"
		}
		if join, ok := x["Fn::Join"].([]any); ok && len(join) == 2 {
			var parts []string
			for _, p := range list(join[1]) {
				parts = append(parts, pseudo(p))
			}
			return strings.Join(parts, fmt.Sprint(join[0]))
		}
	}
	return "TOKEN"
}

func TestTheAlarmTopicLetsThisStagesAlarmsPublishAndNoOneElse(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			policies := s.resources(stage.PlatformStackName(), "AWS::SNS::TopicPolicy")
			if len(policies) != 1 {
				t.Fatalf("%d topic policies in the platform stack, want the alarm topic's", len(policies))
			}
			var allow []map[string]any
			for _, raw := range list(get(policies[0].props, "PolicyDocument", "Statement")) {
				st := raw.(map[string]any)
				if st["Effect"] == "Allow" {
					allow = append(allow, st)
				}
			}
			if len(allow) != 1 {
				t.Fatalf("the topic policy allows %d statements, want the one for CloudWatch alarms: %v", len(allow), allow)
			}
			st := allow[0]
			if got := get(st, "Principal", "Service"); got != "cloudwatch.amazonaws.com" {
				t.Errorf("principal %v, want the service cloudwatch.amazonaws.com", st["Principal"])
			}
			if got := list(st["Action"]); len(got) != 1 || got[0] != "sns:Publish" {
				t.Errorf("actions %v, want sns:Publish alone", got)
			}
			topicID, _ := ref(get(policies[0].props, "Topics", 0))
			if id, _ := ref(st["Resource"]); id != topicID {
				t.Errorf("resource %v, want the alarm topic", st["Resource"])
			}
			if got := pseudo(get(st, "Condition", "StringEquals", "aws:SourceAccount")); got != "123456789012" {
				t.Errorf("aws:SourceAccount %q, want the stack's account", got)
			}
			pattern := pseudo(get(st, "Condition", "ArnLike", "aws:SourceArn"))
			if want := "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:" + stage.Prefix() + "-*"; pattern != want {
				t.Errorf("aws:SourceArn is like %q, want %q", pattern, want)
			}
			if len(asMap(st["Condition"])) != 2 {
				t.Errorf("conditions %v, want aws:SourceAccount and aws:SourceArn alone", st["Condition"])
			}
			alarms := s.resources("", "AWS::CloudWatch::Alarm")
			for _, a := range alarms {
				arn := "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:" + fmt.Sprint(a.props["AlarmName"])
				if ok, _ := path.Match(pattern, arn); !ok {
					t.Errorf("%s/%s: alarm %v may not publish to the topic (%s)", a.stack, a.id, a.props["AlarmName"], pattern)
				}
			}
			for _, other := range stages() {
				if other.Name == stage.Name {
					continue
				}
				arn := "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:" + other.Prefix() + "-api-5xx"
				if ok, _ := path.Match(pattern, arn); ok {
					t.Errorf("an alarm of stage %s may publish to %s's topic", other.Name, stage.Name)
				}
			}
		})
	}
}

// newestPuppeteerRuntime reads the Synthetics runtimes the pinned CDK
// knows from its Go bindings and returns the newest Node.js Puppeteer
// one, e.g. "syn-nodejs-puppeteer-13.0".
func newestPuppeteerRuntime(t *testing.T) (name string, major, minor int) {
	t.Helper()
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/aws/aws-cdk-go/awscdk/v2")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("find the CDK module: %v", err)
	}
	src, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "awssynthetics", "Runtime.go"))
	if err != nil {
		t.Fatalf("read the CDK's Synthetics runtimes: %v", err)
	}
	found := regexp.MustCompile(`func Runtime_SYNTHETICS_NODEJS_PUPPETEER_(\d+)_(\d+)\(`).FindAllStringSubmatch(string(src), -1)
	if len(found) == 0 {
		t.Fatal("the CDK knows no Node.js Puppeteer runtime")
	}
	major, minor = -1, -1
	for _, f := range found {
		a, _ := strconv.Atoi(f[1])
		b, _ := strconv.Atoi(f[2])
		if a > major || (a == major && b > minor) {
			major, minor = a, b
		}
	}
	return fmt.Sprintf("syn-nodejs-puppeteer-%d.%d", major, minor), major, minor
}

// canary returns the platform's health canary and the statements of its
// role's policies.
func canary(t *testing.T, s *synthesized) (resource, []map[string]any) {
	t.Helper()
	canaries := s.resources(s.stage.PlatformStackName(), "AWS::Synthetics::Canary")
	if len(canaries) != 1 {
		t.Fatalf("%d canaries in the platform stack, want 1", len(canaries))
	}
	c := canaries[0]
	role, _ := ref(c.props["ExecutionRoleArn"])
	var out []map[string]any
	if r, ok := s.resourceByID(c.stack, role); ok {
		for _, p := range list(r.props["Policies"]) {
			for _, st := range list(get(p, "PolicyDocument", "Statement")) {
				out = append(out, st.(map[string]any))
			}
		}
	}
	for _, p := range s.resources(c.stack, "AWS::IAM::Policy") {
		if !slices.Contains(refsIn(p.props["Roles"]), role) {
			continue
		}
		for _, st := range list(get(p.props, "PolicyDocument", "Statement")) {
			out = append(out, st.(map[string]any))
		}
	}
	return c, out
}

func TestTheHealthCanaryRunsOnTheNewestPuppeteerRuntimeWithItsModule(t *testing.T) {
	newest, major, minor := newestPuppeteerRuntime(t)
	// From syn-nodejs-puppeteer-13.1 on, the Synthetics library is
	// @aws/synthetics-puppeteer; before, it is "Synthetics".
	module := "Synthetics"
	if major > 13 || (major == 13 && minor >= 1) {
		module = "@aws/synthetics-puppeteer"
	}
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			c, _ := canary(t, synth(t, stage))
			if got := c.props["RuntimeVersion"]; got != newest {
				t.Errorf("runtime %v, want %s, the newest the pinned CDK knows", got, newest)
			}
			script := fmt.Sprint(get(c.props, "Code", "Script"))
			requires := regexp.MustCompile(`require\('([^']+)'\)`).FindAllStringSubmatch(script, -1)
			if len(requires) != 1 || requires[0][1] != module {
				t.Errorf("the script requires %v, want %q alone, the library of %s", requires, module, newest)
			}
		})
	}
}

func TestTheHealthCanaryMayWriteItsTraces(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			c, statements := canary(t, synth(t, stage))
			if get(c.props, "RunConfig", "ActiveTracing") != true {
				t.Fatal("the canary does not trace")
			}
			for _, action := range []string{"xray:PutTraceSegments", "xray:PutTelemetryRecords"} {
				granted := false
				for _, st := range statements {
					if st["Effect"] == "Allow" && containsAction(st, action) && slices.Contains(list(st["Resource"]), any("*")) {
						granted = true
					}
				}
				if !granted {
					t.Errorf("the canary's role may not call %s: its traces are dropped", action)
				}
			}
		})
	}
}

func TestTheHealthCanaryAlarmsWhenItStopsReporting(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			found := 0
			for _, a := range s.resources(stage.PlatformStackName(), "AWS::CloudWatch::Alarm") {
				if a.props["Namespace"] != "CloudWatchSynthetics" {
					continue
				}
				found++
				if got := a.props["TreatMissingData"]; got != "breaching" {
					t.Errorf("alarm %v treats missing data as %v: a canary that stops running never alarms", a.props["AlarmName"], got)
				}
			}
			if found != 1 {
				t.Errorf("%d canary alarms, want 1", found)
			}
		})
	}
}

func TestDestroyingADevStageEmptiesTheCanaryBucketsAfterTheCanaryIsGone(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			stack := stage.PlatformStackName()
			c, _ := canary(t, s)
			if got := c.props["ProvisionedResourceCleanup"]; got != "AUTOMATIC" {
				t.Errorf("ProvisionedResourceCleanup %v, want AUTOMATIC: the canary's function and layers stay behind", got)
			}
			emptiedBy := map[string]string{} // bucket → auto-delete custom resource
			for _, r := range s.resources(stack, "Custom::S3AutoDeleteObjects") {
				b, _ := ref(r.props["BucketName"])
				emptiedBy[b] = r.id
			}
			buckets := s.resources(stack, "AWS::S3::Bucket")
			if len(buckets) == 0 {
				t.Fatal("no bucket in the platform stack: the canary's artifacts and their access logs go somewhere")
			}
			dependsOn := list(c.raw["DependsOn"])
			for _, b := range buckets {
				policy := b.raw["DeletionPolicy"]
				cleaner, emptied := emptiedBy[b.id]
				if stage.Production {
					if policy != "Retain" || emptied {
						t.Errorf("%s: deletion policy %v, emptied on delete %v; prod keeps its buckets", b.id, policy, emptied)
					}
					continue
				}
				if policy != "Delete" || !emptied {
					t.Errorf("%s: deletion policy %v, emptied on delete %v; a dev stack deletes its buckets, emptied first", b.id, policy, emptied)
					continue
				}
				// The canary goes before its buckets are emptied, so it
				// writes nothing into them afterwards.
				if !slices.Contains(dependsOn, any(cleaner)) {
					t.Errorf("the canary does not depend on %s: it may still write into %s while it is emptied", cleaner, b.id)
				}
			}
		})
	}
}

func TestReservedConcurrencyIsTheStagesChoice(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			got := map[string]any{}
			for _, f := range s.resources("", "AWS::Lambda::Function") {
				if n, ok := f.props["ReservedConcurrentExecutions"]; ok {
					got[fmt.Sprint(f.props["FunctionName"])] = n
				}
			}
			want := map[string]any{}
			if stage.Production {
				// The declarations ask for these to protect a downstream.
				want[stage.FunctionName(payments.SagaFunction)] = float64(5)
				want[stage.FunctionName("parcels-worker")] = float64(3)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("reserved concurrency %v, want %v", got, want)
			}
		})
	}
}

func TestSubscriptionQueuesHideAMessageForSixTimesTheConsumersTimeout(t *testing.T) {
	sub, _ := payments.Spec.Subscription(payments.SagaSubscription)
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			name := stage.QueueName(payments.Spec, sub)
			found := false
			for _, q := range s.resources(stage.ServiceStackName(payments.Spec.Name), "AWS::SQS::Queue") {
				if q.props["QueueName"] != name {
					continue
				}
				found = true
				if got := q.props["VisibilityTimeout"]; got != float64(180) {
					t.Errorf("%s: visibility timeout %v s, want 180 (six times payments-saga's 30 s)", name, got)
				}
			}
			if !found {
				t.Fatalf("no queue %s", name)
			}
		})
	}
	t.Run("an override says why beside it", func(t *testing.T) {
		files, err := filepath.Glob(filepath.Join("..", "functions", "*", "spec.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no declarations found: %v", err)
		}
		for _, file := range files {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			commented := map[int]bool{} // lines a comment ends on
			for _, g := range f.Comments {
				commented[fset.Position(g.End()).Line] = true
			}
			ast.Inspect(f, func(n ast.Node) bool {
				kv, ok := n.(*ast.KeyValueExpr)
				if !ok {
					return true
				}
				if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "VisibilityTimeout" {
					line := fset.Position(kv.Pos()).Line
					if !commented[line] && !commented[line-1] {
						t.Errorf("%s:%d overrides a visibility timeout without a comment saying why", file, line)
					}
				}
				return true
			})
		}
	})
}

func TestTheAppClientHasNoOAuthAndTakesPasswordsOnlyOutsideProd(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			clients := s.resources(stage.PlatformStackName(), "AWS::Cognito::UserPoolClient")
			if len(clients) != 1 {
				t.Fatalf("%d app clients, want 1", len(clients))
			}
			p := clients[0].props
			for _, k := range []string{"AllowedOAuthFlows", "AllowedOAuthScopes", "CallbackURLs", "LogoutURLs"} {
				if v, ok := p[k]; ok {
					t.Errorf("%s is %v; no declaration asks for OAuth", k, v)
				}
			}
			if v := p["AllowedOAuthFlowsUserPoolClient"]; v != nil && v != false {
				t.Errorf("AllowedOAuthFlowsUserPoolClient is %v; no declaration asks for OAuth", v)
			}
			want := []string{"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"}
			if !stage.Production {
				want = append(want, "ALLOW_USER_PASSWORD_AUTH")
			}
			var got []string
			for _, f := range list(p["ExplicitAuthFlows"]) {
				got = append(got, f.(string))
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("auth flows %v, want %v", got, want)
			}
		})
	}
}

func TestTheDLQDepthWidgetFindsEveryDLQOfTheStageAndNothingElse(t *testing.T) {
	queuesOf := func(s *synthesized) (dlqs, others []string) {
		redriven := map[string]bool{}
		for _, q := range s.resources("", "AWS::SQS::Queue") {
			if id, ok := ref(get(q.props, "RedrivePolicy", "deadLetterTargetArn")); ok {
				redriven[q.stack+"/"+id] = true
			}
		}
		for _, q := range s.resources("", "AWS::SQS::Queue") {
			if redriven[q.stack+"/"+q.id] {
				dlqs = append(dlqs, q.props["QueueName"].(string))
			} else {
				others = append(others, q.props["QueueName"].(string))
			}
		}
		return dlqs, others
	}
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			var expression string
			for _, d := range s.resources(stage.PlatformStackName(), "AWS::CloudWatch::Dashboard") {
				for _, w := range list(dashboardBody(t, d.props["DashboardBody"])["widgets"]) {
					if get(w, "properties", "title") != "DLQ depth (messages)" {
						continue
					}
					for _, m := range list(get(w, "properties", "metrics")) {
						if e, ok := get(m, 0, "expression").(string); ok {
							expression = e
						}
					}
				}
			}
			if expression == "" {
				t.Fatal("the platform dashboard has no DLQ depth widget with a search expression")
			}
			search, err := parseSearch(expression)
			if err != nil {
				t.Fatalf("%s: %v", expression, err)
			}
			if n := len(search.query); n > 1024 {
				t.Errorf("the search query is %d characters, CloudWatch allows 1024", n)
			}
			metric := func(queue string) searchMetric {
				return searchMetric{namespace: "AWS/SQS", name: "ApproximateNumberOfMessagesVisible", dims: map[string]string{"QueueName": queue}}
			}
			dlqs, others := queuesOf(s)
			if len(dlqs) == 0 {
				t.Fatal("no DLQ in the stage: the throwaway service declares a subscription")
			}
			for _, q := range dlqs {
				if !search.matches(metric(q)) {
					t.Errorf("%s does not find the DLQ %s", expression, q)
				}
			}
			for _, q := range others {
				if search.matches(metric(q)) {
					t.Errorf("%s finds %s, which is not a DLQ", expression, q)
				}
			}
			if d := dlqs[0]; search.matches(searchMetric{namespace: "AWS/SQS", name: "NumberOfMessagesSent", dims: map[string]string{"QueueName": d}}) {
				t.Errorf("%s finds another metric of %s than its depth", expression, d)
			}
			for _, q := range dlqs {
				// A stage whose name starts with this one's.
				neighbour := strings.Replace(q, stage.Prefix()+"-", stage.Prefix()+"2-", 1)
				if search.matches(metric(neighbour)) {
					t.Errorf("%s finds %s, a DLQ of stage %s2", expression, neighbour, stage.Name)
				}
			}
			for _, other := range stages() {
				if other.Name == stage.Name {
					continue
				}
				otherDLQs, _ := queuesOf(synth(t, other))
				for _, q := range otherDLQs {
					if search.matches(metric(q)) {
						t.Errorf("%s finds %s, a DLQ of stage %s", expression, q, other.Name)
					}
				}
			}
		})
	}
}
