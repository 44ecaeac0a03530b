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
	"sync/atomic"
	"unicode"

	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
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
// gets 409. Requests without the header pass through.
//
// The key keeps only the answers of requests that ran: the answer of a
// request the handler refused before its operation ran (httpapi.Refuse,
// which httpapi.DecodeJSON calls for a media type other than JSON, a body
// over the limit or a body that is not the operation's JSON) is not kept,
// so the client's fixed retry with the same key runs. Nor is a response
// with a status of 500 or more, so a retry runs again, nor one the handler
// Discards. Every other answer, a 4xx the operation gave included, is
// kept and replayed.
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
				writeProblem(w, r, http.StatusBadRequest, "Invalid Idempotency-Key",
					fmt.Sprintf("The %s header must appear once and hold 1 to %d printable ASCII characters.", Header, MaxKeyLength))
				return
			}
			body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
			if err != nil || len(body) > maxBody {
				writeProblem(w, r, http.StatusRequestEntityTooLarge, "Request body too large",
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
				writeProblem(w, r, http.StatusUnprocessableEntity, "Idempotency-Key reused",
					"This Idempotency-Key was already used with a different request.")
				return
			case errors.Is(err, ErrInProgress):
				w.Header().Set("Retry-After", "1")
				writeProblem(w, r, http.StatusConflict, "Request in progress",
					"A request with this Idempotency-Key is still being processed; retry shortly.")
				return
			case err != nil:
				log.ErrorContext(r.Context(), "idempotency store failed", slog.String("error", err.Error()))
				writeProblem(w, r, http.StatusServiceUnavailable, "Service unavailable", "Please retry shortly.")
				return
			case lock == nil:
				var stored storedResponse
				if err := json.Unmarshal(replay.Data, &stored); err != nil {
					log.ErrorContext(r.Context(), "idempotency record unreadable", slog.String("error", err.Error()))
					writeProblem(w, r, http.StatusInternalServerError, "Internal error", "The stored response could not be read.")
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
			r, refused := httpapi.WatchRefusal(r)
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
			if rec.status >= http.StatusInternalServerError || discarded.Load() || refused() {
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

// writeProblem answers an RFC 9457 problem of the middleware's own, with
// the request's correlation id as every problem of the API has it.
func writeProblem(w http.ResponseWriter, r *http.Request, status int, title, detail string) {
	httpapi.WriteProblem(w, &httpapi.Problem{
		Type: "about:blank", Title: title, Status: status, Detail: detail,
		Instance: r.URL.Path, CorrelationID: correlation.From(r.Context()),
	})
}

// KeyParameter is the Idempotency-Key header in an operation's contract;
// required says whether the operation requires one.
func KeyParameter(required bool) httpapi.Parameter {
	return httpapi.Parameter{
		Name: Header, In: "header", Required: required, MaxLength: MaxKeyLength, Pattern: `^[\x20-\x7E]+$`,
		Example: "order-2026-11-30-0001",
		Description: "A key of the client's choice, the same on every retry of one request: the first answer is kept " +
			"for 24 h and replayed (Idempotent-Replayed: true); the same key with another body is a 422. " +
			"An answer to a request refused before it ran (415, 413, a body that is not the operation's JSON) " +
			"is not kept, so the fixed retry with the same key runs.",
	}
}
