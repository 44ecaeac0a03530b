package fnbuild

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// stampFile sits next to a cached bootstrap and holds its source key.
const stampFile = "bootstrap.key"

// BuildCached is Build for repeated local runs: a function whose sources,
// dependencies, target and flags are unchanged since its last build keeps
// its binary. The key covers every Go and embedded file of the module's
// own packages the function imports, the versions of the modules it
// depends on, go.mod, the Go version, the target and the build flags,
// the tracing backend's tag included.
// Built reports which functions were compiled this time.
func BuildCached(ctx context.Context, services []spec.Service, o Options) (paths map[string]string, built []string, err error) {
	if err := o.Validate(); err != nil {
		return nil, nil, err
	}
	out := o.OutDir
	if !filepath.IsAbs(out) {
		out = filepath.Join(o.ModuleRoot, out)
	}
	goVersion, err := goCommand(ctx, o, "env", "GOVERSION")
	if err != nil {
		return nil, nil, err
	}
	var stale []spec.Service
	paths = map[string]string{}
	keys := map[string]string{}
	for _, s := range services {
		var fns []spec.Function
		for _, f := range s.Functions {
			key, err := sourceKey(ctx, o, f.Entry, goVersion)
			if err != nil {
				return nil, nil, fmt.Errorf("source key of %s: %w", f.Name, err)
			}
			bin := Binary(out, f.Name)
			old, _ := os.ReadFile(filepath.Join(filepath.Dir(bin), stampFile))
			if _, statErr := os.Stat(bin); statErr == nil && string(old) == key {
				paths[f.Name] = bin
				continue
			}
			keys[f.Name] = key
			fns = append(fns, f)
			built = append(built, f.Name)
		}
		if len(fns) > 0 {
			s.Functions = fns
			stale = append(stale, s)
		}
	}
	if len(stale) == 0 {
		return paths, nil, nil
	}
	fresh, err := Build(ctx, stale, o)
	for name, bin := range fresh {
		paths[name] = bin
		if werr := os.WriteFile(filepath.Join(filepath.Dir(bin), stampFile), []byte(keys[name]), 0o644); werr != nil {
			err = errors.Join(err, fmt.Errorf("write build stamp of %s: %w", name, werr))
		}
	}
	return paths, built, err
}

func goCommand(ctx context.Context, o Options, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = o.ModuleRoot
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+o.GOOS, "GOARCH="+o.GOARCH)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return strings.TrimSpace(string(out)), nil
}

var hashMu sync.Mutex

func sourceKey(ctx context.Context, o Options, entry, goVersion string) (string, error) {
	const format = `{{if not .Standard}}{{.ImportPath}}|{{.Dir}}|{{with .Module}}{{.Path}}@{{.Version}}{{end}}|{{join .GoFiles ","}}|{{join .EmbedFiles ","}}{{end}}`
	flags := o.flags()
	list, err := goCommand(ctx, o, "list", "-deps", flags[len(flags)-1], "-f", format, entry)
	if err != nil {
		return "", err
	}
	hashMu.Lock()
	defer hashMu.Unlock()
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s/%s\n%s\n%s\n", goVersion, o.GOOS, o.GOARCH, strings.Join(flags, " "), entry)
	if err := hashFile(h, filepath.Join(o.ModuleRoot, "go.mod")); err != nil {
		return "", err
	}
	for _, line := range strings.Split(list, "\n") {
		if line == "" {
			continue
		}
		fmt.Fprintln(h, line)
		parts := strings.Split(line, "|")
		if len(parts) != 5 || !strings.HasSuffix(parts[2], "@") {
			continue // a dependency module: its version identifies its files
		}
		for _, list := range parts[3:] {
			for _, name := range strings.Split(list, ",") {
				if name == "" {
					continue
				}
				if err := hashFile(h, filepath.Join(parts[1], name)); err != nil {
					return "", err
				}
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashFile(h io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintf(h, "%s\n", path)
	_, err = io.Copy(h, f)
	return err
}
