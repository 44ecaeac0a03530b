package localcloud

import (
	"fmt"
	"maps"
	"slices"

	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Plan is what the local cloud runs on the resources it provisioned: each
// function with its settings, each event source mapping and each route.
// Start runs exactly its plan, and Describe reads the settings from it, so
// what a test compares with the templates is what runs.
type Plan struct {
	Functions []FunctionPlan
	Queues    []QueueMappingPlan
	Streams   []StreamMappingPlan
	Routes    []RoutePlan
}

// FunctionPlan is one function as the local cloud runs it.
type FunctionPlan struct {
	Service spec.Service
	Decl    spec.Function
	// Env is the environment the declaration gives the function
	// (spec.Service.Env) on the local resources. Start adds the emulator's
	// endpoint, the function's credentials and the X-Ray daemon address.
	Env map[string]string
	// ReservedConcurrency is the function's reservation in the local
	// cloud (PlanInputs.Reservations); 0 means none.
	ReservedConcurrency int
	// Concurrency is how many copies may run at once: the reservation
	// where there is one, and never more than the declared MaxConcurrency;
	// 0 means no limit.
	Concurrency int
}

// QueueMappingPlan is one subscription's event source mapping.
type QueueMappingPlan struct {
	Service      spec.Service
	Subscription spec.Subscription
	Queue        provision.Queue
	// MaxConcurrency is the declared cap on the mapping's concurrent
	// invocations, as ScalingConfig.MaximumConcurrency; 0 means none.
	MaxConcurrency int
	// Pollers is how many batches the local mapping keeps in flight:
	// DefaultQueuePollers without a cap, else the cap but at most
	// MaxQueuePollers. This bounds the local cloud's load on a laptop,
	// where AWS would scale out further.
	Pollers int
}

// The batches one local SQS mapping keeps in flight.
const (
	DefaultQueuePollers = 2
	MaxQueuePollers     = 5
)

// StreamMappingPlan is one stream consumer's event source mapping.
type StreamMappingPlan struct {
	Service   spec.Service
	Function  spec.Function
	StreamARN string
	// OnFailure is the queue told about the records given up on.
	OnFailure provision.FailureQueue
}

// RoutePlan is one API route.
type RoutePlan struct {
	Service spec.Service
	Route   spec.Route
}

// PlanInputs are the stage settings a plan depends on.
type PlanInputs struct {
	// LogLevel is every function's LOG_LEVEL.
	LogLevel string
	// Reservations are the functions' reserved concurrency, by function
	// name; a function not named reserves none, as in the dev stage
	// (infra.Stage.Reservations).
	Reservations map[string]int
	// Parameter returns the value of a stage parameter, by name relative
	// to the stage ("payments/provider-url"); every parameter a function
	// reads must have a value.
	Parameter func(name string) string
}

// NewPlan plans the local cloud for services on the provisioned platform.
func NewPlan(services []spec.Service, p provision.Platform, names provision.Names, in PlanInputs) (Plan, error) {
	var plan Plan
	for _, s := range services {
		for _, f := range s.Functions {
			for _, k := range slices.Sorted(maps.Keys(f.Environment)) {
				if name := f.Environment[k].Parameter; name != "" && in.Parameter(name) == "" {
					return Plan{}, fmt.Errorf("%s reads stage parameter %s (%s), which has no local value: set %s",
						f.Name, name, k, spec.ParameterVariable(name))
				}
			}
			env, err := s.Env(f, spec.Runtime{
				Stage:        Stage,
				TableName:    names.Table(s),
				EventBusName: names.Bus(),
				LogLevel:     in.LogLevel,
				Parameter:    in.Parameter,
				QueueURL: func(name string) string {
					sub, _ := s.Subscription(name) // spec.Validate guarantees it exists
					return p.Queues[provision.QueueKey(s, sub)].URL
				},
			})
			if err != nil {
				return Plan{}, err
			}
			reserved := in.Reservations[f.Name]
			plan.Functions = append(plan.Functions, FunctionPlan{
				Service: s, Decl: f, Env: maps.Clone(env),
				ReservedConcurrency: reserved, Concurrency: concurrency(f.MaxConcurrency, reserved),
			})
			if f.Stream != nil {
				t, ok := p.Tables[s.Name]
				if !ok || t.StreamARN == "" {
					return Plan{}, fmt.Errorf("plan: %s reads the stream of table %s, which has none", f.Name, s.Name)
				}
				plan.Streams = append(plan.Streams, StreamMappingPlan{
					Service: s, Function: f, StreamARN: t.StreamARN, OnFailure: p.StreamFailures[f.Name],
				})
			}
		}
		for _, sub := range s.Subscriptions {
			pollers := DefaultQueuePollers
			if sub.MaxConcurrency > 0 {
				pollers = min(sub.MaxConcurrency, MaxQueuePollers)
			}
			plan.Queues = append(plan.Queues, QueueMappingPlan{
				Service: s, Subscription: sub, Queue: p.Queues[provision.QueueKey(s, sub)],
				MaxConcurrency: sub.MaxConcurrency, Pollers: pollers,
			})
		}
		for _, r := range s.Routes {
			plan.Routes = append(plan.Routes, RoutePlan{Service: s, Route: r})
		}
	}
	return plan, nil
}

// concurrency is a function's local concurrency limit: its reservation,
// capped by its declared MaxConcurrency; 0 means none.
func concurrency(declaredMax, reserved int) int {
	n := declaredMax
	if reserved > 0 && (n == 0 || reserved < n) {
		n = reserved
	}
	return n
}
