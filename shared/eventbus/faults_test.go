package eventbus_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
)

// faultyBus sits between the SDK and the emulator, which never fails a
// PutEvents entry: it records every PutEvents call and answers for the
// entries fail picks with the error code fail returns, forwarding only
// the others to the emulator, so the SDK, the wire format and the delivery
// to queues stay real.
type faultyBus struct {
	next http.RoundTripper
	// fail returns the error code for the entry with detail id on the
	// given call (1-based), or "" to let it through.
	fail func(call int, id string) string

	mu    sync.Mutex
	calls []putCall
}

// putCall is what one PutEvents request carried.
type putCall struct {
	IDs          []string
	TraceHeaders []string
}

type wireEntry map[string]any

func (f *faultyBus) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Header.Get("X-Amz-Target") != "AWSEvents.PutEvents" {
		return f.next.RoundTrip(r)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	var in struct {
		Entries []wireEntry `json:"Entries"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, fmt.Errorf("faulty bus: request: %w", err)
	}
	f.mu.Lock()
	f.calls = append(f.calls, putCall{})
	call := len(f.calls)
	codes := make([]string, len(in.Entries))
	var pass []wireEntry
	for i, e := range in.Entries {
		var env struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal([]byte(e["Detail"].(string)), &env); err != nil {
			f.mu.Unlock()
			return nil, fmt.Errorf("faulty bus: detail: %w", err)
		}
		th, _ := e["TraceHeader"].(string)
		f.calls[call-1].IDs = append(f.calls[call-1].IDs, env.ID)
		f.calls[call-1].TraceHeaders = append(f.calls[call-1].TraceHeaders, th)
		if f.fail != nil {
			codes[i] = f.fail(call, env.ID)
		}
		if codes[i] == "" {
			pass = append(pass, e)
		}
	}
	f.mu.Unlock()

	var forwarded struct {
		Entries []map[string]any `json:"Entries"`
	}
	if len(pass) > 0 {
		out, err := json.Marshal(map[string]any{"Entries": pass})
		if err != nil {
			return nil, err
		}
		req := r.Clone(r.Context())
		req.Body = io.NopCloser(bytes.NewReader(out))
		req.ContentLength = int64(len(out))
		req.Header.Set("Content-Length", strconv.Itoa(len(out)))
		resp, err := f.next.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("faulty bus: emulator answered %d: %s", resp.StatusCode, b)
		}
		if err := json.Unmarshal(b, &forwarded); err != nil {
			return nil, fmt.Errorf("faulty bus: response: %w", err)
		}
	}
	var merged []map[string]any
	failedCount := 0
	for _, code := range codes {
		if code != "" {
			failedCount++
			merged = append(merged, map[string]any{"ErrorCode": code, "ErrorMessage": "injected " + code})
			continue
		}
		res := forwarded.Entries[0]
		forwarded.Entries = forwarded.Entries[1:]
		if _, failed := res["ErrorCode"]; failed {
			failedCount++
		}
		merged = append(merged, res)
	}
	out, err := json.Marshal(map[string]any{"FailedEntryCount": failedCount, "Entries": merged})
	if err != nil {
		return nil, err
	}
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/x-amz-json-1.1"}},
		Body:          io.NopCloser(bytes.NewReader(out)),
		ContentLength: int64(len(out)), Request: r,
	}, nil
}

func (f *faultyBus) Calls() []putCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]putCall(nil), f.calls...)
}
