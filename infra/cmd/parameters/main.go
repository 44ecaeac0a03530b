// Command parameters lists the stage parameters the service declarations
// read (spec.Parameter), for infra/stage_parameters.sh: one line per
// parameter with its SSM name, the version the stage pins, and the
// environment variable that holds the value to create it with, e.g.
//
//	/conveyor/dev/payments/provider-url 1 CONVEYOR_PARAM_PAYMENTS_PROVIDER_URL
//
// Usage: go run ./infra/cmd/parameters -stage dev
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/infra"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func main() {
	stage := flag.String("stage", "dev", "the stage whose parameters to list")
	flag.Parse()
	if err := run(os.Stdout, *stage, functions.All()); err != nil {
		fmt.Fprintln(os.Stderr, "parameters:", err)
		os.Exit(1)
	}
}

// run writes the lines for the stage named stage and the services.
func run(w io.Writer, stage string, services []spec.Service) error {
	s, err := infra.StageByName(stage)
	if err != nil {
		return err
	}
	for _, name := range infra.StageParameters(services) {
		v := s.ParameterVersions[name]
		if v < 1 {
			return fmt.Errorf("stage %q pins no version of %q: set it in ParameterVersions (infra/stage.go)", stage, name)
		}
		if _, err := fmt.Fprintf(w, "%s %d %s\n", s.StageParameterName(name), v, infra.ParameterVariable(name)); err != nil {
			return err
		}
	}
	return nil
}
