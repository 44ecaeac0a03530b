package fnbuild

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Options say where and for which platform the functions are built.
type Options struct {
	// ModuleRoot is the directory holding go.mod.
	ModuleRoot string
	// OutDir receives <function>/bootstrap; relative paths are taken from
	// ModuleRoot.
	OutDir string
	// GOOS and GOARCH select the target; Lambda is linux/arm64.
	GOOS, GOARCH string
	// Parallel is how many builds run at once; 0 means 2.
	Parallel int
	// Log receives one line per built function; nil discards it.
	Log io.Writer
	// Tracing is the tracing backend compiled into shared/tracing (see
	// Backends); "" is the default, X-Ray segment documents over UDP.
	Tracing string
}

// TracingEnv names the environment variable Lambda and Host read the
// tracing backend from (`make build TRACING=otlp` sets it).
const TracingEnv = "CONVEYOR_TRACING"

// Backends are the tracing backends a function can be built with, each
// the build tag that selects it in shared/tracing: "" (the default)
// exports X-Ray segment documents to the X-Ray daemon over UDP on the
// OpenTelemetry API; "otlp" adds the OpenTelemetry SDK and its OTLP/HTTP
// exporter; "xraysdk" records with aws-xray-sdk-go; "notracing" records
// nothing.
var Backends = []string{"", "otlp", "xraysdk", "notracing"}

// Lambda returns the options for Lambda's runtime: linux/arm64, with the
// tracing backend named in CONVEYOR_TRACING.
func Lambda(moduleRoot, outDir string) Options {
	return Options{ModuleRoot: moduleRoot, OutDir: outDir, GOOS: "linux", GOARCH: "arm64", Tracing: os.Getenv(TracingEnv)}
}

// Host returns the options for running the functions on this machine,
// with the tracing backend named in CONVEYOR_TRACING.
func Host(moduleRoot, outDir, goos, goarch string) Options {
	return Options{ModuleRoot: moduleRoot, OutDir: outDir, GOOS: goos, GOARCH: goarch, Tracing: os.Getenv(TracingEnv)}
}

// Flags are the go build flags every bootstrap is built with, the default
// tracing backend's: no cgo, paths trimmed so builds are reproducible
// (stable asset hashes), symbols stripped, and the RPC mode of
// aws-lambda-go left out.
var Flags = []string{"-trimpath", "-ldflags=-s -w", "-tags=lambda.norpc"}

// Validate reports an unknown tracing backend.
func (o Options) Validate() error {
	if !slices.Contains(Backends, o.Tracing) {
		return fmt.Errorf("fnbuild: unknown tracing backend %q: want one of otlp, xraysdk, notracing or empty for the default", o.Tracing)
	}
	return nil
}

// flags are the go build flags for o's tracing backend: Flags, its
// backend's tag added to the last (-tags).
func (o Options) flags() []string {
	flags := slices.Clone(Flags)
	if o.Tracing != "" {
		flags[len(flags)-1] += "," + o.Tracing
	}
	return flags
}

// Binary is the path of a function's bootstrap under outDir.
func Binary(outDir, function string) string {
	return filepath.Join(outDir, function, "bootstrap")
}

