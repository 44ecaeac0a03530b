package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestEveryDeclaredParameterIsListedWithTheVersionTheStagePins(t *testing.T) {
	for _, stage := range []string{"dev", "prod"} {
		var out bytes.Buffer
		params, err := parameters(stage, functions.All())
		if err != nil {
			t.Fatal(err)
		}
		if err := run(&out, params); err != nil {
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
	_, err := parameters("dev", append(functions.All(), extra))
	if err == nil || !strings.Contains(err.Error(), `pins no version of "parcels/carrier-key"`) {
		t.Fatalf("parameters() = %v, want a refusal naming the parameter", err)
	}
}

// script runs ensure against the emulator for the parameter lines of
// input ("name version variable") with extra variables ("NAME=value"),
// and returns its output, its error output and whether it succeeded.
func script(t *testing.T, env kumotest.Env, input string, extra ...string) (string, string, bool) {
	t.Helper()
	var params []parameter
	for _, line := range strings.Split(strings.TrimSpace(input), "\n") {
		var p parameter
		if _, err := fmt.Sscan(line, &p.Name, &p.Pinned, &p.Variable); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		params = append(params, p)
	}
	vars := map[string]string{}
	for _, kv := range extra {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	var stdout, stderr bytes.Buffer
	ok := ensure(t.Context(), ssm.NewFromConfig(env.Config), params, func(k string) string { return vars[k] }, &stdout, &stderr)
	return stdout.String(), stderr.String(), ok
}

// parameterOn returns the value and version of an SSM parameter on the
// emulator.
func parameterOn(t *testing.T, env kumotest.Env, name string) string {
	t.Helper()
	out, err := ssm.NewFromConfig(env.Config).GetParameter(t.Context(), &ssm.GetParameterInput{Name: aws.String(name)})
	if err != nil {
		t.Fatalf("get %s: %v", name, err)
	}
	return fmt.Sprintf("%s %d", aws.ToString(out.Parameter.Value), out.Parameter.Version)
}

func TestTheDeployCreatesAMissingParameterAndChecksThePinnedVersion(t *testing.T) {
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
		if got := parameterOn(t, env, name); got != "https://psp.example.com 1" {
			t.Errorf("parameter is %q, want the value at version 1", got)
		}
	})
	t.Run("an existing parameter is left as it is", func(t *testing.T) {
		_, stderr, ok := script(t, env, line, "CONVEYOR_PARAM_PAYMENTS_PROVIDER_URL=https://other.example.com")
		if !ok {
			t.Fatalf("failed: %s", stderr)
		}
		if got := parameterOn(t, env, name); got != "https://psp.example.com 1" {
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
