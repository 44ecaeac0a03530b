package runtimeapi

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/google/uuid"
)

// instance is one running process of a function: one execution
// environment in Lambda's terms.
type instance struct {
	id     string
	fn     *Function
	cmd    *exec.Cmd
	pid    int
	exited chan struct{}
	// generation is the function's generation the process started in
	// (see Replace).
	generation int

	mu         sync.Mutex
	inflight   *invocation
	initDone   bool
	initErr    *FunctionError
	killReason string
	// retired is set when Replace has superseded the process: it takes
	// no more invocations and stops once it has none in flight.
	retired bool
}

// startLocked starts a new process; f.mu must be held.
func (f *Function) startLocked() error {
	in := &instance{id: uuid.NewString(), fn: f, exited: make(chan struct{}), generation: f.generation}
	cmd := exec.Command(f.cfg.Binary)
	cmd.Dir = filepath.Dir(f.cfg.Binary)
	cmd.Env = f.env(in.id)
	setProcAttr(cmd)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("start %s: %w", f.cfg.Name, err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return fmt.Errorf("start %s: %w", f.cfg.Name, err)
	}
	// The process starts with the server's lock held, and the instance is
	// registered before the lock is let go: a process quick to ask for its
	// first invocation waits for the lock, and is never refused as an
	// unknown instance nor sees its instance half set up.
	f.srv.mu.Lock()
	if err := cmd.Start(); err != nil {
		f.srv.mu.Unlock()
		return fmt.Errorf("start %s: %w", f.cfg.Name, err)
	}
	in.cmd, in.pid = cmd, cmd.Process.Pid
	f.srv.instances[in.id] = in
	f.srv.mu.Unlock()
	f.instances[in.id] = in
	f.starting++

	var pipes sync.WaitGroup
	for _, r := range []io.Reader{stdout, stderr} {
		pipes.Add(1)
		go func() {
			defer pipes.Done()
			sc := bufio.NewScanner(r)
			sc.Buffer(make([]byte, 64<<10), 1<<20)
			for sc.Scan() {
				f.cfg.Logs(f.cfg.Name, in.pid, sc.Bytes())
			}
		}()
	}
	go func() {
		pipes.Wait()
		in.exit(cmd.Wait())
	}()
	return nil
}

// awaitInvocation blocks until an invocation is queued for the function,
// and hands it to this process. The first call marks init as done.
func (in *instance) awaitInvocation(ctx context.Context) (*invocation, bool) {
	f := in.fn
	in.mu.Lock()
	firstCall := !in.initDone
	in.initDone = true
	prev := in.inflight
	in.mu.Unlock()
	if prev != nil {
		in.finish(prev, result{err: &FunctionError{Type: ErrorTypeUnknown, Message: "the runtime asked for the next invocation before answering this one"}})
	}
	f.mu.Lock()
	if firstCall {
		f.starting--
	}
	f.idle++
	f.mu.Unlock()
	requeued := false
	defer func() {
		f.mu.Lock()
		f.idle--
		f.mu.Unlock()
		// A process leaving with work put back, or leaving for good,
		// may have been the idle one scale counted on.
		if requeued || in.gone() {
			f.scale()
		}
	}()
	for {
		select {
		case inv := <-f.queue:
			if inv.ctx.Err() != nil {
				inv.complete(result{err: inv.ctx.Err()})
				continue
			}
			if !in.take(ctx, inv) {
				requeued = f.requeue(inv)
				return nil, false
			}
			inv.setTimer(f.cfg.Timeout, func() { in.timeout(inv) })
			in.planCrash(inv)
			return inv, true
		case <-in.exited:
			return nil, false
		case <-ctx.Done():
			return nil, false
		case <-f.srv.closing:
			return nil, false
		}
	}
}

// take records inv as the process's invocation in flight, unless the
// process has exited or been retired, or its request for work has gone.
// A select with both
// an invocation queued and the process gone ready picks either, and an
// invocation handed to a dead process would wait out its whole timeout:
// the check and the record share in.mu with exit's read of inflight, so
// an invocation is either refused here or failed by exit.
func (in *instance) take(ctx context.Context, inv *invocation) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	select {
	case <-in.exited:
		return false
	default:
	}
	if ctx.Err() != nil || in.retired {
		return false
	}
	inv.started = time.Now()
	inv.deadline = inv.started.Add(in.fn.cfg.Timeout)
	in.inflight = inv
	return true
}

