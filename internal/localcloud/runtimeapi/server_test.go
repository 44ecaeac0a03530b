package runtimeapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/localcloud/runtimeapi"
	"github.com/conveyor-dev/conveyor/internal/poll"
)

var testBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "runtimeapi-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testBinary = filepath.Join(dir, "fn", "bootstrap")
	cmd := exec.Command("go", "build", "-o", testBinary, "./testdata/fn")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build test function: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

type notices struct {
	mu      sync.Mutex
	msgs    []string
	changed chan struct{} // closed and replaced on every add
}

func (n *notices) add(_, msg string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.msgs = append(n.msgs, msg)
	if n.changed != nil {
		close(n.changed)
		n.changed = nil
	}
}

// contains reports whether a notice containing s arrives within two
// seconds: notices are written as the server sees events, which may be just
// after the caller got its answer.
func (n *notices) contains(s string) bool {
	deadline := time.NewTimer(2 * time.Second)
	defer deadline.Stop()
	for {
		n.mu.Lock()
		for _, m := range n.msgs {
			if strings.Contains(m, s) {
				n.mu.Unlock()
				return true
			}
		}
		if n.changed == nil {
			n.changed = make(chan struct{})
		}
		changed := n.changed
		n.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			return false
		}
	}
}

type reply struct {
	RequestID   string            `json:"requestId"`
	FunctionARN string            `json:"functionArn"`
	DeadlineMS  int64             `json:"deadlineMs"`
	TraceID     string            `json:"traceId"`
	PID         int               `json:"pid"`
	Env         map[string]string `json:"env"`
}

type harness struct {
	srv     *runtimeapi.Server
	fn      *runtimeapi.Function
	notices *notices
}

func start(t *testing.T, edit func(*runtimeapi.Config)) harness {
	t.Helper()
	srv, err := runtimeapi.NewServer("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	n := &notices{}
	cfg := runtimeapi.Config{
		Name:    "test-fn",
		Binary:  testBinary,
		Env:     []string{"TABLE_NAME=things"},
		Timeout: 5 * time.Second,
		Logs:    func(fn string, pid int, line []byte) { t.Logf("%s[%d] %s", fn, pid, line) },
		Notice:  n.add,
	}
	if edit != nil {
		edit(&cfg)
	}
	fn, err := srv.Register(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Close(ctx); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return harness{srv: srv, fn: fn, notices: n}
}

func invoke(t *testing.T, fn *runtimeapi.Function, action string, extra ...string) (reply, error) {
	t.Helper()
	payload := fmt.Sprintf(`{"action":%q%s}`, action, strings.Join(extra, ""))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := fn.Invoke(ctx, []byte(payload))
	if err != nil {
		return reply{}, err
	}
	var r reply
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("decode %s: %v", out, err)
	}
	return r, nil
}

func functionError(t *testing.T, err error) *runtimeapi.FunctionError {
	t.Helper()
	var fe *runtimeapi.FunctionError
	if !errors.As(err, &fe) {
		t.Fatalf("error = %v, want a *FunctionError", err)
	}
	return fe
}

func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

func TestInvocationContext(t *testing.T) {
	t.Setenv("CONVEYOR_HOST_SECRET", "must-not-leak")
	h := start(t, nil)
	trace := runtimeapi.NewTraceHeader()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	before := time.Now()
	out, err := h.fn.InvokeWith(ctx, []byte(`{"action":"echo"}`), runtimeapi.InvokeOptions{TraceHeader: trace})
	if err != nil {
		t.Fatal(err)
	}
	var r reply
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatal(err)
	}
	second, err := invoke(t, h.fn, "echo")
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.UnixMilli(r.DeadlineMS)
	tests := []struct {
		name string
		ok   bool
		got  any
	}{
		{"the request ID is set", r.RequestID != "", r.RequestID},
		{"every invocation gets its own request ID", second.RequestID != r.RequestID, second.RequestID},
		{"the function ARN names the function", r.FunctionARN == h.fn.ARN() && strings.HasSuffix(r.FunctionARN, ":function:test-fn"), r.FunctionARN},
		{"the deadline is the timeout away", deadline.After(before.Add(4*time.Second)) && deadline.Before(time.Now().Add(5*time.Second+time.Second)), deadline},
		{"the trace header reaches the function", r.TraceID == trace, r.TraceID},
		{"a fresh trace header is made when none is given", strings.HasPrefix(second.TraceID, "Root=1-") && second.TraceID != trace, second.TraceID},
		{"the declared environment reaches the function", r.Env["TABLE_NAME"] == "things", r.Env["TABLE_NAME"]},
		{"Lambda's own variables are set", r.Env["AWS_LAMBDA_FUNCTION_NAME"] == "test-fn" && r.Env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "128" && r.Env["AWS_REGION"] == "us-east-1", r.Env},
		{"the host environment does not leak in", r.Env["CONVEYOR_HOST_SECRET"] == "", r.Env["CONVEYOR_HOST_SECRET"]},
		{"a warm process serves the next invocation", second.PID == r.PID, second.PID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				t.Fatalf("got %v", tt.got)
			}
		})
	}
}

