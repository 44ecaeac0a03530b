package runtimeapi_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/internal/chaos"
	"github.com/conveyor-dev/conveyor/internal/localcloud/runtimeapi"
)

// lines counts the lines of a file, 0 when it does not exist.
func lines(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "\n")
}

func TestAnInjectedCrashKillsTheProcessMidInvocationOrAfterItsWritesAndLambdaReportsIt(t *testing.T) {
	h := start(t, nil)
	in, err := chaos.New(chaos.Faults{Crash: chaos.Crash{Rate: 1, Functions: []string{"test-fn"}}})
	if err != nil {
		t.Fatal(err)
	}
	h.srv.SetChaos(in)
	writes := filepath.Join(t.TempDir(), "writes")
	// The handler sleeps 300 ms, then writes: a crash in the middle of an
	// invocation (within the 100 ms a function is given before any
	// answer) strikes before the write, one at the answer after it.
	write := fmt.Sprintf(`,"sleepMs":300,"file":%q`, writes)
	const crashes = 12
	pids := map[int]bool{}
	for range crashes {
		before := h.fn.PIDs()
		_, err := invoke(t, h.fn, "write", write)
		if fe := functionError(t, err); fe.Type != runtimeapi.ErrorTypeExit || !strings.Contains(fe.Message, "Runtime exited") {
			t.Fatalf("a crashed invocation answered %+v, want Runtime.ExitError as Lambda reports it", fe)
		}
		for _, pid := range before {
			pids[pid] = true
		}
	}
	n := in.Injected()
	t.Run("every invocation crashed, at one of the two points", func(t *testing.T) {
		if n[chaos.KindCrashBeforeAnswer]+n[chaos.KindCrashMidInvocation] != crashes {
			t.Fatalf("counted %v, want %d crashes", n, crashes)
		}
		if n[chaos.KindCrashBeforeAnswer] == 0 || n[chaos.KindCrashMidInvocation] == 0 {
			t.Errorf("counted %v: in %d crashes both points should come up", n, crashes)
		}
	})
	t.Run("a crash before the answer leaves the handler's writes, one in the middle none", func(t *testing.T) {
		if got := lines(t, writes); int64(got) != n[chaos.KindCrashBeforeAnswer] {
			t.Errorf("%d writes for %d crashes after the handler returned", got, n[chaos.KindCrashBeforeAnswer])
		}
	})
	t.Run("each crash kills its process and a new one takes the next invocation", func(t *testing.T) {
		for pid := range pids {
			if alive(pid) {
				t.Errorf("process %d survived its crash", pid)
			}
		}
		h.srv.SetChaos(nil)
		r, err := invoke(t, h.fn, "write", write)
		if err != nil || pids[r.PID] {
			t.Fatalf("after the crashes: %+v, %v", r, err)
		}
	})
	t.Run("the platform says why the process died", func(t *testing.T) {
		if !h.notices.contains("chaos: killing process") {
			t.Error("no notice of an injected crash")
		}
	})
}

func TestAFunctionOutOfTheCrashScopeRunsUntouched(t *testing.T) {
	h := start(t, nil)
	in, err := chaos.New(chaos.Faults{Crash: chaos.Crash{Rate: 1, Functions: []string{"another-fn"}}})
	if err != nil {
		t.Fatal(err)
	}
	h.srv.SetChaos(in)
	for range 5 {
		if _, err := invoke(t, h.fn, "echo"); err != nil {
			t.Fatal(err)
		}
	}
	if n := in.Injected(); len(n) != 0 {
		t.Errorf("counted %v out of scope", n)
	}
}
