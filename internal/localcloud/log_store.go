package localcloud

import (
	"bytes"
	"sort"
	"sync"
	"time"
)

// LogLine is one line a function wrote to stdout or stderr: a JSON log
// record or an EMF metrics record, as CloudWatch Logs would hold it.
type LogLine struct {
	// Function is the function's name.
	Function string
	// Time is when the local cloud read the line.
	Time time.Time
	// Line is the line, without its newline.
	Line []byte
}

// The most a Cloud keeps of the functions' lines: the newest, at most
// maxLogLines of them, and at most maxLogBytes of their text. A long run
// keeps the last of its lines in a fixed footprint (about 40 MiB), as a
// log group with a retention period does.
const (
	maxLogLines = 100_000
	maxLogBytes = 32 << 20
)

// logLineOverhead is what a kept line costs beside its text: its LogLine
// and the slice header's share of the store, counted against maxLogBytes
// so that short lines are bounded too.
const logLineOverhead = 64

// logStore keeps the functions' recent lines, as a log group does. The
// zero logStore keeps maxLogLines and maxLogBytes.
type logStore struct {
	mu sync.Mutex
	// lines[head:] are the kept lines, oldest first; lines[:head] were
	// dropped and are reclaimed once they are half the slice.
	lines []LogLine
	head  int
	// size is the bytes the kept lines count against maxBytes.
	size int
	// maxLines and maxBytes bound what is kept; zero means maxLogLines
	// and maxLogBytes.
	maxLines, maxBytes int
}

func (s *logStore) add(function string, line []byte) {
	l := LogLine{Function: function, Line: bytes.TrimRight(bytes.Clone(line), "\r\n")}
	cost := len(l.Line) + logLineOverhead
	s.mu.Lock()
	defer s.mu.Unlock()
	l.Time = time.Now() // read under the lock, so the lines stay in time order
	maxLines, maxBytes := s.limits()
	for len(s.lines)-s.head > 0 && (len(s.lines)-s.head >= maxLines || s.size+cost > maxBytes) {
		s.size -= len(s.lines[s.head].Line) + logLineOverhead
		s.lines[s.head] = LogLine{}
		s.head++
	}
	if s.head > len(s.lines)/2 {
		s.lines = append(s.lines[:0], s.lines[s.head:]...)
		clear(s.lines[len(s.lines):cap(s.lines)])
		s.head = 0
	}
	s.lines = append(s.lines, l)
	s.size += cost
}

func (s *logStore) limits() (maxLines, maxBytes int) {
	maxLines, maxBytes = s.maxLines, s.maxBytes
	if maxLines <= 0 {
		maxLines = maxLogLines
	}
	if maxBytes <= 0 {
		maxBytes = maxLogBytes
	}
	return maxLines, maxBytes
}

// since returns the kept lines read at or after t, oldest first.
func (s *logStore) since(t time.Time) []LogLine {
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := s.lines[s.head:]
	i := sort.Search(len(kept), func(i int) bool { return !kept[i].Time.Before(t) })
	if i == len(kept) {
		return nil
	}
	return append([]LogLine(nil), kept[i:]...)
}

// FunctionLogs returns the lines every function wrote since the given
// time, oldest first: the local counterpart of querying the functions'
// log groups. The local cloud keeps the newest lines only (see
// maxLogLines and maxLogBytes).
func (c *Cloud) FunctionLogs(since time.Time) []LogLine {
	return c.logs.since(since)
}
