package spec

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Var is one variable of a function's own environment. Exactly one of its
// fields is set; build it with Literal, Parameter or QueueURL.
type Var struct {
	// Value is a literal value.
	Value string
	// Parameter names a stage parameter, relative to the stage's prefix
	// (/conveyor/<stage>/ on AWS), e.g. "payments/provider-url". Its value
	// is set outside the stacks, per stage: an SSM parameter on AWS, a
	// value the local cloud supplies locally.
	Parameter string
	// Queue names one of the service's subscriptions: the variable holds
	// the URL of its queue, and the function may send messages to it.
	Queue string
}

// Literal is a variable with a fixed value.
func Literal(value string) Var { return Var{Value: value} }

// Parameter is a variable holding the value of the stage parameter name.
func Parameter(name string) Var { return Var{Parameter: name} }

// QueueURL is a variable holding the URL of the queue of the service's
// subscription name; the function gets the right to send to that queue.
func QueueURL(subscription string) Var { return Var{Queue: subscription} }

func (v Var) validate(s Service) error {
	set := 0
	for _, f := range []string{v.Value, v.Parameter, v.Queue} {
		if f != "" {
			set++
		}
	}
	switch {
	case set > 1:
		return fmt.Errorf("sets more than one of a value, a parameter and a queue")
	case v.Parameter != "" && !parameterName.MatchString(v.Parameter):
		return fmt.Errorf("parameter %q must be a relative path of letters, digits, '-', '_' and '/'", v.Parameter)
	case v.Queue != "":
		if _, ok := s.Subscription(v.Queue); !ok {
			return fmt.Errorf("queue of subscription %q, which the service does not declare", v.Queue)
		}
	}
	return nil
}

// Runtime says where a function's environment points, as one place (the
// CDK app, the local cloud, a tool) names the platform's resources.
type Runtime struct {
	// Stage is the deployment stage, e.g. "local" or "prod".
	Stage string
	// TableName is the physical name of the service's table.
	TableName string
	// EventBusName is the physical name of the platform bus.
	EventBusName string
	// LogLevel is the stage's log level; a function may declare its own.
	LogLevel string
	// Parameter returns the value of a stage parameter (or, in the CDK
	// app, a reference that resolves to it at deploy).
	Parameter func(name string) string
	// QueueURL returns the URL of the queue of the service's subscription.
	QueueURL func(subscription string) string
}

// Env is the whole environment of function f of service s: the platform
// variables (see the package documentation), then f's own variables
// resolved by r. It is the one place the platform environment is built.
func (s Service) Env(f Function, r Runtime) (map[string]string, error) {
	env := map[string]string{
		EnvService:      s.Name,
		EnvStage:        r.Stage,
		EnvTableName:    r.TableName,
		EnvEventBusName: r.EventBusName,
		EnvLogLevel:     r.LogLevel,
	}
	for _, k := range slices.Sorted(maps.Keys(f.Environment)) {
		v := f.Environment[k]
		switch {
		case v.Parameter != "":
			if r.Parameter == nil {
				return nil, fmt.Errorf("spec: %s: %s needs the stage parameter %q, and none can be read here", f.Name, k, v.Parameter)
			}
			env[k] = r.Parameter(v.Parameter)
		case v.Queue != "":
			if r.QueueURL == nil {
				return nil, fmt.Errorf("spec: %s: %s needs the URL of the %q queue, and none is known here", f.Name, k, v.Queue)
			}
			env[k] = r.QueueURL(v.Queue)
		default:
			env[k] = v.Value
		}
	}
	return env, nil
}

// Subscription returns the subscription declared with the given name.
func (s Service) Subscription(name string) (Subscription, bool) {
	for _, sub := range s.Subscriptions {
		if sub.Name == name {
			return sub, true
		}
	}
	return Subscription{}, false
}

// ParameterVariable is the environment variable a stage parameter's value
// is taken from where no parameter store holds it: by `make
// stage-parameters` when it creates the parameter, and by the local cloud.
// It is CONVEYOR_PARAM_ and the name in upper case, every character but
// letters and digits an underscore ("payments/provider-url" is
// CONVEYOR_PARAM_PAYMENTS_PROVIDER_URL).
func ParameterVariable(name string) string {
	var b strings.Builder
	b.WriteString("CONVEYOR_PARAM_")
	for _, r := range strings.ToUpper(name) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
