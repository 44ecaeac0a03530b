package logging_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/logging"
)

const traceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"

// withLambdaTraceHeader puts a trace header in ctx the way aws-lambda-go does.
func withLambdaTraceHeader(ctx context.Context, header string) context.Context {
	//lint:ignore SA1029 aws-lambda-go stores the header under this plain string key.
	return context.WithValue(ctx, "x-amzn-trace-id", header)
}

// logOne runs log against a new logger and returns the one record it wrote, decoded.
func logOne(t *testing.T, level slog.Leveler, log func(*slog.Logger)) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	log(logging.New(&buf, level))
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1: %q", len(lines), buf.String())
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatalf("line is not JSON: %v: %s", err, lines[0])
	}
	return rec
}

func TestNewEnrichesRecordsFromTheContext(t *testing.T) {
	lambdacontext.FunctionName = "catalog-api"
	t.Cleanup(func() { lambdacontext.FunctionName = "" })
	t.Setenv("_X_AMZN_TRACE_ID", "")

	invocation := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "req-1"})
	tests := []struct {
		name   string
		ctx    context.Context
		want   map[string]any
		absent []string
	}{
		{
			name:   "a bare context adds only the function name",
			ctx:    context.Background(),
			want:   map[string]any{"function": "catalog-api"},
			absent: []string{"request_id", "trace_id", "correlation_id", "cold_start"},
		},
		{
			name: "a Lambda invocation adds its request id, trace id and cold start",
			ctx:  logging.WithColdStart(withLambdaTraceHeader(invocation, traceHeader), true),
			want: map[string]any{
				"function":   "catalog-api",
				"request_id": "req-1",
				"trace_id":   "1-5759e988-bd862e3fe1be46a994272793",
				"cold_start": true,
			},
			absent: []string{"correlation_id"},
		},
		{
			name: "a warm invocation says cold_start false",
			ctx:  logging.WithColdStart(invocation, false),
			want: map[string]any{"cold_start": false, "request_id": "req-1"},
		},
		{
			name: "a correlation id and context attributes are added",
			ctx: logging.WithAttrs(
				logging.WithAttrs(correlation.With(context.Background(), "corr-9"), slog.String("sku", "ABC-1")),
				slog.Int("attempt", 2)),
			want: map[string]any{"correlation_id": "corr-9", "sku": "ABC-1", "attempt": float64(2)},
		},
		{
			name:   "a trace header without a Root gives no trace id",
			ctx:    withLambdaTraceHeader(context.Background(), "Parent=53995c3f42cd8ad8;Sampled=1"),
			absent: []string{"trace_id"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := logOne(t, slog.LevelInfo, func(l *slog.Logger) { l.InfoContext(tt.ctx, "hello") })
			for k, v := range tt.want {
				if rec[k] != v {
					t.Errorf("%s = %#v, want %#v (record %v)", k, rec[k], v, rec)
				}
			}
			for _, k := range tt.absent {
				if _, ok := rec[k]; ok {
					t.Errorf("%s present, want it left out (record %v)", k, rec)
				}
			}
		})
	}
}

func TestNewFallsBackToTheTraceHeaderEnvironmentVariable(t *testing.T) {
	t.Setenv("_X_AMZN_TRACE_ID", "Root=1-67891233-abcdef012345678912345678;Sampled=0")
	ctx := context.Background()
	rec := logOne(t, nil, func(l *slog.Logger) { l.InfoContext(ctx, "hello") })
	if got, want := rec["trace_id"], "1-67891233-abcdef012345678912345678"; got != want {
		t.Errorf("trace_id = %v, want %v", got, want)
	}
}

func TestNewWritesTheStandardFields(t *testing.T) {
	ctx := context.Background()
	rec := logOne(t, slog.LevelDebug, func(l *slog.Logger) {
		l.ErrorContext(ctx, "boom", slog.String("error", "disk full"))
	})
	if rec["level"] != "ERROR" || rec["msg"] != "boom" || rec["error"] != "disk full" {
		t.Errorf("record = %v, want level ERROR, msg boom, error disk full", rec)
	}
	ts, ok := rec["time"].(string)
	if !ok {
		t.Fatalf("time = %#v, want a string", rec["time"])
	}
	parsed, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		t.Fatalf("time %q is not RFC 3339: %v", ts, err)
	}
	if !strings.HasSuffix(ts, "Z") || time.Since(parsed) > time.Minute {
		t.Errorf("time %q is not a recent UTC time", ts)
	}
}

func TestNewHonoursTheLevel(t *testing.T) {
	var buf bytes.Buffer
	log := logging.New(&buf, slog.LevelWarn)
	log.Info("quiet")
	log.Warn("loud")
	if strings.Contains(buf.String(), "quiet") || !strings.Contains(buf.String(), "loud") {
		t.Errorf("output %q, want only the WARN record", buf.String())
	}
}

func TestColdStart(t *testing.T) {
	tests := []struct {
		name     string
		ctx      context.Context
		wantCold bool
		wantOK   bool
	}{
		{"a context that does not say reports not ok", context.Background(), false, false},
		{"a cold context reports true", logging.WithColdStart(context.Background(), true), true, true},
		{"a warm context reports false", logging.WithColdStart(context.Background(), false), false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cold, ok := logging.ColdStart(tt.ctx)
			if cold != tt.wantCold || ok != tt.wantOK {
				t.Errorf("ColdStart() = %v, %v; want %v, %v", cold, ok, tt.wantCold, tt.wantOK)
			}
		})
	}
}

func TestWithAttrsDoesNotChangeTheParentContext(t *testing.T) {
	parent := logging.WithAttrs(context.Background(), slog.String("a", "1"))
	_ = logging.WithAttrs(parent, slog.String("b", "2"))
	rec := logOne(t, nil, func(l *slog.Logger) { l.InfoContext(parent, "x") })
	if _, ok := rec["b"]; ok || rec["a"] != "1" {
		t.Errorf("record = %v, want a=1 and no b", rec)
	}
}

func TestSecretNeverPrints(t *testing.T) {
	const value = "hunter2"
	secret := logging.Secret(value)
	var buf bytes.Buffer
	log := logging.New(&buf, slog.LevelInfo)
	log.Info("login", slog.Any("password", secret), "token", secret)
	body, err := json.Marshal(struct{ Key logging.Secret }{secret})
	if err != nil {
		t.Fatal(err)
	}
	//lint:ignore S1025 the %s verb itself is under test.
	percentS := fmt.Sprintf("%s", secret)
	outputs := map[string]string{
		"a log record": buf.String(),
		"fmt %v":       fmt.Sprintf("%v", secret),
		"fmt %s":       percentS,
		"fmt %#v":      fmt.Sprintf("%#v", secret),
		"JSON":         string(body),
	}
	for name, out := range outputs {
		t.Run("the value stays out of "+name, func(t *testing.T) {
			if strings.Contains(out, value) || !strings.Contains(out, logging.Redacted) {
				t.Errorf("output %q, want %q and not the value", out, logging.Redacted)
			}
		})
	}
	if secret.Reveal() != value {
		t.Errorf("Reveal() = %q, want %q", secret.Reveal(), value)
	}
}
