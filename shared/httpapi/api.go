package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/core"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/conveyor-dev/conveyor/shared/apperr"
	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/logging"
)

// API adapts an http.Handler to API Gateway REST (v1) proxy events. It is
// an aws-lambda-go lambda.Handler.
type API struct {
	adapter *httpadapter.HandlerAdapter
}

// New wraps mux for Lambda. Requests no pattern of mux matches are answered
// with a 404 or 405 problem; a panicking handler gives a 500 problem, and
// every request gets a correlation id: the caller's X-Correlation-Id when
// it is well formed, or else the API Gateway request id.
func New(mux *http.ServeMux, log *slog.Logger) *API {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := withCorrelation(withRecover(log, problemForUnmatched(mux)))
	return &API{adapter: httpadapter.New(h)}
}

// Invoke handles one raw API Gateway proxy event, as Lambda delivers it.
func (a *API) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	var req events.APIGatewayProxyRequest
	if err := json.Unmarshal(payload, &req); err != nil {
		return nil, fmt.Errorf("httpapi: the payload is not an API Gateway proxy event: %w", err)
	}
	resp, err := a.Proxy(ctx, req)
	if err != nil {
		return nil, err
	}
	return json.Marshal(resp)
}

// Proxy handles one decoded API Gateway proxy event.
func (a *API) Proxy(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	return a.adapter.ProxyWithContext(ctx, req)
}

// problemForUnmatched answers requests the mux has no pattern for with a
// problem instead of net/http's plain-text 404 and 405.
func problemForUnmatched(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		rec := &statusRecorder{header: http.Header{}}
		mux.ServeHTTP(rec, r)
		if rec.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", rec.header.Get("Allow"))
			WriteProblem(w, &Problem{
				Type: "about:blank", Title: http.StatusText(http.StatusMethodNotAllowed),
				Status: http.StatusMethodNotAllowed, Instance: r.URL.Path,
				Detail:        r.Method + " is not allowed here",
				CorrelationID: correlation.From(r.Context()),
			})
			return
		}
		WriteProblem(w, &Problem{
			Type: "about:blank", Title: http.StatusText(http.StatusNotFound),
			Status: http.StatusNotFound, Instance: r.URL.Path,
			Detail:        "no such resource",
			CorrelationID: correlation.From(r.Context()),
		})
	})
}

// statusRecorder keeps what net/http's default 404/405 handlers write.
type statusRecorder struct {
	header http.Header
	status int
}

func (s *statusRecorder) Header() http.Header         { return s.header }
func (s *statusRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (s *statusRecorder) WriteHeader(code int)        { s.status = code }

func withRecover(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				log.ErrorContext(r.Context(), "handler panicked",
					slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
				WriteError(w, r, nil, apperr.New(apperr.Internal, "panic"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// correlationIDPattern bounds what a caller may pass as a correlation id,
// so that it is safe to log and to copy into events.
var correlationIDPattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)

func withCorrelation(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(correlation.Header)
		if !correlationIDPattern.MatchString(id) {
			id = ""
		}
		if id == "" {
			if rc, ok := core.GetAPIGatewayContextFromContext(r.Context()); ok {
				id = rc.RequestID
			}
		}
		if id == "" {
			id = correlation.NewID()
		}
		ctx := correlation.With(r.Context(), id)
		ctx = logging.WithAttrs(ctx, slog.String("http_method", r.Method), slog.String("http_path", r.URL.Path))
		w.Header().Set(correlation.Header, id)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
