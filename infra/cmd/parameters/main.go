// Command parameters makes sure the stage parameters the service
// declarations read (spec.Parameter) exist before a deploy. For each one
// that does not, it creates version 1 from the environment variable named
// after it (e.g. CONVEYOR_PARAM_PAYMENTS_PROVIDER_URL for
// payments/provider-url), or fails saying which variable to set; for each
// one that does, it checks that the version the stage pins exists. It
// never changes an existing parameter: to change a value, put a new
// version, pin it in infra/stage.go, and deploy.
//
// It uses the caller's AWS credentials (ssm:GetParameter and
// ssm:PutParameter on /conveyor/<stage>/*); AWS_ENDPOINT_URL points it at
// LocalStack. With -list it prints one line per parameter instead (SSM
// name, pinned version, variable) and calls nothing.
//
// Usage: go run ./infra/cmd/parameters -stage dev [-list]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/infra"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func main() {
	stage := flag.String("stage", "dev", "the stage whose parameters to ensure")
	list := flag.Bool("list", false, "only list the parameters, one line each")
	flag.Parse()
	params, err := parameters(*stage, functions.All())
	if err != nil {
		fmt.Fprintln(os.Stderr, "parameters:", err)
		os.Exit(1)
	}
	if *list {
		if err := run(os.Stdout, params); err != nil {
			fmt.Fprintln(os.Stderr, "parameters:", err)
			os.Exit(1)
		}
		return
	}
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "parameters: AWS configuration:", err)
		os.Exit(1)
	}
	if !ensure(ctx, ssm.NewFromConfig(cfg), params, os.Getenv, os.Stdout, os.Stderr) {
		os.Exit(1)
	}
}

// parameters returns the parameters of the stage named stage that the
// services read, with the versions the stage pins.
func parameters(stage string, services []spec.Service) ([]parameter, error) {
	s, err := infra.StageByName(stage)
	if err != nil {
		return nil, err
	}
	var out []parameter
	for _, name := range infra.StageParameters(services) {
		v := s.ParameterVersions[name]
		if v < 1 {
			return nil, fmt.Errorf("stage %q pins no version of %q: set it in ParameterVersions (infra/stage.go)", stage, name)
		}
		out = append(out, parameter{Name: s.StageParameterName(name), Pinned: int64(v), Variable: spec.ParameterVariable(name)})
	}
	return out, nil
}

// run writes one line per parameter: its SSM name, pinned version and
// variable.
func run(w io.Writer, params []parameter) error {
	for _, p := range params {
		if _, err := fmt.Fprintf(w, "%s %d %s\n", p.Name, p.Pinned, p.Variable); err != nil {
			return err
		}
	}
	return nil
}
