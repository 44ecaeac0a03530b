// Command tracing-cost measures what tracing costs each function: the size
// of its bootstrap for Lambda (linux/arm64) and its init time on this
// machine, built as usual and with the notracing tag, which swaps the
// X-Ray backend of shared/tracing for a no-op. Init is the time from
// starting the process to its first request for an invocation to the
// Runtime API, which is what Lambda reports as init. It prints a Markdown
// table; `make tracing-cost` runs it.
package main

import (
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

func main() {
	runs := flag.Int("runs", 20, "process starts per function and variant; the median is reported")
	only := flag.String("functions", "", "comma-separated function names; empty means every declared function")
	flag.Parse()
	if err := run(*runs, *only); err != nil {
		fmt.Fprintln(os.Stderr, "tracing-cost:", err)
		os.Exit(1)
	}
}

// variant is one way of building a function.
type variant struct {
	name string
	tags string
}

var variants = []variant{{"with tracing", "lambda.norpc"}, {"without tracing", "lambda.norpc,notracing"}}

func run(runs int, only string) error {
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
	fmt.Println("| function | size with tracing (arm64) | size without | init p50 with tracing | init p50 without |")
	fmt.Println("|---|---|---|---|---|")
	for _, s := range functions.All() {
		for _, f := range s.Functions {
			if only != "" && !slices.Contains(strings.Split(only, ","), f.Name) {
				continue
			}
			row := []string{f.Name}
			var sizes, inits []string
			for _, v := range variants {
				arm := filepath.Join(dir, f.Name+"-arm64")
				if err := build(root, f.Entry, arm, "linux", "arm64", v.tags); err != nil {
					return err
				}
				st, err := os.Stat(arm)
				if err != nil {
					return err
				}
				sizes = append(sizes, fmt.Sprintf("%.1f MB", float64(st.Size())/1e6))
				host := filepath.Join(dir, f.Name+"-host")
				if err := build(root, f.Entry, host, "", "", v.tags); err != nil {
					return err
				}
				p50, err := initTime(host, s, f, runs)
				if err != nil {
					inits = append(inits, "fails: "+err.Error())
					continue
				}
				inits = append(inits, fmt.Sprintf("%.1f ms", float64(p50.Microseconds())/1000))
			}
			row = append(append(row, sizes...), inits...)
			fmt.Println("| " + strings.Join(row, " | ") + " |")
		}
	}
	return nil
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

// initTime starts the binary runs times and returns the median time to its
// first GET of the next invocation.
func initTime(bin string, s spec.Service, f spec.Function, runs int) (time.Duration, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
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
		return 0, err
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"AWS_LAMBDA_RUNTIME_API=" + ln.Addr().String(),
		"AWS_LAMBDA_FUNCTION_NAME=" + f.Name, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + fmt.Sprint(f.MemoryMB),
		"AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=measure", "AWS_SECRET_ACCESS_KEY=measure",
		"_HANDLER=bootstrap", "LAMBDA_TASK_ROOT=" + filepath.Dir(bin),
	}
	for _, k := range slices.Sorted(maps.Keys(vars)) {
		env = append(env, k+"="+vars[k])
	}
	var times []time.Duration
	for range runs {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		cmd := exec.CommandContext(ctx, bin)
		cmd.Env = env
		exited := make(chan error, 1)
		start := time.Now()
		if err := cmd.Start(); err != nil {
			cancel()
			return 0, err
		}
		go func() { exited <- cmd.Wait() }()
		select {
		case at := <-next:
			times = append(times, at.Sub(start))
			cancel()
			<-exited
		case err := <-exited:
			cancel()
			return 0, fmt.Errorf("exited before its first invocation: %v", err)
		case <-ctx.Done():
			cancel()
			<-exited
			return 0, errors.New("no invocation request within 10 s")
		}
	}
	slices.Sort(times)
	return times[len(times)/2], nil
}
