package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestEveryDeclaredParameterIsListedWithTheVersionTheStagePins(t *testing.T) {
	for _, stage := range []string{"dev", "prod"} {
		var out bytes.Buffer
		if err := run(&out, stage, functions.All()); err != nil {
			t.Fatal(err)
		}
		want := "/conveyor/" + stage + "/" + payments.ProviderURLParameter + " 1 CONVEYOR_PARAM_PAYMENTS_PROVIDER_URL\n"
		if out.String() != want {
			t.Errorf("%s: listed %q, want %q", stage, out.String(), want)
		}
	}
}

func TestAParameterTheStageDoesNotPinIsRefused(t *testing.T) {
	extra := spec.Service{Name: "parcels", Functions: []spec.Function{{
		Name: "parcels-worker", Environment: map[string]spec.Var{"KEY": spec.Parameter("parcels/carrier-key")},
	}}}
	err := run(&bytes.Buffer{}, "dev", append(functions.All(), extra))
	if err == nil || !strings.Contains(err.Error(), `pins no version of "parcels/carrier-key"`) {
		t.Fatalf("run() = %v, want a refusal naming the parameter", err)
	}
}

// script runs infra/stage_parameters.sh against the emulator with the
// given lines on its input and extra environment, and returns its output,
// its error output and whether it succeeded.
func script(t *testing.T, env kumotest.Env, input string, extra ...string) (string, string, bool) {
	t.Helper()
	cmd := exec.Command("bash", filepath.Join("..", "..", "stage_parameters.sh"))
	cmd.Stdin = strings.NewReader(input)
	cmd.Env = append(os.Environ(),
		"AWS_ENDPOINT_URL="+env.Endpoint,
		"AWS_ACCESS_KEY_ID="+kumotest.AccessKeyID, "AWS_SECRET_ACCESS_KEY="+kumotest.SecretAccessKey,
		"AWS_REGION="+kumotest.Region, "AWS_DEFAULT_REGION="+kumotest.Region,
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
	)
	cmd.Env = append(cmd.Env, extra...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), err == nil
}

// parameter returns the value and version of an SSM parameter on the
// emulator, read with the AWS CLI.
func parameter(t *testing.T, env kumotest.Env, name string) string {
	t.Helper()
	cmd := exec.CommandContext(context.Background(), "aws", "--endpoint-url", env.Endpoint, "ssm", "get-parameter",
		"--name", name, "--query", "[Parameter.Value,Parameter.Version]", "--output", "text")
	cmd.Env = append(os.Environ(),
		"AWS_ACCESS_KEY_ID="+kumotest.AccessKeyID, "AWS_SECRET_ACCESS_KEY="+kumotest.SecretAccessKey,
		"AWS_DEFAULT_REGION="+kumotest.Region, "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("get %s: %v", name, err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestTheDeployCreatesAMissingParameterAndChecksThePinnedVersion(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the AWS CLI is not installed; make deploy needs it")
	}
	env := kumotest.Start(t)
	name := "/conveyor/" + kumotest.UniqueName(t, "st") + "/payments/provider-url"
	line := name + " 1 CONVEYOR_PARAM_PAYMENTS_PROVIDER_URL\n"

	t.Run("without a value it says which variable to set", func(t *testing.T) {
		_, stderr, ok := script(t, env, line)
		if ok || !strings.Contains(stderr, name+" does not exist: set CONVEYOR_PARAM_PAYMENTS_PROVIDER_URL") {
			t.Fatalf("succeeded %v, stderr %q; want a failure naming the variable", ok, stderr)
		}
	})
	t.Run("with a value it creates version 1", func(t *testing.T) {
		stdout, stderr, ok := script(t, env, line, "CONVEYOR_PARAM_PAYMENTS_PROVIDER_URL=https://psp.example.com")
		if !ok || !strings.Contains(stdout, "created (version 1)") {
			t.Fatalf("succeeded %v, stdout %q, stderr %q; want the parameter created", ok, stdout, stderr)
		}
		if got := parameter(t, env, name); got != "https://psp.example.com 1" {
			t.Errorf("parameter is %q, want the value at version 1", got)
		}
	})
	t.Run("an existing parameter is left as it is", func(t *testing.T) {
		_, stderr, ok := script(t, env, line, "CONVEYOR_PARAM_PAYMENTS_PROVIDER_URL=https://other.example.com")
		if !ok {
			t.Fatalf("failed: %s", stderr)
		}
		if got := parameter(t, env, name); got != "https://psp.example.com 1" {
			t.Errorf("parameter is %q, want it unchanged", got)
		}
	})
	t.Run("a pinned version that does not exist fails", func(t *testing.T) {
		_, stderr, ok := script(t, env, name+" 2 CONVEYOR_PARAM_PAYMENTS_PROVIDER_URL\n")
		if ok || !strings.Contains(stderr, "pins version 2, the latest is 1") {
			t.Fatalf("succeeded %v, stderr %q; want a failure about the pinned version", ok, stderr)
		}
	})
}
