package localcloud

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestLogStoreKeepsTheNewestLinesWithinItsBounds(t *testing.T) {
	tests := []struct {
		name               string
		maxLines, maxBytes int
		lineLen, lines     int
		wantKept           int
	}{
		{"the count bounds short lines", 10, 1 << 20, 10, 35, 10},
		{"the bytes bound long lines", 1000, 10 * (100 + logLineOverhead), 100, 35, 10},
		{"everything is kept below both", 100, 1 << 20, 10, 35, 35},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &logStore{maxLines: tt.maxLines, maxBytes: tt.maxBytes}
			for i := range tt.lines {
				line := fmt.Sprintf("%0*d", tt.lineLen, i)
				s.add("fn", []byte(line+"\n"))
				kept := s.since(time.Time{})
				size := 0
				for _, l := range kept {
					size += len(l.Line) + logLineOverhead
				}
				if len(kept) > tt.maxLines || size > tt.maxBytes {
					t.Fatalf("after %d lines: %d kept, %d bytes, over the bounds %d and %d", i+1, len(kept), size, tt.maxLines, tt.maxBytes)
				}
				if last := string(kept[len(kept)-1].Line); last != line {
					t.Fatalf("the newest line is %q, want %q", last, line)
				}
			}
			kept := s.since(time.Time{})
			if len(kept) != tt.wantKept {
				t.Fatalf("%d lines kept, want %d", len(kept), tt.wantKept)
			}
			for i, l := range kept {
				if want := fmt.Sprintf("%0*d", tt.lineLen, tt.lines-tt.wantKept+i); string(l.Line) != want {
					t.Fatalf("line %d is %q, want %q: the newest, oldest first", i, l.Line, want)
				}
			}
		})
	}
}

func TestFunctionLogsSinceATime(t *testing.T) {
	s := &logStore{}
	s.add("a", []byte("before"))
	mark := time.Now()
	s.add("b", []byte("after 1"))
	s.add("c", []byte("after 2"))
	var got []string
	for _, l := range s.since(mark) {
		got = append(got, l.Function+": "+string(l.Line))
	}
	if strings.Join(got, "|") != "b: after 1|c: after 2" {
		t.Fatalf("since the mark: %q", got)
	}
	if s.since(time.Now().Add(time.Hour)) != nil {
		t.Fatal("lines from the future")
	}
}

// TestLogStoreFootprintStaysFixed writes ten times what a store's bounds
// keep and checks the heap the store holds stays near them. The bounds are
// a tenth of the defaults, the same mechanism at a size any run affords.
func TestLogStoreFootprintStaysFixed(t *testing.T) {
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	s := &logStore{maxLines: maxLogLines / 10, maxBytes: maxLogBytes / 10}
	line := []byte(strings.Repeat("x", 1000))
	for range 10 * s.maxBytes / len(line) {
		s.add("orders-api", line)
	}
	held := heap() - min(before, heap())
	// The text, plus the kept LogLines and the slack of their slice.
	if limit := uint64(s.maxBytes + 4*s.maxLines*logLineOverhead); held > limit {
		t.Fatalf("the store holds %d MiB, over %d MiB", held>>20, limit>>20)
	}
	runtime.KeepAlive(s)
}
