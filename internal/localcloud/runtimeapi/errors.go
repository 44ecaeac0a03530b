package runtimeapi

import (
	"errors"
	"fmt"
)

// ErrClosed is returned by Invoke once the server is shutting down.
var ErrClosed = errors.New("runtime API server closed")

// ErrQueueFull is returned by Invoke when too many invocations wait for a
// free process.
var ErrQueueFull = errors.New("too many pending invocations")

// The error types the platform itself reports, as Lambda names them.
const (
	ErrorTypeExit         = "Runtime.ExitError"
	ErrorTypeTimeout      = "Sandbox.Timedout"
	ErrorTypeResponseSize = "Function.ResponseSizeTooLarge"
	ErrorTypeUnknown      = "Runtime.Unknown"
)

// FunctionError is an invocation that failed: the handler returned an
// error, the process crashed or timed out, or init failed. Payload is the
// error document Lambda returns to a synchronous caller.
type FunctionError struct {
	// Type is errorType, e.g. "errorString", "Runtime.ExitError".
	Type string `json:"errorType,omitempty"`
	// Message is errorMessage.
	Message string `json:"errorMessage"`
	// StackTrace is the stack the runtime reported, if any.
	StackTrace any `json:"stackTrace,omitempty"`
	// Init is true when the function failed during its init phase.
	Init bool `json:"-"`
}

// Error returns the type and message.
func (e *FunctionError) Error() string {
	phase := "invocation"
	if e.Init {
		phase = "init"
	}
	if e.Type == "" {
		return fmt.Sprintf("function %s error: %s", phase, e.Message)
	}
	return fmt.Sprintf("function %s error: %s: %s", phase, e.Type, e.Message)
}
