package runtimeapi

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
)

// killedForReplace is the reason a process superseded by Replace stops.
const killedForReplace = "replaced"

// Replace makes the function run binary with env (KEY=VALUE pairs, as
// Config.Env) from now on, the way updating a Lambda function's code or
// configuration does: new invocations go to new processes; an idle
// process of the old version is stopped at once, and a busy one as soon
// as its invocation has been answered, so that every invocation already
// running finishes on the process it started on. When the function had
// processes, one new process is started at once, so that the next
// invocation does not wait for its start. Replace returns when the idle
// old processes have exited, or with ctx's error.
func (f *Function) Replace(ctx context.Context, binary string, env []string) error {
	bin, err := filepath.Abs(binary)
	if err != nil {
		return fmt.Errorf("replace %s: %w", f.cfg.Name, err)
	}
	if f.srv.isClosed() {
		return ErrClosed
	}
	f.mu.Lock()
	f.cfg.Binary, f.cfg.Env = bin, slices.Clone(env)
	f.generation++
	old := make([]*instance, 0, len(f.instances))
	for _, in := range f.instances {
		old = append(old, in)
	}
	f.mu.Unlock()
	var stopped []*instance
	for _, in := range old {
		if in.retire() {
			stopped = append(stopped, in)
		}
	}
	for _, in := range stopped {
		select {
		case <-in.exited:
		case <-ctx.Done():
			return fmt.Errorf("replace %s: process %d did not stop: %w", f.cfg.Name, in.pid, ctx.Err())
		}
	}
	if len(old) > 0 {
		if err := f.warmCurrent(); err != nil {
			return fmt.Errorf("replace %s: %w", f.cfg.Name, err)
		}
	}
	f.scale()
	return nil
}

// warmCurrent starts a process of the current generation unless one runs
// or the function runs as many processes as it may. A retired process
// does not count: it is stopping, and may not have left the list yet.
func (f *Function) warmCurrent() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.srv.isClosed() {
		return nil
	}
	live := 0
	for _, in := range f.instances {
		if in.generation == f.generation {
			return nil
		}
		if !in.gone() {
			live++
		}
	}
	if live >= f.cfg.MaxConcurrency {
		return nil
	}
	return f.startLocked()
}

// retire marks the process superseded, so that it takes no more
// invocations, and stops it when it has none in flight; it reports
// whether it stopped it. A busy process is stopped by finish, once its
// invocation is answered.
func (in *instance) retire() bool {
	in.mu.Lock()
	in.retired = true
	busy := in.inflight != nil
	in.mu.Unlock()
	if busy {
		return false
	}
	in.killFor(killedForReplace)
	return true
}

// gone reports whether the process has exited or been retired.
func (in *instance) gone() bool {
	select {
	case <-in.exited:
		return true
	default:
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.retired
}
