package openapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

// role is what a Go type is used for: a request's body or a response's.
// A request's fields are required only when its Body says so; a
// response's when their JSON encoding always writes them.
type role int

const (
	requestRole role = iota + 1
	responseRole
)

// schemaSet turns Go types into JSON Schema (2020-12, as OpenAPI 3.1 has
// it), one component per named struct type.
type schemaSet struct {
	// names are the component names of the struct types, chosen up front
	// so that two types of one name in two packages get distinct names.
	names map[reflect.Type]string
	// components are the schemas by component name.
	components map[string]map[string]any
	// roles remember what each struct type was first used for.
	roles map[reflect.Type]role
	// annotated remember who described a field, so that two
	// descriptions of one field are caught.
	annotated map[string]httpapi.Field
}

func newSchemaSet() *schemaSet {
	return &schemaSet{
		names: map[reflect.Type]string{}, components: map[string]map[string]any{},
		roles: map[reflect.Type]role{}, annotated: map[string]httpapi.Field{},
	}
}

// nameTypes gives every struct type reachable from roots its component
// name: its Go name, capitalised, or, when two types share that name,
// its Go name prefixed with its service (the package path's element
// after "functions/") or package.
func (s *schemaSet) nameTypes(roots []reflect.Type) {
	byName := map[string][]reflect.Type{}
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		t = deref(t)
		switch t.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map:
			walk(t.Elem())
			return
		case reflect.Struct:
		default:
			return
		}
		if t == timeType || seen[t] {
			return
		}
		seen[t] = true
		if t.Name() != "" {
			byName[exported(t.Name())] = append(byName[exported(t.Name())], t)
		}
		for _, f := range jsonFields(t) {
			walk(f.typ)
		}
	}
	for _, t := range roots {
		walk(t)
	}
	for name, types := range byName {
		for _, t := range types {
			if len(types) == 1 {
				s.names[t] = name
			} else {
				s.names[t] = exported(qualifier(t.PkgPath())) + name
			}
		}
	}
}

// schemaOf returns the schema of t used as r, registering the components
// it needs.
func (s *schemaSet) schemaOf(t reflect.Type, r role) (map[string]any, error) {
	t = deref(t)
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}, nil
	case t.Kind() == reflect.String:
		return map[string]any{"type": "string"}, nil
	case t.Kind() == reflect.Bool:
		return map[string]any{"type": "boolean"}, nil
	case t.Kind() == reflect.Int64 || t.Kind() == reflect.Uint64:
		m := map[string]any{"type": "integer", "format": "int64"}
		if t.Kind() == reflect.Uint64 {
			m["minimum"] = 0
		}
		return m, nil
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint32:
		return map[string]any{"type": "integer"}, nil
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return map[string]any{"type": "number"}, nil
	case t.Kind() == reflect.Interface:
		return map[string]any{}, nil
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		items, err := s.schemaOf(t.Elem(), r)
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "array", "items": items}, nil
	case t.Kind() == reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, fmt.Errorf("openapi: %s: only maps with string keys are JSON objects", t)
		}
		values, err := s.schemaOf(t.Elem(), r)
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "object", "additionalProperties": values}, nil
	case t.Kind() == reflect.Struct:
		return s.component(t, r)
	}
	return nil, fmt.Errorf("openapi: %s has no JSON Schema here", t)
}

// component registers the struct type t and returns a reference to it.
func (s *schemaSet) component(t reflect.Type, r role) (map[string]any, error) {
	name, ok := s.names[t]
	if !ok {
		return nil, fmt.Errorf("openapi: %s was not named (an anonymous struct?)", t)
	}
	ref := map[string]any{"$ref": "#/components/schemas/" + name}
	if first, ok := s.roles[t]; ok {
		if first != r {
			return nil, fmt.Errorf("openapi: %s is used both as a request and as a response body; give each its own type", t)
		}
		return ref, nil
	}
	s.roles[t] = r
	props := map[string]any{}
	var required []string
	obj := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	s.components[name] = obj
	for _, f := range jsonFields(t) {
		fs, err := s.schemaOf(f.typ, r)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t, f.name, err)
		}
		if r == responseRole && !f.omitEmpty {
			required = append(required, f.name)
			if f.typ.Kind() == reflect.Pointer {
				fs = nullable(fs)
			}
		}
		props[f.name] = fs
	}
	if len(required) > 0 {
		obj["required"] = required
	}
	return ref, nil
}

// nullable lets a schema hold null too.
func nullable(s map[string]any) map[string]any {
	if t, ok := s["type"].(string); ok {
		s["type"] = []any{t, "null"}
		return s
	}
	return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
}

