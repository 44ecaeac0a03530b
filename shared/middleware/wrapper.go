package middleware

import (
	"fmt"
	"os"
	"syscall"
)

// ExecWrapperVariable names the wrapper script Lambda starts a function's
// runtime through (AWS_LAMBDA_EXEC_WRAPPER), as extensions such as the
// AWS FIS extension ask: the wrapper gets the runtime's command line as
// its arguments and runs it, with the runtime API pointed at the
// extension. Lambda runs wrappers on its managed runtimes only, not on
// the OS-only ones Go functions use, so Main runs it itself.
const ExecWrapperVariable = "AWS_LAMBDA_EXEC_WRAPPER"

// wrappedVariable marks a process the wrapper started, so that it does not
// run the wrapper again.
const wrappedVariable = "CONVEYOR_EXEC_WRAPPED"

// wrapperCommand returns the command that runs the function's process,
// self with args, under the wrapper env names, and false when there is
// none or the process already runs under it.
func wrapperCommand(env func(string) string, self string, args, environ []string) (path string, argv, envv []string, ok bool) {
	wrapper := env(ExecWrapperVariable)
	if wrapper == "" || env(wrappedVariable) != "" {
		return "", nil, nil, false
	}
	argv = append([]string{wrapper, self}, args...)
	envv = append(append([]string(nil), environ...), wrappedVariable+"=1")
	return wrapper, argv, envv, true
}

// execWrapper replaces the process with the wrapper running it, when
// AWS_LAMBDA_EXEC_WRAPPER names one; it returns only when there is none
// or the wrapper cannot be run.
func execWrapper(exec func(path string, argv, envv []string) error) error {
	if os.Getenv(ExecWrapperVariable) == "" {
		// Every cold start without a wrapper stops here, at one lookup.
		return nil
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find the function's own executable for %s: %w", ExecWrapperVariable, err)
	}
	path, argv, envv, ok := wrapperCommand(os.Getenv, self, os.Args[1:], os.Environ())
	if !ok {
		return nil
	}
	if err := exec(path, argv, envv); err != nil {
		return fmt.Errorf("run the %s %s: %w", ExecWrapperVariable, path, err)
	}
	return nil
}

// sysExec is syscall.Exec; tests replace it.
var sysExec = syscall.Exec
