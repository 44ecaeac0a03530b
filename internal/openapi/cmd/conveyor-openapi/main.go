// Command conveyor-openapi writes the API's contract, docs/openapi.json,
// from the service declarations and their HTTP ports' operations. With
// -check it writes nothing and fails when the file is stale.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/openapi"
)

func main() {
	root := flag.String("root", ".", "the module root")
	check := flag.Bool("check", false, "fail when the file is stale instead of writing it")
	flag.Parse()
	if err := run(*root, *check); err != nil {
		fmt.Fprintln(os.Stderr, "conveyor-openapi:", err)
		os.Exit(1)
	}
}

func run(root string, check bool) error {
	doc, err := openapi.Document(functions.All(), openapi.LocalServer)
	if err != nil {
		return err
	}
	if _, err := openapi.Load(doc); err != nil {
		return err
	}
	doc = append(doc, '\n')
	path := filepath.Join(root, openapi.OutputFile)
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
	return os.WriteFile(path, doc, 0o644)
}
