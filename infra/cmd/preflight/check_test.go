package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/infra"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// fakeLambda answers the Lambda calls with the shapes AWS returns; the
// emulator has neither GetAccountSettings nor GetFunctionConcurrency.
type fakeLambda struct {
	quota, unreserved int32
	// held is the reserved concurrency each function has today, by
	// physical name; a function not listed does not exist.
	held map[string]int32
	err  error
}

func (f fakeLambda) GetAccountSettings(context.Context, *lambda.GetAccountSettingsInput, ...func(*lambda.Options)) (*lambda.GetAccountSettingsOutput, error) {
	if f.err != nil {
		return nil, f.err
	}
	return &lambda.GetAccountSettingsOutput{AccountLimit: &lambdatypes.AccountLimit{
		ConcurrentExecutions:           f.quota,
		UnreservedConcurrentExecutions: aws.Int32(f.unreserved),
	}}, nil
}

func (f fakeLambda) GetFunctionConcurrency(_ context.Context, in *lambda.GetFunctionConcurrencyInput, _ ...func(*lambda.Options)) (*lambda.GetFunctionConcurrencyOutput, error) {
	n, ok := f.held[*in.FunctionName]
	if !ok {
		return nil, &lambdatypes.ResourceNotFoundException{Message: aws.String("Function not found: " + *in.FunctionName)}
	}
	if n == 0 {
		return &lambda.GetFunctionConcurrencyOutput{}, nil
	}
	return &lambda.GetFunctionConcurrencyOutput{ReservedConcurrentExecutions: aws.Int32(n)}, nil
}

// prodDemand is what the prod stage takes from the unreserved pool.
func prodDemand(t *testing.T) int {
	t.Helper()
	reserved, provisioned := Demand(infra.Prod(), functions.All())
	if reserved == 0 || provisioned == 0 {
		t.Fatalf("prod reserves %d and provisions %d; the tests expect both", reserved, provisioned)
	}
	return reserved + provisioned
}

func TestDevReservesAndProvisionsNothing(t *testing.T) {
	if r, p := Demand(infra.Dev(), functions.All()); r != 0 || p != 0 {
		t.Errorf("dev reserves %d and provisions %d, want none", r, p)
	}
}

func TestProvisionedConcurrencyOfAReservedFunctionComesOutOfItsReservation(t *testing.T) {
	svc := spec.Service{Name: "parcels",
		Functions: []spec.Function{{Name: "parcels-api", ReservedConcurrency: 20}, {Name: "parcels-admin", MaxConcurrency: 4}, {Name: "parcels-worker"}},
		Routes:    []spec.Route{{Function: "parcels-api"}, {Function: "parcels-admin"}},
	}
	stage := infra.Prod()
	r, p := Demand(stage, []spec.Service{svc})
	if r != 20 || p != 4 {
		t.Errorf("Demand = reserved %d, provisioned %d; want 20 and 4 (parcels-admin's ceiling)", r, p)
	}
}

func TestEnoughHeadroomPasses(t *testing.T) {
	need := prodDemand(t)
	c := Checker{Stage: infra.Prod(), Services: functions.All(),
		Lambda: fakeLambda{quota: 1000, unreserved: int32(need + MinUnreserved)}}
	if f := c.Concurrency(context.Background()); f.Failed {
		t.Errorf("failed with exactly enough headroom: %s", f)
	}
}

func TestTooLittleHeadroomSaysHowMuchIsMissingAndWhatToDo(t *testing.T) {
	need := prodDemand(t)
	c := Checker{Stage: infra.Prod(), Services: functions.All(),
		Lambda: fakeLambda{quota: 1000, unreserved: int32(need + MinUnreserved - 7)}}
	f := c.Concurrency(context.Background())
	line := f.String()
	if !f.Failed || strings.Contains(line, "\n") {
		t.Fatalf("finding %q; want one failing line", line)
	}
	for _, want := range []string{"7 missing", "quota of at least 1007", "lower the stage's reservations"} {
		if !strings.Contains(line, want) {
			t.Errorf("line %q lacks %q", line, want)
		}
	}
}

