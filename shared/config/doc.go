// Package config loads a function's configuration from the environment into
// a typed struct, and validates it.
//
// A function declares its configuration once, as a struct whose fields name
// their variables with `env:"NAME"` tags (options: required, notEmpty,
// file, expand; defaults with `envDefault:"..."`), and embeds Platform for
// the variables every function receives:
//
//	type Config struct {
//		config.Platform
//		ProviderURL string `env:"PROVIDER_URL,required"`
//	}
//
// Its main calls MustLoad once, at the start of the cold start. A missing or
// malformed variable, or a Validate method that fails, stops the process
// with one JSON line on stderr that names every variable concerned, so a bad
// deployment fails at once and says why instead of failing on the first
// request.
package config
