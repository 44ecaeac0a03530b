// Command tracing-cost measures what each tracing backend costs each
// function: the size of its bootstrap for Lambda (linux/arm64, stripped)
// and its init time on this machine, for every backend of shared/tracing
// (the default X-Ray exporter, otlp, xraysdk) and for notracing, which
// records nothing. Init is the time from starting the process to its first
// request for an invocation to the Runtime API, which is what Lambda
// reports as init; the backends' starts are interleaved, so that a busy
// machine slows them alike. It then runs the benchmark of one traced
// invocation (BenchmarkTracedInvocation in shared/tracing) under each
// backend. It prints Markdown tables and a line per target; `make
// tracing-cost` runs it.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Targets the default backend is held to.
const (
	maxSizeMB    = 11.0
	maxInitRatio = 1.3
)

func main() {
	runs := flag.Int("runs", 20, "process starts per function and backend; the median is reported")
	only := flag.String("functions", "", "comma-separated function names; empty means every declared function")
	bench := flag.Bool("bench", true, "also run the benchmark of one traced invocation under each backend")
	flag.Parse()
	if err := run(*runs, *only, *bench); err != nil {
		fmt.Fprintln(os.Stderr, "tracing-cost:", err)
		os.Exit(1)
	}
}

// variant is one way of building a function.
type variant struct {
	name string
	tag  string
}

// variants are the backends, the default first and notracing last.
var variants = []variant{
	{"default (X-Ray UDP)", ""},
	{"otlp", "otlp"},
	{"xraysdk", "xraysdk"},
	{"notracing", "notracing"},
}

func (v variant) tags() string {
	if v.tag == "" {
		return "lambda.norpc"
	}
	return "lambda.norpc," + v.tag
}

func run(runs int, only string, bench bool) error {
	if runs < 1 {
		return errors.New("-runs must be at least 1")
	}
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "tracing-cost")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	header := []string{"function"}
	for _, v := range variants {
		header = append(header, "size "+v.name)
	}
	for _, v := range variants {
		header = append(header, "init p50 "+v.name)
	}
	fmt.Println("| " + strings.Join(header, " | ") + " |")
	fmt.Println("|" + strings.Repeat("---|", len(header)))
	var (
		largest              float64
		largestFn            string
		worstRatio           float64
		worstFn              string
		initFailures, failed []string
	)
	for _, s := range functions.All() {
		for _, f := range s.Functions {
			if only != "" && !slices.Contains(strings.Split(only, ","), f.Name) {
				continue
			}
			row := []string{f.Name}
			hosts := make([]string, len(variants))
			sizes := make([]float64, len(variants))
			for i, v := range variants {
				arm := filepath.Join(dir, f.Name+"-arm64-"+v.tag)
				if err := build(root, f.Entry, arm, "linux", "arm64", v.tags()); err != nil {
					return err
				}
				st, err := os.Stat(arm)
				if err != nil {
					return err
				}
				sizes[i] = float64(st.Size()) / 1e6
				row = append(row, fmt.Sprintf("%.2f MB", sizes[i]))
				hosts[i] = filepath.Join(dir, f.Name+"-host-"+v.tag)
				if err := build(root, f.Entry, hosts[i], "", "", v.tags()); err != nil {
					return err
				}
			}
			if sizes[0] > largest {
				largest, largestFn = sizes[0], f.Name
			}
			p50s, err := initTimes(hosts, s, f, runs)
			if err != nil {
				initFailures = append(initFailures, f.Name+": "+err.Error())
				for range variants {
					row = append(row, "fails")
				}
			} else {
				for _, p := range p50s {
					row = append(row, fmt.Sprintf("%.1f ms", float64(p.Microseconds())/1000))
				}
				ratio := float64(p50s[0]) / float64(p50s[len(p50s)-1])
				if ratio > worstRatio {
					worstRatio, worstFn = ratio, f.Name
				}
			}
			fmt.Println("| " + strings.Join(row, " | ") + " |")
		}
	}
	fmt.Println()
	if largest > maxSizeMB {
		failed = append(failed, "size")
	}
	fmt.Printf("target: default bootstrap <= %.0f MB: largest %.2f MB (%s) %s\n", maxSizeMB, largest, largestFn, verdict(largest <= maxSizeMB))
	if worstFn != "" {
		if worstRatio > maxInitRatio {
			failed = append(failed, "init")
		}
		fmt.Printf("target: default init p50 <= %.1fx notracing: worst %.2fx (%s) %s\n", maxInitRatio, worstRatio, worstFn, verdict(worstRatio <= maxInitRatio))
	}
	for _, e := range initFailures {
		fmt.Println("init failed:", e)
	}
	if bench {
		fmt.Println()
		if err := benchmarks(root); err != nil {
			return err
		}
	}
	if len(failed) > 0 || len(initFailures) > 0 {
		fmt.Printf("\nnot met: %s\n", strings.Join(append(failed, initFailures...), "; "))
	}
	return nil
}

