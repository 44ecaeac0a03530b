package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/conveyor-dev/conveyor/shared/apperr"
	"github.com/conveyor-dev/conveyor/shared/correlation"
)

// ProblemContentType is the media type of RFC 9457 problem details.
const ProblemContentType = "application/problem+json"

// Problem is an RFC 9457 problem details object. It is also an error, so a
// handler can return a problem with a status that apperr has no kind for.
type Problem struct {
	// Type is a URI naming the kind of problem; "about:blank" means the
	// status code says it all.
	Type string `json:"type"`
	// Title is a short summary of the kind of problem.
	Title string `json:"title"`
	// Status is the HTTP status code.
	Status int `json:"status"`
	// Detail explains this occurrence.
	Detail string `json:"detail,omitempty"`
	// Instance is the request path the problem occurred on.
	Instance string `json:"instance,omitempty"`
	// Errors lists field-level problems (for 400s).
	Errors []apperr.FieldError `json:"errors,omitempty"`
	// CorrelationID ties the answer to logs and traces.
	CorrelationID string `json:"correlationId,omitempty"`
}

// Error returns the problem's title and detail.
func (p *Problem) Error() string {
	if p.Detail == "" {
		return p.Title
	}
	return p.Title + ": " + p.Detail
}

// problemType names each kind in the problem "type" member.
func problemType(k apperr.Kind) string {
	if k == apperr.Internal {
		return "about:blank"
	}
	return "urn:conveyor:problem:" + k.String()
}

// StatusOf maps an error to its HTTP status. It is the one place where
// errors become status codes.
func StatusOf(err error) int {
	var p *Problem
	if errors.As(err, &p) {
		return p.Status
	}
	switch apperr.KindOf(err) {
	case apperr.Invalid:
		return http.StatusBadRequest
	case apperr.Unauthenticated:
		return http.StatusUnauthorized
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.PreconditionFailed:
		return http.StatusPreconditionFailed
	case apperr.TooLarge:
		return http.StatusRequestEntityTooLarge
	case apperr.Unprocessable:
		return http.StatusUnprocessableEntity
	case apperr.Unavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// ProblemOf builds the problem details for err. Messages of classified
// errors are shown; an unclassified error shows nothing of itself, since it
// may carry internals.
func ProblemOf(r *http.Request, err error) *Problem {
	var p *Problem
	if errors.As(err, &p) {
		out := *p
		if out.Instance == "" {
			out.Instance = r.URL.Path
		}
		out.CorrelationID = correlation.From(r.Context())
		return &out
	}
	status := StatusOf(err)
	out := &Problem{
		Type:          problemType(apperr.KindOf(err)),
		Title:         http.StatusText(status),
		Status:        status,
		Instance:      r.URL.Path,
		CorrelationID: correlation.From(r.Context()),
	}
	var ae *apperr.Error
	if errors.As(err, &ae) && status < 500 {
		out.Detail = ae.Message
		out.Errors = ae.Fields
	} else if status >= 500 {
		out.Detail = "the request could not be completed; quote the correlation id when reporting it"
		if ae != nil && ae.Kind == apperr.Unavailable {
			out.Detail = ae.Message
		}
	}
	return out
}

// WriteError answers the request with the problem details for err, and
// logs it: server errors at ERROR with their cause, client errors at DEBUG.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	p := ProblemOf(r, err)
	if log != nil {
		level := slog.LevelDebug
		if p.Status >= 500 {
			level = slog.LevelError
		}
		log.Log(r.Context(), level, "request failed",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", p.Status), slog.String("error", err.Error()))
	}
	WriteProblem(w, p)
}

// WriteProblem writes p as application/problem+json with its status.
func WriteProblem(w http.ResponseWriter, p *Problem) {
	body, err := json.Marshal(p)
	if err != nil {
		body = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500}`)
		p.Status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", ProblemContentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_, _ = w.Write(body)
}

// WriteJSON writes v as application/json with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, err = w.Write(body)
	return err
}
