package localcloud

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"time"
)

// xrayRelay plays the X-Ray daemon for the functions: it receives segments
// over UDP, as the X-Ray SDK sends them, and puts them to the emulator's
// X-Ray API (PutTraceSegments).
type xrayRelay struct {
	conn     *net.UDPConn
	endpoint string
	notice   func(string)
	done     chan struct{}
}

func startXRayRelay(endpoint string, notice func(string)) (*xrayRelay, error) {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, fmt.Errorf("x-ray relay: %w", err)
	}
	r := &xrayRelay{conn: conn, endpoint: endpoint, notice: notice, done: make(chan struct{})}
	go r.run()
	return r, nil
}

// Addr is the value for AWS_XRAY_DAEMON_ADDRESS.
func (r *xrayRelay) Addr() string { return r.conn.LocalAddr().String() }

func (r *xrayRelay) run() {
	defer close(r.done)
	buf := make([]byte, 64<<10)
	client := &http.Client{Timeout: 5 * time.Second}
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
		body, err := json.Marshal(map[string][]string{"TraceSegmentDocuments": {string(doc)}})
		if err != nil {
			continue
		}
		req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, r.endpoint+"/TraceSegments", bytes.NewReader(body))
		if err != nil {
			continue
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			r.notice("relay trace segment: " + err.Error())
			continue
		}
		_ = resp.Body.Close()
		if resp.StatusCode >= 300 {
			r.notice("relay trace segment: " + resp.Status)
		}
	}
}

func (r *xrayRelay) Close() {
	_ = r.conn.Close()
	<-r.done
}
