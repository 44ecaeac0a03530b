package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"

	"github.com/conveyor-dev/conveyor/infra"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// ToolkitStack is the name of the CDK bootstrap stack. The app keeps the
// default synthesizer and qualifier (cdk.json sets neither), so `cdk
// bootstrap` creates, and `cdk deploy` expects, the default stack.
const ToolkitStack = "CDKToolkit"

// MinUnreserved is the unreserved concurrency Lambda keeps for the
// functions without a reservation: no reservation or provisioned
// concurrency may take the account's unreserved concurrency below it (or
// below the account's whole quota, when that is smaller).
const MinUnreserved = 100

// LambdaAPI is the part of the Lambda API the concurrency check calls.
type LambdaAPI interface {
	GetAccountSettings(context.Context, *lambda.GetAccountSettingsInput, ...func(*lambda.Options)) (*lambda.GetAccountSettingsOutput, error)
	GetFunctionConcurrency(context.Context, *lambda.GetFunctionConcurrencyInput, ...func(*lambda.Options)) (*lambda.GetFunctionConcurrencyOutput, error)
}

// SSMAPI is the part of the SSM API the parameter check calls.
type SSMAPI interface {
	GetParameter(context.Context, *ssm.GetParameterInput, ...func(*ssm.Options)) (*ssm.GetParameterOutput, error)
}

// CloudFormationAPI is the part of the CloudFormation API the bootstrap
// check calls.
type CloudFormationAPI interface {
	DescribeStacks(context.Context, *cloudformation.DescribeStacksInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error)
}

// Checker runs the preflight checks of one stage against one account and
// region.
type Checker struct {
	// Stage is the stage about to be deployed.
	Stage infra.Stage
	// Services are the service declarations the stage deploys.
	Services []spec.Service
	// Lambda, SSM and CloudFormation are clients for the account and
	// region to check.
	Lambda         LambdaAPI
	SSM            SSMAPI
	CloudFormation CloudFormationAPI
	// ToolkitStack is the name of the CDK bootstrap stack (ToolkitStack).
	ToolkitStack string
	// Getenv reads the caller's environment (os.Getenv); nil reads none.
	// A missing parameter whose CONVEYOR_PARAM_<NAME> is set passes:
	// `make deploy` runs `make stage-parameters` next, which creates it.
	Getenv func(string) string
}

// Finding is the outcome of one check: a pass, or a failure whose Text
// says what to do.
type Finding struct {
	// Check names the check: "concurrency", "parameter" or "bootstrap".
	Check string
	// Failed is true when the check failed.
	Failed bool
	// Text is one line: what was found, and for a failure what to do.
	Text string
}

// String is the finding's line of output.
func (f Finding) String() string {
	status := "ok  "
	if f.Failed {
		status = "FAIL"
	}
	// A finding is one line, whatever an error message holds.
	return fmt.Sprintf("preflight: %s %s: %s", status, f.Check, strings.Join(strings.Fields(f.Text), " "))
}

func pass(check, format string, args ...any) Finding {
	return Finding{Check: check, Text: fmt.Sprintf(format, args...)}
}

func fail(check, format string, args ...any) Finding {
	return Finding{Check: check, Failed: true, Text: fmt.Sprintf(format, args...)}
}

// Run runs every check, writes one line per finding to w and returns the
// number of failures. A failing check does not stop the others.
func (c Checker) Run(ctx context.Context, w io.Writer) int {
	findings := []Finding{c.Concurrency(ctx)}
	findings = append(findings, c.Parameters(ctx)...)
	findings = append(findings, c.Bootstrap(ctx))
	failed := 0
	for _, f := range findings {
		fmt.Fprintln(w, f)
		if f.Failed {
			failed++
		}
	}
	return failed
}

