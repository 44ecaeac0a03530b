package console

import (
	"bytes"
	"encoding/json"
	"sync"
	"time"

	"github.com/conveyor-dev/conveyor/internal/localcloud"
)

// What the console keeps of each function, beside the local cloud's log
// store: its recent invocations, errors and lines.
const (
	keptInvocations = 50
	keptErrors      = 20
	keptLines       = 200
	// logsEvery is how often, at most, the console reads the lines the
	// functions wrote since it last looked; it looks only when a page
	// asks.
	logsEvery = time.Second
)

// Invocation is one invocation of a function, as its "invocation" log
// line tells it.
type Invocation struct {
	Time          time.Time
	DurationMS    float64
	Error         string
	ColdStart     bool
	CorrelationID string
	TraceID       string
	RequestID     string
}

// Failed reports whether the invocation ended in an error.
func (i Invocation) Failed() bool { return i.Error != "" }

// FunctionStats are a function's counts since the console started
// reading its lines, and its recent invocations, errors and lines, newest
// first.
type FunctionStats struct {
	Name        string
	Invocations int64
	Errors      int64
	ColdStarts  int64
	TotalMS     float64
	Recent      []Invocation
	LastErrors  []localcloud.LogLine
	Lines       []localcloud.LogLine
}

// MeanMS is the mean duration of the function's invocations.
func (s FunctionStats) MeanMS() float64 {
	if s.Invocations == 0 {
		return 0
	}
	return s.TotalMS / float64(s.Invocations)
}

// functionIndex reads the functions' lines from the log store when a page
// asks, at most every logsEvery, picking up where it stopped, and counts
// each function's invocations, errors and cold starts.
type functionIndex struct {
	logs func(since time.Time) []localcloud.LogLine
	now  func() time.Time

	mu sync.Mutex
	// read is the time of the newest line read; atRead is how many lines
	// of that exact time were read, so that the next read, which starts
	// at that time, skips them.
	read     time.Time
	atRead   int
	lastPull time.Time
	fns      map[string]*functionEntry
}

type functionEntry struct {
	FunctionStats
	recent ring[Invocation]
	errs   ring[localcloud.LogLine]
	lines  ring[localcloud.LogLine]
}

func newFunctionIndex(logs func(since time.Time) []localcloud.LogLine) *functionIndex {
	return &functionIndex{logs: logs, now: time.Now, fns: map[string]*functionEntry{}}
}

// stats returns every function's stats, by name, reading the new lines
// first when the last read is older than logsEvery.
func (x *functionIndex) stats() map[string]FunctionStats {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.pull()
	out := make(map[string]FunctionStats, len(x.fns))
	for name, e := range x.fns {
		out[name] = e.snapshot()
	}
	return out
}

// function returns one function's stats.
func (x *functionIndex) function(name string) FunctionStats {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.pull()
	if e, ok := x.fns[name]; ok {
		return e.snapshot()
	}
	return FunctionStats{Name: name}
}

func (e *functionEntry) snapshot() FunctionStats {
	s := e.FunctionStats
	s.Recent, s.LastErrors, s.Lines = e.recent.newestFirst(), e.errs.newestFirst(), e.lines.newestFirst()
	return s
}

func (x *functionIndex) pull() {
	if x.logs == nil || (!x.lastPull.IsZero() && x.now().Sub(x.lastPull) < logsEvery) {
		return
	}
	x.lastPull = x.now()
	lines := x.logs(x.read)
	skip := 0
	for skip < len(lines) && skip < x.atRead && lines[skip].Time.Equal(x.read) {
		skip++
	}
	for _, l := range lines[skip:] {
		if l.Time.Equal(x.read) {
			x.atRead++
		} else {
			x.read, x.atRead = l.Time, 1
		}
		x.add(l)
	}
}

// Markers of the lines worth decoding: most lines are neither.
var (
	invocationMarker = []byte(`"msg":"invocation"`)
	errorMarker      = []byte(`"level":"ERROR"`)
)

func (x *functionIndex) add(l localcloud.LogLine) {
	e, ok := x.fns[l.Function]
	if !ok {
		e = &functionEntry{FunctionStats: FunctionStats{Name: l.Function},
			recent: newRing[Invocation](keptInvocations), errs: newRing[localcloud.LogLine](keptErrors), lines: newRing[localcloud.LogLine](keptLines)}
		x.fns[l.Function] = e
	}
	e.lines.add(l)
	isError := bytes.Contains(l.Line, errorMarker)
	if isError {
		e.errs.add(l)
	}
	if !bytes.Contains(l.Line, invocationMarker) {
		return
	}
	var rec struct {
		Time          time.Time `json:"time"`
		DurationMS    float64   `json:"duration_ms"`
		Error         string    `json:"error"`
		ColdStart     bool      `json:"cold_start"`
		CorrelationID string    `json:"correlation_id"`
		TraceID       string    `json:"trace_id"`
		RequestID     string    `json:"request_id"`
	}
	if json.Unmarshal(l.Line, &rec) != nil {
		return
	}
	if rec.Time.IsZero() {
		rec.Time = l.Time
	}
	e.Invocations++
	e.TotalMS += rec.DurationMS
	if rec.Error != "" || isError {
		e.Errors++
		if rec.Error == "" {
			rec.Error = "error"
		}
	}
	if rec.ColdStart {
		e.ColdStarts++
	}
	e.recent.add(Invocation(rec))
}

// ring keeps the newest n values.
type ring[T any] struct {
	vals []T
	next int
	n    int
}

func newRing[T any](n int) ring[T] { return ring[T]{n: n} }

func (r *ring[T]) add(v T) {
	if len(r.vals) < r.n {
		r.vals = append(r.vals, v)
	} else {
		r.vals[r.next] = v
	}
	r.next = (r.next + 1) % r.n
}

func (r *ring[T]) newestFirst() []T {
	out := make([]T, 0, len(r.vals))
	for i := 1; i <= len(r.vals); i++ {
		out = append(out, r.vals[((r.next-i)%len(r.vals)+len(r.vals))%len(r.vals)])
	}
	return out
}
