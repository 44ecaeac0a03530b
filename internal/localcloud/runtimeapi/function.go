package runtimeapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
)

// DefaultMaxConcurrency is how many processes a function may run at once
// when its Config leaves MaxConcurrency at zero.
const DefaultMaxConcurrency = 4

// maxQueued bounds the invocations waiting for a free process.
const maxQueued = 1024

// Config describes one function to the server.
type Config struct {
	// Name is the function name; it appears in the ARN and in logs.
	Name string
	// Binary is the path of the function's bootstrap executable.
	Binary string
	// Env holds KEY=VALUE pairs for the process on top of the variables
	// Lambda itself sets. The host's environment is not inherited.
	Env []string
	// Timeout is the longest an invocation may run.
	Timeout time.Duration
	// MemoryMB is reported to the function as its memory size.
	MemoryMB int
	// MaxConcurrency caps the processes running at once; 0 means
	// DefaultMaxConcurrency.
	MaxConcurrency int
	// Region and AccountID make up the function's ARN.
	Region, AccountID string
	// Logs receives every line a process writes to stdout or stderr,
	// without its newline. Nil writes the lines to stderr.
	Logs func(function string, pid int, line []byte)
	// Notice receives the platform's own messages about the function: init
	// failures, crashes and timeouts. Nil writes them to stderr.
	Notice func(function, message string)
	// Invoked receives how long each invocation a process took ran, from
	// the process taking it to its answer, error, timeout or crash: the
	// duration Lambda bills, before rounding. Nil drops them.
	Invoked func(d time.Duration)
}

// Function is a registered function: it queues invocations and runs as
// many processes as its concurrency allows.
type Function struct {
	cfg   Config
	srv   *Server
	queue chan *invocation

	mu        sync.Mutex
	instances map[string]*instance
	idle      int
	starting  int
	// generation counts the calls to Replace: a process started before
	// the latest one runs an old binary or environment (see replace.go).
	generation int
	// typical is how long an invocation answered takes, where an
	// injected crash in the middle of one strikes (see crash.go).
	typical typicalDuration
}

// Register adds a function to the server. No process starts until the
// first invocation or a call to Warm.
func (s *Server) Register(cfg Config) (*Function, error) {
	if cfg.Name == "" || cfg.Binary == "" {
		return nil, errors.New("register function: name and binary are required")
	}
	if cfg.Timeout <= 0 {
		return nil, fmt.Errorf("register function %s: timeout must be positive", cfg.Name)
	}
	if cfg.MaxConcurrency <= 0 {
		cfg.MaxConcurrency = DefaultMaxConcurrency
	}
	if cfg.MemoryMB <= 0 {
		cfg.MemoryMB = 128
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if cfg.AccountID == "" {
		cfg.AccountID = "000000000000"
	}
	if cfg.Logs == nil {
		cfg.Logs = func(fn string, pid int, line []byte) { fmt.Fprintf(os.Stderr, "%s[%d] %s\n", fn, pid, line) }
	}
	if cfg.Notice == nil {
		cfg.Notice = func(fn, msg string) { fmt.Fprintf(os.Stderr, "%s: %s\n", fn, msg) }
	}
	bin, err := filepath.Abs(cfg.Binary)
	if err != nil {
		return nil, fmt.Errorf("register function %s: %w", cfg.Name, err)
	}
	cfg.Binary = bin
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	if _, dup := s.functions[cfg.Name]; dup {
		return nil, fmt.Errorf("register function %s: already registered", cfg.Name)
	}
	f := &Function{cfg: cfg, srv: s, queue: make(chan *invocation, maxQueued), instances: map[string]*instance{}}
	s.functions[cfg.Name] = f
	return f, nil
}

// Name is the function's name.
func (f *Function) Name() string { return f.cfg.Name }

// ARN is the function's ARN.
func (f *Function) ARN() string {
	return fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", f.cfg.Region, f.cfg.AccountID, f.cfg.Name)
}

// PIDs lists the process IDs of the function's running processes.
func (f *Function) PIDs() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	pids := make([]int, 0, len(f.instances))
	for _, in := range f.instances {
		pids = append(pids, in.pid)
	}
	return pids
}

// Warm starts one process ahead of the first invocation, unless one runs.
func (f *Function) Warm() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.instances) > 0 {
		return nil
	}
	return f.startLocked()
}

// InvokeOptions carry what a caller may pass along with a payload.
type InvokeOptions struct {
	// TraceHeader is the X-Ray trace header (Root=...;Parent=...;Sampled=...)
	// to continue; empty starts a new trace.
	TraceHeader string
	// ClientContext is passed as Lambda-Runtime-Client-Context.
	ClientContext string
}