// Demand is the concurrency a stage takes from the account's unreserved
// pool: its reservations, plus the provisioned concurrency of the API
// functions that reserve none (a reserved function's provisioned
// concurrency comes out of its reservation). Provisioned concurrency is
// counted at its scaling ceiling, which target tracking may reach.
func Demand(stage infra.Stage, services []spec.Service) (reserved, provisioned int) {
	reservations := stage.Reservations(services)
	for _, n := range reservations {
		reserved += n
	}
	pc := stage.ProvisionedConcurrency
	if pc == nil {
		return reserved, 0
	}
	for _, svc := range services {
		for _, f := range svc.Functions {
			servesAPI := slices.ContainsFunc(svc.Routes, func(r spec.Route) bool { return r.Function == f.Name })
			if !servesAPI || reservations[f.Name] > 0 {
				continue
			}
			ceiling := pc.Max
			if f.MaxConcurrency > 0 {
				ceiling = f.MaxConcurrency
			}
			provisioned += ceiling
		}
	}
	return reserved, provisioned
}

// Concurrency checks that the account's unreserved concurrency, plus what
// the stage's functions reserve today (a deploy releases and retakes it),
// covers the stage's demand and still leaves Lambda's minimum.
func (c Checker) Concurrency(ctx context.Context) Finding {
	const check = "concurrency"
	settings, err := c.Lambda.GetAccountSettings(ctx, &lambda.GetAccountSettingsInput{})
	if err != nil {
		return fail(check, "cannot read the Lambda account settings: %v: check your credentials allow lambda:GetAccountSettings", err)
	}
	limit := settings.AccountLimit
	if limit == nil {
		return fail(check, "the Lambda account settings hold no account limit: run again, or check the region")
	}
	held := 0
	for _, svc := range c.Services {
		for _, f := range svc.Functions {
			name := c.Stage.FunctionName(f.Name)
			out, err := c.Lambda.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: &name})
			var notFound *lambdatypes.ResourceNotFoundException
			switch {
			case errors.As(err, &notFound):
			case err != nil:
				return fail(check, "cannot read the reserved concurrency of %s: %v: check your credentials allow lambda:GetFunctionConcurrency", name, err)
			case out.ReservedConcurrentExecutions != nil:
				held += int(*out.ReservedConcurrentExecutions)
			}
		}
	}
	reserved, provisioned := Demand(c.Stage, c.Services)
	need := reserved + provisioned
	unreserved := 0
	if limit.UnreservedConcurrentExecutions != nil {
		unreserved = int(*limit.UnreservedConcurrentExecutions)
	}
	floor := min(MinUnreserved, int(limit.ConcurrentExecutions))
	available := unreserved + held
	if missing := need + floor - available; missing > 0 {
		return fail(check, "stage %s needs %d concurrency (reserved %d, provisioned %d) and Lambda keeps %d unreserved, "+
			"but the account has %d unreserved (quota %d, %d of it held by this stage's functions today): %d missing; "+
			"ask AWS for a Lambda concurrent executions quota of at least %d (Service Quotas, L-B99A9384), "+
			"or lower the stage's reservations in infra/stage.go",
			c.Stage.Name, need, reserved, provisioned, floor,
			unreserved, limit.ConcurrentExecutions, held, missing,
			int(limit.ConcurrentExecutions)+missing)
	}
	return pass(check, "stage %s needs %d (reserved %d, provisioned %d) of %d available, keeping %d unreserved",
		c.Stage.Name, need, reserved, provisioned, available, floor)
}

