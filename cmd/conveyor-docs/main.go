// Command conveyor-docs writes the generated documentation: the event
// catalog, docs/events.md, from the service declarations and package
// events. With -check it writes nothing and fails when the file is stale.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/docgen"
)

func main() {
	root := flag.String("root", ".", "the module root")
	check := flag.Bool("check", false, "fail when the file is stale instead of writing it")
	flag.Parse()
	if err := run(*root, *check); err != nil {
		fmt.Fprintln(os.Stderr, "conveyor-docs:", err)
		os.Exit(1)
	}
}

func run(root string, check bool) error {
	doc, err := docgen.Render(root, functions.All())
	if err != nil {
		return err
	}
	doc = append(doc, '\n')
	path := filepath.Join(root, docgen.OutputFile)
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
