package infra_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/infra"
)

// fisTemplate is the dev stage's fault injection stack as JSON, and its
// unsuppressed cdk-nag errors.
func fisTemplate(t *testing.T) (map[string]any, []string) {
	t.Helper()
	s := synth(t, stages()[0])
	if s.stacks.FaultInjection == nil {
		t.Fatal("the dev stage has no fault injection stack")
	}
	stack := s.stacks.FaultInjection.Stack
	tmpl := roundTrip(t, assertions.Template_FromStack(stack, nil).ToJSON())
	var nag []string
	for _, msg := range *assertions.Annotations_FromStack(stack).FindError(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("AwsSolutions-.*"))) {
		b, _ := json.Marshal(msg)
		nag = append(nag, string(b))
	}
	return tmpl, nag
}

// ofType returns the resources of a type in a template, by logical id.
func ofType(tmpl map[string]any, typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	resources, _ := tmpl["Resources"].(map[string]any)
	for id, r := range resources {
		if m, _ := r.(map[string]any); m["Type"] == typ {
			props, _ := m["Properties"].(map[string]any)
			out[id] = props
		}
	}
	return out
}

// text is v as JSON, for looking into CloudFormation values.
func text(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestTheDevStageHasFISExperimentsOnTheSagaFunctionsFromTheDeclarations(t *testing.T) {
	dev := stages()[0]
	tmpl, nag := fisTemplate(t)
	saga := infra.SagaFunctions(testServices())
	if len(saga) < 4 {
		t.Fatalf("saga functions %v: want every subscription's consumer", saga)
	}
	// A function's ARN as the template writes it: its name after the
	// account and region tokens.
	arnOf := func(fn string) string { return ":function:" + dev.FunctionName(fn) + `"` }

	t.Run("one template for invocation errors and one for added delay, each on every saga function", func(t *testing.T) {
		templates := ofType(tmpl, "AWS::FIS::ExperimentTemplate")
		actions := map[string]bool{}
		for id, props := range templates {
			js := text(props)
			for _, a := range []string{"aws:lambda:invocation-error", "aws:lambda:invocation-add-delay"} {
				if strings.Contains(js, `"`+a+`"`) {
					actions[a] = true
				}
			}
			for _, fn := range saga {
				if !strings.Contains(js, arnOf(fn)) {
					t.Errorf("template %s does not target %s", id, fn)
				}
			}
			if n := strings.Count(js, ":function:"); n != len(saga) {
				t.Errorf("template %s targets %d functions, want the %d saga functions", id, n, len(saga))
			}
		}
		if len(templates) != 2 || len(actions) != 2 {
			t.Errorf("%d templates with actions %v", len(templates), actions)
		}
	})
	t.Run("the experiment role names every resource: no wildcard where one can be named", func(t *testing.T) {
		roles := ofType(tmpl, "AWS::IAM::Role")
		found := false
		for id, props := range roles {
			js := text(props)
			if !strings.Contains(js, "fis.amazonaws.com") {
				continue
			}
			found = true
			if strings.Contains(js, `"Resource":"*"`) || strings.Contains(js, `"*"]`) {
				t.Errorf("role %s grants on *: %s", id, js)
			}
			if props["ManagedPolicyArns"] != nil {
				t.Errorf("role %s has managed policies: %v", id, props["ManagedPolicyArns"])
			}
			for _, want := range []string{`"lambda:GetFunction"`, `"s3:PutObject"`, `"s3:DeleteObject"`, "/" + infra.FISConfigPrefix + "*"} {
				if !strings.Contains(js, want) {
					t.Errorf("role %s lacks %s: %s", id, want, js)
				}
			}
			for _, fn := range saga {
				if !strings.Contains(js, arnOf(fn)) {
					t.Errorf("role %s may not read %s", id, fn)
				}
			}
		}
		if !found {
			t.Fatal("no role FIS assumes")
		}
	})
	t.Run("only the saga functions' code may read the faults", func(t *testing.T) {
		policies := ofType(tmpl, "AWS::S3::BucketPolicy")
		reads := 0
		for _, props := range policies {
			js := text(props)
			if strings.Contains(js, `"s3:GetObject"`) {
				reads++
				if !strings.Contains(js, "lambda:SourceFunctionArn") || !strings.Contains(js, "aws:PrincipalAccount") {
					t.Errorf("the configuration bucket lets anyone read: %s", js)
				}
			}
		}
		if reads != 1 {
			t.Errorf("%d bucket policies grant reads, want the configuration bucket's", reads)
		}
	})
	t.Run("the stack passes cdk-nag's AwsSolutions checks", func(t *testing.T) {
		if len(nag) > 0 {
			t.Errorf("cdk-nag errors:\n%s", strings.Join(nag, "\n"))
		}
	})
	t.Run("the functions learn where the faults are from the stage", func(t *testing.T) {
		env := dev.FaultInjectionSettings("123456789012", "eu-west-1")
		want := fmt.Sprintf("arn:aws:s3:::%s/%s", dev.FaultInjectionBucketName("123456789012", "eu-west-1"), infra.FISConfigPrefix)
		if env["AWS_FIS_CONFIGURATION_LOCATION"] != want || env["AWS_LAMBDA_EXEC_WRAPPER"] != "/opt/aws-fis/bootstrap" {
			t.Errorf("settings %v", env)
		}
	})
}

func TestOnlyTheDevStageInjectsFaults(t *testing.T) {
	for _, stage := range []infra.Stage{infra.Prod(), infra.LocalStack()} {
		if stage.FaultInjection {
			t.Errorf("stage %s injects faults", stage.Name)
		}
	}
	if !slices.ContainsFunc(stages(), func(s infra.Stage) bool { return s.FaultInjection }) {
		t.Error("no tested stage injects faults")
	}
}