// Parameters checks that every stage parameter the declarations read
// exists, at the version the stage pins, if it pins one: one finding per
// parameter.
func (c Checker) Parameters(ctx context.Context) []Finding {
	const check = "parameter"
	var out []Finding
	for _, name := range infra.StageParameters(c.Services) {
		full := c.Stage.StageParameterName(name)
		pinned := int64(c.Stage.ParameterVersions[name])
		got, err := c.SSM.GetParameter(ctx, &ssm.GetParameterInput{Name: &full})
		var notFound *ssmtypes.ParameterNotFound
		variable := spec.ParameterVariable(name)
		switch {
		case errors.As(err, &notFound) && pinned <= 1 && c.getenv(variable) != "":
			out = append(out, pass(check, "%s does not exist: `make stage-parameters` creates version 1 from %s", full, variable))
		case errors.As(err, &notFound) && pinned > 1:
			out = append(out, fail(check, "%s does not exist, yet infra/stage.go pins version %d: pin version 1 and create it with `%s=<value> make stage-parameters STAGE=%s`",
				full, pinned, variable, c.Stage.Name))
		case errors.As(err, &notFound):
			out = append(out, fail(check, "%s does not exist: create it with `%s=<value> make stage-parameters STAGE=%s`",
				full, variable, c.Stage.Name))
		case err != nil:
			out = append(out, fail(check, "cannot read %s: %v: check your credentials allow ssm:GetParameter on it", full, err))
		case got.Parameter == nil:
			out = append(out, fail(check, "SSM returned no parameter for %s: run again", full))
		case pinned > 0 && got.Parameter.Version < pinned:
			out = append(out, fail(check, "%s: infra/stage.go pins version %d, the latest is %d: put the value as a new version, or pin %d",
				full, pinned, got.Parameter.Version, got.Parameter.Version))
		case pinned > 0 && got.Parameter.Version-pinned >= 100:
			out = append(out, fail(check, "%s: infra/stage.go pins version %d, but SSM keeps only the last 100 versions and the latest is %d: pin %d",
				full, pinned, got.Parameter.Version, got.Parameter.Version))
		case pinned > 0:
			out = append(out, pass(check, "%s has version %d (latest %d)", full, pinned, got.Parameter.Version))
		default:
			out = append(out, pass(check, "%s exists (version %d)", full, got.Parameter.Version))
		}
	}
	return out
}

// getenv reads the variable from Getenv, or returns "" without one.
func (c Checker) getenv(name string) string {
	if c.Getenv == nil {
		return ""
	}
	return c.Getenv(name)
}

// usableStatuses are the states of a bootstrap stack that a deploy can
// use: created, updated, or rolled back to its previous good state.
var usableStatuses = []cfntypes.StackStatus{
	cfntypes.StackStatusCreateComplete,
	cfntypes.StackStatusUpdateComplete,
	cfntypes.StackStatusUpdateRollbackComplete,
	cfntypes.StackStatusImportComplete,
	cfntypes.StackStatusImportRollbackComplete,
}

// Bootstrap checks that the CDK bootstrap stack exists and is usable.
func (c Checker) Bootstrap(ctx context.Context) Finding {
	const check = "bootstrap"
	bootstrap := fmt.Sprintf("run `make cdk-bootstrap STAGE=%s` once for this account and region", c.Stage.Name)
	out, err := c.CloudFormation.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: &c.ToolkitStack})
	if err != nil {
		// CloudFormation answers a missing stack with a ValidationError
		// "Stack with id X does not exist".
		var api smithy.APIError
		if errors.As(err, &api) && (strings.Contains(api.ErrorMessage(), "does not exist") || api.ErrorCode() == "StackNotFoundException") {
			return fail(check, "no CDK bootstrap stack %s: %s", c.ToolkitStack, bootstrap)
		}
		return fail(check, "cannot describe the stack %s: %v: check your credentials allow cloudformation:DescribeStacks", c.ToolkitStack, err)
	}
	if len(out.Stacks) == 0 {
		return fail(check, "no CDK bootstrap stack %s: %s", c.ToolkitStack, bootstrap)
	}
	status := out.Stacks[0].StackStatus
	if !slices.Contains(usableStatuses, status) {
		return fail(check, "the CDK bootstrap stack %s is %s: wait for it to settle, or delete it and %s", c.ToolkitStack, status, bootstrap)
	}
	return pass(check, "the CDK bootstrap stack %s is %s", c.ToolkitStack, status)
}