// bodySchema returns the schema of a request or response body, with its
// Required and Fields applied to the components it uses.
func (s *schemaSet) bodySchema(b *httpapi.Body, r role) (map[string]any, error) {
	t := reflect.TypeOf(b.Type)
	if t == nil {
		return nil, fmt.Errorf("openapi: a body without a Type")
	}
	schema, err := s.schemaOf(t, r)
	if err != nil {
		return nil, err
	}
	for _, path := range b.Required {
		if r != requestRole {
			return nil, fmt.Errorf("openapi: %s: a response's required fields follow from its JSON encoding, not from Required", t)
		}
		obj, _, name, err := s.fieldOf(t, path)
		if err != nil {
			return nil, err
		}
		req, _ := obj["required"].([]string)
		if !slices.Contains(req, name) {
			obj["required"] = append(req, name)
		}
	}
	for _, path := range sortedKeys(b.Fields) {
		f := b.Fields[path]
		obj, component, name, err := s.fieldOf(t, path)
		if err != nil {
			return nil, err
		}
		key := component + "." + name
		if prev, ok := s.annotated[key]; ok && !reflect.DeepEqual(prev, f) {
			return nil, fmt.Errorf("openapi: %s: field %s is described twice, differently", t, path)
		}
		s.annotated[key] = f
		annotate(obj["properties"].(map[string]any)[name].(map[string]any), f)
	}
	return schema, nil
}

// fieldOf finds the component holding the field at the dotted path in
// t, its name, and the field's JSON name.
func (s *schemaSet) fieldOf(t reflect.Type, path string) (obj map[string]any, component, name string, err error) {
	parts := strings.Split(path, ".")
	cur := elem(t)
	for i, part := range parts {
		obj, ok := s.components[s.names[cur]]
		if !ok {
			return nil, "", "", fmt.Errorf("openapi: %s: %q is not inside an object", t, strings.Join(parts[:i+1], "."))
		}
		var next reflect.Type
		for _, f := range jsonFields(cur) {
			if f.name == part {
				next = f.typ
			}
		}
		if next == nil {
			return nil, "", "", fmt.Errorf("openapi: %s has no field %q", t, strings.Join(parts[:i+1], "."))
		}
		if i == len(parts)-1 {
			return obj, s.names[cur], part, nil
		}
		cur = elem(next)
	}
	return nil, "", "", fmt.Errorf("openapi: %s: an empty field path", t)
}

// annotate writes a field's description and bounds into its schema; for
// an array, the bounds go to its items.
func annotate(schema map[string]any, f httpapi.Field) {
	if f.Description != "" {
		schema["description"] = f.Description
	}
	target := schema
	if items, ok := schema["items"].(map[string]any); ok {
		target = items
	}
	if f.Format != "" {
		target["format"] = f.Format
	}
	if f.Pattern != "" {
		target["pattern"] = f.Pattern
	}
	if len(f.Enum) > 0 {
		target["enum"] = f.Enum
	}
	if f.Minimum != nil {
		target["minimum"] = *f.Minimum
	}
	if f.Maximum != nil {
		target["maximum"] = *f.Maximum
	}
}

// field is one JSON field of a struct type.
type field struct {
	name      string
	typ       reflect.Type
	omitEmpty bool
}

// jsonFields lists the fields encoding/json writes for t, in order, with
// the fields of embedded structs without a name promoted.
func jsonFields(t reflect.Type) []field {
	var out []field
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if sf.Anonymous && name == "" && deref(sf.Type).Kind() == reflect.Struct {
			out = append(out, jsonFields(deref(sf.Type))...)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		out = append(out, field{name: name, typ: sf.Type, omitEmpty: slices.Contains(strings.Split(opts, ","), "omitempty")})
	}
	return out
}

var timeType = reflect.TypeFor[time.Time]()

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// elem is the struct type a field path walks into: through pointers and
// the elements of slices.
func elem(t reflect.Type) reflect.Type {
	t = deref(t)
	for t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = deref(t.Elem())
	}
	return t
}

func exported(name string) string {
	if name == "" {
		return ""
	}
	r := []rune(name)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// qualifier names the service (or package) of a Go package path.
func qualifier(pkgPath string) string {
	parts := strings.Split(pkgPath, "/")
	for i, p := range parts {
		if p == "functions" && i+1 < len(parts) {
			return parts[i+1]
		}
	}
	return parts[len(parts)-1]
}

// asJSON turns a Go value into the JSON data it encodes to.
func asJSON(v any) (any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(raw, &out)
	return out, err
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
