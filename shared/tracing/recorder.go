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

	"github.com/aws/aws-xray-sdk-go/xray"
)

// Recorder stands in for the X-Ray daemon in tests: it receives, on a UDP
// socket on 127.0.0.1, the trace entities that the contexts it starts
// emit, through the SDK's own emitter and wire format.
type Recorder struct {
	conn    *net.UDPConn
	emitter *recorderEmitter
	done    chan struct{}

	mu    sync.Mutex
	spans []Span
	errs  []error
}

// Span is one trace entity (segment or subsegment) as X-Ray receives it.
type Span struct {
	Name        string         `json:"name"`
	ID          string         `json:"id"`
	ParentID    string         `json:"parent_id"`
	TraceID     string         `json:"trace_id"`
	Namespace   string         `json:"namespace"`
	Error       bool           `json:"error"`
	Fault       bool           `json:"fault"`
	Annotations map[string]any `json:"annotations"`
	// AWS holds the AWS call's details, e.g. "operation" and "region".
	AWS map[string]any `json:"aws"`
	// HTTPStatus is the response status of an HTTP call, 0 otherwise.
	HTTPStatus int `json:"-"`
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
	inner, err := xray.NewDefaultEmitter(addr)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("tracing: recorder: %w", err), conn.Close())
	}
	r := &Recorder{conn: conn, emitter: &recorderEmitter{inner: inner}, done: make(chan struct{})}
	go r.receive()
	return r, nil
}

// recorderEmitter sends to the recorder whatever daemon address the
// environment names.
type recorderEmitter struct {
	inner *xray.DefaultEmitter
}

func (e *recorderEmitter) Emit(seg *xray.Segment) { e.inner.Emit(seg) }

func (e *recorderEmitter) RefreshEmitterWithAddress(*net.UDPAddr) {}

// Start returns a copy of ctx that is traced the way a sampled Lambda
// invocation is: it carries a new trace header with Sampled=1, and its
// entities go to r.
func (r *Recorder) Start(ctx context.Context) (context.Context, error) {
	ctx, err := xray.ContextWithConfig(ctx, xray.Config{Emitter: r.emitter})
	if err != nil {
		return nil, fmt.Errorf("tracing: recorder: %w", err)
	}
	h := fmt.Sprintf("Root=%s;Parent=%s;Sampled=1", xray.NewTraceID(), xray.NewSegmentID())
	//lint:ignore SA1029 aws-lambda-go and the X-Ray SDK share this plain string key.
	return context.WithValue(ctx, xray.LambdaTraceHeaderKey, h), nil
}

func (r *Recorder) receive() {
	defer close(r.done)
	buf := make([]byte, 64*1024)
	for {
		n, _, err := r.conn.ReadFromUDP(buf)
		if err != nil {
			return
		}
		_, doc, ok := bytes.Cut(buf[:n], []byte("\n"))
		if !ok {
			r.fail(fmt.Errorf("tracing: recorder: datagram without a header: %q", buf[:n]))
			continue
		}
		span, err := decodeSpan(doc)
		if err != nil {
			r.fail(err)
			continue
		}
		r.mu.Lock()
		r.spans = append(r.spans, span)
		r.mu.Unlock()
	}
}

func (r *Recorder) fail(err error) {
	r.mu.Lock()
	r.errs = append(r.errs, err)
	r.mu.Unlock()
}

// wireSpan is a trace entity as the SDK encodes it.
type wireSpan struct {
	Span
	HTTP *struct {
		Response *struct {
			Status int `json:"status"`
		} `json:"response"`
	} `json:"http"`
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
	return append([]Span(nil), r.spans...), errors.Join(r.errs...)
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
	return err
}
