package localcloud

import (
	"bytes"
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

// maxLogLines bounds the lines a Cloud keeps; the oldest go first.
const maxLogLines = 200_000

// logStore keeps the functions' recent lines, as a log group does.
type logStore struct {
	mu    sync.Mutex
	lines []LogLine
}

func (s *logStore) add(function string, line []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.lines) >= maxLogLines {
		s.lines = append(s.lines[:0], s.lines[len(s.lines)-maxLogLines/2:]...)
	}
	s.lines = append(s.lines, LogLine{Function: function, Time: time.Now(), Line: bytes.TrimRight(bytes.Clone(line), "\r\n")})
}

// FunctionLogs returns the lines every function wrote since the given
// time, oldest first: the local counterpart of querying the functions'
// log groups.
func (c *Cloud) FunctionLogs(since time.Time) []LogLine {
	c.logs.mu.Lock()
	defer c.logs.mu.Unlock()
	var out []LogLine
	for _, l := range c.logs.lines {
		if !l.Time.Before(since) {
			out = append(out, l)
		}
	}
	return out
}
