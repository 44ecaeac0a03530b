package localcloud_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Reload applies what it can of changed declarations to a running cloud:
// a new variable replaces the function's processes, a new route reaches
// the function, and a new timeout is left for a restart.
func TestReloadAppliesChangedDeclarations(t *testing.T) {
	ctx := context.Background()
	cloud, api := startWorkerCloud(t, "rl-"+kumotest.Prefix(t), testWriter{t}, workerPolicy)
	fn := cloud.Functions["worker-fn"]
	pids := func() []int {
		p := fn.PIDs()
		slices.Sort(p)
		return p
	}
	before := pids()
	if len(before) == 0 {
		t.Fatal("no worker process runs")
	}
	t.Run("nothing changed, nothing is replaced", func(t *testing.T) {
		res, err := cloud.Reload(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Replaced) > 0 || res.Routes {
			t.Errorf("reload %+v, want nothing done", res)
		}
		if got := pids(); !slices.Equal(got, before) {
			t.Errorf("PIDs %v, want %v kept", got, before)
		}
	})
	t.Run("a new variable and a new route are applied", func(t *testing.T) {
		if code, _ := api.do("GET", "/reload", ""); code != 403 {
			t.Fatalf("GET /reload before the reload: %d, want the gateway's 403", code)
		}
		next := workerService()
		next.Functions[0].Environment = map[string]spec.Var{"RELOADED": spec.Literal("yes")}
		next.Routes = append(next.Routes, spec.Route{Method: "GET", Path: "/reload", Function: "worker-fn", Auth: spec.Public})
		res, err := cloud.Reload(ctx, []spec.Service{next})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Replaced, []string{"worker-fn"}) || !res.Routes || len(res.Restart) > 0 {
			t.Errorf("reload %+v, want worker-fn replaced and the routes changed", res)
		}
		// The worker answers a route it does not know with 400.
		if code, body := api.do("GET", "/reload", ""); code != 400 {
			t.Errorf("GET /reload: %d %s, want the worker's 400", code, body)
		}
		for _, pid := range fn.PIDs() {
			if slices.Contains(before, pid) {
				t.Errorf("the old process %d still runs", pid)
			}
		}
		if got := cloud.Plan.Functions[0].Env["RELOADED"]; got != "yes" {
			t.Errorf("the plan's RELOADED = %q, want yes", got)
		}
	})
	t.Run("a new timeout needs a restart", func(t *testing.T) {
		running := pids()
		next := workerService()
		next.Functions[0].Environment = map[string]spec.Var{"RELOADED": spec.Literal("yes")}
		next.Routes = append(next.Routes, spec.Route{Method: "GET", Path: "/reload", Function: "worker-fn", Auth: spec.Public})
		next.Functions[0].Timeout = time.Minute
		res, err := cloud.Reload(ctx, []spec.Service{next})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Restart, []string{"worker-fn: timeout"}) || len(res.Replaced) > 0 {
			t.Errorf("reload %+v, want a restart for the timeout and nothing replaced", res)
		}
		if got := pids(); !slices.Equal(got, running) {
			t.Errorf("PIDs %v, want %v kept", got, running)
		}
	})
}
