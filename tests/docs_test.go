package tests

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/conveyor-dev/conveyor/internal/localcloud/auth"
	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
	"github.com/conveyor-dev/conveyor/localstack/gatekeeper"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// The documents whose marked shell blocks run as printed: a fenced block
// right after the line `<!-- runnable -->`, or `<!-- runnable: expect
// TEXT -->` when its output must hold TEXT.
var runnableDocs = []string{"README.md", "infra/README.md", "localstack/README.md"}

// localUp is a `conveyor local up` the test started, as `make run` does.
type localUp struct {
	cmd      *exec.Cmd
	apiURL   string
	endpoint string
	banner   string
	dataDir  string

	mu     sync.Mutex
	output []string
}

// lines returns what it printed so far.
func (l *localUp) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.output...)
}

// startLocalUp builds the CLI and starts `conveyor local up` on ports of
// its own with a data directory of its own, and returns once it printed
// its banner.
func startLocalUp(t *testing.T) *localUp {
	t.Helper()
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
	l := &localUp{dataDir: t.TempDir()}
	l.cmd = exec.Command(bin, "local", "up", "-api-addr", "127.0.0.1:0", "-console-addr", "127.0.0.1:0",
		"-emulator-port", strconv.Itoa(port), "-data-dir", l.dataDir)
	l.cmd.Dir = target.moduleRoot
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "KUMO_") && !strings.HasPrefix(kv, "CONVEYOR_EMULATOR_") {
			l.cmd.Env = append(l.cmd.Env, kv)
		}
	}
	stdout, err := l.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	l.cmd.Stderr = l.cmd.Stdout
	if err := l.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.cmd.Process.Kill(); _ = l.cmd.Wait() })
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		signalled := false
		for sc.Scan() {
			l.mu.Lock()
			l.output = append(l.output, sc.Text())
			l.mu.Unlock()
			if !signalled && strings.Contains(sc.Text(), "Stop with Ctrl-C") {
				signalled = true
				close(ready)
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(2 * time.Minute):
		t.Fatalf("conveyor local up is not ready:\n%s", strings.Join(l.lines(), "\n"))
	}
	l.banner = strings.Join(l.lines(), "\n")
	api := regexp.MustCompile(`(?m)^\s+API\s+(http://\S+)`).FindStringSubmatch(l.banner)
	emu := regexp.MustCompile(`(?m)^\s+Emulator\s+(http://\S+)`).FindStringSubmatch(l.banner)
	if api == nil || emu == nil {
		t.Fatalf("the banner names no API or emulator:\n%s", l.banner)
	}
	l.apiURL, l.endpoint = api[1], emu[1]
	return l
}

// stop sends Ctrl-C and waits for the exit, at most 5 s.
func (l *localUp) stop(t *testing.T) {
	t.Helper()
	if err := l.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- l.cmd.Wait() }()
	select {
	case err := <-waited:
		if err != nil {
			t.Errorf("conveyor exited with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("conveyor did not stop within 5 s of Ctrl-C")
	}
}

// shell runs script with bash in the module root, as a reader pasting
// it would, with env (KEY=value) added to the environment, and returns
// its output.
func shell(t *testing.T, script string, env ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-e", "-o", "pipefail", "-c", script)
	cmd.Dir = target.moduleRoot
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// bannerCommands are the commands the banner offers: the indented lines
// of its "Try:" part, continuation lines joined, and the "More tokens:"
// command.
func bannerCommands(t *testing.T, banner string) (try []string, tokenCmd string) {
	t.Helper()
	_, rest, ok := strings.Cut(banner, "\nTry:\n")
	if !ok {
		t.Fatalf("the banner has no Try: part:\n%s", banner)
	}
	var cur string
	for _, line := range strings.Split(rest, "\n") {
		if cmd, found := strings.CutPrefix(line, "More tokens: "); found {
			tokenCmd = cmd
			break
		}
		if !strings.HasPrefix(line, "  ") {
			continue
		}
		cur += strings.TrimSpace(line)
		if strings.HasSuffix(cur, `\`) {
			cur = strings.TrimSuffix(cur, `\`) + " "
			continue
		}
		try = append(try, cur)
		cur = ""
	}
	if len(try) == 0 || tokenCmd == "" {
		t.Fatalf("no commands in the banner:\n%s", banner)
	}
	return try, tokenCmd
}

// runnableBlock is a shell block of a document marked runnable.
type runnableBlock struct {
	doc    string
	line   int
	script string
	expect string
}

var runnableMark = regexp.MustCompile(`^<!-- runnable(?::\s*expect (.+?))?\s*-->$`)

// runnableBlocks returns the marked blocks of a document.
func runnableBlocks(t *testing.T, doc string) []runnableBlock {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(target.moduleRoot, doc))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	var out []runnableBlock
	for i := 0; i < len(lines); i++ {
		m := runnableMark.FindStringSubmatch(strings.TrimSpace(lines[i]))
		if m == nil {
			continue
		}
		if i+1 >= len(lines) || !strings.HasPrefix(strings.TrimSpace(lines[i+1]), "```") {
			t.Fatalf("%s:%d: a runnable mark not followed by a fenced block", doc, i+1)
		}
		// A block inside a list item is indented as its fence is.
		indent := lines[i+1][:len(lines[i+1])-len(strings.TrimLeft(lines[i+1], " "))]
		b := runnableBlock{doc: doc, line: i + 2, expect: m[1]}
		for i += 2; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), "```"); i++ {
			b.script += strings.TrimPrefix(lines[i], indent) + "\n"
		}
		out = append(out, b)
	}
	return out
}