// requeue puts back an invocation no process took, for the next process
// to take; a full queue fails it. It reports whether the invocation went
// back, when the caller must see that a process is there to take it.
func (f *Function) requeue(inv *invocation) bool {
	select {
	case f.queue <- inv:
		return true
	default:
		inv.complete(result{err: fmt.Errorf("invoke %s: %w", f.cfg.Name, ErrQueueFull)})
		return false
	}
}

// current returns the invocation in flight if its ID is requestID.
func (in *instance) current(requestID string) (*invocation, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.inflight == nil || in.inflight.id != requestID {
		return nil, false
	}
	return in.inflight, true
}

// finish completes inv and clears it from the process. A retired
// process is stopped once its invocation is answered.
func (in *instance) finish(inv *invocation, r result) bool {
	in.mu.Lock()
	cleared := in.inflight == inv
	if cleared {
		in.inflight = nil
	}
	stop := cleared && in.retired
	in.mu.Unlock()
	delivered := inv.complete(r)
	if delivered && in.fn.cfg.Invoked != nil {
		in.fn.cfg.Invoked(time.Since(inv.started))
	}
	if stop {
		in.killFor(killedForReplace)
	}
	return delivered
}

func (in *instance) timeout(inv *invocation) {
	secs := in.fn.cfg.Timeout.Seconds()
	fe := &FunctionError{
		Type:    ErrorTypeTimeout,
		Message: fmt.Sprintf("%s %s Task timed out after %.2f seconds", time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), inv.id, secs),
	}
	if in.finish(inv, result{err: fe}) {
		in.fn.cfg.Notice(in.fn.cfg.Name, fmt.Sprintf("invocation %s timed out after %.2f s; process %d stopped", inv.id, secs, in.pid))
		in.killFor("timeout")
	}
}

func (in *instance) reportInitError(fe *FunctionError) {
	in.mu.Lock()
	in.initErr = fe
	in.mu.Unlock()
	in.killFor("init error")
}

func (in *instance) kill() { in.killFor("shutdown") }

func (in *instance) killFor(reason string) {
	in.mu.Lock()
	if in.killReason == "" {
		in.killReason = reason
	}
	in.mu.Unlock()
	killProcess(in.cmd)
}

// exit runs when the process has exited: it fails what the process owed
// and lets the function start a replacement when work is waiting.
func (in *instance) exit(waitErr error) {
	close(in.exited)
	f := in.fn
	in.mu.Lock()
	inflight, initDone, initErr, reason := in.inflight, in.initDone, in.initErr, in.killReason
	in.inflight = nil
	in.mu.Unlock()

	f.mu.Lock()
	delete(f.instances, in.id)
	if !initDone {
		f.starting--
	}
	f.mu.Unlock()
	f.srv.mu.Lock()
	delete(f.srv.instances, in.id)
	f.srv.mu.Unlock()

	if f.srv.isClosed() {
		if inflight != nil {
			inflight.complete(result{err: ErrClosed})
		}
		return
	}
	exitMsg := "Runtime exited without providing a reason"
	if waitErr != nil {
		exitMsg = "Runtime exited with error: " + waitErr.Error()
	}
	switch {
	case reason == killedForReplace && inflight == nil:
		// Superseded with nothing owed: a new process takes its place.
	case !initDone:
		fe := initErr
		if fe == nil {
			fe = &FunctionError{Type: ErrorTypeExit, Message: exitMsg, Init: true}
		}
		f.cfg.Notice(f.cfg.Name, fmt.Sprintf("init failed (process %d): %s: %s", in.pid, fe.Type, fe.Message))
		f.failQueued(fe)
	case inflight != nil:
		fe := &FunctionError{Type: ErrorTypeExit, Message: fmt.Sprintf("RequestId: %s Error: %s", inflight.id, exitMsg)}
		if reason != killedByChaos {
			f.cfg.Notice(f.cfg.Name, fmt.Sprintf("process %d exited during invocation %s: %s", in.pid, inflight.id, exitMsg))
		}
		inflight.complete(result{err: fe})
	case reason == "":
		f.cfg.Notice(f.cfg.Name, fmt.Sprintf("process %d exited: %s", in.pid, exitMsg))
	}
	f.scale()
}
