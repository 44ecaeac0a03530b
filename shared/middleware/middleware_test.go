package middleware

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/logging"
	"github.com/conveyor-dev/conveyor/shared/metrics"
	"github.com/conveyor-dev/conveyor/shared/metrics/metricstest"
	"github.com/conveyor-dev/conveyor/shared/tracing"
)

// output is what a function writes to stdout: log lines and EMF records.
type output struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

// split returns the log records and the EMF lines written so far, checking
// that every EMF line is valid.
func (o *output) split(t *testing.T) (logs []map[string]any, emf []map[string]any) {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, line := range strings.Split(strings.TrimSuffix(o.buf.String(), "\n"), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line is not JSON: %v: %s", err, line)
		}
		if _, ok := rec["_aws"]; ok {
			if err := metricstest.ValidateEMF([]byte(line)); err != nil {
				t.Fatalf("invalid EMF: %v: %s", err, line)
			}
			emf = append(emf, rec)
		} else {
			logs = append(logs, rec)
		}
	}
	return logs, emf
}

func (o *output) reset() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf.Reset()
}

func newOptions(out *output) Options {
	return Options{
		Service: "catalog",
		Logger:  logging.New(out, slog.LevelInfo),
		Metrics: metrics.New("Conveyor", out, map[string]string{"Service": "catalog"}),
	}
}

func invocation(requestID string) context.Context {
	return lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: requestID})
}

func invocationLines(logs []map[string]any) []map[string]any {
	var out []map[string]any
	for _, l := range logs {
		if l["msg"] == "invocation" {
			out = append(out, l)
		}
	}
	return out
}

func TestStandardLogsAndCountsEveryInvocation(t *testing.T) {
	var out output
	var seen []context.Context
	h := Standard(newOptions(&out))(HandlerFunc(func(ctx context.Context, payload []byte) ([]byte, error) {
		seen = append(seen, ctx)
		metrics.FromContext(ctx).Add("ProductsCreated", 1, metrics.Count)
		logging.New(&out, slog.LevelInfo).InfoContext(ctx, "created")
		return append([]byte("echo:"), payload...), nil
	}))

	for i, want := range []struct {
		requestID string
		cold      bool
	}{{"req-1", true}, {"req-2", false}, {"req-3", false}} {
		t.Run(fmt.Sprintf("invocation %d logs cold_start %v and writes one EMF record", i+1, want.cold), func(t *testing.T) {
			out.reset()
			got, err := h.Invoke(invocation(want.requestID), []byte("x"))
			if err != nil || string(got) != "echo:x" {
				t.Fatalf("Invoke() = %q, %v; want echo:x", got, err)
			}
			logs, emf := out.split(t)
			lines := invocationLines(logs)
			if len(lines) != 1 {
				t.Fatalf("%d invocation lines, want 1: %v", len(lines), logs)
			}
			line := lines[0]
			if line["request_id"] != want.requestID || line["cold_start"] != want.cold || line["level"] != "INFO" {
				t.Errorf("invocation line %v, want request_id %s, cold_start %v, level INFO", line, want.requestID, want.cold)
			}
			if d, ok := line["duration_ms"].(float64); !ok || d < 0 {
				t.Errorf("duration_ms = %v, want a duration", line["duration_ms"])
			}
			if id, _ := line["correlation_id"].(string); id == "" {
				t.Errorf("invocation line %v has no correlation id", line)
			}
			if len(logs) != 2 || logs[0]["msg"] != "created" || logs[0]["correlation_id"] != line["correlation_id"] ||
				logs[0]["cold_start"] != want.cold {
				t.Errorf("the handler's line %v does not carry the invocation's fields", logs)
			}
			if len(emf) != 1 {
				t.Fatalf("%d EMF records, want 1", len(emf))
			}
			rec := emf[0]
			if rec[MetricColdStart] != count(want.cold) || rec[MetricHandlerErrors] != float64(0) ||
				rec["ProductsCreated"] != float64(1) || rec["request_id"] != want.requestID || rec["Service"] != "catalog" ||
				rec["correlation_id"] != line["correlation_id"] {
				t.Errorf("EMF record %v, want ColdStart %v, HandlerErrors 0, ProductsCreated 1 and the invocation's correlation id", rec, count(want.cold))
			}
		})
	}
	if len(seen) == 3 && correlation.From(seen[0]) == correlation.From(seen[1]) {
		t.Error("two invocations shared a correlation id")
	}
}