func verdict(ok bool) string {
	if ok {
		return "(met)"
	}
	return "(NOT MET)"
}

func build(root, entry, out, goos, goarch, tags string) error {
	args := []string{"build", "-trimpath", "-ldflags=-s -w", "-tags=" + tags, "-o", out, entry}
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if goos != "" {
		cmd.Env = append(cmd.Env, "GOOS="+goos, "GOARCH="+goarch)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// benchmarks runs BenchmarkTracedInvocation under every backend and
// prints its figures as a table.
func benchmarks(root string) error {
	fmt.Println("One traced invocation (a handler span with four annotations and 10 DynamoDB calls answered from memory), BenchmarkTracedInvocation:")
	fmt.Println()
	fmt.Println("| backend | time/op | bytes/op | allocs/op |")
	fmt.Println("|---|---|---|---|")
	for _, v := range variants {
		args := []string{"test", "-run", "^$", "-bench", "^BenchmarkTracedInvocation$", "-benchmem", "-benchtime", "2000x", "-count", "1"}
		if v.tag != "" {
			args = append(args, "-tags", v.tag)
		}
		cmd := exec.Command("go", append(args, "./shared/tracing/")...)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("benchmark %s: %w\n%s", v.name, err, out)
		}
		fields, err := benchFields(out)
		if err != nil {
			return fmt.Errorf("benchmark %s: %w\n%s", v.name, err, out)
		}
		fmt.Printf("| %s | %s | %s | %s |\n", v.name, fields["ns/op"], fields["B/op"], fields["allocs/op"])
	}
	return nil
}

// benchFields reads the value of each unit of a benchmark's result line.
func benchFields(out []byte) (map[string]string, error) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "BenchmarkTracedInvocation") {
			continue
		}
		got := map[string]string{}
		for i := 2; i+1 < len(f); i += 2 {
			got[f[i+1]] = f[i]
		}
		if ns, ok := got["ns/op"]; ok {
			var v float64
			if _, err := fmt.Sscan(ns, &v); err == nil {
				got["ns/op"] = fmt.Sprintf("%.0f µs", v/1000)
			}
		}
		return got, nil
	}
	return nil, errors.New("no result line")
}

// initTimes starts each binary runs times, interleaved, and returns the
// median time of each to its first GET of the next invocation.
func initTimes(bins []string, s spec.Service, f spec.Function, runs int) ([]time.Duration, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	next := make(chan time.Time, 1)
	srv := &http.Server{ReadHeaderTimeout: time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/invocation/next") {
			select {
			case next <- time.Now():
			default:
			}
			<-r.Context().Done() // hold the call, as Lambda does between invocations
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	vars, err := s.Env(f, spec.Runtime{
		Stage: "measure", TableName: "measure-" + s.Name, EventBusName: "measure", LogLevel: "ERROR",
		Parameter: func(string) string { return "http://127.0.0.1:9" },
		QueueURL:  func(sub string) string { return "http://127.0.0.1:9/000000000000/measure-" + sub },
	})
	if err != nil {
		return nil, err
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"AWS_LAMBDA_RUNTIME_API=" + ln.Addr().String(),
		"AWS_LAMBDA_FUNCTION_NAME=" + f.Name, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + fmt.Sprint(f.MemoryMB),
		"AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=measure", "AWS_SECRET_ACCESS_KEY=measure",
		"AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:2000",
		"_HANDLER=bootstrap", "LAMBDA_TASK_ROOT=" + filepath.Dir(bins[0]),
	}
	for _, k := range slices.Sorted(maps.Keys(vars)) {
		env = append(env, k+"="+vars[k])
	}
	times := make([][]time.Duration, len(bins))
	for range runs {
		for i, bin := range bins {
			d, err := startOnce(bin, env, next)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", filepath.Base(bin), err)
			}
			times[i] = append(times[i], d)
		}
	}
	p50s := make([]time.Duration, len(bins))
	for i, ts := range times {
		slices.Sort(ts)
		p50s[i] = ts[len(ts)/2]
	}
	return p50s, nil
}

// startOnce starts bin and returns the time to its first request for an
// invocation; it then stops the process.
func startOnce(bin string, env []string, next chan time.Time) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = env
	exited := make(chan error, 1)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	go func() { exited <- cmd.Wait() }()
	select {
	case at := <-next:
		cancel()
		<-exited
		return at.Sub(start), nil
	case err := <-exited:
		return 0, fmt.Errorf("exited before its first invocation: %v", err)
	case <-ctx.Done():
		<-exited
		return 0, errors.New("no invocation request within 10 s")
	}
}