// Build compiles every function of the given services and returns the
// paths of the binaries by function name. The Go build cache makes an
// unchanged function cost little more than a link.
func Build(ctx context.Context, services []spec.Service, o Options) (map[string]string, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if o.Parallel <= 0 {
		o.Parallel = 2
	}
	out := o.OutDir
	if !filepath.IsAbs(out) {
		out = filepath.Join(o.ModuleRoot, out)
	}
	var fns []spec.Function
	for _, s := range services {
		fns = append(fns, s.Functions...)
	}
	if len(fns) > 1 && distinctNames(fns) {
		// One go command builds them all: it compiles what they share
		// once and links them in parallel, without a go command's start
		// per function (a reload of the two functions of one service
		// takes about 1.2 s this way, 2.4 s with a command per function).
		return buildTogether(ctx, o, fns, out)
	}
	if len(fns) > 1 {
		// Compile what the functions share once, in one go command, before
		// linking each: parallel go commands would each compile the shared
		// packages (the SDK, X-Ray) on a cold cache.
		if err := compileAll(ctx, o, fns); err != nil {
			return nil, err
		}
	}
	var (
		mu    sync.Mutex
		paths = map[string]string{}
		errs  []error
		wg    sync.WaitGroup
		sem   = make(chan struct{}, o.Parallel)
	)
	for _, f := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			bin := Binary(out, f.Name)
			err := buildOne(ctx, o, f.Entry, bin)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("build %s (%s): %w", f.Name, f.Entry, err))
				return
			}
			paths[f.Name] = bin
			if o.Log != nil {
				fmt.Fprintf(o.Log, "built %s -> %s\n", f.Name, bin)
			}
		}()
	}
	wg.Wait()
	return paths, errors.Join(errs...)
}

// distinctNames reports whether the functions' entry packages have
// distinct last path elements, the names go build -o DIR/ gives their
// binaries.
func distinctNames(fns []spec.Function) bool {
	seen := map[string]bool{}
	for _, f := range fns {
		name := path.Base(f.Entry)
		if seen[name] {
			return false
		}
		seen[name] = true
	}
	return true
}

// buildTogether builds every function in one go command, into a new
// directory beside the binaries, and renames each binary over its old
// one: a process started from an old binary keeps running it, and a
// failed build leaves every old binary in place.
func buildTogether(ctx context.Context, o Options, fns []spec.Function, out string) (map[string]string, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(out, ".build-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	args := append([]string{"build"}, o.flags()...)
	args = append(args, "-o", tmp+string(filepath.Separator))
	for _, f := range fns {
		args = append(args, f.Entry)
	}
	cmd := o.goCommand(ctx, args...)
	if b, err := cmd.CombinedOutput(); err != nil {
		names := make([]string, 0, len(fns))
		for _, f := range fns {
			names = append(names, f.Name)
		}
		return nil, fmt.Errorf("build %s: %w\n%s", strings.Join(names, ", "), err, b)
	}
	exe := ""
	if o.GOOS == "windows" {
		exe = ".exe"
	}
	paths := map[string]string{}
	var errs []error
	for _, f := range fns {
		bin := Binary(out, f.Name)
		if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := os.Rename(filepath.Join(tmp, path.Base(f.Entry)+exe), bin); err != nil {
			errs = append(errs, fmt.Errorf("build %s (%s): %w", f.Name, f.Entry, err))
			continue
		}
		paths[f.Name] = bin
		if o.Log != nil {
			fmt.Fprintf(o.Log, "built %s -> %s\n", f.Name, bin)
		}
	}
	return paths, errors.Join(errs...)
}

// compileAll compiles every function's packages in one go command; the
// results land in the build cache, where buildOne finds them.
func compileAll(ctx context.Context, o Options, fns []spec.Function) error {
	args := append([]string{"build"}, o.flags()...)
	for _, f := range fns {
		args = append(args, f.Entry)
	}
	cmd := o.goCommand(ctx, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("compile the functions: %w\n%s", err, out)
	}
	return nil
}

// buildOne builds entry into a new file beside bin and renames it over
// bin: a process started from the old binary keeps running it, and a
// failed build leaves the old binary in place.
func buildOne(ctx context.Context, o Options, entry, bin string) error {
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(bin), "."+filepath.Base(bin)+"-*")
	if err != nil {
		return err
	}
	_ = tmp.Close()
	defer os.Remove(tmp.Name()) // gone after the rename; a failed build's leftover
	args := append([]string{"build"}, o.flags()...)
	args = append(args, "-o", tmp.Name(), entry)
	cmd := o.goCommand(ctx, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%w\n%s", err, out)
	}
	return os.Rename(tmp.Name(), bin)
}