func TestStandardReportsAFailedInvocation(t *testing.T) {
	var out output
	declined := errors.New("payment declined")
	h := Standard(newOptions(&out))(HandlerFunc(func(context.Context, []byte) ([]byte, error) {
		return nil, declined
	}))
	_, err := h.Invoke(invocation("req-1"), nil)
	if !errors.Is(err, declined) {
		t.Fatalf("Invoke() error = %v, want the handler's error", err)
	}
	logs, emf := out.split(t)
	lines := invocationLines(logs)
	if len(lines) != 1 || lines[0]["level"] != "ERROR" || lines[0]["error"] != "payment declined" {
		t.Errorf("invocation lines %v, want one ERROR naming the error", lines)
	}
	if len(emf) != 1 || emf[0][MetricHandlerErrors] != float64(1) {
		t.Errorf("EMF records %v, want one with HandlerErrors 1", emf)
	}
}

func TestStandardContainsAPanic(t *testing.T) {
	var out output
	calls := 0
	h := Standard(newOptions(&out))(HandlerFunc(func(context.Context, []byte) ([]byte, error) {
		calls++
		if calls == 1 {
			panic(errors.New("stock table missing"))
		}
		return []byte("ok"), nil
	}))

	_, err := h.Invoke(invocation("req-1"), nil)
	var perr *PanicError
	if !errors.As(err, &perr) {
		t.Fatalf("Invoke() error = %v, want a *PanicError", err)
	}
	logs, emf := out.split(t)
	t.Run("the panic is logged with its stack and request id", func(t *testing.T) {
		var panics []map[string]any
		for _, l := range logs {
			if l["msg"] == "panic" {
				panics = append(panics, l)
			}
		}
		if len(panics) != 1 {
			t.Fatalf("%d panic lines, want 1: %v", len(panics), logs)
		}
		stack, _ := panics[0]["stack"].(string)
		if !strings.Contains(stack, "TestStandardContainsAPanic") || panics[0]["request_id"] != "req-1" {
			t.Errorf("panic line %v, want the stack and request id", panics[0])
		}
	})
	t.Run("the invocation line reports the error", func(t *testing.T) {
		lines := invocationLines(logs)
		if len(lines) != 1 || lines[0]["level"] != "ERROR" || !strings.Contains(fmt.Sprint(lines[0]["error"]), "stock table missing") {
			t.Errorf("invocation lines %v, want one ERROR naming the panic", lines)
		}
	})
	t.Run("metrics are flushed once with the error counted", func(t *testing.T) {
		if len(emf) != 1 || emf[0][MetricHandlerErrors] != float64(1) {
			t.Errorf("EMF records %v, want one with HandlerErrors 1", emf)
		}
	})
	t.Run("the next invocation runs", func(t *testing.T) {
		got, err := h.Invoke(invocation("req-2"), nil)
		if err != nil || string(got) != "ok" {
			t.Errorf("Invoke() = %q, %v; want ok", got, err)
		}
	})
}

func TestMetricsFlushesOnceEvenWhenAPanicPassesThrough(t *testing.T) {
	var out output
	h := Metrics(metrics.New("Conveyor", &out, nil))(HandlerFunc(func(ctx context.Context, _ []byte) ([]byte, error) {
		metrics.FromContext(ctx).Add("Work", 1, metrics.Count)
		panic("boom")
	}))
	func() {
		defer func() {
			if p := recover(); p != "boom" {
				t.Errorf("recovered %v, want boom to pass through", p)
			}
		}()
		_, _ = h.Invoke(invocation("req-1"), nil)
	}()
	_, emf := out.split(t)
	if len(emf) != 1 || emf[0]["Work"] != float64(1) || emf[0][MetricHandlerErrors] != float64(1) || emf[0][MetricColdStart] != float64(1) {
		t.Errorf("EMF records %v, want one with Work 1, HandlerErrors 1, ColdStart 1", emf)
	}
}

func TestLoggingKeepsAnIncomingCorrelationID(t *testing.T) {
	var out output
	var got string
	h := Logging(logging.New(&out, slog.LevelInfo))(HandlerFunc(func(ctx context.Context, _ []byte) ([]byte, error) {
		got = correlation.From(ctx)
		return nil, nil
	}))
	if _, err := h.Invoke(correlation.With(invocation("req-1"), "corr-7"), nil); err != nil {
		t.Fatal(err)
	}
	logs, _ := out.split(t)
	if got != "corr-7" || len(logs) != 1 || logs[0]["correlation_id"] != "corr-7" {
		t.Errorf("handler saw %q and logged %v, want corr-7", got, logs)
	}
}

