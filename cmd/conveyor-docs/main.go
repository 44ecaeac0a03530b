// Command conveyor-docs writes the generated documentation from the
// service declarations: the event catalog, docs/events.md (with package
// events), and the API's contract, docs/openapi.json (with the HTTP
// ports' operations). With -check it writes nothing and fails when a file
// is stale.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/docgen"
	"github.com/conveyor-dev/conveyor/internal/openapi"
)

func main() {
	root := flag.String("root", ".", "the module root")
	check := flag.Bool("check", false, "fail when a file is stale instead of writing it")
	flag.Parse()
	if err := run(*root, *check); err != nil {
		fmt.Fprintln(os.Stderr, "conveyor-docs:", err)
		os.Exit(1)
	}
}

func run(root string, check bool) error {
	events, err := docgen.Render(root, functions.All())
	if err != nil {
		return err
	}
	contract, err := openapi.Document(functions.All(), openapi.LocalServer)
	if err != nil {
		return err
	}
	if _, err := openapi.Load(contract); err != nil {
		return err
	}
	for file, doc := range map[string][]byte{docgen.OutputFile: events, openapi.OutputFile: contract} {
		if err := write(filepath.Join(root, file), append(doc, '\n'), check); err != nil {
			return err
		}
	}
	return nil
}

// write writes doc to path, or with check fails when path holds
// something else.
func write(path string, doc []byte, check bool) error {
	if check {
		got, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, doc) {
			return fmt.Errorf("%s is stale: run make docs", path)
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, doc, 0o644)
}
