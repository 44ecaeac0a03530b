package middleware

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestAnExecWrapperRunsTheFunctionOnceUnderIt(t *testing.T) {
	if os.Getenv("CONVEYOR_WRAPPER_TEST_CHILD") != "" {
		if err := execWrapper(sysExec); err != nil {
			fmt.Println("error:", err)
			os.Exit(2)
		}
		fmt.Printf("wrapped=%s from-wrapper=%s\n", os.Getenv(wrappedVariable), os.Getenv("FROM_WRAPPER"))
		os.Exit(0)
	}
	dir := t.TempDir()
	mark := filepath.Join(dir, "calls")
	wrapper := filepath.Join(dir, "wrapper")
	script := "#!/bin/sh\necho \"$1\" >> " + mark + "\nFROM_WRAPPER=yes exec \"$@\"\n"
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "-test.run=^TestAnExecWrapperRunsTheFunctionOnceUnderIt$")
	cmd.Env = append(os.Environ(), "CONVEYOR_WRAPPER_TEST_CHILD=1", ExecWrapperVariable+"="+wrapper)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the function under its wrapper: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "wrapped=1 from-wrapper=yes") {
		t.Errorf("the function did not run under the wrapper: %s", out)
	}
	calls, err := os.ReadFile(mark)
	if err != nil {
		t.Fatalf("the wrapper never ran: %v", err)
	}
	if got := strings.Fields(string(calls)); !slices.Equal(got, []string{self}) {
		t.Errorf("the wrapper ran with %q, want once with the function's executable %q", got, self)
	}
}

func TestWithoutAWrapperTheFunctionRunsAsItIs(t *testing.T) {
	env := map[string]string{}
	get := func(k string) string { return env[k] }
	if _, _, _, ok := wrapperCommand(get, "/var/task/bootstrap", nil, nil); ok {
		t.Error("a wrapper was run where none is named")
	}
	env[ExecWrapperVariable] = "/opt/aws-fis/bootstrap"
	path, argv, envv, ok := wrapperCommand(get, "/var/task/bootstrap", []string{"-x"}, []string{"A=1"})
	if !ok || path != "/opt/aws-fis/bootstrap" || !slices.Equal(argv, []string{"/opt/aws-fis/bootstrap", "/var/task/bootstrap", "-x"}) ||
		!slices.Equal(envv, []string{"A=1", wrappedVariable + "=1"}) {
		t.Errorf("wrapper command %q %q %q %v", path, argv, envv, ok)
	}
	env[wrappedVariable] = "1"
	if _, _, _, ok := wrapperCommand(get, "/var/task/bootstrap", nil, nil); ok {
		t.Error("the wrapper would run again inside itself")
	}
}
