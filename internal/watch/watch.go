package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultQuiet is how long the tree must be quiet before a batch of
// changes is reported: longer than the gaps between the writes an editor
// makes for one save, short beside a build.
const DefaultQuiet = 100 * time.Millisecond

// Options tune a Watcher.
type Options struct {
	// Quiet is how long no source may change before the changes so far
	// are reported; 0 means DefaultQuiet.
	Quiet time.Duration
	// Errors receives what goes wrong while watching (a directory that
	// cannot be watched, an event queue that overflowed); nil drops it.
	Errors func(error)
}

// Watcher watches a module's source directories.
type Watcher struct {
	root  string
	opts  Options
	fs    *fsnotify.Watcher
	added map[string]bool
}

// New watches the source directories under root, the directory holding
// go.mod.
func New(root string, o Options) (*Watcher, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	if o.Quiet <= 0 {
		o.Quiet = DefaultQuiet
	}
	if o.Errors == nil {
		o.Errors = func(error) {}
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	w := &Watcher{root: root, opts: o, fs: fw, added: map[string]bool{}}
	if _, err := w.addTree(root); err != nil {
		_ = fw.Close()
		return nil, err
	}
	return w, nil
}

// Dirs returns the number of directories watched.
func (w *Watcher) Dirs() int { return len(w.fs.WatchList()) }

// Close stops watching; Run returns.
func (w *Watcher) Close() error { return w.fs.Close() }

// Source reports whether a change to the file at path can change a
// function: a Go file other than a test, or go.mod.
func Source(path string) bool {
	name := filepath.Base(path)
	return name == "go.mod" || strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
}

// skipDir reports whether the directory at path, under root, holds no
// source of the module: build output at the root (build/), the CDK's
// output and packages (cdk.out, node_modules), test data, directories
// the go command ignores (names starting with "." or "_": .git, _cdk),
// and nested modules, whose packages the module's functions cannot
// import from the tree.
func skipDir(root, path string) bool {
	if path == root {
		return false
	}
	name := filepath.Base(path)
	switch {
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "_"),
		name == "testdata", name == "node_modules", name == "cdk.out",
		name == "build" && filepath.Dir(path) == root:
		return true
	}
	_, err := os.Stat(filepath.Join(path, "go.mod"))
	return err == nil
}

// addTree watches dir and the directories under it that skipDir keeps,
// and returns the source files it finds there.
func (w *Watcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return err
			}
			return nil // gone or unreadable: nothing to watch there
		}
		if !d.IsDir() {
			if Source(path) {
				files = append(files, path)
			}
			return nil
		}
		if skipDir(w.root, path) {
			return filepath.SkipDir
		}
		if w.added[path] {
			return nil
		}
		if err := w.fs.Add(path); err != nil {
			return fmt.Errorf("watch %s: %w", path, err)
		}
		w.added[path] = true
		return nil
	})
	return files, err
}

// Run reports the source files changed, created, renamed or removed, in
// batches: once no source has changed for the quiet period, changed gets
// the paths changed since the last batch, sorted. Changes made while
// changed runs make the next batch; changed runs one batch at a time.
// Run returns when ctx is done or the Watcher is closed, once changed has
// returned.
func (w *Watcher) Run(ctx context.Context, changed func(ctx context.Context, files []string)) error {
	pending := map[string]bool{}
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	running := false
	due := false // the quiet period has passed with changes pending
	done := make(chan struct{}, 1)
	dispatch := func() {
		files := make([]string, 0, len(pending))
		for f := range pending {
			files = append(files, f)
		}
		slices.Sort(files)
		clear(pending)
		running, due = true, false
		go func() {
			defer func() { done <- struct{}{} }()
			changed(ctx, files)
		}()
	}
	defer func() {
		if running {
			<-done
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.fs.Events:
			if !ok {
				return nil
			}
			if w.record(ev, pending) {
				due = false
				quiet.Reset(w.opts.Quiet)
			}
		case err, ok := <-w.fs.Errors:
			if !ok {
				return nil
			}
			w.opts.Errors(fmt.Errorf("watch: %w", err))
		case <-quiet.C:
			due = len(pending) > 0
			if due && !running {
				dispatch()
			}
		case <-done:
			running = false
			if due {
				dispatch()
			}
		}
	}
}

// record notes what ev changed in pending, and starts watching a new
// directory; it reports whether a source changed.
func (w *Watcher) record(ev fsnotify.Event, pending map[string]bool) bool {
	if ev.Has(fsnotify.Create) {
		if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
			if skipDir(w.root, ev.Name) {
				return false
			}
			// Files written before the directory was watched raised no
			// event of their own.
			files, err := w.addTree(ev.Name)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				w.opts.Errors(err)
			}
			for _, f := range files {
				pending[f] = true
			}
			return len(files) > 0
		}
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		delete(w.added, ev.Name) // fsnotify drops the watch of a directory that goes
	}
	if !ev.Has(fsnotify.Create|fsnotify.Write|fsnotify.Remove|fsnotify.Rename) || !Source(ev.Name) {
		return false
	}
	pending[ev.Name] = true
	return true
}
