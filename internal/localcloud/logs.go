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
type Printer struct {
	// JSON writes function log lines exactly as the function wrote them.
	JSON bool
	// Color adds ANSI colours (for a terminal).
	Color bool

	mu  sync.Mutex
	out io.Writer
}

// NewPrinter returns a Printer writing to out.
func NewPrinter(out io.Writer, jsonLines, color bool) *Printer {
	return &Printer{out: out, JSON: jsonLines, Color: color}
}

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
	return p.paint(palette[h.Sum32()%uint32(len(palette))], fmt.Sprintf("%-14s", source))
}

func (p *Printer) write(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, _ = io.WriteString(p.out, s+"\n")
}

// FunctionLine prints one line a function process wrote.
func (p *Printer) FunctionLine(function string, _ int, line []byte) {
	if p.JSON {
		p.write(string(line))
		return
	}
	p.write(p.tag(function) + " " + p.readable(line))
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

// readable renders a JSON log line as "15:04:05 LEVEL msg key=value ...";
// other lines are returned unchanged.
func (p *Printer) readable(line []byte) string {
	trimmed := bytes.TrimSpace(line)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return string(line)
	}
	var rec map[string]any
	if err := json.Unmarshal(trimmed, &rec); err != nil {
		return string(line)
	}
	take := func(keys ...string) string {
		for _, k := range keys {
			if v, ok := rec[k]; ok {
				delete(rec, k)
				return fmt.Sprint(v)
			}
		}
		return ""
	}
	ts := take("time", "timestamp")
	if t, err := time.Parse(time.RFC3339Nano, ts); err == nil {
		ts = t.Local().Format("15:04:05.000")
	}
	level := strings.ToUpper(take("level"))
	msg := take("msg", "message")
	switch level {
	case "ERROR":
		level = p.paint("31", level)
	case "WARN":
		level = p.paint("33", level)
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
		fmt.Fprintf(&b, " %s=%s", p.paint("90", k), s)
	}
	return b.String()
}
