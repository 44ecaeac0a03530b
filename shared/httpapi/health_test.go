package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

func TestHealth(t *testing.T) {
	ok := httpapi.Dependency{Name: "table", Check: func(context.Context) error { return nil }}
	down := httpapi.Dependency{Name: "queue", Check: func(context.Context) error { return errors.New("connection refused") }}
	slow := httpapi.Dependency{Name: "table", Check: func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }}
	cases := []struct {
		name       string
		deps       []httpapi.Dependency
		wantStatus int
		wantChecks map[string]string // name → error shown
	}{
		{"every dependency answering is a 200", []httpapi.Dependency{ok}, 200, map[string]string{"table": ""}},
		{"a dependency failing is a 503 naming it", []httpapi.Dependency{ok, down}, 503, map[string]string{"table": "", "queue": "the queue did not answer"}},
		{"a dependency too slow is a 503 naming the timeout", []httpapi.Dependency{slow}, 503, map[string]string{"table": "the table did not answer within 50ms"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			httpapi.Health("widgets", 50*time.Millisecond, nil, c.deps...)(w, httptest.NewRequest(http.MethodGet, "/health/widgets", nil))
			var report httpapi.HealthReport
			if err := json.Unmarshal(w.Body.Bytes(), &report); err != nil {
				t.Fatal(err)
			}
			if w.Code != c.wantStatus || report.Service != "widgets" || len(report.Checks) != len(c.wantChecks) {
				t.Fatalf("got %d %s", w.Code, w.Body)
			}
			for _, check := range report.Checks {
				if want, ok := c.wantChecks[check.Name]; !ok || check.Error != want {
					t.Errorf("check %+v, want error %q", check, want)
				}
			}
			if w.Header().Get("Cache-Control") != "no-store" {
				t.Error("a health answer may be cached")
			}
		})
	}
}

func TestHealthDetailsStandBesideTheReportAndNeverJudge(t *testing.T) {
	down := httpapi.Dependency{Name: "table", Check: func(context.Context) error { return errors.New("connection refused") }}
	details := func(context.Context) map[string]any {
		return map[string]any{"breaker": "open", "status": "a detail may not overwrite the status"}
	}
	w := httptest.NewRecorder()
	httpapi.HealthWithDetails("widgets", 50*time.Millisecond, nil, details, down)(w, httptest.NewRequest(http.MethodGet, "/health/widgets", nil))
	var body map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if w.Code != http.StatusServiceUnavailable || body["status"] != "unavailable" {
		t.Errorf("got %d %s; a detail changed the verdict", w.Code, w.Body)
	}
	if body["breaker"] != "open" || body["service"] != "widgets" || body["checks"] == nil {
		t.Errorf("got %s, want the report's fields and the detail side by side", w.Body)
	}
}
