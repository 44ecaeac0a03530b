package runtimeapi_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/localcloud/runtimeapi"
	"github.com/conveyor-dev/conveyor/internal/poll"
)

// Replace swaps a function's code and environment as a reload does: the
// invocation in flight finishes on its process, the idle process stops
// at once, the busy one once it has answered, and new invocations go to
// processes of the new binary with the new environment.
func TestReplace(t *testing.T) {
	h := start(t, func(c *runtimeapi.Config) { c.Env = []string{"VERSION=1"} })
	started := filepath.Join(t.TempDir(), "started")
	held := make(chan reply, 1)
	heldErr := make(chan error, 1)
	go func() {
		r, err := invoke(t, h.fn, "hold", `,"sleepMs":1500,"file":"`+started+`"`)
		held <- r
		heldErr <- err
	}()
	poll.Until(t, "the held invocation to be running", 20*time.Second, func() bool {
		_, err := os.Stat(started)
		return err == nil
	})
	idle, err := invoke(t, h.fn, "echo")
	if err != nil {
		t.Fatal(err)
	}
	busyPIDs := slices.DeleteFunc(h.fn.PIDs(), func(pid int) bool { return pid == idle.PID })
	if len(busyPIDs) != 1 {
		t.Fatalf("PIDs %v: want the busy process and the idle one %d", h.fn.PIDs(), idle.PID)
	}
	busy := busyPIDs[0]

	// The new version is a copy of the binary elsewhere, as a rebuild
	// makes a new file.
	newBinary := filepath.Join(t.TempDir(), "v2", "bootstrap")
	copyFile(t, testBinary, newBinary)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.fn.Replace(ctx, newBinary, []string{"VERSION=2"}); err != nil {
		t.Fatal(err)
	}
	t.Run("the idle old process is stopped at once", func(t *testing.T) {
		if alive(idle.PID) {
			t.Errorf("process %d still runs", idle.PID)
		}
	})
	t.Run("the busy old process runs its invocation on", func(t *testing.T) {
		if !alive(busy) {
			t.Errorf("process %d was stopped in the middle of its invocation", busy)
		}
	})
	next, err := invoke(t, h.fn, "echo")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a new invocation runs the new binary with the new environment", func(t *testing.T) {
		if next.PID == idle.PID || next.PID == busy {
			t.Errorf("the invocation ran on old process %d", next.PID)
		}
		if next.Env["VERSION"] != "2" || next.Env["LAMBDA_TASK_ROOT"] != filepath.Dir(newBinary) {
			t.Errorf("VERSION=%q LAMBDA_TASK_ROOT=%q, want 2 and %s", next.Env["VERSION"], next.Env["LAMBDA_TASK_ROOT"], filepath.Dir(newBinary))
		}
	})
	t.Run("the invocation in flight finishes on its old process", func(t *testing.T) {
		if err := <-heldErr; err != nil {
			t.Fatalf("the held invocation failed: %v", err)
		}
		r := <-held
		if r.PID != busy || r.Env["VERSION"] != "1" {
			t.Errorf("answered by process %d with VERSION=%q, want %d with 1", r.PID, r.Env["VERSION"], busy)
		}
	})
	t.Run("the busy old process stops once it has answered", func(t *testing.T) {
		poll.Until(t, "the old process to stop", 5*time.Second, func() bool { return !alive(busy) })
		poll.Until(t, "only new processes to be listed", 5*time.Second, func() bool {
			pids := h.fn.PIDs()
			return !slices.Contains(pids, busy) && !slices.Contains(pids, idle.PID)
		})
	})
	t.Run("stopping the old processes is no failure to report", func(t *testing.T) {
		h.notices.mu.Lock()
		defer h.notices.mu.Unlock()
		if len(h.notices.msgs) > 0 {
			t.Errorf("notices: %q", h.notices.msgs)
		}
	})
}

// A process still starting when its function is replaced stops without
// a notice, and without failing the invocation waiting for a process: a
// new process takes it.
func TestReplaceWhileAProcessStarts(t *testing.T) {
	h := start(t, func(c *runtimeapi.Config) { c.Env = []string{"TEST_INIT=slow"} })
	waiting := make(chan error, 1)
	go func() {
		r, err := invoke(t, h.fn, "echo")
		if err == nil && r.Env["VERSION"] != "2" {
			err = fmt.Errorf("VERSION=%q, want 2", r.Env["VERSION"])
		}
		waiting <- err
	}()
	poll.Until(t, "a process to start", 10*time.Second, func() bool { return len(h.fn.PIDs()) == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.fn.Replace(ctx, testBinary, []string{"VERSION=2"}); err != nil {
		t.Fatal(err)
	}
	if err := <-waiting; err != nil {
		t.Errorf("the invocation waiting for a process: %v", err)
	}
	h.notices.mu.Lock()
	defer h.notices.mu.Unlock()
	if len(h.notices.msgs) > 0 {
		t.Errorf("notices: %q", h.notices.msgs)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o755); err != nil {
		t.Fatal(err)
	}
}