func TestColdStartIsTrueForExactlyOneOfConcurrentInvocations(t *testing.T) {
	var out output
	var mu sync.Mutex
	colds := 0
	h := Logging(logging.New(&out, slog.LevelError))(HandlerFunc(func(ctx context.Context, _ []byte) ([]byte, error) {
		if cold, _ := logging.ColdStart(ctx); cold {
			mu.Lock()
			colds++
			mu.Unlock()
		}
		return nil, nil
	}))
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() { _, _ = h.Invoke(invocation(fmt.Sprint(i)), nil) })
	}
	wg.Wait()
	if colds != 1 {
		t.Errorf("%d cold starts among 16 invocations, want 1", colds)
	}
}

func TestChainAppliesTheFirstMiddlewareOutermost(t *testing.T) {
	var order []string
	mark := func(name string) Middleware {
		return func(next lambda.Handler) lambda.Handler {
			return HandlerFunc(func(ctx context.Context, p []byte) ([]byte, error) {
				order = append(order, name+" in")
				defer func() { order = append(order, name+" out") }()
				return next.Invoke(ctx, p)
			})
		}
	}
	h := Chain(HandlerFunc(func(context.Context, []byte) ([]byte, error) {
		order = append(order, "handler")
		return nil, nil
	}), mark("a"), mark("b"))
	if _, err := h.Invoke(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(order, ", "); got != "a in, b in, handler, b out, a out" {
		t.Errorf("order %q, want a outermost", got)
	}
}

func TestTracingAnnotatesTheHandlerSubsegment(t *testing.T) {
	rec, err := tracing.NewRecorder()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rec.Close() })
	lambdacontext.FunctionName = "catalog-api"
	t.Cleanup(func() { lambdacontext.FunctionName = "" })

	ctx, err := rec.Start(invocation("req-1"))
	if err != nil {
		t.Fatal(err)
	}
	ctx = correlation.With(logging.WithColdStart(ctx, true), "corr-1")
	failed := errors.New("failed")
	h := Tracing("catalog")(HandlerFunc(func(context.Context, []byte) ([]byte, error) { return nil, failed }))
	if _, err := h.Invoke(ctx, nil); !errors.Is(err, failed) {
		t.Fatalf("Invoke() error = %v, want the handler's", err)
	}

	wait, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	span, err := rec.WaitFor(wait, HandlerSegment)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"service": "catalog", "function": "catalog-api", "cold_start": true, "correlation_id": "corr-1"}
	for k, v := range want {
		if span.Annotations[k] != v {
			t.Errorf("annotation %s = %v, want %v (all: %v)", k, span.Annotations[k], v, span.Annotations)
		}
	}
	if !span.Error && !span.Fault {
		t.Errorf("span %+v does not record the error", span)
	}
}

func TestOptionsValidate(t *testing.T) {
	var out output
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"complete options are valid", newOptions(&out), nil},
		{"empty options name every missing field", Options{}, []string{"Service", "Logger", "Metrics"}},
		{"an invalid emitter is refused", Options{Service: "catalog", Logger: slog.Default(), Metrics: metrics.New("", nil, nil)}, []string{"namespace"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opts.Validate()
			if (err != nil) != (tt.want != nil) {
				t.Fatalf("Validate() = %v, want error %v", err, tt.want != nil)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %v, want it to name %s", err, w)
				}
			}
		})
	}
}

func TestStartStopsOnInvalidOptions(t *testing.T) {
	var buf bytes.Buffer
	code := -1
	oldStderr, oldExit := stderr, exit
	stderr, exit = &buf, func(c int) { code = c }
	t.Cleanup(func() { stderr, exit = oldStderr, oldExit })

	Start(HandlerFunc(func(context.Context, []byte) ([]byte, error) { return nil, nil }), Options{})

	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("stderr is not one JSON line: %v: %q", err, buf.String())
	}
	if code != 1 || rec["level"] != "ERROR" || !strings.Contains(fmt.Sprint(rec["error"]), "Options.Service") {
		t.Errorf("exit %d, line %v; want exit 1 and an ERROR naming Options.Service", code, rec)
	}
}
