package localcloud

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
)

// Printer writes function logs and platform notices to one writer, a line
// at a time, each prefixed by its source.
//
// By default it is quiet: of what a function writes it prints one line
// per invocation (its time, outcome, duration and correlation id), every
// warning and error in full, and any line that is not a JSON log record
// (a panic's stack, say); the EMF metrics records and the other log
// records, debug and info, only when Verbose is set.
type Printer struct {
	// JSON writes function log lines exactly as the function wrote them,
	// every one of them.
	JSON bool
	// Color adds ANSI colours (for a terminal).
	Color bool
	// Verbose prints every line a function writes, EMF records included.
	Verbose bool

	mu  sync.Mutex
	out io.Writer
}

// NewPrinter returns a Printer writing to out.
func NewPrinter(out io.Writer, jsonLines, color bool) *Printer {
	return &Printer{out: out, JSON: jsonLines, Color: color}
}

// tagWidth is the width of the source column: the longest function name
// ("inventory-publisher") fits.
const tagWidth = 19

var palette = []string{"36", "35", "34", "33", "32", "96", "95", "94"}

func (p *Printer) paint(code, s string) string {
	if !p.Color {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p *Printer) tag(source string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(source))
	return p.paint(palette[h.Sum32()%uint32(len(palette))], fmt.Sprintf("%-*s", tagWidth, source))
}

func (p *Printer) write(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, _ = io.WriteString(p.out, s+"\n")
}

// FunctionLine prints one line a function process wrote, as the
// Printer's JSON and Verbose settings say.
func (p *Printer) FunctionLine(function string, _ int, line []byte) {
	if p.JSON {
		p.write(string(line))
		return
	}
	rec, ok := record(line)
	if !ok {
		p.write(p.tag(function) + " " + string(line))
		return
	}
	if !p.Verbose {
		level, _ := rec["level"].(string)
		switch {
		case isEMF(rec):
			return
		case rec["msg"] == "invocation":
			p.write(p.tag(function) + " " + p.invocation(rec))
			return
		case strings.EqualFold(level, "WARN"), strings.EqualFold(level, "ERROR"):
		default:
			return
		}
	}
	p.write(p.tag(function) + " " + p.readable(rec))
}

// record decodes a JSON log line; ok is false for any other line.
func record(line []byte) (map[string]any, bool) {
	trimmed := bytes.TrimSpace(line)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, false
	}
	var rec map[string]any
	if err := json.Unmarshal(trimmed, &rec); err != nil {
		return nil, false
	}
	return rec, true
}

// isEMF reports whether a record is a CloudWatch Embedded Metric Format
// record: its metadata is under "_aws".
func isEMF(rec map[string]any) bool {
	_, ok := rec["_aws"]
	return ok
}

// invocation renders the record that ends an invocation as
// "15:04:05.000 ok     12.3 ms  correlation <id>", with the error of a
// failed one in red.
func (p *Printer) invocation(rec map[string]any) string {
	ts := clock(rec)
	outcome, color := "ok", ""
	if _, failed := rec["error"]; failed {
		outcome, color = "failed", "31"
	}
	duration := "?"
	if ms, ok := rec["duration_ms"].(float64); ok {
		duration = fmt.Sprintf("%.1f ms", ms)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %-6s %9s", ts, outcome, duration)
	if id, ok := rec["correlation_id"].(string); ok && id != "" {
		fmt.Fprintf(&b, "  %s %s", p.paint("90", "correlation"), id)
	}
	if cold, _ := rec["cold_start"].(bool); cold {
		b.WriteString("  " + p.paint("90", "cold start"))
	}
	if e, failed := rec["error"]; failed {
		fmt.Fprintf(&b, "  %s %v", p.paint("90", "error"), e)
	}
	if color != "" {
		return p.paint(color, b.String())
	}
	return b.String()
}

// clock is a record's time as 15:04:05.000 in local time.
func clock(rec map[string]any) string {
	for _, k := range []string{"time", "timestamp"} {
		if ts, ok := rec[k].(string); ok {
			if t, err := time.Parse(time.RFC3339Nano, ts); err == nil {
				return t.Local().Format("15:04:05.000")
			}
			return ts
		}
	}
	return ""
}

// Notice prints a message of the platform about a source.
func (p *Printer) Notice(source, message string) {
	if p.JSON {
		b, err := json.Marshal(map[string]string{"time": time.Now().UTC().Format(time.RFC3339Nano), "level": "WARN", "source": source, "msg": message})
		if err == nil {
			p.write(string(b))
		}
		return
	}
	p.write(p.tag(source) + " " + p.paint("33", message))
}

// Info prints an informational line of the platform.
func (p *Printer) Info(source, message string) {
	if p.JSON {
		b, err := json.Marshal(map[string]string{"time": time.Now().UTC().Format(time.RFC3339Nano), "level": "INFO", "source": source, "msg": message})
		if err == nil {
			p.write(string(b))
		}
		return
	}
	p.write(p.tag(source) + " " + message)
}

// readable renders a JSON log record as "15:04:05 LEVEL msg key=value
// ...", a warning in yellow and an error in red.
func (p *Printer) readable(rec map[string]any) string {
	take := func(keys ...string) string {
		for _, k := range keys {
			if v, ok := rec[k]; ok {
				delete(rec, k)
				return fmt.Sprint(v)
			}
		}
		return ""
	}
	ts := clock(rec)
	take("time", "timestamp")
	level := strings.ToUpper(take("level"))
	msg := take("msg", "message")
	color := ""
	switch level {
	case "ERROR":
		color = "31"
	case "WARN":
		color = "33"
	case "DEBUG":
		level = p.paint("90", level)
	}
	keys := make([]string, 0, len(rec))
	for k := range rec {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %-5s %s", ts, level, msg)
	for _, k := range keys {
		v := rec[k]
		var s string
		switch x := v.(type) {
		case string:
			s = x
		default:
			raw, err := json.Marshal(x)
			if err != nil {
				s = fmt.Sprint(x)
			} else {
				s = string(raw)
			}
		}
		if strings.ContainsAny(s, " \t") {
			s = fmt.Sprintf("%q", s)
		}
		if color != "" {
			fmt.Fprintf(&b, " %s=%s", k, s)
		} else {
			fmt.Fprintf(&b, " %s=%s", p.paint("90", k), s)
		}
	}
	if color != "" {
		return p.paint(color, b.String())
	}
	return b.String()
}
