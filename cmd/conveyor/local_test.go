package main

import (
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/localcloud"
)

func TestProfilesAreServedWhileAskedFor(t *testing.T) {
	addr, stop, err := serveProfiles("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) (int, string, error) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), err
	}
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/heap?debug=1", "/debug/pprof/goroutine?debug=1", "/debug/pprof/mutex?debug=1", "/debug/pprof/cmdline"} {
		status, body, err := get(path)
		if err != nil || status != http.StatusOK || body == "" {
			t.Errorf("GET %s: %d %v", path, status, err)
		}
	}
	if _, body, _ := get("/debug/pprof/goroutine?debug=1"); !strings.Contains(body, "serveProfiles") {
		t.Errorf("the goroutine profile is not this process's:\n%.300s", body)
	}
	if runtime.SetMutexProfileFraction(-1) != mutexProfileFraction {
		t.Error("the mutex profile is off while profiles are served")
	}
	stop()
	if _, _, err := get("/debug/pprof/"); err == nil {
		t.Error("profiles are still served after stop")
	}
	if runtime.SetMutexProfileFraction(-1) != 0 {
		t.Error("the mutex profile is still on after stop")
	}
}

func TestOnlyTheEmulatorsWarningsAndErrorsAreRelayed(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{`time=2026-11-30T08:43:54.600Z level=INFO msg="delivered event to SQS" queue=conveyor-local-orders-products status=200`, false},
		{`time=2026-11-30T08:43:54.600Z level=DEBUG msg="matched rule"`, false},
		{`time=2026-11-30T08:43:54.600Z level=ERROR msg="failed to deliver event to SQS" error="connection refused"`, true},
		{`time=2026-11-30T08:43:54.600Z level=WARN msg="slow"`, true},
		{`panic: something the emulator did not log with slog`, true},
	}
	for _, tt := range tests {
		if got := worthRelaying(tt.line); got != tt.want {
			t.Errorf("worthRelaying(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestTheBannerSaysWhetherLiveReloadIsOn(t *testing.T) {
	c := &localcloud.Cloud{APIURL: "http://127.0.0.1:8080", Endpoint: "http://127.0.0.1:4566"}
	for _, tt := range []struct {
		watching bool
		want     string
	}{
		{true, "  Reload     on: save a Go file and the functions it changes are rebuilt and restarted (-watch=false turns it off)\n"},
		{false, "  Reload     off: restart to run changed code\n"},
	} {
		var b strings.Builder
		printBanner(&b, c, "token", "", "", "", "", false, tt.watching, time.Second)
		if !strings.Contains(b.String(), tt.want) {
			t.Errorf("with watching %v the banner lacks %q:\n%s", tt.watching, tt.want, b.String())
		}
	}
}
