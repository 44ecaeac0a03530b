package localcloud

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// shop is a declaration to change: an API function, a consumer and a
// subscription.
func shop() []spec.Service {
	return []spec.Service{{
		Name:  "shop",
		Table: spec.Table{PartitionKey: spec.Key{Name: "pk", Type: spec.String}},
		Functions: []spec.Function{
			{Name: "shop-api", Entry: "./shop/api", MemoryMB: 128, Timeout: 5 * time.Second,
				Environment: map[string]spec.Var{"GREETING": spec.Literal("hello")}},
			{Name: "shop-events", Entry: "./shop/events", MemoryMB: 128, Timeout: 5 * time.Second},
		},
		Routes: []spec.Route{{Method: "GET", Path: "/shop", Function: "shop-api", Auth: spec.Public}},
		Subscriptions: []spec.Subscription{{Name: "things", Function: "shop-events", BatchSize: 10, MaxReceiveCount: 3,
			Sources: []string{"conveyor.other"}, DetailTypes: []string{"Thing"}}},
	}}
}

// roundTrip is s as the declarations command prints it and the reload
// reads it back.
func roundTrip(t *testing.T, s []spec.Service) []spec.Service {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var out []spec.Service
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMergeDeclarations(t *testing.T) {
	tests := []struct {
		name          string
		change        func(s *spec.Service)
		applied       []string
		restart       []string
		mergedChanged bool
	}{
		{"unchanged declarations read back from JSON change nothing", func(*spec.Service) {}, nil, nil, false},
		{"a changed environment variable is applied", func(s *spec.Service) {
			s.Functions[0].Environment = map[string]spec.Var{"GREETING": spec.Literal("hi"), "MORE": spec.Literal("x")}
		}, []string{"shop-api: environment"}, nil, true},
		{"a new route to a running function is applied", func(s *spec.Service) {
			s.Routes = append(s.Routes, spec.Route{Method: "POST", Path: "/shop", Function: "shop-api", Auth: spec.Admin})
		}, []string{"route POST /shop added"}, nil, true},
		{"a route's changed auth is applied", func(s *spec.Service) {
			s.Routes[0].Auth = spec.Customer
		}, []string{"route GET /shop changed"}, nil, true},
		{"table access is applied through the IAM policy", func(s *spec.Service) {
			s.Functions[0].Table = spec.TableAccess{Operations: []spec.TableOperation{spec.GetItem}}
		}, []string{"shop-api: table access and publishing (IAM policy)"}, nil, true},
		{"a new function, and a route to it, need a restart", func(s *spec.Service) {
			s.Functions = append(s.Functions, spec.Function{Name: "shop-admin", Entry: "./shop/admin", MemoryMB: 128, Timeout: time.Second})
			s.Routes = append(s.Routes, spec.Route{Method: "GET", Path: "/admin", Function: "shop-admin", Auth: spec.Admin})
		}, nil, []string{"function shop-admin added", "route GET /admin to new function shop-admin"}, false},
		{"a new subscription needs a restart", func(s *spec.Service) {
			s.Subscriptions = append(s.Subscriptions, spec.Subscription{Name: "more", Function: "shop-events", BatchSize: 10, MaxReceiveCount: 3,
				Sources: []string{"conveyor.other"}, DetailTypes: []string{"More"}})
		}, nil, []string{"shop: subscription more added"}, false},
		{"a timeout and a table need a restart, and the environment beside them is applied", func(s *spec.Service) {
			s.Functions[1].Timeout = time.Minute
			s.Table.TTLAttribute = "expires"
			s.Functions[1].Environment = map[string]spec.Var{"QUEUE": spec.QueueURL("things")}
		}, []string{"shop-events: environment"}, []string{"shop-events: timeout", "shop: table"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			running := shop()
			next := roundTrip(t, shop())
			tt.change(&next[0])
			merged, applied, restart := mergeDeclarations(running, roundTrip(t, next))
			slices.Sort(restart)
			if !slices.Equal(applied, tt.applied) {
				t.Errorf("applied %q, want %q", applied, tt.applied)
			}
			if !slices.Equal(restart, tt.restart) {
				t.Errorf("restart %q, want %q", restart, tt.restart)
			}
			if got := !same(merged, running); got != tt.mergedChanged {
				t.Errorf("merged declarations changed: %v, want %v", got, tt.mergedChanged)
			}
			if err := spec.ValidateAll(merged); err != nil {
				t.Errorf("the merged declarations are not valid: %v", err)
			}
			if len(tt.restart) == 0 && !same(merged, next) {
				t.Errorf("everything was applicable, yet the merged declarations are not the new ones")
			}
		})
	}
}
