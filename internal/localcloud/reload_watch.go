package localcloud

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/conveyor-dev/conveyor/internal/watch"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// reloadSource is the name the reload's lines are printed under.
const reloadSource = "reload"

// watch starts watching the module's sources; startReloading acts on
// what it sees.
func (c *Cloud) watch(cfg Config) error {
	w, err := watch.New(cfg.ModuleRoot, watch.Options{
		Errors: func(err error) { c.printer.Notice(reloadSource, err.Error()) },
	})
	if err != nil {
		return err
	}
	c.reload.watcher = w
	return nil
}

// startReloading reloads after each save the watch reports.
func (c *Cloud) startReloading() {
	r := &c.reload
	if r.watcher == nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.done = cancel, make(chan struct{})
	go func() {
		defer close(r.done)
		_ = r.watcher.Run(ctx, c.saved)
	}()
}

// stopReloading stops the watch, and waits for a reload in progress to
// stop.
func (c *Cloud) stopReloading(ctx context.Context) error {
	r := &c.reload
	if r.watcher == nil {
		return nil
	}
	if r.cancel != nil {
		r.cancel()
	}
	_ = r.watcher.Close()
	if r.done != nil {
		select {
		case <-r.done:
		case <-ctx.Done():
			return fmt.Errorf("stop live reload: %w", ctx.Err())
		}
	}
	return nil
}

// saved reloads after a save of files, and prints what it did: one line
// per reload, a build failure once with the compiler's output, and a
// declaration change that takes a restart once.
func (c *Cloud) saved(ctx context.Context, files []string) {
	began := time.Now()
	var next []spec.Service
	touched, err := c.declarationsTouched(ctx, files)
	if err != nil && ctx.Err() == nil {
		// Without the declarations' packages, code still reloads.
		c.printer.Notice(reloadSource, "declaration changes will not be seen, only code: "+err.Error())
		c.reload.declarationDirs, err = map[string]bool{}, nil
	}
	if touched {
		next, err = c.readDeclarations(ctx)
		c.reload.declarationDirs = nil // their imports may have changed
	}
	var res ReloadResult
	if err == nil {
		res, err = c.Reload(ctx, next)
	}
	if ctx.Err() != nil {
		return
	}
	c.report(res, err, next != nil, time.Since(began))
}

// declarationsTouched reports whether files hold a source of the
// declarations.
func (c *Cloud) declarationsTouched(ctx context.Context, files []string) (bool, error) {
	r := &c.reload
	if r.declarationDirs == nil {
		dirs, err := c.listDeclarationDirs(ctx)
		if err != nil {
			return false, err
		}
		r.declarationDirs = dirs
	}
	for _, f := range files {
		if r.declarationDirs[filepath.Dir(f)] || filepath.Base(f) == "go.mod" {
			return true, nil
		}
	}
	return false, nil
}

// report prints what a reload did.
func (c *Cloud) report(res ReloadResult, err error, readDeclarations bool, took time.Duration) {
	r := &c.reload
	p := c.printer
	var build *BuildError
	switch {
	case errors.As(err, &build):
		if build.Output == r.lastFailure {
			p.Notice(reloadSource, "the build still fails as above; the running version keeps serving")
			return
		}
		r.lastFailure = build.Output
		p.Notice(reloadSource, "build failed; the running version keeps serving until a save builds:\n"+indent(build.Output))
		return
	case err != nil:
		p.Notice(reloadSource, "reload failed; the running version keeps serving: "+err.Error())
		return
	}
	r.lastFailure = ""
	if len(res.Replaced) > 0 || len(res.Applied) > 0 {
		line := fmt.Sprintf("reloaded %s in %s (build %s)", strings.Join(res.Replaced, ", "),
			took.Round(10*time.Millisecond), res.Build.Round(10*time.Millisecond))
		if len(res.Replaced) == 0 {
			line = "reloaded the declarations in " + took.Round(10*time.Millisecond).String()
		}
		if len(res.Applied) > 0 {
			line += "; applied: " + strings.Join(res.Applied, "; ")
		}
		p.Info(reloadSource, line)
	}
	if !readDeclarations {
		return
	}
	restart := ""
	if len(res.Restart) > 0 {
		restart = "restart needed (Ctrl-C, then make run) to apply: " + strings.Join(res.Restart, "; ")
	}
	if restart != "" && restart != r.lastRestart {
		p.Notice(reloadSource, restart)
	}
	r.lastRestart = restart
}

// indent indents every line of s.
func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

// Watching reports whether live reload is on: Config.Watch asked for it
// and the module's sources could be watched.
func (c *Cloud) Watching() bool { return c.reload.watcher != nil }
