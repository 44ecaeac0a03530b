//go:build !notracing

package tracing

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"
)

// Recorder stands in for the X-Ray daemon in tests: it receives, on a UDP
// socket on 127.0.0.1, the trace entities that the contexts it starts
// emit, in the daemon's wire format, through the backend's own exporter.
type Recorder struct {
	conn  *net.UDPConn
	route *recorderRoute
	done  chan struct{}

	mu sync.Mutex
	// raw holds the datagrams not decoded yet: the receiver only copies,
	// so that a burst of datagrams does not overflow the socket's buffer.
	raw       [][]byte
	spans     []Span
	datagrams []int
	errs      []error
}

// Span is one trace entity (segment or subsegment) as X-Ray receives it.
type Span struct {
	Name      string `json:"name"`
	ID        string `json:"id"`
	ParentID  string `json:"parent_id"`
	TraceID   string `json:"trace_id"`
	Namespace string `json:"namespace"`
	// Type is "subsegment" for a subsegment sent on its own, "" otherwise.
	Type        string         `json:"type"`
	Error       bool           `json:"error"`
	Fault       bool           `json:"fault"`
	Throttle    bool           `json:"throttle"`
	Annotations map[string]any `json:"annotations"`
	// Metadata holds the metadata by namespace.
	Metadata map[string]map[string]any `json:"metadata"`
	// AWS holds the AWS call's details, e.g. "operation" and "region".
	AWS map[string]any `json:"aws"`
	// HTTPStatus is the response status of an HTTP call, 0 otherwise.
	HTTPStatus int `json:"-"`
	// HTTPMethod and HTTPURL describe the request of an HTTP call.
	HTTPMethod, HTTPURL string `json:"-"`
	// Errors are the cause's exceptions, as "type: message".
	Errors []string `json:"-"`
	// Children are the subsegments sent inside this entity.
	Children []Span `json:"-"`
}

// NewRecorder starts a recorder listening on 127.0.0.1; Close stops it.
func NewRecorder() (*Recorder, error) {
	ensureConfigured()
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, fmt.Errorf("tracing: recorder: %w", err)
	}
	addr, ok := conn.LocalAddr().(*net.UDPAddr)
	if !ok {
		return nil, errors.Join(errors.New("tracing: recorder: not a UDP address"), conn.Close())
	}
	route, err := newRecorderRoute(addr)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("tracing: recorder: %w", err), conn.Close())
	}
	// A larger buffer than the default holds bursts (the kernel may cap it).
	_ = conn.SetReadBuffer(4 << 20)
	r := &Recorder{conn: conn, route: route, done: make(chan struct{})}
	go r.receive()
	return r, nil
}

// Start returns a copy of ctx that is traced the way a sampled Lambda
// invocation is: it carries a new trace header with Sampled=1, and its
// entities go to r.
func (r *Recorder) Start(ctx context.Context) (context.Context, error) {
	return r.route.start(ctx)
}

func (r *Recorder) receive() {
	defer close(r.done)
	buf := make([]byte, 64*1024)
	for {
		n, _, err := r.conn.ReadFromUDP(buf)
		if err != nil {
			return
		}
		r.mu.Lock()
		r.raw = append(r.raw, bytes.Clone(buf[:n]))
		r.mu.Unlock()
	}
}

// decode decodes the datagrams received since the last call; r.mu is held.
func (r *Recorder) decode() {
	for _, d := range r.raw {
		r.datagrams = append(r.datagrams, len(d))
		_, doc, ok := bytes.Cut(d, []byte("\n"))
		if !ok {
			r.errs = append(r.errs, fmt.Errorf("tracing: recorder: datagram without a header: %q", d))
			continue
		}
		span, err := decodeSpan(doc)
		if err != nil {
			r.errs = append(r.errs, err)
			continue
		}
		r.spans = append(r.spans, span)
	}
	r.raw = r.raw[:0]
}

// wireSpan is a trace entity as the SDK encodes it.
type wireSpan struct {
	Span
	HTTP *struct {
		Request *struct {
			Method string `json:"method"`
			URL    string `json:"url"`
		} `json:"request"`
		Response *struct {
			Status int `json:"status"`
		} `json:"response"`
	} `json:"http"`
	Cause *struct {
		Exceptions []struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		} `json:"exceptions"`
	} `json:"cause"`
	Subsegments []json.RawMessage `json:"subsegments"`
}

func decodeSpan(doc []byte) (Span, error) {
	var w wireSpan
	if err := json.Unmarshal(doc, &w); err != nil {
		return Span{}, fmt.Errorf("tracing: recorder: %w", err)
	}
	s := w.Span
	if w.HTTP != nil && w.HTTP.Response != nil {
		s.HTTPStatus = w.HTTP.Response.Status
	}
	if w.HTTP != nil && w.HTTP.Request != nil {
		s.HTTPMethod, s.HTTPURL = w.HTTP.Request.Method, w.HTTP.Request.URL
	}
	if w.Cause != nil {
		for _, e := range w.Cause.Exceptions {
			s.Errors = append(s.Errors, e.Type+": "+e.Message)
		}
	}
	for _, raw := range w.Subsegments {
		child, err := decodeSpan(raw)
		if err != nil {
			return Span{}, err
		}
		s.Children = append(s.Children, child)
	}
	return s, nil
}

// Spans returns the entities received so far, in arrival order, and the
// error of any datagram that could not be read.
func (r *Recorder) Spans() ([]Span, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.decode()
	return append([]Span(nil), r.spans...), errors.Join(r.errs...)
}

// Datagrams returns the size of each datagram received, in arrival order.
func (r *Recorder) Datagrams() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.decode()
	return append([]int(nil), r.datagrams...)
}

// WaitFor polls until an entity named name, at any depth, has arrived,
// and returns it; it gives up when ctx is done.
func (r *Recorder) WaitFor(ctx context.Context, name string) (Span, error) {
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		spans, err := r.Spans()
		if err != nil {
			return Span{}, err
		}
		for _, s := range spans {
			if found, ok := s.Find(name); ok {
				return found, nil
			}
		}
		select {
		case <-ctx.Done():
			return Span{}, fmt.Errorf("tracing: no span named %q among %d received: %w", name, len(spans), ctx.Err())
		case <-tick.C:
		}
	}
}

// Find returns s or the first of its descendants named name.
func (s Span) Find(name string) (Span, bool) {
	if s.Name == name {
		return s, true
	}
	for _, c := range s.Children {
		if found, ok := c.Find(name); ok {
			return found, true
		}
	}
	return Span{}, false
}

// Close stops the recorder.
func (r *Recorder) Close() error {
	err := r.conn.Close()
	<-r.done
	return errors.Join(err, r.route.close())
}
