package httpapi

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// Dependency is one thing a service's health route checks.
type Dependency struct {
	// Name names it in the report, e.g. "table".
	Name string
	// Check returns nil when the dependency answers.
	Check func(context.Context) error
}

// HealthCheck is one dependency's state in a health report.
type HealthCheck struct {
	Name       string `json:"name"`
	Status     string `json:"status"`
	DurationMS int64  `json:"durationMs"`
	Error      string `json:"error,omitempty"`
}

// HealthReport is what a health route answers.
type HealthReport struct {
	Service string        `json:"service"`
	Status  string        `json:"status"`
	Checks  []HealthCheck `json:"checks"`
	// Details are a service's own fields, written beside the others (see
	// HealthDetails); they never change the status.
	Details map[string]any `json:"-"`
}

// MarshalJSON writes the report's fields, then its details at the same
// level.
func (r HealthReport) MarshalJSON() ([]byte, error) {
	out := make(map[string]any, len(r.Details)+3)
	for k, v := range r.Details {
		out[k] = v
	}
	out["service"], out["status"], out["checks"] = r.Service, r.Status, r.Checks
	return json.Marshal(out)
}

// HealthDetails adds a service's own fields to its health report, e.g. the
// state of a circuit breaker, read within the health route's timeout. It
// reports, it does not judge: the status comes from the dependencies.
type HealthDetails func(ctx context.Context) map[string]any

// Health returns the handler of GET /health/<service>: it checks each
// dependency within timeout and answers 200 when all answer, 503 when one
// does not. A failure is logged in full and shown only briefly, and every
// request counts the failed checks as HealthCheckFailures, so an alarm can
// watch them.
func Health(service string, timeout time.Duration, log *slog.Logger, deps ...Dependency) http.HandlerFunc {
	return HealthWithDetails(service, timeout, log, nil, deps...)
}

// HealthWithDetails is Health with details, when not nil, added to every
// report.
func HealthWithDetails(service string, timeout time.Duration, log *slog.Logger, details HealthDetails, deps ...Dependency) http.HandlerFunc {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		report := HealthReport{Service: service, Status: "ok", Checks: make([]HealthCheck, 0, len(deps))}
		status, failures := http.StatusOK, 0.0
		for _, d := range deps {
			start := time.Now()
			err := d.Check(ctx)
			check := HealthCheck{Name: d.Name, Status: "ok", DurationMS: time.Since(start).Milliseconds()}
			if err != nil {
				log.ErrorContext(r.Context(), "health check failed", slog.String("check", d.Name), slog.String("error", err.Error()))
				check.Status, check.Error = "unavailable", "the "+d.Name+" did not answer"
				if ctx.Err() != nil {
					check.Error += " within " + timeout.String()
				}
				report.Status, status = "unavailable", http.StatusServiceUnavailable
				failures++
			}
			report.Checks = append(report.Checks, check)
		}
		if details != nil {
			report.Details = details(ctx)
		}
		metrics.FromContext(r.Context()).Add(metrics.MetricHealthCheckFailures, failures, metrics.Count)
		w.Header().Set("Cache-Control", "no-store")
		if err := WriteJSON(w, status, report); err != nil {
			log.WarnContext(r.Context(), "write health response", slog.String("error", err.Error()))
		}
	}
}
