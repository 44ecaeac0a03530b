package infra

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Props configure the stacks Build adds to an app.
type Props struct {
	// Stage is the stage to deploy.
	Stage Stage
	// Services are the service declarations, usually functions.All().
	Services []spec.Service
	// AssetDir holds one <function>/bootstrap per declared function, as
	// `make build` writes them (build/).
	AssetDir string
}

// Stacks are the stacks Build added.
type Stacks struct {
	// Platform is the stage's platform stack.
	Platform *PlatformStack
	// Services are the service stacks, in declaration order.
	Services []*ServiceStack
}

// Build validates the stage and the declarations, then adds the platform
// stack and one stack per service to app, and turns on the cdk-nag
// AwsSolutions checks for the whole app. It returns an error, without
// adding anything, when the configuration or a declaration is wrong or a
// function's bootstrap is missing.
func Build(app awscdk.App, p Props) (*Stacks, error) {
	if err := validate(p); err != nil {
		return nil, err
	}
	env := &awscdk.Environment{}
	if p.Stage.Account != "" {
		env.Account = jsii.String(p.Stage.Account)
	}
	if p.Stage.Region != "" {
		env.Region = jsii.String(p.Stage.Region)
	}
	stackProps := func(description string) awscdk.StackProps {
		return awscdk.StackProps{
			Env:         env,
			Description: jsii.String(description),
			Tags: &map[string]*string{
				"conveyor:stage": jsii.String(p.Stage.Name),
			},
		}
	}

	platform := NewPlatformStack(app, p.Stage.PlatformStackName(), &PlatformStackProps{
		StackProps: stackProps("Conveyor " + p.Stage.Name + ": event bus, REST API, user pool, alarm topic and dashboard shared by every service."),
		Stage:      p.Stage,
		Services:   p.Services,
	})
	stacks := &Stacks{Platform: platform}
	for _, svc := range p.Services {
		s := NewServiceStack(app, p.Stage.ServiceStackName(svc.Name), &ServiceStackProps{
			StackProps: stackProps("Conveyor " + p.Stage.Name + " " + svc.Name + ": " + svc.Description),
			Stage:      p.Stage,
			Service:    svc,
			AssetDir:   p.AssetDir,
		})
		// The dependency orders `cdk deploy --all` (the platform writes the
		// SSM parameters the service reads); it creates no export, so either
		// stack can still be deployed alone.
		s.AddStackDependency(platform.Stack, jsii.String("reads the platform's SSM parameters"))
		stacks.Services = append(stacks.Services, s)
	}
	awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}), nil)
	return stacks, nil
}

func validate(p Props) error {
	var errs []error
	if err := p.Stage.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := spec.ValidateAll(p.Services); err != nil {
		errs = append(errs, err)
	}
	routes := 0
	for _, svc := range p.Services {
		routes += len(svc.Routes)
		for _, f := range svc.Functions {
			if n := len(p.Stage.FunctionName(f.Name)); n > 64 {
				errs = append(errs, fmt.Errorf("function %q: its physical name %q is %d characters, Lambda allows 64", f.Name, p.Stage.FunctionName(f.Name), n))
			}
			bin := filepath.Join(p.AssetDir, f.Name, "bootstrap")
			if fi, err := os.Stat(bin); err != nil || fi.IsDir() {
				errs = append(errs, fmt.Errorf("function %q: no bootstrap at %s (run `make build`)", f.Name, bin))
			}
		}
		for _, sub := range svc.Subscriptions {
			if n := len(p.Stage.QueueName(svc, sub) + "-dlq"); n > 80 {
				errs = append(errs, fmt.Errorf("subscription %q of %q: its DLQ name is %d characters, SQS allows 80", sub.Name, svc.Name, n))
			}
		}
	}
	if routes == 0 {
		errs = append(errs, errors.New("no service declares a route: the REST API needs at least one"))
	}
	for name := range p.Stage.Tables {
		if !declared(p.Services, name) {
			errs = append(errs, fmt.Errorf("stage %q: table capacity for undeclared service %q", p.Stage.Name, name))
		}
	}
	return errors.Join(errs...)
}

func declared(services []spec.Service, name string) bool {
	for _, s := range services {
		if s.Name == name {
			return true
		}
	}
	return false
}
