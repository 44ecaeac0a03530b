package schemas

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// BaseURL is the prefix of every schema's $id; a schema file's $id is
// BaseURL followed by its file name.
const BaseURL = "https://conveyor.dev/events/schemas/"

//go:embed *.json
var files embed.FS

var (
	compileOnce sync.Once
	compiled    map[string]*jsonschema.Schema
	compileErr  error
)

// ErrNoSchema is returned for an event type and version with no schema.
var ErrNoSchema = errors.New("schemas: no schema for the event")

// FileName is the schema file of an event type and version.
func FileName(eventType string, version int) string {
	return eventType + ".v" + strconv.Itoa(version) + ".json"
}

// Source returns the text of the named schema file.
func Source(name string) ([]byte, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("schemas: %w", err)
	}
	return b, nil
}

// Files lists the embedded schema files, sorted by name.
func Files() []string {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(entries))
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// Has reports whether an event type and version has a schema.
func Has(eventType string, version int) bool {
	_, err := schemaFor(FileName(eventType, version))
	return err == nil
}

// Validate checks detail, an event's EventBridge detail (the envelope),
// against the schema its type and version name. The error lists every
// violation.
func Validate(detail []byte) error {
	var head struct {
		Type    string `json:"type"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(detail, &head); err != nil {
		return fmt.Errorf("schemas: detail is not an envelope: %w", err)
	}
	sch, err := schemaFor(FileName(head.Type, head.Version))
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(detail))
	if err != nil {
		return fmt.Errorf("schemas: detail is not JSON: %w", err)
	}
	if err := sch.Validate(doc); err != nil {
		return fmt.Errorf("schemas: %s v%d: %w", head.Type, head.Version, err)
	}
	return nil
}

func schemaFor(name string) (*jsonschema.Schema, error) {
	compileOnce.Do(compileAll)
	if compileErr != nil {
		return nil, compileErr
	}
	sch, ok := compiled[name]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoSchema, strings.TrimSuffix(name, ".json"))
	}
	return sch, nil
}

// compileAll loads every embedded file as a resource under its $id, so
// references between them resolve without any network or disk access,
// then compiles each event schema.
func compileAll() {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	names := Files()
	for _, name := range names {
		b, err := files.ReadFile(name)
		if err != nil {
			compileErr = fmt.Errorf("schemas: %w", err)
			return
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			compileErr = fmt.Errorf("schemas: %s: %w", name, err)
			return
		}
		if id, _ := doc.(map[string]any)["$id"].(string); id != BaseURL+name {
			compileErr = fmt.Errorf("schemas: %s: $id must be %q, not %q", name, BaseURL+name, id)
			return
		}
		if err := c.AddResource(BaseURL+name, doc); err != nil {
			compileErr = fmt.Errorf("schemas: %s: %w", name, err)
			return
		}
	}
	compiled = map[string]*jsonschema.Schema{}
	for _, name := range names {
		if !strings.Contains(name, ".v") {
			continue
		}
		sch, err := c.Compile(BaseURL + path.Base(name))
		if err != nil {
			compileErr = fmt.Errorf("schemas: compile %s: %w", name, err)
			return
		}
		compiled[name] = sch
	}
}
