package infra

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

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
	// FaultInjection is the stage's FIS stack; nil unless
	// Stage.FaultInjection.
	FaultInjection *FaultInjectionStack
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
	// Every function's reservation is decided here, once, from the stage:
	// the map names every declared function, so no declaration reserves
	// concurrency in a stage that does not.
	p.Stage.ReservedConcurrency = p.Stage.Reservations(p.Services)
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
		StackProps: stackProps("Conveyor " + p.Stage.Name + ": event bus, REST API and its sign-in, alarm topic and dashboard shared by every service."),
		Stage:      p.Stage,
		Services:   p.Services,
		AssetDir:   p.AssetDir,
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
	if p.Stage.FaultInjection {
		stacks.FaultInjection = NewFaultInjectionStack(app, p.Stage.Prefix()+"-fis", &FaultInjectionStackProps{
			StackProps: stackProps("Conveyor " + p.Stage.Name + ": AWS FIS experiment templates on the saga functions, their role and configuration bucket."),
			Stage:      p.Stage, Services: p.Services,
		})
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
			name := p.Stage.QueueName(svc, sub)
			if len(name) > 64 {
				errs = append(errs, fmt.Errorf("subscription %q of %q: its rule name %q is %d characters, EventBridge allows 64", sub.Name, svc.Name, name, len(name)))
			}
			if consumer, ok := svc.Function(sub.Function); ok {
				if v := sub.QueueVisibility(consumer); v < consumer.Timeout {
					errs = append(errs, fmt.Errorf("subscription %q of %q: visibility timeout %v is shorter than the timeout of %s (%v)", sub.Name, svc.Name, v, consumer.Name, consumer.Timeout))
				}
			}
		}
		for _, f := range svc.Functions {
			if f.Stream != nil && len(p.Stage.StreamFailureQueueName(f.Name)) > 80 {
				errs = append(errs, fmt.Errorf("function %q: its stream failure queue name is longer than the 80 characters SQS allows", f.Name))
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
	for name := range p.Stage.ReservedConcurrency {
		if !declaredFunction(p.Services, name) {
			errs = append(errs, fmt.Errorf("stage %q: reserved concurrency for undeclared function %q", p.Stage.Name, name))
		}
	}
	params := StageParameters(p.Services)
	for _, name := range params {
		if p.Stage.ParameterVersions[name] < 1 {
			errs = append(errs, fmt.Errorf("stage %q: pin the version of stage parameter %q (%s) in its ParameterVersions (infra/stage.go)",
				p.Stage.Name, name, p.Stage.StageParameterName(name)))
		}
	}
	for name := range p.Stage.ParameterVersions {
		if !slices.Contains(params, name) {
			errs = append(errs, fmt.Errorf("stage %q: pins a version of %q, a parameter no function declares", p.Stage.Name, name))
		}
	}
	if n := len(searchQuery(dlqSearch(p.Stage, p.Services))); n > maxSearchQuery {
		errs = append(errs, fmt.Errorf("the platform dashboard's DLQ search is %d characters long, CloudWatch allows %d: too many services subscribe", n, maxSearchQuery))
	}
	return errors.Join(errs...)
}

func declaredFunction(services []spec.Service, name string) bool {
	for _, s := range services {
		if _, ok := s.Function(name); ok {
			return true
		}
	}
	return false
}

func declared(services []spec.Service, name string) bool {
	for _, s := range services {
		if s.Name == name {
			return true
		}
	}
	return false
}
