package fnbuild_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
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

func TestARebuiltBinaryIsANewFile(t *testing.T) {
	root := scratchModule(t, map[string]string{
		"a/main.go": "package main\n\nfunc main() { println(\"one\") }\n",
	})
	services := []spec.Service{{Name: "svc", Functions: []spec.Function{{Name: "svc-a", Entry: "./a", MemoryMB: 128, Timeout: time.Second}}}}
	o := fnbuild.Host(root, "out", runtime.GOOS, runtime.GOARCH)
	ctx := context.Background()
	paths, _, err := fnbuild.BuildCached(ctx, services, o)
	if err != nil {
		t.Fatal(err)
	}
	bin := paths["svc-a"]
	before, err := os.Stat(bin)
	if err != nil {
		t.Fatal(err)
	}
	stamp := fnbuild.Stamp(filepath.Join(root, "out"), "svc-a")
	// A hard link stands for a process running the binary: it holds the
	// file the process was started from.
	running := filepath.Join(t.TempDir(), "running")
	if err := os.Link(bin, running); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	writeFile(t, root, "a/main.go", "package main\n\nfunc main() { println(\"two\") }\n")
	if _, _, err := fnbuild.BuildCached(ctx, services, o); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(bin)
	if err != nil {
		t.Fatal(err)
	}
	if os.SameFile(before, after) {
		t.Error("the rebuild wrote over the binary in place")
	}
	if out, err := exec.Command(running).CombinedOutput(); err != nil || strings.TrimSpace(string(out)) != "one" {
		t.Errorf("the binary a process started from now says %q (%v), want one", out, err)
	}
	if out, err := exec.Command(bin).CombinedOutput(); err != nil || strings.TrimSpace(string(out)) != "two" {
		t.Errorf("the rebuilt binary says %q (%v), want two", out, err)
	}
	if fnbuild.Stamp(filepath.Join(root, "out"), "svc-a") == stamp {
		t.Error("the stamp did not change with the sources")
	}
	entries, err := os.ReadDir(filepath.Dir(bin))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 {
		t.Errorf("the binary's directory holds %d files, want bootstrap, its stamp and its program digest", len(entries))
	}
}

func TestACopyOfTheModuleHasTheSameKeys(t *testing.T) {
	files := map[string]string{
		"lib/lib.go": "package lib\n\nconst Greeting = \"hello\"\n",
		"a/main.go":  "package main\n\nimport \"example.com/fns/lib\"\n\nfunc main() { println(lib.Greeting) }\n",
	}
	root := scratchModule(t, files)
	services := []spec.Service{{Name: "svc", Functions: []spec.Function{{Name: "svc-a", Entry: "./a", MemoryMB: 128, Timeout: time.Second}}}}
	ctx := context.Background()
	if _, _, err := fnbuild.BuildCached(ctx, services, fnbuild.Host(root, "out", runtime.GOOS, runtime.GOARCH)); err != nil {
		t.Fatal(err)
	}
	copied := scratchModule(t, files)
	b, err := os.ReadFile(fnbuild.Binary(filepath.Join(root, "out"), "svc-a"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, copied, "out/svc-a/bootstrap", string(b))
	writeFile(t, copied, "out/svc-a/bootstrap.key", fnbuild.Stamp(filepath.Join(root, "out"), "svc-a"))
	_, built, err := fnbuild.BuildCached(ctx, services, fnbuild.Host(copied, "out", runtime.GOOS, runtime.GOARCH))
	if err != nil {
		t.Fatal(err)
	}
	if len(built) != 0 {
		t.Errorf("the copy rebuilt %v, want its copied binary kept", built)
	}
}

func TestTheProgramDigestChangesWithTheCodeTheBinaryRuns(t *testing.T) {
	root := scratchModule(t, map[string]string{
		"lib/lib.go": "package lib\n\nfunc Greeting() string { return \"hello\" }\n\nfunc Unused() string { return \"one\" }\n",
		"a/main.go":  "package main\n\nimport \"example.com/fns/lib\"\n\nfunc main() { println(lib.Greeting()) }\n",
	})
	services := []spec.Service{{Name: "svc", Functions: []spec.Function{{Name: "svc-a", Entry: "./a", MemoryMB: 128, Timeout: time.Second}}}}
	o := fnbuild.Host(root, "out", runtime.GOOS, runtime.GOARCH)
	out := filepath.Join(root, "out")
	build := func() (stamp, program string) {
		t.Helper()
		if _, _, err := fnbuild.BuildCached(context.Background(), services, o); err != nil {
			t.Fatal(err)
		}
		return fnbuild.Stamp(out, "svc-a"), fnbuild.Program(out, "svc-a")
	}
	stamp, program := build()
	if program == "" {
		t.Fatal("no program digest")
	}
	writeFile(t, root, "lib/lib.go", "package lib\n\nfunc Greeting() string { return \"hello\" }\n\nfunc Unused() string { return \"two\" }\n")
	stamp2, program2 := build()
	if runtime.GOOS == "linux" {
		t.Run("a change to code the binary leaves out keeps the program", func(t *testing.T) {
			if stamp2 == stamp {
				t.Fatal("the stamp did not change with the sources")
			}
			if program2 != program {
				t.Error("the program digest changed with code the binary does not hold")
			}
		})
	}
	writeFile(t, root, "lib/lib.go", "package lib\n\nfunc Greeting() string { return \"hi\" }\n\nfunc Unused() string { return \"two\" }\n")
	t.Run("a change to code the binary runs changes the program", func(t *testing.T) {
		if _, program3 := build(); program3 == program2 {
			t.Error("the program digest did not change")
		}
	})
}
