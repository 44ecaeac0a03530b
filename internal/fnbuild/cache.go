package fnbuild

import (
	"bytes"
	"context"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// stampFile sits next to a cached bootstrap and holds its source key.
const stampFile = "bootstrap.key"

// BuildCached is Build for repeated local runs: a function whose sources,
// dependencies, target and flags are unchanged since its last build keeps
// its binary. The key covers every Go and embedded file of the module's
// own packages the function imports (and of modules replaced by a
// directory), the versions of the other modules it depends on, go.mod,
// the Go version, the target and the build flags, the tracing backend's
// tag included. Paths enter the key relative to the module root, so a
// copy of the tree has the same keys.
// Built reports which functions were compiled this time. When some
// builds fail, paths still holds the binaries that are up to date or
// were built, and err says what failed.
func BuildCached(ctx context.Context, services []spec.Service, o Options) (paths map[string]string, built []string, err error) {
	if err := o.Validate(); err != nil {
		return nil, nil, err
	}
	out := o.OutDir
	if !filepath.IsAbs(out) {
		out = filepath.Join(o.ModuleRoot, out)
	}
	var all []spec.Function
	for _, s := range services {
		all = append(all, s.Functions...)
	}
	keys, err := sourceKeys(ctx, o, all)
	if err != nil {
		return nil, nil, err
	}
	var stale []spec.Service
	paths = map[string]string{}
	for _, s := range services {
		var fns []spec.Function
		for _, f := range s.Functions {
			bin := Binary(out, f.Name)
			if _, statErr := os.Stat(bin); statErr == nil && Stamp(out, f.Name) == keys[f.Name] {
				paths[f.Name] = bin
				continue
			}
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
		program, perr := programDigest(bin)
		if perr != nil {
			err = errors.Join(err, fmt.Errorf("digest of %s: %w", name, perr))
			continue
		}
		if werr := writeAtomically(filepath.Join(filepath.Dir(bin), programFile), []byte(program)); werr != nil {
			err = errors.Join(err, fmt.Errorf("write program digest of %s: %w", name, werr))
		}
		if werr := writeAtomically(filepath.Join(filepath.Dir(bin), stampFile), []byte(keys[name])); werr != nil {
			err = errors.Join(err, fmt.Errorf("write build stamp of %s: %w", name, werr))
		}
	}
	return paths, built, err
}

// programFile sits next to a cached bootstrap and holds its program
// digest (Program).
const programFile = "bootstrap.program"

// Program is the digest of the program BuildCached last built for
// function under outDir (an absolute path), or "" when it is not known.
// Two binaries with the same digest run the same code: it leaves out
// the build IDs, which change with any change to the sources of a
// package the binary imports, even one whose code the linker left out.
// A reload does not restart a function whose program is unchanged.
func Program(outDir, function string) string {
	b, err := os.ReadFile(filepath.Join(filepath.Dir(Binary(outDir, function)), programFile))
	if err != nil {
		return ""
	}
	return string(b)
}

// buildIDNotes are the ELF sections that hold a binary's build IDs: the
// Go build ID, and the GNU build ID the linker derives from it.
var buildIDNotes = []string{".note.go.buildid", ".note.gnu.build-id"}

// programDigest hashes the binary at path with its build ID notes
// zeroed; a binary in another format than ELF is hashed whole.
func programDigest(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	if f, err := elf.NewFile(bytes.NewReader(b)); err == nil {
		for _, name := range buildIDNotes {
			if s := f.Section(name); s != nil && s.Type != elf.SHT_NOBITS && s.Offset+s.Size <= uint64(len(b)) {
				clear(b[s.Offset : s.Offset+s.Size])
			}
		}
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// Stamp is the source key of the binary BuildCached last built for
// function under outDir (an absolute path), or "" when there is none.
// Two stamps differ when the sources of the two binaries differ.
func Stamp(outDir, function string) string {
	b, err := os.ReadFile(filepath.Join(filepath.Dir(Binary(outDir, function)), stampFile))
	if err != nil {
		return ""
	}
	return string(b)
}

// writeAtomically replaces path with data through a new file renamed
// over it, so that a reader never sees half of it.
func writeAtomically(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}

// goCommand is a go command run in the module root for o's target,
// without cgo, as every function is built.
func (o Options) goCommand(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = o.ModuleRoot
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+o.GOOS, "GOARCH="+o.GOARCH)
	return cmd
}

func goCommand(ctx context.Context, o Options, args ...string) (string, error) {
	cmd := o.goCommand(ctx, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return strings.TrimSpace(string(out)), nil
}

// goVersions caches the version of the go command by module root: a
// reload asks for keys on every save.
var goVersions sync.Map

func goVersion(ctx context.Context, o Options) (string, error) {
	if v, ok := goVersions.Load(o.ModuleRoot); ok {
		return v.(string), nil
	}
	v, err := goCommand(ctx, o, "env", "GOVERSION")
	if err != nil {
		return "", err
	}
	goVersions.Store(o.ModuleRoot, v)
	return v, nil
}

// listFormat prints, for each package go list visits, a line "P|import
// path|dir|module@version[=>replacement@version]|go files|embedded files"
// unless it is in the standard library, and before it, for each package
// named on the command line, "R|dir|its dependencies".
const listFormat = `{{if not .DepOnly}}R|{{.Dir}}|{{join .Deps ","}}{{"\n"}}{{end}}` +
	`{{if not .Standard}}P|{{.ImportPath}}|{{.Dir}}|{{with .Module}}{{.Path}}@{{.Version}}{{with .Replace}}=>{{.Path}}@{{.Version}}{{end}}{{end}}|{{join .GoFiles ","}}|{{join .EmbedFiles ","}}{{end}}`

// listedPackage is one "P" line of listFormat.
type listedPackage struct {
	importPath, dir, module string
	files                   []string
}

// sourceKeys computes the source key of every function with one go list
// over all their entries: a function's key hashes the packages of its
// entry and its dependencies.
func sourceKeys(ctx context.Context, o Options, fns []spec.Function) (map[string]string, error) {
	if len(fns) == 0 {
		return map[string]string{}, nil
	}
	root, err := filepath.Abs(o.ModuleRoot)
	if err != nil {
		return nil, err
	}
	o.ModuleRoot = root
	goVersion, err := goVersion(ctx, o)
	if err != nil {
		return nil, err
	}
	flags := o.flags()
	args := []string{"list", "-deps", flags[len(flags)-1], "-f", listFormat}
	var entries []string
	for _, f := range fns {
		if !slices.Contains(entries, f.Entry) {
			entries = append(entries, f.Entry)
		}
	}
	list, err := goCommand(ctx, o, append(args, entries...)...)
	if err != nil {
		return nil, err
	}
	packages := map[string]listedPackage{}
	rootDeps := map[string][]string{} // by directory
	for _, line := range strings.Split(list, "\n") {
		parts := strings.Split(line, "|")
		switch {
		case len(parts) == 3 && parts[0] == "R":
			rootDeps[parts[1]] = strings.Split(parts[2], ",")
		case len(parts) == 6 && parts[0] == "P":
			p := listedPackage{importPath: parts[1], dir: parts[2], module: parts[3]}
			for _, names := range parts[4:] {
				for _, name := range strings.Split(names, ",") {
					if name != "" {
						p.files = append(p.files, name)
					}
				}
			}
			packages[p.importPath] = p
		}
	}
	byDir := map[string]string{} // a root package's directory to its import path
	for _, p := range packages {
		if _, ok := rootDeps[p.dir]; ok {
			byDir[p.dir] = p.importPath
		}
	}
	goMod, err := os.ReadFile(filepath.Join(o.ModuleRoot, "go.mod"))
	if err != nil {
		return nil, err
	}
	digests := map[string]string{} // file digests, each file read once
	keys := map[string]string{}
	for _, f := range fns {
		dir := filepath.Join(o.ModuleRoot, filepath.FromSlash(f.Entry))
		self, ok := byDir[dir]
		if !ok {
			// go list names directories as it resolved them.
			if real, err := filepath.EvalSymlinks(dir); err == nil {
				dir = real
				self, ok = byDir[dir]
			}
		}
		if !ok {
			return nil, fmt.Errorf("source key of %s: go list did not list its entry %s", f.Name, f.Entry)
		}
		h := sha256.New()
		fmt.Fprintf(h, "%s\n%s/%s\n%s\n%s\n", goVersion, o.GOOS, o.GOARCH, strings.Join(flags, " "), f.Entry)
		h.Write(goMod)
		deps := append(slices.Clone(rootDeps[dir]), self)
		slices.Sort(deps)
		for _, path := range deps {
			p, ok := packages[path]
			if !ok {
				continue // the standard library: the Go version identifies it
			}
			if err := p.hash(h, o.ModuleRoot, digests); err != nil {
				return nil, fmt.Errorf("source key of %s: %w", f.Name, err)
			}
		}
		keys[f.Name] = hex.EncodeToString(h.Sum(nil))
	}
	return keys, nil
}

// hash writes what identifies p's sources to h: its import path and
// module, and the content of its files unless a module version
// identifies them.
func (p listedPackage) hash(h io.Writer, root string, digests map[string]string) error {
	fmt.Fprintf(h, "%s|%s|%s\n", p.importPath, p.module, strings.Join(p.files, ","))
	if !strings.HasSuffix(p.module, "@") {
		return nil // a module version: it identifies the files
	}
	for _, name := range p.files {
		path := filepath.Join(p.dir, name)
		d, ok := digests[path]
		if !ok {
			var err error
			if d, err = fileDigest(path); err != nil {
				return err
			}
			digests[path] = d
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			rel = path
		}
		fmt.Fprintf(h, "%s %s\n", filepath.ToSlash(rel), d)
	}
	return nil
}

func fileDigest(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
