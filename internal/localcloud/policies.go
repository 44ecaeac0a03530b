package localcloud

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/conveyor-dev/conveyor/internal/iampolicy"
	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Policies returns the IAM statements function f of service s is granted,
// naming the local cloud's resources as at describes them. The local cloud
// enforces them on every AWS call the function makes, and on the calls its
// event source mappings make, which on AWS use the function's role too.
type Policies func(s spec.Service, f spec.Function, at Resources) ([]iampolicy.Statement, error)

// Resources says where the local cloud put the platform: the region and
// account of its ARNs, its naming convention, and what it provisioned
// (tables with their stream ARNs, queues with their ARNs, the bus ARN).
type Resources struct {
	Region, AccountID string
	Names             provision.Names
	Platform          provision.Platform
}

// TableARN is the ARN of service s's table.
func (r Resources) TableARN(s spec.Service) string {
	return fmt.Sprintf("arn:aws:dynamodb:%s:%s:table/%s", r.Region, r.AccountID, r.Names.Table(s))
}

// RoleName is the name the local cloud gives function's execution role in
// denials: "<prefix>-<function>".
func RoleName(names provision.Names, function string) string { return names.Prefix + "-" + function }

// functionSecret is the secret access key of every function: the emulator
// checks no signature, only the access key id names the caller.
const functionSecret = "local-function-secret"

// functionCredentials are the variables that make function's SDK sign as
// emulator.FunctionAccessKey(function).
func functionCredentials(function string) []string {
	return []string{
		"AWS_ACCESS_KEY_ID=" + emulator.FunctionAccessKey(function),
		"AWS_SECRET_ACCESS_KEY=" + functionSecret,
	}
}

// withFunctionCredentials replaces the credentials in env by function's.
func withFunctionCredentials(env []string, function string) []string {
	out := make([]string, 0, len(env)+2)
	for _, kv := range env {
		if strings.HasPrefix(kv, "AWS_ACCESS_KEY_ID=") || strings.HasPrefix(kv, "AWS_SECRET_ACCESS_KEY=") ||
			strings.HasPrefix(kv, "AWS_SESSION_TOKEN=") {
			continue
		}
		out = append(out, kv)
	}
	return append(out, functionCredentials(function)...)
}

// functionConfig is cfg signing as function, for the clients of the
// function's event source mappings, which on AWS act with the function's
// role. The operations in platformOperations keep cfg's credentials.
func functionConfig(cfg aws.Config, function string, platformOperations ...string) aws.Config {
	c := cfg.Copy()
	c.Credentials = byOperation{
		function:    credentials.NewStaticCredentialsProvider(emulator.FunctionAccessKey(function), functionSecret, ""),
		platform:    cfg.Credentials,
		platformOps: platformOperations,
	}
	return c
}

// putBackOperation is the call the local cloud makes on a subscription's
// queue when a test turns its mapping off (Cloud.SetSubscriptionEnabled):
// it makes the messages received meanwhile visible again. Lambda's poller
// never makes it on AWS, so it is the platform's call, not the function's.
const putBackOperation = "ChangeMessageVisibility"

// byOperation signs the operations in platformOps with platform's
// credentials and every other with function's.
type byOperation struct {
	function, platform aws.CredentialsProvider
	platformOps        []string
}

// Retrieve returns the credentials for the operation of ctx.
func (b byOperation) Retrieve(ctx context.Context) (aws.Credentials, error) {
	if slices.Contains(b.platformOps, awsmiddleware.GetOperationName(ctx)) {
		return b.platform.Retrieve(ctx)
	}
	return b.function.Retrieve(ctx)
}

// enforceIAM makes the emulator's front door evaluate every function's
// requests against the statements policies gives it, printing one line
// per denial.
func (c *Cloud) enforceIAM(policies Policies, services []spec.Service, names provision.Names) error {
	at := Resources{Region: awsclients.Region, AccountID: awsclients.AccountID, Names: names, Platform: c.Platform}
	principals := map[string]emulator.Principal{}
	for _, s := range services {
		for _, f := range s.Functions {
			statements, err := policies(s, f, at)
			if err != nil {
				return fmt.Errorf("IAM policy of %s: %w", f.Name, err)
			}
			principals[f.Name] = emulator.Principal{Role: RoleName(names, f.Name), Statements: statements}
		}
	}
	printer := c.printer
	return c.emulator.Enforce(&emulator.Enforcement{
		Principals: principals,
		AccountID:  awsclients.AccountID,
		Denied:     func(d emulator.Denial) { printer.Notice(d.Function, d.String()) },
	})
}

// DeclaredPolicies are the statements the CDK app deploys for each
// function, built from the declarations by iampolicy.ForFunction, naming
// the local cloud's resources by the naming convention the stacks share.
func DeclaredPolicies(s spec.Service, f spec.Function, at Resources) ([]iampolicy.Statement, error) {
	naming := iampolicy.Naming{
		Prefix: at.Names.Prefix,
		ARNs:   iampolicy.ARNs{Partition: "aws", Region: at.Region, Account: at.AccountID},
	}
	statements, err := iampolicy.ForFunction(s, f, naming.Resources(s))
	if err != nil {
		return nil, fmt.Errorf("declared policy: %w", err)
	}
	return statements, nil
}
