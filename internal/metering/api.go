package metering

import (
	"context"

	"github.com/conveyor-dev/conveyor/internal/localcloud/runtimeapi"
)

// Invoker runs a function as the local cloud's gateway calls a route's
// function (gateway.Invoker).
type Invoker interface {
	InvokeWith(ctx context.Context, payload []byte, o runtimeapi.InvokeOptions) ([]byte, error)
}

// API returns next counting an API request to function (APIRequest) each
// time the gateway invokes it: the gateway invokes a route's function
// only for a request it bills, one that matched a route and passed the
// authorizer.
func (m *Meter) API(function string, next Invoker) Invoker {
	return apiCounter{m: m, function: function, next: next}
}

type apiCounter struct {
	m        *Meter
	function string
	next     Invoker
}

func (a apiCounter) InvokeWith(ctx context.Context, payload []byte, o runtimeapi.InvokeOptions) ([]byte, error) {
	a.m.APIRequest(a.function)
	return a.next.InvokeWith(ctx, payload, o)
}