func TestFailures(t *testing.T) {
	tests := []struct {
		name     string
		initMode string
		action   string
		extra    string
		timeout  time.Duration
		wantType string
		wantMsg  string
		wantInit bool
		notice   string
	}{
		{name: "a handler error is returned as the runtime reported it", action: "error", wantType: "errorString", wantMsg: "the handler failed on purpose"},
		{name: "a process that crashes mid-invocation fails it with Runtime.ExitError", action: "crash", wantType: runtimeapi.ErrorTypeExit, wantMsg: "exit status 2", notice: "exited during invocation"},
		{name: "an invocation over the timeout fails with Sandbox.Timedout", action: "sleep", extra: `,"sleepMs":3000`, timeout: time.Second, wantType: runtimeapi.ErrorTypeTimeout, wantMsg: "Task timed out after 1.00 seconds", notice: "timed out"},
		{name: "a response over 6 MB fails with Function.ResponseSizeTooLarge", action: "big", extra: `,"size":7000000`, wantType: runtimeapi.ErrorTypeResponseSize},
		{name: "a process that exits during init fails the invocation as an init error", initMode: "exit", action: "echo", wantType: runtimeapi.ErrorTypeExit, wantMsg: "exit status 3", wantInit: true, notice: "init failed"},
		{name: "an init error the runtime reports reaches the caller", initMode: "report", action: "echo", wantType: "InvalidConfig", wantMsg: "configuration is invalid", wantInit: true, notice: "InvalidConfig"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t, func(c *runtimeapi.Config) {
				if tt.timeout > 0 {
					c.Timeout = tt.timeout
				}
				if tt.initMode != "" {
					c.Env = append(c.Env, "TEST_INIT="+tt.initMode)
				}
			})
			_, err := invoke(t, h.fn, tt.action, tt.extra)
			fe := functionError(t, err)
			if fe.Type != tt.wantType || !strings.Contains(fe.Message, tt.wantMsg) || fe.Init != tt.wantInit {
				t.Fatalf("error = %+v, want type %q, message containing %q, init %v", fe, tt.wantType, tt.wantMsg, tt.wantInit)
			}
			if tt.notice != "" && !h.notices.contains(tt.notice) {
				t.Fatalf("no notice containing %q", tt.notice)
			}
			if tt.initMode != "" {
				return
			}
			if _, err := invoke(t, h.fn, "echo"); err != nil {
				t.Fatalf("the function does not recover after the failure: %v", err)
			}
		})
	}
}

func TestKilledProcessIsReplaced(t *testing.T) {
	h := start(t, nil)
	first, err := invoke(t, h.fn, "echo")
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(first.PID, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "the killed process is gone", 10*time.Second, func() bool {
		return !alive(first.PID) || len(h.fn.PIDs()) == 0
	})
	t.Run("the next invocation runs in a new process", func(t *testing.T) {
		r, err := invoke(t, h.fn, "echo")
		if err != nil {
			t.Fatal(err)
		}
		if r.PID == first.PID {
			t.Fatalf("served by the killed process %d", r.PID)
		}
	})
}

func TestScaleOut(t *testing.T) {
	tests := []struct {
		name        string
		max         int
		concurrent  int
		wantDistinc int
	}{
		{"busy processes make more start, one per concurrent invocation", 3, 3, 3},
		{"no more processes start than the concurrency allows", 2, 6, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t, func(c *runtimeapi.Config) { c.MaxConcurrency = tt.max })
			var (
				wg   sync.WaitGroup
				mu   sync.Mutex
				pids = map[int]bool{}
				errs []error
			)
			for range tt.concurrent {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r, err := invoke(t, h.fn, "sleep", `,"sleepMs":700`)
					mu.Lock()
					defer mu.Unlock()
					if err != nil {
						errs = append(errs, err)
						return
					}
					pids[r.PID] = true
				}()
			}
			wg.Wait()
			if len(errs) > 0 {
				t.Fatal(errors.Join(errs...))
			}
			if len(pids) != tt.wantDistinc {
				t.Fatalf("served by %d processes, want %d", len(pids), tt.wantDistinc)
			}
		})
	}
}

func TestCloseStopsEveryProcess(t *testing.T) {
	srv, err := runtimeapi.NewServer("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fn, err := srv.Register(runtimeapi.Config{Name: "test-fn", Binary: testBinary, Timeout: 5 * time.Second, MaxConcurrency: 2,
		Logs: func(string, int, []byte) {}, Notice: func(string, string) {}})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = invoke(t, fn, "sleep", `,"sleepMs":200`)
		}()
	}
	wg.Wait()
	pids := fn.PIDs()
	if len(pids) == 0 {
		t.Fatal("no process ran")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Close(ctx); err != nil {
		t.Fatal(err)
	}
	t.Run("no process is left after Close", func(t *testing.T) {
		for _, pid := range pids {
			var ws syscall.WaitStatus
			_, _ = syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
			if alive(pid) {
				t.Errorf("process %d is still running", pid)
			}
		}
	})
	t.Run("invoking after Close fails with ErrClosed", func(t *testing.T) {
		_, err := fn.Invoke(context.Background(), []byte(`{"action":"echo"}`))
		if !errors.Is(err, runtimeapi.ErrClosed) {
			t.Fatalf("error = %v", err)
		}
	})
}
