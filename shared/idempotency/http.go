package idempotency

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"unicode"
)

// Header is the request header that carries a client's idempotency key.
const Header = "Idempotency-Key"

// ReplayedHeader is set to "true" on a response replayed from an earlier
// request with the same key.
const ReplayedHeader = "Idempotent-Replayed"

// MaxKeyLength is the longest accepted Idempotency-Key.
const MaxKeyLength = 255

// maxBody is the largest request body HTTP reads to fingerprint it.
const maxBody = 1 << 20

// HTTPOptions configure the HTTP middleware.
type HTTPOptions struct {
	// Scope separates this API's keys from other users of the store,
	// e.g. "orders-api".
	Scope string
	// Subject returns who is calling, so that two callers' keys never
	// meet; nil means keys are shared by all callers.
	Subject func(*http.Request) string
	// Log receives the failures of the store; nil means slog.Default().
	Log *slog.Logger
}

// storedResponse is what HTTP keeps of a response.
type storedResponse struct {
	Status int         `json:"status"`
	Header http.Header `json:"header"`
	Body   []byte      `json:"body"`
}

// discardKey is the context key of the flag Discard sets.
type discardKey struct{}

// Discard tells the HTTP middleware serving r not to keep the response
// being written for r's Idempotency-Key, and to free the key instead: the
// handler found that the key belongs to another request (for example,
// the resource it names was made by a request with another body, and the
// key's record that would have said so is gone). A later request with
// the key then runs again rather than being answered with this response.
// Outside the middleware it does nothing.
func Discard(r *http.Request) {
	if flag, ok := r.Context().Value(discardKey{}).(*atomic.Bool); ok {
		flag.Store(true)
	}
}

// replayedHeaders are the response headers kept for a replay.
var replayedHeaders = []string{"Content-Type", "Location", "ETag", "Last-Modified"}

// HTTP returns middleware that runs each request carrying an
// Idempotency-Key header once per key: a repeat with the same method, path
// and body gets the first response again (with Idempotent-Replayed: true),
// a repeat with another body gets 422, and a repeat while the first runs
// gets 409. A response with a status of 500 or more is not kept, so the
// client's retry runs again, nor is one the handler Discards. Requests
// without the header pass through.
func HTTP(s *Store, o HTTPOptions) func(http.Handler) http.Handler {
	log := o.Log
	if log == nil {
		log = slog.Default()
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			key, present := r.Header[http.CanonicalHeaderKey(Header)]
			if !present {
				next.ServeHTTP(w, r)
				return
			}
			if len(key) != 1 || !validKey(key[0]) {
				writeProblem(w, http.StatusBadRequest, "Invalid Idempotency-Key",
					fmt.Sprintf("The %s header must appear once and hold 1 to %d printable ASCII characters.", Header, MaxKeyLength))
				return
			}
			body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
			if err != nil || len(body) > maxBody {
				writeProblem(w, http.StatusRequestEntityTooLarge, "Request body too large",
					fmt.Sprintf("A request with an %s may carry at most %d bytes.", Header, maxBody))
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			scopedKey := key[0]
			if o.Subject != nil {
				scopedKey = o.Subject(r) + "\x00" + scopedKey
			}
			fingerprint := append([]byte(r.Method+" "+r.URL.RequestURI()+"\n"), body...)

			lock, replay, err := s.Begin(r.Context(), o.Scope, scopedKey, fingerprint)
			switch {
			case errors.Is(err, ErrPayloadMismatch):
				writeProblem(w, http.StatusUnprocessableEntity, "Idempotency-Key reused",
					"This Idempotency-Key was already used with a different request.")
				return
			case errors.Is(err, ErrInProgress):
				w.Header().Set("Retry-After", "1")
				writeProblem(w, http.StatusConflict, "Request in progress",
					"A request with this Idempotency-Key is still being processed; retry shortly.")
				return
			case err != nil:
				log.ErrorContext(r.Context(), "idempotency store failed", slog.String("error", err.Error()))
				writeProblem(w, http.StatusServiceUnavailable, "Service unavailable", "Please retry shortly.")
				return
			case lock == nil:
				var stored storedResponse
				if err := json.Unmarshal(replay.Data, &stored); err != nil {
					log.ErrorContext(r.Context(), "idempotency record unreadable", slog.String("error", err.Error()))
					writeProblem(w, http.StatusInternalServerError, "Internal error", "The stored response could not be read.")
					return
				}
				for k, vs := range stored.Header {
					w.Header()[k] = vs
				}
				w.Header().Set(ReplayedHeader, "true")
				w.WriteHeader(stored.Status)
				_, _ = w.Write(stored.Body)
				return
			}

			rec := &recorder{header: http.Header{}, status: http.StatusOK}
			discarded := &atomic.Bool{}
			r = r.WithContext(context.WithValue(r.Context(), discardKey{}, discarded))
			release := func() {
				if err := lock.Release(context.WithoutCancel(r.Context())); err != nil {
					log.ErrorContext(r.Context(), "idempotency release failed; the key stays locked until its lock expires", slog.String("error", err.Error()))
				}
			}
			released := false
			defer func() {
				if !released {
					// The handler panicked: free the key, let the panic go on.
					release()
				}
			}()
			next.ServeHTTP(rec, r)
			for k, vs := range rec.header {
				w.Header()[k] = vs
			}
			released = true
			if rec.status >= http.StatusInternalServerError || discarded.Load() {
				release()
			} else {
				stored := storedResponse{Status: rec.status, Header: http.Header{}, Body: rec.body.Bytes()}
				for _, h := range replayedHeaders {
					if v := rec.header.Values(h); len(v) > 0 {
						stored.Header[h] = v
					}
				}
				data, err := json.Marshal(stored)
				if err == nil {
					err = lock.Complete(context.WithoutCancel(r.Context()), data)
				}
				if err != nil {
					log.ErrorContext(r.Context(), "idempotency complete failed; the response is not kept", slog.String("error", err.Error()))
					release()
				}
			}
			w.WriteHeader(rec.status)
			_, _ = w.Write(rec.body.Bytes())
		})
	}
}

func validKey(k string) bool {
	if k == "" || len(k) > MaxKeyLength {
		return false
	}
	for _, c := range k {
		if c > unicode.MaxASCII || !unicode.IsPrint(c) {
			return false
		}
	}
	return true
}

// recorder keeps a response in memory until it is known whether to store it.
type recorder struct {
	header      http.Header
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if !r.wroteHeader {
		r.status, r.wroteHeader = code, true
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wroteHeader = true
	return r.body.Write(b)
}

func writeProblem(w http.ResponseWriter, status int, title, detail string) {
	body, err := json.Marshal(map[string]any{"type": "about:blank", "title": title, "status": status, "detail": detail})
	if err != nil {
		http.Error(w, title, status)
		return
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