func TestReservationsTheStageHoldsTodayCountAsHeadroom(t *testing.T) {
	need := prodDemand(t)
	stage := infra.Prod()
	// A redeploy: the stage's reservations are already taken out of the
	// unreserved pool, and the deploy moves them, it does not add them.
	held := map[string]int32{}
	reserved := 0
	for fn, n := range stage.Reservations(functions.All()) {
		held[stage.FunctionName(fn)] = int32(n)
		reserved += n
	}
	c := Checker{Stage: stage, Services: functions.All(),
		Lambda: fakeLambda{quota: 1000, unreserved: int32(need + MinUnreserved - reserved), held: held}}
	if f := c.Concurrency(context.Background()); f.Failed {
		t.Errorf("a redeploy fails: %s", f)
	}
}

func TestASmallQuotaAccountPassesAStageThatReservesNothing(t *testing.T) {
	c := Checker{Stage: infra.Dev(), Services: functions.All(), Lambda: fakeLambda{quota: 10, unreserved: 10}}
	if f := c.Concurrency(context.Background()); f.Failed {
		t.Errorf("dev on a quota of 10: %s", f)
	}
	c.Stage = infra.Prod()
	if f := c.Concurrency(context.Background()); !f.Failed {
		t.Errorf("prod on a quota of 10 passed: %s", f)
	}
}

func TestUnreadableAccountSettingsFailOnOneLine(t *testing.T) {
	c := Checker{Stage: infra.Dev(), Services: functions.All(),
		Lambda: fakeLambda{err: errors.New("AccessDeniedException: not authorized\nto perform lambda:GetAccountSettings")}}
	f := c.Concurrency(context.Background())
	if !f.Failed || strings.Contains(f.String(), "\n") || !strings.Contains(f.String(), "lambda:GetAccountSettings") {
		t.Errorf("finding %q; want one failing line naming the permission", f)
	}
}

// testStage is a stage of its own for a test on the shared emulator.
func testStage(t *testing.T, pinned int) infra.Stage {
	s := infra.Dev()
	s.Name = kumotest.Prefix(t)
	s.ParameterVersions = map[string]int{"payments/provider-url": pinned}
	return s
}

func TestParametersOnTheEmulator(t *testing.T) {
	env := kumotest.Start(t)
	client := ssm.NewFromConfig(env.Config)
	ctx := context.Background()
	stage := testStage(t, 1)
	name := stage.StageParameterName("payments/provider-url")
	c := Checker{Stage: stage, Services: functions.All(), SSM: client}

	one := func(t *testing.T) Finding {
		t.Helper()
		fs := c.Parameters(ctx)
		if len(fs) != 1 {
			t.Fatalf("%d findings, want one for the one declared parameter: %v", len(fs), fs)
		}
		return fs[0]
	}
	t.Run("a missing parameter says how to create it", func(t *testing.T) {
		f := one(t)
		want := "make stage-parameters STAGE=" + stage.Name
		if !f.Failed || !strings.Contains(f.Text, name+" does not exist") || !strings.Contains(f.Text, "CONVEYOR_PARAM_PAYMENTS_PROVIDER_URL=<value> "+want) {
			t.Errorf("finding %q; want a failure saying to run %s", f, want)
		}
	})
	t.Run("a missing parameter the deploy creates from its variable passes", func(t *testing.T) {
		c.Getenv = func(v string) string {
			if v == "CONVEYOR_PARAM_PAYMENTS_PROVIDER_URL" {
				return "https://psp.example.com"
			}
			return ""
		}
		defer func() { c.Getenv = nil }()
		if f := one(t); f.Failed || !strings.Contains(f.Text, "creates version 1 from CONVEYOR_PARAM_PAYMENTS_PROVIDER_URL") {
			t.Errorf("finding %q; want a pass saying the deploy creates it", f)
		}
		c.Stage.ParameterVersions = map[string]int{"payments/provider-url": 2}
		defer func() { c.Stage.ParameterVersions = map[string]int{"payments/provider-url": 1} }()
		if f := one(t); !f.Failed || !strings.Contains(f.Text, "pins version 2") {
			t.Errorf("finding %q; want a failure: a new parameter starts at version 1", f)
		}
	})
	if _, err := client.PutParameter(ctx, &ssm.PutParameterInput{Name: &name, Value: aws.String("https://psp.example.com"), Type: ssmtypes.ParameterTypeString}); err != nil {
		t.Fatal(err)
	}
	t.Run("the pinned version passes", func(t *testing.T) {
		if f := one(t); f.Failed {
			t.Errorf("failed: %s", f)
		}
	})
	t.Run("a pinned version that does not exist yet fails", func(t *testing.T) {
		c.Stage.ParameterVersions = map[string]int{"payments/provider-url": 2}
		defer func() { c.Stage.ParameterVersions = map[string]int{"payments/provider-url": 1} }()
		if f := one(t); !f.Failed || !strings.Contains(f.Text, "pins version 2, the latest is 1") {
			t.Errorf("finding %q; want a failure about the pinned version", f)
		}
	})
}

