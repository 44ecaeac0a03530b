package logging

import (
	"encoding/json"
	"log/slog"
)

// Redacted is what a Secret prints as.
const Redacted = "[REDACTED]"

// Secret is a string that must never reach a log. It prints as Redacted in
// slog records, with the fmt verbs and in JSON; Reveal returns the value.
type Secret string

// LogValue keeps the value out of slog records.
func (Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

// String keeps the value out of fmt output.
func (Secret) String() string { return Redacted }

// GoString keeps the value out of %#v output.
func (Secret) GoString() string { return Redacted }

// MarshalJSON keeps the value out of JSON.
func (Secret) MarshalJSON() ([]byte, error) { return json.Marshal(Redacted) }

// Reveal returns the secret value, for the one place that needs it.
func (s Secret) Reveal() string { return string(s) }
