package config

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"reflect"
	"strings"

	"github.com/caarlos0/env/v11"

	"github.com/conveyor-dev/conveyor/shared/logging"
)

// Validator is a configuration that checks itself once it is loaded. Its
// errors are reported as they are, so they should name the variables
// concerned.
type Validator interface {
	Validate() error
}

// platformChecker is implemented by every struct that embeds Platform, so
// that its checks run even when the struct has a Validate of its own.
type platformChecker interface {
	platformErrors() []error
}

// Load reads the process environment into a T; see LoadFrom.
func Load[T any]() (T, error) {
	return LoadFrom[T](env.ToMap(os.Environ()))
}

// LoadFrom reads environ into a T: every field tagged `env:"NAME"` gets the
// variable's value, or its `envDefault` when the variable is unset or
// empty (an empty required variable is missing). It then runs the checks of an
// embedded Platform and the Validate method of T or *T, if there is one.
//
// The error reports every problem at once, one per line, each prefixed
// "config: " and naming its variable, e.g.
// `config: TABLE_NAME is required`.
func LoadFrom[T any](environ map[string]string) (T, error) {
	var cfg T
	// An empty variable counts as unset, so that `required` refuses it.
	set := make(map[string]string, len(environ))
	for k, v := range environ {
		if v != "" {
			set[k] = v
		}
	}
	environ = set
	if reflect.TypeFor[T]().Kind() != reflect.Struct {
		return cfg, fmt.Errorf("config: %v is not a struct", reflect.TypeFor[T]())
	}
	fields := fieldsOf(reflect.TypeFor[T](), "")

	var errs []error
	badLevels := map[string]bool{}
	for _, f := range fields {
		if f.typ != levelType {
			continue
		}
		raw := f.raw(environ)
		if raw != "" && !isLevelName(raw) {
			badLevels[f.key] = true
			errs = append(errs, fmt.Errorf("config: %s: %q is not one of DEBUG, INFO, WARN, ERROR", f.key, raw))
		}
	}

	if err := env.ParseWithOptions(&cfg, env.Options{Environment: environ}); err != nil {
		errs = append(errs, describe(err, fields, environ, badLevels)...)
	}
	if len(errs) > 0 {
		var zero T
		return zero, errors.Join(errs...)
	}

	if pc, ok := any(&cfg).(platformChecker); ok {
		errs = append(errs, pc.platformErrors()...)
	}
	if v, ok := any(&cfg).(Validator); ok {
		if err := v.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		var zero T
		return zero, errors.Join(errs...)
	}
	return cfg, nil
}

// exit and stderr are where MustLoad stops the process; tests replace them.
var (
	exit             = os.Exit
	stderr io.Writer = os.Stderr
)

// MustLoad is Load for a main: when the configuration is invalid it writes
// one JSON line to stderr,
//
//	{"level":"ERROR","msg":"invalid configuration","error":"config: TABLE_NAME is required"}
//
// (with the time and the function name) and exits with status 1.
func MustLoad[T any]() T {
	cfg, err := Load[T]()
	if err != nil {
		logging.New(stderr, slog.LevelError).Error("invalid configuration", slog.String("error", err.Error()))
		exit(1)
	}
	return cfg
}

// describe turns the errors of env.Parse into messages that name the
// variable concerned.
func describe(err error, fields []field, environ map[string]string, skip map[string]bool) []error {
	var out []error
	for _, e := range flatten(err) {
		var (
			notSet env.VarIsNotSetError
			empty  env.EmptyVarError
			parse  env.ParseError
		)
		switch {
		case errors.As(e, &notSet):
			out = append(out, fmt.Errorf("config: %s is required", notSet.Key))
		case errors.As(e, &empty):
			out = append(out, fmt.Errorf("config: %s must not be empty", empty.Key))
		case errors.As(e, &parse):
			f, ok := lookup(fields, parse.Name, parse.Type)
			switch {
			case !ok:
				out = append(out, fmt.Errorf("config: field %s: %w", parse.Name, parse.Err))
			case skip[f.key]:
			default:
				out = append(out, fmt.Errorf("config: %s: %q is not a valid %v: %w", f.key, f.raw(environ), parse.Type, parse.Err))
			}
		default:
			out = append(out, fmt.Errorf("config: %w", e))
		}
	}
	return out
}

// flatten lists the errors inside env's aggregate errors, which nest for
// embedded structs.
func flatten(err error) []error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return []error{err}
	}
	var out []error
	for _, e := range agg.Errors {
		out = append(out, flatten(e)...)
	}
	return out
}

var levelType = reflect.TypeFor[slog.Level]()

// isLevelName reports whether s names one of the four slog levels.
func isLevelName(s string) bool {
	switch strings.ToUpper(s) {
	case "DEBUG", "INFO", "WARN", "ERROR":
		return true
	}
	return false
}

// field is one tagged field of a configuration struct.
type field struct {
	name       string
	typ        reflect.Type
	key        string
	def        string
	hasDefault bool
}

// raw returns the text the field is parsed from: the variable, or its
// default when the variable is unset or empty.
func (f field) raw(environ map[string]string) string {
	if v, ok := environ[f.key]; ok && v != "" {
		return v
	}
	return f.def
}

// fieldsOf lists the tagged fields of struct type t and of the structs it
// holds, with their variable names.
func fieldsOf(t reflect.Type, prefix string) []field {
	var out []field
	for sf := range t.Fields() {
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("env"), ",")
		ft := sf.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if name == "-" {
			continue
		}
		if name != "" {
			def, hasDefault := sf.Tag.Lookup("envDefault")
			out = append(out, field{name: sf.Name, typ: sf.Type, key: prefix + name, def: def, hasDefault: hasDefault})
			continue
		}
		if ft.Kind() == reflect.Struct {
			out = append(out, fieldsOf(ft, prefix+sf.Tag.Get("envPrefix"))...)
		}
	}
	return out
}

// lookup finds the field env reported by name and type.
func lookup(fields []field, name string, typ reflect.Type) (field, bool) {
	for _, f := range fields {
		if f.name == name && f.typ == typ {
			return f, true
		}
	}
	return field{}, false
}
