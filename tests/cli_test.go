package tests

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
)

// children lists the processes whose parent is pid.
func children(t *testing.T, pid int) []int {
	t.Helper()
	if runtime.GOOS != "linux" {
		// The orphan check reads the process table from /proc, which only
		// Linux has; CI runs on Linux, so there it always runs.
		t.Skipf("the process table is read from /proc, which %s lacks", runtime.GOOS)
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatalf("read the process table: %v", err)
	}
	var out []int
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) > 1 && fields[1] == strconv.Itoa(pid) {
			out = append(out, child)
		}
	}
	return out
}

// running reports whether pid is a live, non-zombie process.
func running(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	return len(fields) > 0 && fields[0] != "Z"
}

// TestLocalUp runs `conveyor local up` as make run does: it must seed the
// catalog, print the banner, and stop everything on Ctrl-C within 5 s.
func TestLocalUp(t *testing.T) {
	localOnly(t)
	bin := filepath.Join(t.TempDir(), "conveyor")
	build := exec.Command("go", "build", "-o", bin, "./cmd/conveyor")
	build.Dir = target.moduleRoot
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build conveyor: %v\n%s", err, out)
	}
	port, err := emulator.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "local", "up", "-api-addr", "127.0.0.1:0", "-console-addr", "127.0.0.1:0",
		"-emulator-port", strconv.Itoa(port), "-data-dir", t.TempDir())
	cmd.Dir = target.moduleRoot
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "KUMO_") && !strings.HasPrefix(kv, "CONVEYOR_EMULATOR_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	started := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	apiLine := regexp.MustCompile(`^\s+API\s+(http://\S+)`)
	lines := make(chan string, 1024)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var apiURL, banner string
	for apiURL == "" || !strings.Contains(banner, "Stop with Ctrl-C") {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("conveyor exited before it was ready:\n%s", banner)
			}
			banner += line + "\n"
			if m := apiLine.FindStringSubmatch(line); m != nil {
				apiURL = m[1]
			}
		case <-ctx.Done():
			t.Fatalf("not ready:\n%s", banner)
		}
	}
	t.Logf("ready in %s", time.Since(started).Round(time.Millisecond))
	go func() {
		for line := range lines {
			t.Log(line)
		}
	}()

	t.Run("the banner shows ready-to-paste commands with a token", func(t *testing.T) {
		for _, want := range []string{"curl " + apiURL + "/products", "export TOKEN=ey", "Authorization: Bearer $TOKEN", "Emulator   http://127.0.0.1:" + strconv.Itoa(port)} {
			if !strings.Contains(banner, want) {
				t.Errorf("banner lacks %q:\n%s", want, banner)
			}
		}
	})
	t.Run("the empty catalog is seeded with demo products", func(t *testing.T) {
		saved := target.apiURL
		target.apiURL = apiURL
		defer func() { target.apiURL = saved }()
		code, body := call(t, "GET", "/products", "", "")
		if code != 200 || len(listedSKUs(t, body)) < 3 {
			t.Fatalf("GET /products: %d %s", code, body)
		}
	})

	kids := children(t, cmd.Process.Pid)
	if len(kids) == 0 {
		t.Fatal("conveyor runs no function process")
	}
	stopAt := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case err := <-waited:
		if err != nil {
			t.Errorf("conveyor exited with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("conveyor did not stop within 5 s of Ctrl-C")
	}
	t.Logf("stopped in %s", time.Since(stopAt).Round(time.Millisecond))
	t.Run("no process of the platform is left after Ctrl-C", func(t *testing.T) {
		for _, pid := range kids {
			if running(pid) {
				t.Errorf("process %d is still running", pid)
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	})
}