// Invoke runs the function synchronously with payload and returns its
// response. A failed invocation returns a *FunctionError.
func (f *Function) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	return f.InvokeWith(ctx, payload, InvokeOptions{})
}

// InvokeWith is Invoke with options.
func (f *Function) InvokeWith(ctx context.Context, payload []byte, o InvokeOptions) ([]byte, error) {
	if f.srv.isClosed() {
		return nil, ErrClosed
	}
	if o.TraceHeader == "" {
		o.TraceHeader = NewTraceHeader()
	}
	inv := &invocation{
		id:            uuid.NewString(),
		ctx:           ctx,
		payload:       payload,
		traceHeader:   o.TraceHeader,
		clientContext: o.ClientContext,
		done:          make(chan result, 1),
	}
	select {
	case f.queue <- inv:
	default:
		return nil, fmt.Errorf("invoke %s: %w", f.cfg.Name, ErrQueueFull)
	}
	f.scale()
	select {
	case r := <-inv.done:
		return r.payload, r.err
	case <-ctx.Done():
		inv.complete(result{err: ctx.Err()})
		return nil, fmt.Errorf("invoke %s: %w", f.cfg.Name, ctx.Err())
	}
}

// scale starts a process when more invocations wait than processes are
// idle or starting, within the function's concurrency.
func (f *Function) scale() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.srv.isClosed() {
		return
	}
	if len(f.queue) > f.idle+f.starting && len(f.instances) < f.cfg.MaxConcurrency {
		if err := f.startLocked(); err != nil {
			f.cfg.Notice(f.cfg.Name, err.Error())
			go f.failQueued(&FunctionError{Type: ErrorTypeExit, Message: err.Error(), Init: true})
		}
	}
}

// failQueued fails the oldest invocation still waiting, if any.
func (f *Function) failQueued(fe *FunctionError) {
	for {
		select {
		case inv := <-f.queue:
			if inv.complete(result{err: fe}) {
				return
			}
		default:
			return
		}
	}
}

// drain fails every waiting invocation with err.
func (f *Function) drain(err error) {
	for {
		select {
		case inv := <-f.queue:
			inv.complete(result{err: err})
		default:
			return
		}
	}
}

// env is the environment of a new process; f.mu must be held, as
// Replace changes f.cfg.Binary and f.cfg.Env under it.
func (f *Function) env(instanceID string) []string {
	env := []string{
		"PATH=/usr/local/bin:/usr/bin:/bin",
		"LANG=en_US.UTF-8",
		"TZ=:UTC",
		"_HANDLER=bootstrap",
		"LAMBDA_TASK_ROOT=" + filepath.Dir(f.cfg.Binary),
		"AWS_LAMBDA_RUNTIME_API=" + f.srv.Addr() + "/i/" + instanceID,
		"AWS_LAMBDA_FUNCTION_NAME=" + f.cfg.Name,
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + strconv.Itoa(f.cfg.MemoryMB),
		"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/" + f.cfg.Name,
		"AWS_LAMBDA_LOG_STREAM_NAME=" + time.Now().UTC().Format("2006/01/02") + "/[$LATEST]" + instanceID,
		"AWS_LAMBDA_INITIALIZATION_TYPE=on-demand",
		"AWS_REGION=" + f.cfg.Region,
		"AWS_DEFAULT_REGION=" + f.cfg.Region,
	}
	return append(env, f.cfg.Env...)
}

// NewTraceHeader returns a fresh, sampled X-Ray trace header.
func NewTraceHeader() string {
	var b [20]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("Root=1-%08x-%s;Parent=%s;Sampled=1",
		time.Now().Unix(), hex.EncodeToString(b[:12]), hex.EncodeToString(b[12:]))
}

type result struct {
	payload []byte
	err     error
}

type invocation struct {
	id            string
	ctx           context.Context
	payload       []byte
	traceHeader   string
	clientContext string
	deadline      time.Time
	// started is when a process took the invocation.
	started time.Time

	once  sync.Once
	mu    sync.Mutex
	timer *time.Timer
	// crashAtAnswer and crashTimer are an injected crash planned for the
	// invocation (see crash.go).
	crashAtAnswer bool
	crashTimer    *time.Timer
	done          chan result
}

// setTimer arms the timeout of an invocation handed to a process.
func (inv *invocation) setTimer(d time.Duration, fire func()) {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	inv.timer = time.AfterFunc(d, fire)
}

// complete delivers r once; it reports whether this call delivered it.
func (inv *invocation) complete(r result) bool {
	delivered := false
	inv.once.Do(func() {
		delivered = true
		inv.mu.Lock()
		if inv.timer != nil {
			inv.timer.Stop()
		}
		if inv.crashTimer != nil {
			inv.crashTimer.Stop()
		}
		inv.mu.Unlock()
		inv.done <- r
	})
	return delivered
}