// TestTheDocsRunAsPrinted starts the local cloud as `make run` does and
// runs what the docs tell a reader to paste: the banner's commands, and
// every shell block marked runnable in README.md, infra/README.md and
// localstack/README.md. Their results are checked; the logs printed
// meanwhile are the quiet ones, and stopping prints no error.
//
// The marked blocks are written for `make run`'s defaults: the test puts
// its own API and emulator addresses in place of 127.0.0.1:8080 and
// 127.0.0.1:4566 (and of localhost:4566, where LocalStack would be: its
// emulator answers the same calls), and its data directory into
// `conveyor token` and `tokenkey`, as the banner does for a local cloud
// started with -data-dir. A make target gets the same as API_ADDR,
// EMULATOR_PORT and STATE_DIR, as a reader gives them to `make demo`
// for a `make run` on other ports.
func TestTheDocsRunAsPrinted(t *testing.T) {
	localOnly(t)
	l := startLocalUp(t)

	t.Run("the banner's commands work when pasted", func(t *testing.T) {
		try, tokenCmd := bannerCommands(t, l.banner)
		out, err := shell(t, strings.Join(try, "\n"))
		if err != nil {
			t.Fatalf("the banner's commands failed: %v\n%s", err, out)
		}
		if !strings.Contains(out, `"sku":"LAMP-004"`) || !strings.Contains(out, `"version":`) {
			t.Errorf("the banner's PUT did not answer the product:\n%s", out)
		}
		if !strings.Contains(out, "HTTP/1.1 401") {
			t.Errorf("the banner's DELETE without a token did not get 401:\n%s", out)
		}
		saved := target.apiURL
		target.apiURL = l.apiURL
		defer func() { target.apiURL = saved }()
		if code, body := call(t, "GET", "/products/LAMP-004", "", ""); code != 200 {
			t.Errorf("the banner's PUT created no product: GET /products/LAMP-004 answered %d %s", code, body)
		}
		token, err := shell(t, tokenCmd)
		if err != nil {
			t.Fatalf("%s: %v\n%s", tokenCmd, err, token)
		}
		if code, body := call(t, "GET", "/orders", strings.TrimSpace(token), ""); code != 200 {
			t.Errorf("the token of %q is refused: %d %s", tokenCmd, code, body)
		}
	})

	t.Run("the runnable blocks of the docs work as printed", func(t *testing.T) {
		apiHost := strings.TrimPrefix(l.apiURL, "http://")
		emuHost := strings.TrimPrefix(l.endpoint, "http://")
		_, emuPort, _ := strings.Cut(emuHost, ":")
		var blocks []runnableBlock
		for _, doc := range runnableDocs {
			blocks = append(blocks, runnableBlocks(t, doc)...)
		}
		if len(blocks) == 0 || blocks[0].doc != "README.md" {
			t.Fatal("README.md marks no block runnable")
		}
		for _, b := range blocks {
			script := strings.NewReplacer(
				"127.0.0.1:8080", apiHost,
				"127.0.0.1:4566", emuHost,
				"localhost:4566", emuHost,
				"go run ./cmd/conveyor token", "go run ./cmd/conveyor token --data-dir "+l.dataDir,
				"go run ./localstack/cmd/tokenkey", "go run ./localstack/cmd/tokenkey -data-dir "+l.dataDir,
			).Replace(b.script)
			started := time.Now()
			out, err := shell(t, script, "API_ADDR="+apiHost, "EMULATOR_PORT="+emuPort, "STATE_DIR="+l.dataDir)
			t.Logf("%s:%d ran in %s", b.doc, b.line, time.Since(started).Round(100*time.Millisecond))
			if err != nil {
				t.Errorf("%s:%d failed: %v\n%s\n%s", b.doc, b.line, err, b.script, out)
				continue
			}
			if b.expect != "" && !strings.Contains(out, b.expect) {
				t.Errorf("%s:%d printed\n%s\nwithout %q", b.doc, b.line, out, b.expect)
			}
		}
	})

	t.Run("the key tokenkey puts is the one the local tokens are signed with", func(t *testing.T) {
		// localstack/README.md runs tokenkey for the localstack stage: the
		// gatekeeper's parameter must verify what `conveyor token` signs.
		clients, err := awsclients.New(t.Context(), l.endpoint)
		if err != nil {
			t.Fatal(err)
		}
		// The name localstack/README.md gives it.
		const name = "/conveyor/localstack/auth/token-public-key"
		param, err := ssm.NewFromConfig(clients.Config).GetParameter(t.Context(), &ssm.GetParameterInput{Name: aws.String(name)})
		if err != nil {
			t.Fatalf("%s after the runnable blocks: %v", name, err)
		}
		public, err := gatekeeper.ParsePublicKey(aws.ToString(param.Parameter.Value))
		if err != nil {
			t.Fatal(err)
		}
		keys, err := auth.LoadOrCreate(filepath.Join(l.dataDir, auth.KeyFile))
		if err != nil {
			t.Fatal(err)
		}
		token, err := keys.Issue("alice", []string{spec.AdminGroup}, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if claims, err := auth.VerifyWith(public, token); err != nil || claims.Subject != "alice" {
			t.Errorf("the gatekeeper's key refuses a local token: %v %+v", err, claims)
		}
	})

	l.stop(t)
	printed := l.lines()
	t.Run("the logs are quiet: one line per invocation, no metrics records", func(t *testing.T) {
		invocations := 0
		for _, line := range printed {
			if strings.Contains(line, "_aws") || strings.Contains(line, "CloudWatchMetrics") || strings.Contains(line, " DEBUG ") {
				t.Errorf("a metrics record or debug line is printed without -v: %s", line)
			}
			if strings.HasPrefix(line, "catalog-api ") && strings.Contains(line, " ok ") && strings.Contains(line, "correlation ") {
				invocations++
			}
		}
		if invocations == 0 {
			t.Errorf("no invocation line of catalog-api with its outcome and correlation id:\n%s", strings.Join(printed, "\n"))
		}
	})
	t.Run("the denial infra/README.md asks for is logged under the function's name", func(t *testing.T) {
		for _, line := range printed {
			if strings.HasPrefix(line, "catalog-api ") && strings.Contains(line, "AccessDenied: catalog-api") &&
				strings.Contains(line, "dynamodb:GetItem") && strings.Contains(line, "table/conveyor-local-orders") {
				return
			}
		}
		t.Errorf("no AccessDenied line of catalog-api for the orders table:\n%s", strings.Join(printed, "\n"))
	})
	t.Run("stopping prints no error", func(t *testing.T) {
		stopping := false
		for _, line := range printed {
			stopping = stopping || strings.Contains(line, "stopping")
			if stopping && (strings.Contains(line, "proxy error") || strings.Contains(line, "context canceled") || strings.Contains(line, "ERROR")) {
				t.Errorf("printed while stopping: %s", line)
			}
		}
		if !stopping {
			t.Error("no stopping line")
		}
	})
}
