package apperr

import (
	"errors"
	"fmt"
	"strings"
)

// Kind says what went wrong, from the caller's point of view.
type Kind int

// The kinds of error. The zero value, Internal, is what an unclassified
// error is.
const (
	Internal Kind = iota
	// Invalid: the request is malformed or a field is invalid.
	Invalid
	// Unauthenticated: the caller did not prove who they are.
	Unauthenticated
	// Forbidden: the caller is known but not allowed.
	Forbidden
	// NotFound: the thing does not exist (or the caller may not know it does).
	NotFound
	// Conflict: the request clashes with the current state.
	Conflict
	// PreconditionFailed: a condition the caller set (If-Match) does not hold.
	PreconditionFailed
	// TooLarge: the request body is over the limit.
	TooLarge
	// Unprocessable: well-formed, but the domain rules refuse it.
	Unprocessable
	// Unavailable: a dependency is down; retrying later may work.
	Unavailable
)

var kindNames = map[Kind]string{
	Internal: "internal", Invalid: "invalid", Unauthenticated: "unauthenticated",
	Forbidden: "forbidden", NotFound: "not-found", Conflict: "conflict",
	PreconditionFailed: "precondition-failed", TooLarge: "too-large",
	Unprocessable: "unprocessable", Unavailable: "unavailable",
}

// String returns the kind's stable, hyphenated name, e.g. "not-found".
func (k Kind) String() string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Error is an error with a Kind and a message safe to show to the caller.
type Error struct {
	Kind Kind
	// Message is shown to the caller; it must not leak internals.
	Message string
	// Fields lists field-level problems, for Invalid errors.
	Fields []FieldError
	// Err is the underlying cause, if any; it is never shown to the caller.
	Err error
}

// FieldError is one problem with one field of the input.
type FieldError struct {
	// Field is the field's path in the input, dotted: "price.amount".
	Field string `json:"field"`
	// Reason says what is wrong, as a phrase: "must not be negative".
	Reason string `json:"reason"`
}

// Error returns the message, the field problems and the cause.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.Field + " " + f.Reason)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error of the same kind and message, so
// that sentinel errors made with New can be matched with errors.Is after
// being wrapped.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && t.Message == e.Message && t.Err == nil && len(t.Fields) == 0
}

// New returns an error of the given kind; use it for sentinel errors.
func New(kind Kind, message string) *Error {
	return &Error{Kind: kind, Message: message}
}

// Wrap returns an error of the given kind whose cause is err.
func Wrap(kind Kind, message string, err error) *Error {
	return &Error{Kind: kind, Message: message, Err: err}
}

// Validation returns an Invalid error listing field problems.
func Validation(fields ...FieldError) *Error {
	return &Error{Kind: Invalid, Message: "the request is not valid", Fields: fields}
}

// KindOf returns the kind of the first *Error in err's chain, or Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Fields collects field problems; the zero value is ready to use.
type Fields []FieldError

// Add records a problem with a field.
func (f *Fields) Add(field, reason string) { *f = append(*f, FieldError{Field: field, Reason: reason}) }

// Err returns a Validation error with the collected problems, or nil.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return Validation(f...)
}
