package chaos

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxBody bounds a PUT /faults body.
const maxBody = 1 << 20

// Handler serves the switches over HTTP, as the payment provider
// simulator serves its own:
//
//	GET /faults     the switches, as JSON
//	PUT /faults     replace the switches (PUT {} turns every fault off)
//	GET /injected   the faults injected so far, by kind
func (in *Injector) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /faults", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, in.Faults()) })
	mux.HandleFunc("PUT /faults", func(w http.ResponseWriter, r *http.Request) {
		var f Faults
		dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "faults: " + err.Error()})
			return
		}
		if err := in.Set(f); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, in.Faults())
	})
	mux.HandleFunc("GET /injected", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, in.Injected()) })
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Client reaches the switches a running local cloud serves (Handler).
type Client struct {
	// URL is the control endpoint's base URL, e.g. "http://127.0.0.1:41234".
	URL  string
	HTTP *http.Client
}

// NewClient returns a client of the switches at url.
func NewClient(url string) *Client {
	return &Client{URL: strings.TrimSuffix(url, "/"), HTTP: &http.Client{Timeout: 10 * time.Second}}
}

// Faults reads the switches.
func (c *Client) Faults(ctx context.Context) (Faults, error) {
	var f Faults
	err := c.do(ctx, http.MethodGet, "/faults", nil, &f)
	return f, err
}

// Set replaces the switches.
func (c *Client) Set(ctx context.Context, f Faults) error {
	return c.do(ctx, http.MethodPut, "/faults", f, nil)
}

// Injected reads the faults injected so far.
func (c *Client) Injected(ctx context.Context) (Counts, error) {
	var n Counts
	err := c.do(ctx, http.MethodGet, "/injected", nil, &n)
	return n, err
}

func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.URL+path, body)
	if err != nil {
		return err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("chaos switches: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return fmt.Errorf("chaos switches: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct{ Error string }
		if json.Unmarshal(b, &e) == nil && e.Error != "" {
			return errors.New(e.Error)
		}
		return fmt.Errorf("chaos switches: %s %s: %s", method, path, resp.Status)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("chaos switches: %w", err)
		}
	}
	return nil
}
