package fnbuild_test

import (
	"context"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/fnbuild"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestTheTracingOptionPicksTheBackendByBuildTag(t *testing.T) {
	root := scratchModule(t, map[string]string{})
	write := func(name, content string) { t.Helper(); writeFile(t, root, name, content) }
	write("a/main.go", "package main\n\nfunc main() { println(backend) }\n")
	write("a/default.go", "//go:build !otlp && !xraysdk && !notracing\n\npackage main\n\nconst backend = \"default\"\n")
	for _, b := range []string{"otlp", "xraysdk", "notracing"} {
		write("a/"+b+".go", "//go:build "+b+"\n\npackage main\n\nconst backend = \""+b+"\"\n")
	}
	services := []spec.Service{{Name: "svc", Functions: []spec.Function{{Name: "svc-a", Entry: "./a", MemoryMB: 128, Timeout: time.Second}}}}
	for _, backend := range fnbuild.Backends {
		t.Run("backend "+backend+" is compiled in and rebuilds a cached binary", func(t *testing.T) {
			o := fnbuild.Host(root, "out", runtime.GOOS, runtime.GOARCH)
			o.Tracing = backend
			paths, built, err := fnbuild.BuildCached(context.Background(), services, o)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(built, []string{"svc-a"}) {
				t.Errorf("built %v, want svc-a rebuilt for the backend", built)
			}
			out, err := exec.Command(paths["svc-a"]).CombinedOutput()
			if err != nil {
				t.Fatal(err)
			}
			want := backend
			if want == "" {
				want = "default"
			}
			if got := strings.TrimSpace(string(out)); got != want {
				t.Errorf("the binary was built with %q, want %q", got, want)
			}
		})
	}
	t.Run("the backend is read from CONVEYOR_TRACING", func(t *testing.T) {
		t.Setenv(fnbuild.TracingEnv, "otlp")
		if o := fnbuild.Lambda(root, "out"); o.Tracing != "otlp" {
			t.Errorf("Lambda().Tracing = %q, want otlp", o.Tracing)
		}
	})
	t.Run("an unknown backend is refused", func(t *testing.T) {
		o := fnbuild.Host(root, "out", runtime.GOOS, runtime.GOARCH)
		o.Tracing = "jaeger"
		if _, err := fnbuild.Build(context.Background(), services, o); err == nil || !strings.Contains(err.Error(), "jaeger") {
			t.Errorf("Build() = %v, want the unknown backend refused", err)
		}
	})
}
