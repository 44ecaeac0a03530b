package console

import (
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/localcloud"
)

func TestTheFunctionIndexReadsEachLineOnceAcrossReads(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var store []localcloud.LogLine
	logs := func(since time.Time) []localcloud.LogLine {
		var out []localcloud.LogLine
		for _, l := range store {
			if !l.Time.Before(since) {
				out = append(out, l)
			}
		}
		return out
	}
	invocation := func(fn string, when time.Time, failed bool) localcloud.LogLine {
		line := `{"level":"INFO","msg":"invocation","duration_ms":2,"cold_start":false}`
		if failed {
			line = `{"level":"ERROR","msg":"invocation","duration_ms":4,"error":"boom"}`
		}
		return localcloud.LogLine{Function: fn, Time: when, Line: []byte(line)}
	}
	now := at
	x := newFunctionIndex(logs)
	x.now = func() time.Time { return now }

	// Two lines share a time: the next read starts at that time and must
	// not count them again, yet must count a third line of that time.
	store = append(store, invocation("a", at, false), invocation("a", at, true))
	if s := x.function("a"); s.Invocations != 2 || s.Errors != 1 {
		t.Fatalf("first read: %+v", s)
	}
	store = append(store, invocation("a", at, false), invocation("b", at.Add(time.Millisecond), false),
		localcloud.LogLine{Function: "a", Time: at.Add(2 * time.Millisecond), Line: []byte(`{"level":"DEBUG","msg":"work"}`)})
	if s := x.function("a"); s.Invocations != 2 {
		t.Errorf("a read within logsEvery read the store again: %+v", s)
	}
	now = now.Add(2 * logsEvery)
	stats := x.stats()
	if a := stats["a"]; a.Invocations != 3 || a.Errors != 1 || len(a.Recent) != 3 || len(a.Lines) != 4 || len(a.LastErrors) != 1 || a.MeanMS() != 8.0/3 {
		t.Errorf("a: %d invocations, %d errors, %d recent, %d lines, %d errors kept, mean %v ms; want 3, 1, 3, 4, 1, 2.67",
			a.Invocations, a.Errors, len(a.Recent), len(a.Lines), len(a.LastErrors), a.MeanMS())
	}
	if b := stats["b"]; b.Invocations != 1 {
		t.Errorf("b = %+v", b)
	}
	if got := stats["a"].Recent[0]; got.Failed() {
		t.Errorf("newest invocation of a %+v, want the third, which succeeded", got)
	}
}

func TestRingKeepsTheNewest(t *testing.T) {
	r := newRing[int](3)
	for i := range 5 {
		r.add(i)
	}
	if got := r.newestFirst(); len(got) != 3 || got[0] != 4 || got[2] != 2 {
		t.Errorf("newestFirst() = %v, want [4 3 2]", got)
	}
}
