package localcloud

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/conveyor-dev/conveyor/internal/fnbuild"
	"github.com/conveyor-dev/conveyor/internal/metering"
	"github.com/conveyor-dev/conveyor/internal/watch"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// reloadState is what live reload keeps between reloads.
type reloadState struct {
	// mu makes reloads run one at a time; it guards the fields below, and
	// Cloud.Plan while a reload runs.
	mu           sync.Mutex
	build        fnbuild.Options
	binDir       string
	policies     Policies
	reservations map[string]int
	// services are the declarations the cloud runs.
	services []spec.Service
	// stamps, programs and envs say what each function's processes run:
	// the source key of their binary (fnbuild.Stamp), the digest of its
	// program (fnbuild.Program; "" when not known) and their environment.
	stamps, programs map[string]string
	envs             map[string][]string

	// The watch (reload_watch.go). Its callback, which runs one call at
	// a time, alone uses declarationDirs, lastFailure and lastRestart.
	watcher *watch.Watcher
	cancel  context.CancelFunc
	done    chan struct{}
	// declarationDirs are the directories of the packages the
	// declarations are made of; nil until first needed.
	declarationDirs map[string]bool
	// lastFailure and lastRestart are the build failure and the restart
	// notice printed last, so that each is printed once.
	lastFailure, lastRestart string
}

// init records how the cloud builds and runs its functions.
func (r *reloadState) init(cfg Config, build fnbuild.Options) {
	r.build, r.policies, r.reservations, r.services = build, cfg.Policies, cfg.Reservations, cfg.Services
	r.binDir = build.OutDir
	if !filepath.IsAbs(r.binDir) {
		r.binDir = filepath.Join(build.ModuleRoot, r.binDir)
	}
	r.stamps, r.programs, r.envs = map[string]string{}, map[string]string{}, map[string][]string{}
}

// started records what function's processes run.
func (r *reloadState) started(function string, env []string) {
	r.stamps[function] = fnbuild.Stamp(r.binDir, function)
	r.programs[function] = fnbuild.Program(r.binDir, function)
	r.envs[function] = env
}

// ReloadResult says what a reload changed.
type ReloadResult struct {
	// Replaced are the functions whose processes were replaced, because
	// their program or their environment changed. A function rebuilt
	// into the same program (the changed code is not in its binary) keeps
	// its processes.
	Replaced []string
	// Routes reports that the gateway's routes changed.
	Routes bool
	// Applied describes the declaration changes applied.
	Applied []string
	// Restart describes the declaration changes the running cloud cannot
	// apply: they take a restart.
	Restart []string
	// Build is how long checking the sources and building took.
	Build time.Duration
}

// BuildError is a reload whose build failed; nothing was changed.
type BuildError struct {
	// Output is what the go command printed, the compiler's errors.
	Output string
}

// Error returns the output.
func (e *BuildError) Error() string { return "build failed:\n" + e.Output }

// Reload brings the running cloud up to date with the module's sources:
// it rebuilds the functions whose sources changed since their processes
// started (fnbuild.BuildCached) and replaces those processes
// (runtimeapi.Function.Replace: invocations in flight finish on the old
// ones). Tables, queues, tokens and every other function's processes are
// kept.
//
// next, when not nil, are the declarations as the sources now make them
// (see readDeclarations); what of their changes the running cloud can
// apply is applied (mergeDeclarations): environment variables, which
// replace the function's processes, routes, which swap the gateway, and
// table access and published events, which change the functions' IAM
// policies. The other changes are listed in the result's Restart.
//
// When the build fails, Reload changes nothing and returns a
// *BuildError: the running version keeps serving, and the next reload
// builds again.
func (c *Cloud) Reload(ctx context.Context, next []spec.Service) (ReloadResult, error) {
	r := &c.reload
	r.mu.Lock()
	defer r.mu.Unlock()
	var res ReloadResult
	services := r.services
	if next != nil {
		services, res.Applied, res.Restart = mergeDeclarations(r.services, next)
		if err := spec.ValidateAll(services); err != nil {
			services, res.Applied = r.services, nil
			res.Restart = append(res.Restart, "the changed declarations only hold together with the changes above: "+err.Error())
		}
	}
	changed := !same(services, r.services)
	plan, err := NewPlan(services, c.Platform, c.names, PlanInputs{
		LogLevel: c.logLevel, Reservations: r.reservations, Parameter: c.parameter,
	})
	if err != nil {
		return res, fmt.Errorf("reload: %w", err)
	}
	started := time.Now()
	paths, _, err := fnbuild.BuildCached(ctx, services, r.build)
	res.Build = time.Since(started)
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if err != nil {
		return res, &BuildError{Output: compilerOutput(err)}
	}
	if changed {
		if err := c.enforceIAM(r.policies, services, c.names); err != nil {
			return res, fmt.Errorf("reload: %w", err)
		}
		c.emulator.Meter.Attribute(metering.AttributionFor(services, c.names))
	}
	for _, fp := range plan.Functions {
		name := fp.Decl.Name
		stamp, program, env := fnbuild.Stamp(r.binDir, name), fnbuild.Program(r.binDir, name), c.processEnv(fp)
		sameCode := stamp == r.stamps[name] || program != "" && program == r.programs[name]
		if sameCode && slices.Equal(env, r.envs[name]) {
			r.stamps[name], r.programs[name] = stamp, program
			continue
		}
		if err := c.Functions[name].Replace(ctx, paths[name], env); err != nil {
			return res, fmt.Errorf("reload: %w", err)
		}
		r.stamps[name], r.programs[name], r.envs[name] = stamp, program, env
		res.Replaced = append(res.Replaced, name)
	}
	if changed {
		// The functions first: a new route may need their new code.
		gw, err := c.newGateway(services, plan)
		if err != nil {
			return res, fmt.Errorf("reload: %w", err)
		}
		c.gateway.Store(gw)
		res.Routes = !same(routesOf(services), routesOf(r.services))
		r.services, c.Plan = services, plan
	}
	return res, nil
}

// compilerOutput is what the go command printed for a failed build:
// the errors' text without the lines that only give its exit status,
// each line once.
func compilerOutput(err error) string {
	var out []string
	seen := map[string]bool{}
	for _, line := range strings.Split(err.Error(), "\n") {
		if strings.TrimSpace(line) == "" || strings.Contains(line, ": exit status ") || seen[line] {
			continue
		}
		seen[line] = true
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
