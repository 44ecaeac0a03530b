package localcloud

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// xrayRelay plays the X-Ray daemon for the functions: it receives segments
// over UDP, as the X-Ray SDK sends them, and puts them to the emulator's
// X-Ray API (PutTraceSegments). The local cloud's own segments (the
// gateway's and each invocation's, which Lambda and API Gateway record on
// AWS) go the same way through put.
type xrayRelay struct {
	conn     *net.UDPConn
	endpoint string
	notice   func(string)
	docs     chan []byte
	received chan struct{}
	sent     chan struct{}
	closing  sync.Once
	mu       sync.RWMutex // guards docs against a put after Close
	closed   bool
}

// relayBacklog is how many segments may wait for the emulator; beyond it
// segments are dropped, as a daemon drops them when it falls behind.
const relayBacklog = 4096

// relayBatch is the most segments one PutTraceSegments call carries. The
// relay sends what has queued up since its last call, as the daemon
// batches segments: under load a call carries many, so the emulator is
// not asked once per segment.
const relayBatch = 50

func startXRayRelay(endpoint string, notice func(string)) (*xrayRelay, error) {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, fmt.Errorf("x-ray relay: %w", err)
	}
	r := &xrayRelay{conn: conn, endpoint: endpoint, notice: notice,
		docs: make(chan []byte, relayBacklog), received: make(chan struct{}), sent: make(chan struct{})}
	go r.receive()
	go r.send()
	return r, nil
}

// Addr is the value for AWS_XRAY_DAEMON_ADDRESS.
func (r *xrayRelay) Addr() string { return r.conn.LocalAddr().String() }

func (r *xrayRelay) receive() {
	defer close(r.received)
	buf := make([]byte, 64<<10)
	for {
		n, err := r.conn.Read(buf)
		if err != nil {
			return
		}
		// A datagram is a JSON header line, then the segment document.
		_, doc, ok := bytes.Cut(buf[:n], []byte("\n"))
		if !ok || len(doc) == 0 {
			continue
		}
		r.put(bytes.Clone(doc))
	}
}

// put queues one segment document for the emulator.
func (r *xrayRelay) put(doc []byte) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.closed {
		return
	}
	select {
	case r.docs <- doc:
	default:
		r.notice("relay trace segment: backlog full, segment dropped")
	}
}

func (r *xrayRelay) send() {
	defer close(r.sent)
	client := &http.Client{Timeout: 5 * time.Second}
	batch := make([]string, 0, relayBatch)
	for doc := range r.docs {
		batch = append(batch[:0], string(doc))
	more:
		for len(batch) < relayBatch {
			select {
			case doc, ok := <-r.docs:
				if !ok {
					break more
				}
				batch = append(batch, string(doc))
			default:
				break more
			}
		}
		r.putSegments(client, batch)
	}
}

// putSegments sends docs to the emulator in one PutTraceSegments call.
func (r *xrayRelay) putSegments(client *http.Client, docs []string) {
	body, err := json.Marshal(map[string][]string{"TraceSegmentDocuments": docs})
	if err != nil {
		return
	}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, r.endpoint+"/TraceSegments", bytes.NewReader(body))
	if err != nil {
		return
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		r.notice("relay trace segments: " + err.Error())
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode >= 300 {
		r.notice("relay trace segments: " + resp.Status)
	}
}

// Close stops receiving and sends what is queued. Segments put after
// Close are dropped.
func (r *xrayRelay) Close() {
	r.closing.Do(func() {
		_ = r.conn.Close()
		<-r.received
		r.mu.Lock()
		r.closed = true
		close(r.docs)
		r.mu.Unlock()
	})
	<-r.sent
}
