package localcloud

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// declarationsCommand is the package, in the module, of the command that
// prints the declarations (declarations/main.go).
const declarationsCommand = "./internal/localcloud/declarations"

// readDeclarations builds and runs the declarations command from the
// module's sources, and returns the declarations they make now.
func (c *Cloud) readDeclarations(ctx context.Context) ([]spec.Service, error) {
	r := &c.reload
	bin := filepath.Join(r.binDir, ".declarations", "declarations")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, declarationsCommand)
	build.Dir = r.build.ModuleRoot
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH)
	if out, err := build.CombinedOutput(); err != nil {
		return nil, &BuildError{Output: compilerOutput(fmt.Errorf("%w\n%s", err, out))}
	}
	var stdout, stderr bytes.Buffer
	run := exec.CommandContext(ctx, bin)
	run.Stdout, run.Stderr = &stdout, &stderr
	if err := run.Run(); err != nil {
		return nil, fmt.Errorf("read the declarations: %w\n%s", err, stderr.String())
	}
	var services []spec.Service
	if err := json.Unmarshal(stdout.Bytes(), &services); err != nil {
		return nil, fmt.Errorf("read the declarations: %w", err)
	}
	return services, nil
}

// listDeclarationDirs returns the directories of the module's packages
// the declarations command imports: a save there may change a
// declaration.
func (c *Cloud) listDeclarationDirs(ctx context.Context) (map[string]bool, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-deps", "-f", "{{if not .Standard}}{{.Dir}}{{end}}", declarationsCommand)
	cmd.Dir = c.reload.build.ModuleRoot
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("list the declaration packages: %w\n%s", err, stderr.String())
	}
	dirs := map[string]bool{}
	for _, d := range strings.Fields(string(out)) {
		dirs[d] = true
	}
	return dirs, nil
}

// same reports whether a and b encode to the same JSON: declarations
// read back from JSON compare equal to the ones they were written from.
func same(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

// routesOf lists the routes of services.
func routesOf(services []spec.Service) []spec.Route {
	var out []spec.Route
	for _, s := range services {
		out = append(out, s.Routes...)
	}
	return out
}

// mergeDeclarations returns the declarations the running cloud can move
// to from running towards next, what changes that applies, and the
// changes it leaves for a restart.
//
// Applied: a function's environment variables (its processes are
// replaced), entry and description; a service's routes to functions it
// runs (the gateway is swapped), its published events, description, and
// its functions' table access and publisher flag (their IAM policies are
// enforced anew). Left for a restart: services and functions added or
// removed, and changes to a table, a subscription, a stream consumer, or
// a function's memory, timeout or concurrency, which the running
// resources, mappings and processes were made with.
func mergeDeclarations(running, next []spec.Service) (merged []spec.Service, applied, restart []string) {
	byName := map[string]spec.Service{}
	for _, s := range next {
		byName[s.Name] = s
	}
	for _, s := range next {
		if !slices.ContainsFunc(running, func(r spec.Service) bool { return r.Name == s.Name }) {
			restart = append(restart, "service "+s.Name+" added")
		}
	}
	for _, old := range running {
		n, ok := byName[old.Name]
		if !ok {
			restart = append(restart, "service "+old.Name+" removed")
			merged = append(merged, old)
			continue
		}
		m, a, r := mergeService(old, n)
		merged = append(merged, m)
		applied = append(applied, a...)
		restart = append(restart, r...)
	}
	return merged, applied, restart
}

// mergeService is mergeDeclarations for one service.
func mergeService(old, next spec.Service) (m spec.Service, applied, restart []string) {
	m = old
	m.Functions = slices.Clone(old.Functions)
	m.Description = next.Description
	if !same(old.Publishes, next.Publishes) {
		m.Publishes = next.Publishes
		applied = append(applied, old.Name+": published events (IAM policies)")
	}
	if !same(old.Table, next.Table) {
		restart = append(restart, old.Name+": table")
	}
	restart = append(restart, namedChanges(old.Name+": subscription", old.Subscriptions, next.Subscriptions,
		func(s spec.Subscription) string { return s.Name })...)
	for _, f := range next.Functions {
		if _, ok := old.Function(f.Name); !ok {
			restart = append(restart, "function "+f.Name+" added")
		}
	}
	for i, f := range old.Functions {
		nf, ok := next.Function(f.Name)
		if !ok {
			restart = append(restart, "function "+f.Name+" removed")
			continue
		}
		mf := f
		mf.Description, mf.Entry = nf.Description, nf.Entry
		if !same(f.Environment, nf.Environment) {
			mf.Environment = nf.Environment
			applied = append(applied, f.Name+": environment")
		}
		if !same(f.Table, nf.Table) || f.Publisher != nf.Publisher {
			mf.Table, mf.Publisher = nf.Table, nf.Publisher
			applied = append(applied, f.Name+": table access and publishing (IAM policy)")
		}
		for _, field := range []struct {
			name      string
			was, want any
		}{
			{"memory", f.MemoryMB, nf.MemoryMB}, {"timeout", f.Timeout, nf.Timeout},
			{"concurrency", []int{f.MaxConcurrency, f.ReservedConcurrency}, []int{nf.MaxConcurrency, nf.ReservedConcurrency}},
			{"stream consumer", f.Stream, nf.Stream},
		} {
			if !same(field.was, field.want) {
				restart = append(restart, f.Name+": "+field.name)
			}
		}
		m.Functions[i] = mf
	}
	var routes []spec.Route
	for _, rt := range next.Routes {
		if _, ok := old.Function(rt.Function); ok {
			routes = append(routes, rt)
		} else {
			restart = append(restart, fmt.Sprintf("route %s %s to new function %s", rt.Method, rt.Path, rt.Function))
		}
	}
	if changes := namedChanges("route", old.Routes, routes, func(r spec.Route) string { return r.Method + " " + r.Path }); len(changes) > 0 {
		m.Routes = routes
		applied = append(applied, changes...)
	}
	return m, applied, restart
}

// namedChanges describes how the items of was and now, named by name,
// differ: "<what> <name> added", "removed" or "changed".
func namedChanges[T any](what string, was, now []T, name func(T) string) []string {
	var out []string
	index := func(items []T) map[string]T {
		m := map[string]T{}
		for _, it := range items {
			m[name(it)] = it
		}
		return m
	}
	before, after := index(was), index(now)
	for _, it := range now {
		n := name(it)
		if b, ok := before[n]; !ok {
			out = append(out, what+" "+n+" added")
		} else if !same(b, it) {
			out = append(out, what+" "+n+" changed")
		}
	}
	for _, it := range was {
		if _, ok := after[name(it)]; !ok {
			out = append(out, what+" "+name(it)+" removed")
		}
	}
	return out
}
