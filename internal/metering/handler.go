package metering

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Handler serves the meter over HTTP: GET Path answers the counters as a
// Snapshot in JSON; POST Path+"/reset" zeroes them and answers the
// counters as they were. FrontDoor serves it; the local cloud need not
// mount it elsewhere.
func (m *Meter) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+Path, func(w http.ResponseWriter, _ *http.Request) {
		writeSnapshot(w, m.Snapshot())
	})
	mux.HandleFunc("POST "+Path+"/reset", func(w http.ResponseWriter, _ *http.Request) {
		m.mu.Lock()
		defer m.mu.Unlock()
		s := m.snapshotLocked()
		m.resetLocked()
		writeSnapshot(w, s)
	})
	return mux
}

func writeSnapshot(w http.ResponseWriter, s Snapshot) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(s)
}

// ErrNoMeter is returned by Fetch and ResetAt when the endpoint answers
// but serves no meter (a local cloud of a version without one, or another
// emulator).
var ErrNoMeter = fmt.Errorf("the endpoint serves no meter at %s", Path)

// Fetch reads the counters of the local cloud whose emulator serves at
// endpoint (e.g. "http://127.0.0.1:4566").
func Fetch(ctx context.Context, endpoint string) (Snapshot, error) {
	return request(ctx, http.MethodGet, strings.TrimSuffix(endpoint, "/")+Path)
}

// ResetAt zeroes the counters of the local cloud at endpoint and returns
// them as they were.
func ResetAt(ctx context.Context, endpoint string) (Snapshot, error) {
	return request(ctx, http.MethodPost, strings.TrimSuffix(endpoint, "/")+Path+"/reset")
}

func request(ctx context.Context, method, url string) (Snapshot, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, nil)
	if err != nil {
		return Snapshot{}, fmt.Errorf("meter: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Snapshot{}, fmt.Errorf("meter: is the local cloud running? %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return Snapshot{}, fmt.Errorf("meter: read %s: %w", url, err)
	}
	var s Snapshot
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &s) != nil || s.Functions == nil {
		return Snapshot{}, fmt.Errorf("%w (%s %s: %s %s)", ErrNoMeter, method, url, resp.Status, bytes.TrimSpace(firstBytes(body, 200)))
	}
	return s, nil
}

func firstBytes(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
