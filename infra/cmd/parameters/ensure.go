package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// SSMAPI is the part of the SSM API ensure calls.
type SSMAPI interface {
	GetParameter(context.Context, *ssm.GetParameterInput, ...func(*ssm.Options)) (*ssm.GetParameterOutput, error)
	PutParameter(context.Context, *ssm.PutParameterInput, ...func(*ssm.Options)) (*ssm.PutParameterOutput, error)
}

// parameter is one stage parameter: its SSM name, the version the stage
// pins, and the environment variable holding the value to create it with.
type parameter struct {
	Name     string
	Pinned   int64
	Variable string
}

// kept is how many versions of a parameter SSM keeps.
const kept = 100

// ensure makes sure each parameter exists before a deploy: one that does
// not is created (version 1) from its variable's value, or reported with
// the variable to set; of one that does, the pinned version must exist.
// It never changes an existing parameter. Progress goes to out, each
// problem is one line on errOut, and it reports whether there was none.
func ensure(ctx context.Context, client SSMAPI, params []parameter, getenv func(string) string, out, errOut io.Writer) bool {
	ok := true
	fail := func(format string, args ...any) {
		fmt.Fprintf(errOut, format+"\n", args...)
		ok = false
	}
	for _, p := range params {
		got, err := client.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(p.Name)})
		var missing *ssmtypes.ParameterNotFound
		switch {
		case err == nil:
			latest := got.Parameter.Version
			switch {
			case p.Pinned > latest:
				fail("%s: the stage pins version %d, the latest is %d: pin an existing version in infra/stage.go (ParameterVersions)", p.Name, p.Pinned, latest)
			case latest-p.Pinned >= kept:
				fail("%s: the stage pins version %d, which SSM no longer keeps (latest %d): pin a recent version in infra/stage.go (ParameterVersions)", p.Name, p.Pinned, latest)
			default:
				fmt.Fprintf(out, "%s: version %d of %d\n", p.Name, p.Pinned, latest)
			}
			continue
		case !errors.As(err, &missing):
			fail("%s: %v", p.Name, err)
			continue
		}
		value := getenv(p.Variable)
		if value == "" {
			fail("%s does not exist: set %s to its value to create it", p.Name, p.Variable)
			continue
		}
		put, err := client.PutParameter(ctx, &ssm.PutParameterInput{
			Name: aws.String(p.Name), Type: ssmtypes.ParameterTypeString, Value: aws.String(value),
			Description: aws.String("Conveyor stage parameter, read by the functions that declare it; pinned by version in infra/stage.go."),
		})
		switch {
		case err != nil:
			fail("%s: create: %v", p.Name, err)
		case put.Version != p.Pinned:
			fail("%s: created version %d, but the stage pins version %d: pin %d in infra/stage.go (ParameterVersions)", p.Name, put.Version, p.Pinned, put.Version)
		default:
			fmt.Fprintf(out, "%s: created (version %d)\n", p.Name, put.Version)
		}
	}
	return ok
}
