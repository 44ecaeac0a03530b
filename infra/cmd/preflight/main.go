// Command preflight checks, with the caller's AWS credentials (the SDK's
// default configuration: environment, shared files, SSO), that the account
// and region can take a deploy of a stage, before `make deploy` starts one:
//
//   - the account's unreserved concurrency leaves room for the stage's
//     reserved and provisioned concurrency;
//   - every stage parameter the functions read exists, at the version the
//     stage pins;
//   - the CDK bootstrap stack is present.
//
// Every check runs; each failure prints one line saying what to do, and
// the exit status is 1 when any check failed.
//
// Usage: go run ./infra/cmd/preflight -stage prod
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/infra"
)

func main() {
	stage := flag.String("stage", "dev", "the stage to check: dev or prod")
	flag.Parse()
	os.Exit(run(context.Background(), os.Stdout, *stage))
}

// run checks the stage named stage against the account and region of the
// default AWS configuration and returns the exit status.
func run(ctx context.Context, w io.Writer, stage string) int {
	s, err := infra.StageByName(stage)
	if err != nil {
		fmt.Fprintln(w, "preflight:", err)
		return 2
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fmt.Fprintf(w, "preflight: FAIL credentials: %v: configure AWS credentials and a region (aws configure, or AWS_PROFILE)\n", err)
		return 1
	}
	fmt.Fprintf(w, "preflight: stage %s in region %s\n", s.Name, cfg.Region)
	c := Checker{
		Stage:          s,
		Services:       functions.All(),
		Lambda:         lambda.NewFromConfig(cfg),
		SSM:            ssm.NewFromConfig(cfg),
		CloudFormation: cloudformation.NewFromConfig(cfg),
		ToolkitStack:   ToolkitStack,
		Getenv:         os.Getenv,
	}
	if c.Run(ctx, w) > 0 {
		return 1
	}
	return 0
}
