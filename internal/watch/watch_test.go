package watch_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/internal/watch"
)

// batches collects what a Watcher reports.
type batches struct {
	mu  sync.Mutex
	got [][]string
}

func (b *batches) add(_ context.Context, files []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.got = append(b.got, files)
}

func (b *batches) all() [][]string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.got)
}

// module makes a module tree with a package, build output, CDK output,
// test data, a hidden directory and a nested module, and watches it.
func module(t *testing.T) (string, *batches) {
	t.Helper()
	root := t.TempDir()
	for _, f := range []string{
		"go.mod", "pkg/a.go", "pkg/a_test.go", "pkg/testdata/x.go", "build/host/fn/x.go",
		"cdk.out/x.go", "_cdk/node_modules/x.go", ".git/x.go", "third_party/lib/go.mod", "third_party/lib/x.go",
		"internal/deep/build/x.go",
	} {
		write(t, root, f, "package x\n")
	}
	w, err := watch.New(root, watch.Options{Quiet: 300 * time.Millisecond, Errors: func(err error) { t.Error(err) }})
	if err != nil {
		t.Fatal(err)
	}
	b := &batches{}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- w.Run(ctx, b.add) }()
	t.Cleanup(func() {
		cancel()
		if err := <-stopped; err != nil {
			t.Error(err)
		}
		_ = w.Close()
	})
	return root, b
}

func write(t *testing.T, root, name, content string) {
	t.Helper()
	path := filepath.Join(root, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// next waits for the next batch after n and returns it.
func next(t *testing.T, b *batches, n int) []string {
	t.Helper()
	poll.Until(t, "a batch of changes", 10*time.Second, func() bool { return len(b.all()) > n })
	return b.all()[n]
}

func TestWatch(t *testing.T) {
	root, b := module(t)
	abs := func(names ...string) []string {
		out := make([]string, len(names))
		for i, n := range names {
			out[i] = filepath.Join(root, n)
		}
		slices.Sort(out)
		return out
	}
	t.Run("the writes of one save are one batch", func(t *testing.T) {
		for i := range 5 {
			write(t, root, "pkg/a.go", "package x\n\n// save "+string(rune('0'+i))+"\n")
		}
		if got := next(t, b, 0); !slices.Equal(got, abs("pkg/a.go")) {
			t.Errorf("batch %v, want pkg/a.go", got)
		}
		if n := len(b.all()); n != 1 {
			t.Errorf("%d batches, want 1: %v", n, b.all())
		}
	})
	t.Run("tests, test data, build output, hidden and nested modules are left out", func(t *testing.T) {
		for _, f := range []string{
			"pkg/a_test.go", "pkg/testdata/x.go", "build/host/fn/x.go", "cdk.out/x.go",
			"_cdk/node_modules/x.go", ".git/x.go", "third_party/lib/x.go", "pkg/notes.txt",
		} {
			write(t, root, f, "package x\n\n// changed\n")
		}
		write(t, root, "go.mod", "module example.com/m\n")
		if got := next(t, b, 1); !slices.Equal(got, abs("go.mod")) {
			t.Errorf("batch %v, want go.mod alone", got)
		}
	})
	t.Run("a build directory below the root is a package like any other", func(t *testing.T) {
		write(t, root, "internal/deep/build/x.go", "package x\n\n// changed\n")
		if got := next(t, b, 2); !slices.Equal(got, abs("internal/deep/build/x.go")) {
			t.Errorf("batch %v, want internal/deep/build/x.go", got)
		}
	})
	t.Run("a new directory is watched, with the files already in it", func(t *testing.T) {
		write(t, root, "svc/new/a.go", "package a\n")
		got := next(t, b, 3)
		if !slices.Contains(got, filepath.Join(root, "svc/new/a.go")) {
			t.Fatalf("batch %v, want svc/new/a.go", got)
		}
		write(t, root, "svc/new/b.go", "package a\n")
		if got := next(t, b, 4); !slices.Equal(got, abs("svc/new/b.go")) {
			t.Errorf("batch %v, want svc/new/b.go", got)
		}
	})
	t.Run("a removed file is a change", func(t *testing.T) {
		if err := os.Remove(filepath.Join(root, "svc/new/b.go")); err != nil {
			t.Fatal(err)
		}
		if got := next(t, b, 5); !slices.Equal(got, abs("svc/new/b.go")) {
			t.Errorf("batch %v, want svc/new/b.go", got)
		}
	})
}

// A save made while the last batch is being handled makes one more
// batch, after it.
func TestChangesDuringABatchMakeTheNext(t *testing.T) {
	root := t.TempDir()
	write(t, root, "go.mod", "module example.com/m\n")
	write(t, root, "a.go", "package m\n")
	w, err := watch.New(root, watch.Options{Quiet: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	release := make(chan struct{})
	first := make(chan struct{})
	var mu sync.Mutex
	var got [][]string
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		_ = w.Run(ctx, func(_ context.Context, files []string) {
			mu.Lock()
			got = append(got, files)
			n := len(got)
			mu.Unlock()
			if n == 1 {
				close(first)
				<-release
			}
		})
	}()
	write(t, root, "a.go", "package m\n\n// one\n")
	<-first
	write(t, root, "b.go", "package m\n")
	close(release)
	poll.Until(t, "the second batch", 10*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) == 2
	})
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(got[1], []string{filepath.Join(root, "b.go")}) {
		t.Errorf("second batch %v, want b.go", got[1])
	}
}
