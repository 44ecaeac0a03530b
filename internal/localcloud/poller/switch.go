package poller

import (
	"context"
	"sync"
)

// Switch turns an event source mapping on and off while it runs, as
// UpdateEventSourceMapping's Enabled does on AWS. The zero value is on. A
// mapping that is off receives nothing; a batch it received just before
// being turned off goes back to the queue unprocessed.
type Switch struct {
	mu  sync.Mutex
	off bool
	on  chan struct{} // closed when the switch turns on; nil while on
}

// Set turns the mapping on or off.
func (s *Switch) Set(enabled bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case enabled && s.off:
		s.off = false
		close(s.on)
		s.on = nil
	case !enabled && !s.off:
		s.off = true
		s.on = make(chan struct{})
	}
}

// Enabled reports whether the mapping is on; a nil Switch is always on.
func (s *Switch) Enabled() bool {
	if s == nil {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.off
}

// wait blocks while the switch is off; it reports false when ctx ends
// first. A nil Switch is always on.
func (s *Switch) wait(ctx context.Context) bool {
	if s == nil {
		return ctx.Err() == nil
	}
	s.mu.Lock()
	on := s.on
	s.mu.Unlock()
	if on == nil {
		return ctx.Err() == nil
	}
	select {
	case <-on:
		return true
	case <-ctx.Done():
		return false
	}
}
