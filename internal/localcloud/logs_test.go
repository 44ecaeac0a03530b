package localcloud_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/internal/localcloud"
)

// functionLines are lines a function writes in one invocation.
var functionLines = []string{
	`{"time":"2026-11-30T10:00:00.000Z","level":"DEBUG","msg":"query","table":"orders"}`,
	`{"time":"2026-11-30T10:00:00.001Z","level":"INFO","msg":"order placed","order_id":"o-1"}`,
	`{"time":"2026-11-30T10:00:00.002Z","level":"WARN","msg":"provider slow","correlation_id":"c-1"}`,
	`{"_aws":{"Timestamp":1,"CloudWatchMetrics":[]},"OrdersPlaced":1}`,
	`panic: boom`,
	`{"time":"2026-11-30T10:00:00.003Z","level":"INFO","msg":"invocation","duration_ms":12.34,"correlation_id":"c-1","cold_start":true}`,
	`{"time":"2026-11-30T10:00:00.004Z","level":"ERROR","msg":"invocation","duration_ms":3,"correlation_id":"c-2","error":"table unavailable"}`,
}

func printed(p *localcloud.Printer, out *bytes.Buffer) []string {
	for _, l := range functionLines {
		p.FunctionLine("orders-api", 1, []byte(l))
	}
	return strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
}

func TestQuietLogsShowOneLinePerInvocationAndWhatMatters(t *testing.T) {
	var out bytes.Buffer
	lines := printed(localcloud.NewPrinter(&out, false, false), &out)
	want := []string{"provider slow", "panic: boom", "ok", "failed"}
	if len(lines) != len(want) {
		t.Fatalf("printed %d lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], "orders-api ") || !strings.Contains(lines[i], w) {
			t.Errorf("line %d is %q, want the function and %q", i, lines[i], w)
		}
	}
	if !strings.Contains(lines[2], "12.3 ms") || !strings.Contains(lines[2], "correlation c-1") || !strings.Contains(lines[2], "cold start") {
		t.Errorf("the invocation line %q lacks its duration, correlation id or cold start", lines[2])
	}
	if !strings.Contains(lines[3], "correlation c-2") || !strings.Contains(lines[3], "error table unavailable") {
		t.Errorf("the failed invocation line %q lacks its correlation id or error", lines[3])
	}
	if !strings.Contains(lines[0], "WARN") {
		t.Errorf("the warning %q does not say WARN", lines[0])
	}
}

func TestErrorsAndWarningsStandOutInColour(t *testing.T) {
	var out bytes.Buffer
	lines := printed(localcloud.NewPrinter(&out, false, true), &out)
	if !strings.Contains(lines[0], "\x1b[33m") || !strings.Contains(lines[3], "\x1b[31m") {
		t.Errorf("the warning and the failure are not yellow and red:\n%q\n%q", lines[0], lines[3])
	}
}

func TestVerboseLogsShowEveryLine(t *testing.T) {
	var out bytes.Buffer
	p := localcloud.NewPrinter(&out, false, false)
	p.Verbose = true
	lines := printed(p, &out)
	if len(lines) != len(functionLines) {
		t.Fatalf("printed %d lines, want all %d:\n%s", len(lines), len(functionLines), out.String())
	}
	for _, w := range []string{"query", "order placed", "OrdersPlaced"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("-v does not print %q", w)
		}
	}
}

func TestJSONLogsAreTheRawLines(t *testing.T) {
	var out bytes.Buffer
	printed(localcloud.NewPrinter(&out, true, false), &out)
	if got, want := out.String(), strings.Join(functionLines, "\n")+"\n"; got != want {
		t.Errorf("-json printed\n%s\nwant the lines as written:\n%s", got, want)
	}
}
