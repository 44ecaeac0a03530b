//go:build !notracing

package tracing_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/conveyor-dev/conveyor/shared/tracing"
)

// captureSDKLog sends the SDK's log lines to a buffer for the test.
func captureSDKLog(t *testing.T) *syncBuffer {
	t.Helper()
	var buf syncBuffer
	tracing.SetLogger(slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { tracing.SetLogger(nil) })
	return &buf
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// within runs fn and fails the test if it does not return before the deadline.
func within(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-ctx.Done():
		t.Fatalf("did not return within %v", d)
	}
}

func TestWithoutATraceEverythingIsASilentNoOp(t *testing.T) {
	t.Setenv("_X_AMZN_TRACE_ID", "")
	t.Setenv("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR") // what Lambda sets
	sdkLog := captureSDKLog(t)

	var gotHeader string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotHeader = r.Header.Get("X-Amzn-Trace-Id")
	}))
	defer srv.Close()

	ctx := context.Background()
	within(t, 2*time.Second, func() {
		if err := tracing.Configure(); err != nil {
			t.Errorf("Configure() = %v", err)
		}
		var cfg aws.Config
		tracing.InstrumentAWS(&cfg)
		if len(cfg.APIOptions) == 0 {
			t.Error("InstrumentAWS() added no middleware")
		}
		tracing.Annotate(ctx, "order_id", "o-1")
		ran := false
		err := tracing.Capture(ctx, "work", func(context.Context) error { ran = true; return nil })
		if err != nil || !ran {
			t.Errorf("Capture() = %v, ran %v; want nil and run", err, ran)
		}
		want := errors.New("declined")
		if err := tracing.Capture(ctx, "work", func(context.Context) error { return want }); !errors.Is(err, want) {
			t.Errorf("Capture() = %v, want fn's error", err)
		}
		if id := tracing.TraceID(ctx); id != "" {
			t.Errorf("TraceID() = %q, want empty", id)
		}
		if h := tracing.Header(ctx); h != "" {
			t.Errorf("Header() = %q, want empty", h)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := tracing.HTTPClient(nil).Do(req)
		if err != nil {
			t.Fatalf("HTTP call: %v", err)
		}
		_ = resp.Body.Close()
	})
	if gotHeader != "" {
		t.Errorf("untraced HTTP call carried trace header %q", gotHeader)
	}
	if out := sdkLog.String(); out != "" {
		t.Errorf("the SDK logged without a trace: %s", out)
	}
}

func TestATracedContextRecordsSubsegmentsAndAnnotations(t *testing.T) {
	rec, err := tracing.NewRecorder()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := rec.Close(); err != nil {
			t.Error(err)
		}
	})
	sdkLog := captureSDKLog(t)

	var downstream string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		downstream = r.Header.Get("X-Amzn-Trace-Id")
		w.WriteHeader(http.StatusAccepted)
	}))
	defer srv.Close()

	ctx, err := rec.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	traceID := tracing.TraceID(ctx)
	if !regexp.MustCompile(`^1-[0-9a-f]{8}-[0-9a-f]{24}$`).MatchString(traceID) {
		t.Fatalf("TraceID() = %q, want an X-Ray trace id", traceID)
	}

	var inner struct{ traceID, header string }
	declined := errors.New("card declined")
	err = tracing.Capture(ctx, "place order", func(ctx context.Context) error {
		tracing.Annotate(ctx, "order id", "o-1")
		tracing.Annotate(ctx, "lines", int64(3))
		tracing.Annotate(ctx, "express", true)
		tracing.Annotate(ctx, "amount", time.Duration(1500))
		inner.traceID, inner.header = tracing.TraceID(ctx), tracing.Header(ctx)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/authorize", nil)
		if err != nil {
			return err
		}
		resp, err := tracing.HTTPClient(&http.Client{Timeout: 5 * time.Second}).Do(req)
		if err != nil {
			return err
		}
		_ = resp.Body.Close()
		return tracing.Capture(ctx, "authorize", func(context.Context) error { return declined })
	})
	if !errors.Is(err, declined) {
		t.Fatalf("Capture() = %v, want the inner error", err)
	}

	wait, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	span, err := rec.WaitFor(wait, "place order")
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	checks := []struct {
		name string
		ok   bool
		got  any
	}{
		{"the subsegment belongs to the invocation's trace", span.TraceID == traceID, span.TraceID},
		{"the subsegment records the error", span.Error || span.Fault, span},
		{"annotation keys are sanitised", span.Annotations["order_id"] == "o-1", span.Annotations},
		{"numbers stay numbers", span.Annotations["lines"] == float64(3), span.Annotations},
		{"booleans stay booleans", span.Annotations["express"] == true, span.Annotations},
		{"other values become strings", span.Annotations["amount"] == "1.5µs", span.Annotations},
		{"TraceID inside the subsegment is the trace's", inner.traceID == traceID, inner.traceID},
		{"Header names the trace and the subsegment as parent",
			inner.header == fmt.Sprintf("Root=%s;Parent=%s;Sampled=1", traceID, span.ID), inner.header},
		{"the HTTP call carried a trace header of the same trace", strings.Contains(downstream, "Root="+traceID), downstream},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if !c.ok {
				t.Errorf("got %v", c.got)
			}
		})
	}
	t.Run("the HTTP call is a child subsegment with its status", func(t *testing.T) {
		call, ok := span.Find(host)
		if !ok || call.HTTPStatus != http.StatusAccepted {
			t.Errorf("child %q = %+v, %v; want status 202 (children %+v)", host, call, ok, span.Children)
		}
	})
	t.Run("a nested Capture is a child subsegment that records its error", func(t *testing.T) {
		child, ok := span.Find("authorize")
		if !ok || !(child.Error || child.Fault) {
			t.Errorf("child authorize = %+v, %v; want it with an error", child, ok)
		}
	})
	if out := sdkLog.String(); out != "" {
		t.Errorf("the SDK logged: %s", out)
	}
}

func TestCaptureLetsAPanicThroughAndRecordsIt(t *testing.T) {
	rec, err := tracing.NewRecorder()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rec.Close() })
	ctx, err := rec.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() {
			if p := recover(); p != "boom" {
				t.Errorf("recovered %v, want the panic boom", p)
			}
		}()
		_ = tracing.Capture(ctx, "explode", func(context.Context) error { panic("boom") })
	}()
	wait, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	span, err := rec.WaitFor(wait, "explode")
	if err != nil {
		t.Fatal(err)
	}
	if !span.Fault && !span.Error {
		t.Errorf("span %+v records no failure", span)
	}
}

func TestCaptureWithoutATraceLetsAPanicThrough(t *testing.T) {
	defer func() {
		if p := recover(); p != "boom" {
			t.Errorf("recovered %v, want the panic boom", p)
		}
	}()
	_ = tracing.Capture(context.Background(), "explode", func(context.Context) error { panic("boom") })
}

func TestTraceIDAndHeaderReadTheLambdaEnvironment(t *testing.T) {
	const h = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
	t.Setenv("_X_AMZN_TRACE_ID", h)
	if got := tracing.TraceID(context.Background()); got != "1-5759e988-bd862e3fe1be46a994272793" {
		t.Errorf("TraceID() = %q", got)
	}
	if got := tracing.Header(context.Background()); got != h {
		t.Errorf("Header() = %q, want %q", got, h)
	}
}
