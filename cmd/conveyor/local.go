package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/console"
	"github.com/conveyor-dev/conveyor/internal/localcloud"
	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

const localUsage = `usage: conveyor local up [flags]

Starts the whole platform on this machine: the AWS emulator, every table,
queue and rule the services declare, every function as a process, the event
source mappings and the HTTP API. Ctrl-C stops everything.
`

// shutdownTimeout bounds how long Ctrl-C may take.
const shutdownTimeout = 4 * time.Second

// localMemoryLimit is the local cloud's soft memory limit, unless
// GOMEMLIMIT sets another: it kept the process at about 750 MB through
// 10,000 orders.
const localMemoryLimit = 768 << 20

func localCmd(args []string) error {
	if len(args) == 0 || args[0] != "up" {
		fmt.Fprint(os.Stderr, localUsage)
		return errors.New("unknown or missing local subcommand")
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// What the emulator keeps is bounded (stream records, traces,
		// logs); without a soft limit the Go runtime lets the process
		// grow to about twice its live heap before it collects.
		debug.SetMemoryLimit(localMemoryLimit)
	}
	fs := flag.NewFlagSet("local up", flag.ExitOnError)
	fs.Usage = func() { fmt.Fprint(os.Stderr, localUsage); fs.PrintDefaults() }
	apiAddr := fs.String("api-addr", "127.0.0.1:8080", "address of the HTTP API gateway")
	port := fs.Int("emulator-port", 4566, "port of the AWS emulator on 127.0.0.1")
	dataDir := fs.String("data-dir", "", "keep emulator state and the token key in this directory across restarts (default: state in memory, key in build/local)")
	stateDirFlag := fs.String("state-dir", "", "where the token key and the provider simulator's URL live, for `conveyor token`, `load` and `make demo` (default: the -data-dir, else build/local); a second local cloud beside `make run` takes its own")
	jsonLogs := fs.Bool("json", false, "print function logs as the raw JSON lines they write, every one of them")
	verbose := fs.Bool("v", false, "print every line the functions write (their debug lines and EMF metrics records too), not one line per invocation and the warnings and errors")
	logLevel := fs.String("log-level", "", "LOG_LEVEL of every function: DEBUG, INFO, WARN or ERROR (default INFO, DEBUG with -v)")
	noSeed := fs.Bool("no-seed", false, "do not add demo products to an empty catalog")
	consoleAddr := fs.String("console-addr", "127.0.0.1:9000", "`ADDR` of the web console; it listens on loopback unless ADDR names another host, and \"\" turns it off")
	watchSources := fs.Bool("watch", true, "live reload: rebuild and restart the functions a saved Go file changes, and apply changed declarations where a running cloud can (-watch=false turns it off)")
	pprofAddr := fs.String("pprof", "", "serve Go's profiles of the local cloud process (net/http/pprof, with mutex and block profiles on) at `ADDR`, e.g. 127.0.0.1:6060;\nthen: go tool pprof http://ADDR/debug/pprof/profile?seconds=30 (CPU), .../heap, .../mutex, .../block")
	_ = fs.Parse(args[1:])

	if err := emulator.Reexec(*port, *dataDir); err != nil {
		return err
	}
	var profiles string
	if *pprofAddr != "" {
		addr, stopProfiles, err := serveProfiles(*pprofAddr)
		if err != nil {
			return err
		}
		defer stopProfiles()
		profiles = "http://" + addr + "/debug/pprof/"
	}
	started := time.Now()
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	out, err := captureStdout()
	if err != nil {
		return err
	}
	printer := localcloud.NewPrinter(out, *jsonLogs, isTerminal(out))
	printer.Verbose = *verbose
	if *logLevel == "" {
		*logLevel = "INFO"
		if *verbose {
			*logLevel = "DEBUG"
		}
	}
	go relayEmulatorLogs(printer)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stateDir := localcloud.StateDirFor(root)
	switch {
	case *stateDirFlag != "":
		stateDir = *stateDirFlag
	case *dataDir != "":
		stateDir = *dataDir
	}
	printer.Info("conveyor", "building functions and starting the local cloud")
	cfg := localcloud.Config{
		ModuleRoot: root,
		Services:   functions.All(),
		APIAddr:    *apiAddr,
		StateDir:   stateDir,
		LogLevel:   *logLevel,
		Printer:    printer,
		Watch:      *watchSources,
	}
	feed := console.NewFeed(0, 0)
	if *consoleAddr != "" {
		cfg.BusObserver = feed.ObservePutEvents
	}
	cloud, err := localcloud.Start(ctx, cfg)
	if err != nil {
		return err
	}
	var con *console.Server
	consoleURL := ""
	if *consoleAddr != "" {
		con, err = console.Listen(*consoleAddr, console.Local(cloud, cfg.Services, feed,
			console.Switchboard{Name: "faults", Title: "Platform faults", URL: cloud.ChaosURL}))
		if err != nil {
			sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
			defer cancel()
			_ = cloud.Close(sctx)
			return fmt.Errorf("%w (move it with -console-addr, or turn it off with -console-addr=\"\")", err)
		}
		consoleURL = con.URL
	}
	admin, err := cloud.Token("admin", 12*time.Hour, spec.AdminGroup)
	if err != nil {
		return err
	}
	if !*noSeed {
		if n, err := seedDemoCatalog(ctx, cloud.APIURL, admin); err != nil {
			printer.Notice("conveyor", "seeding demo products: "+err.Error())
		} else if n > 0 {
			printer.Info("conveyor", fmt.Sprintf("added %d demo products to the empty catalog", n))
		}
	}
	tokenDir := ""
	if stateDir != localcloud.StateDirFor(root) {
		tokenDir = stateDir
	}
	printBanner(out, cloud, admin, *dataDir, tokenDir, profiles, consoleURL, *verbose, cloud.Watching(), time.Since(started))

	<-ctx.Done()
	stop()
	stopping := time.Now()
	printer.Info("conveyor", "stopping")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if con != nil {
		// First, so that the pages' live streams end.
		_ = con.Close(sctx)
	}
	if err := cloud.Close(sctx); err != nil {
		return err
	}
	printer.Info("conveyor", fmt.Sprintf("stopped in %s", time.Since(stopping).Round(time.Millisecond)))
	return nil
}

func moduleRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("working directory: %w", err)
	}
	return localcloud.FindModuleRoot(wd)
}

// captureStdout moves the real stdout to a new descriptor, returned as the
// platform's output, and points descriptor 1 at a pipe: the emulator logs
// to descriptor 1, and relayEmulatorLogs prefixes what it writes.
var emulatorLogs *os.File

func captureStdout() (*os.File, error) {
	fd, err := unix.Dup(int(os.Stdout.Fd()))
	if err != nil {
		return nil, fmt.Errorf("duplicate stdout: %w", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("stdout pipe: %w", err)
	}
	if err := unix.Dup2(int(w.Fd()), int(os.Stdout.Fd())); err != nil {
		return nil, fmt.Errorf("redirect stdout: %w", err)
	}
	emulatorLogs = r
	return os.NewFile(uintptr(fd), "stdout"), nil
}

func relayEmulatorLogs(p *localcloud.Printer) {
	sc := bufio.NewScanner(emulatorLogs)
	for sc.Scan() {
		if line := sc.Text(); worthRelaying(line) {
			p.Info("emulator", line)
		}
	}
}

// worthRelaying reports whether a line the emulator logged says more than
// that it did its work: kumo logs a line at level INFO for every event it
// delivers to a target (tens of thousands in a load test), and those are
// dropped; warnings, errors and anything else are relayed.
func worthRelaying(line string) bool {
	return !strings.Contains(line, " level=INFO ") && !strings.Contains(line, " level=DEBUG ")
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0 && os.Getenv("NO_COLOR") == ""
}

// printBanner prints where to call the local cloud, and commands that
// work when pasted into a shell (tests/docs_test.go runs them): the curl
// lines send JSON as JSON, and the token command names the state
// directory when it is not the default one.
func printBanner(w io.Writer, c *localcloud.Cloud, admin, dataDir, tokenDir, profiles, consoleURL string, verbose, watching bool, took time.Duration) {
	state := "in memory (add -data-dir DIR to keep it across restarts)"
	if dataDir != "" {
		abs, err := filepath.Abs(dataDir)
		if err == nil {
			dataDir = abs
		}
		state = "kept in " + dataDir
	}
	if profiles != "" {
		profiles = "\n  Profiles   " + profiles + "   (go tool pprof " + profiles + "profile?seconds=30)"
	}
	built := "all functions up to date"
	if len(c.Built) > 0 {
		built = "built " + strings.Join(c.Built, ", ")
	}
	tokenCmd := "go run ./cmd/conveyor token --sub alice --group admin"
	if tokenDir != "" {
		tokenCmd += " --data-dir " + shellQuote(tokenDir)
	}
	if consoleURL != "" {
		consoleURL = "\n  Console    " + consoleURL + "   (architecture, live events, orders with their saga and trace, queues, API explorer, switches)"
	}
	reload := "off: restart to run changed code"
	if watching {
		reload = "on: save a Go file and the functions it changes are rebuilt and restarted (-watch=false turns it off)"
	}
	logs := "one line per invocation, warnings and errors in full; -v prints every line, -json the raw JSON"
	if verbose {
		logs = "every line the functions write (-v)"
	}
	fmt.Fprintf(w, `
Conveyor local cloud is ready in %s (%s).

  API        %s   (contract: %s/openapi.json)%s
  Emulator   %s   (AWS_ENDPOINT_URL; region us-east-1, any credentials)
  State      %s%s
  Logs       %s
  Reload     %s

Try:
  curl %s/products
  export TOKEN=%s
  curl -X PUT %s/products/LAMP-004 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
       -d '{"name":"Desk lamp","description":"Warm light","price":{"amount":3900,"currency":"EUR"},"active":true}'
  curl -i -X DELETE %s/products/LAMP-004          # no token: 401

More tokens: %s
Stop with Ctrl-C.

`, took.Round(100*time.Millisecond), built, c.APIURL, c.APIURL, consoleURL, c.Endpoint, state, profiles, logs, reload,
		c.APIURL, admin, c.APIURL, c.APIURL, tokenCmd)
}

// shellQuote quotes s for a POSIX shell when it holds more than letters,
// digits and / . _ - .
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Rates of the mutex and block profiles while profiles are served: one
// contention event in mutexProfileFraction, and on average one blocking
// event per blockProfileRate of time blocked. Both cost little at these
// rates, and the next bottleneck may be a lock rather than CPU.
const (
	mutexProfileFraction = 10
	blockProfileRate     = int(time.Millisecond)
)

// serveProfiles serves net/http/pprof's handlers for this process on
// addr, on a mux of their own, and turns the mutex and block profiles on.
// It returns the address it listens on and a function that stops it.
func serveProfiles(addr string) (string, func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("profiles: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	runtime.SetMutexProfileFraction(mutexProfileFraction)
	runtime.SetBlockProfileRate(blockProfileRate)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return ln.Addr().String(), func() {
		_ = srv.Close()
		runtime.SetMutexProfileFraction(0)
		runtime.SetBlockProfileRate(0)
	}, nil
}