func TestBootstrapStackOnTheEmulator(t *testing.T) {
	env := kumotest.Start(t)
	client := cloudformation.NewFromConfig(env.Config)
	ctx := context.Background()
	stage := testStage(t, 1)
	c := Checker{Stage: stage, CloudFormation: client, ToolkitStack: kumotest.UniqueName(t, "toolkit")}

	if f := c.Bootstrap(ctx); !f.Failed || !strings.Contains(f.Text, "make cdk-bootstrap STAGE="+stage.Name) {
		t.Errorf("without the stack: %q; want a failure saying to bootstrap", f)
	}
	if _, err := client.CreateStack(ctx, &cloudformation.CreateStackInput{
		StackName: &c.ToolkitStack, TemplateBody: aws.String(`{"Resources":{}}`),
	}); err != nil {
		t.Fatal(err)
	}
	if f := c.Bootstrap(ctx); f.Failed {
		t.Errorf("with the stack: %s", f)
	}
}

func TestEveryCheckRunsAndEachFailureIsOneLine(t *testing.T) {
	env := kumotest.Start(t)
	stage := testStage(t, 1)
	c := Checker{
		Stage:          stage,
		Services:       functions.All(),
		Lambda:         fakeLambda{err: errors.New("no credentials")},
		SSM:            ssm.NewFromConfig(env.Config),
		CloudFormation: cloudformation.NewFromConfig(env.Config),
		ToolkitStack:   kumotest.UniqueName(t, "toolkit"),
	}
	var out bytes.Buffer
	if n := c.Run(context.Background(), &out); n != 3 {
		t.Errorf("Run counted %d failures, want 3 (concurrency, parameter, bootstrap)", n)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("printed %d lines, want 3:\n%s", len(lines), out.String())
	}
	for i, check := range []string{"concurrency", "parameter", "bootstrap"} {
		if !strings.HasPrefix(lines[i], "preflight: FAIL "+check+": ") {
			t.Errorf("line %d is %q, want the %s failure", i, lines[i], check)
		}
	}
}

func TestAnUnknownStageIsRefused(t *testing.T) {
	var out bytes.Buffer
	if code := run(context.Background(), &out, "staging"); code != 2 || !strings.Contains(out.String(), `unknown stage "staging"`) {
		t.Errorf("run = %d, %q; want 2 and the stages to choose from", code, out.String())
	}
}

// fakeStacks answers DescribeStacks with one stack in the given status.
type fakeStacks string

func (f fakeStacks) DescribeStacks(_ context.Context, in *cloudformation.DescribeStacksInput, _ ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error) {
	return &cloudformation.DescribeStacksOutput{Stacks: []cfntypes.Stack{{StackName: in.StackName, StackStatus: cfntypes.StackStatus(f)}}}, nil
}

func TestABootstrapStackThatFailedIsReported(t *testing.T) {
	c := Checker{Stage: infra.Dev(), CloudFormation: fakeStacks("ROLLBACK_COMPLETE"), ToolkitStack: ToolkitStack}
	if f := c.Bootstrap(context.Background()); !f.Failed || !strings.Contains(f.Text, "is ROLLBACK_COMPLETE") {
		t.Errorf("finding %q; want a failure naming the status", f)
	}
	c.CloudFormation = fakeStacks("UPDATE_ROLLBACK_COMPLETE")
	if f := c.Bootstrap(context.Background()); f.Failed {
		t.Errorf("a stack rolled back to its last good state fails: %s", f)
	}
}
