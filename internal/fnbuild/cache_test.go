package fnbuild_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/fnbuild"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestBuildCached(t *testing.T) {
	root := scratchModule(t, map[string]string{})
	write := func(name, content string) { t.Helper(); writeFile(t, root, name, content) }
	write("lib/lib.go", "package lib\n\nconst Greeting = \"hello\"\n")
	write("a/main.go", "package main\n\nimport \"example.com/fns/lib\"\n\nfunc main() { println(lib.Greeting) }\n")
	write("b/main.go", "package main\n\nfunc main() { println(\"b\") }\n")
	services := []spec.Service{{Name: "svc", Functions: []spec.Function{
		{Name: "svc-a", Entry: "./a", MemoryMB: 128, Timeout: time.Second},
		{Name: "svc-b", Entry: "./b", MemoryMB: 128, Timeout: time.Second},
	}}}
	o := fnbuild.Host(root, "out", runtime.GOOS, runtime.GOARCH)
	ctx := context.Background()
	build := func() []string {
		t.Helper()
		_, built, err := fnbuild.BuildCached(ctx, services, o)
		if err != nil {
			t.Fatal(err)
		}
		return built
	}
	tests := []struct {
		name   string
		change func()
		want   []string
	}{
		{"the first run builds every function", func() {}, []string{"svc-a", "svc-b"}},
		{"a run with nothing changed builds nothing", func() {}, nil},
		{"a change to an imported package rebuilds only its importers", func() {
			write("lib/lib.go", "package lib\n\nconst Greeting = \"hi\"\n")
		}, []string{"svc-a"}},
		{"a missing binary is rebuilt", func() {
			if err := os.Remove(filepath.Join(root, "out", "svc-b", "bootstrap")); err != nil {
				t.Fatal(err)
			}
		}, []string{"svc-b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.change()
			got := build()
			if len(got) != len(tt.want) {
				t.Fatalf("built %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("built %v, want %v", got, tt.want)
				}
			}
		})
	}
}

// scratchModule returns a new module directory with go.mod and the given
// files (path relative to it, content), for builds in tests.
func scratchModule(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	files["go.mod"] = "module example.com/fns\n\ngo 1.26\n"
	for name, content := range files {
		writeFile(t, root, name, content)
	}
	return root
}

// writeFile writes content to name under root, making its directory.
func writeFile(t *testing.T, root, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
