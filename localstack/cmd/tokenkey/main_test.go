package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/conveyor-dev/conveyor/infra"
	"github.com/conveyor-dev/conveyor/internal/localcloud/auth"
	"github.com/conveyor-dev/conveyor/localstack/gatekeeper"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

func TestPutWritesThePublicKeyTheLocalTokensAreSignedWith(t *testing.T) {
	env := kumotest.Start(t)
	client := ssm.NewFromConfig(env.Config)
	ctx := context.Background()
	stage := infra.LocalStack() // the emulator is this test binary's own

	read := func() string {
		t.Helper()
		out, err := client.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(stage.TokenKeyParameterName())})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.Parameter.Value)
	}
	// A second machine's key replaces the first one's.
	for _, dir := range []string{t.TempDir(), t.TempDir()} {
		keyFile := filepath.Join(dir, auth.KeyFile)
		name, err := put(ctx, client, stage, keyFile)
		if err != nil {
			t.Fatal(err)
		}
		if name != "/conveyor/"+stage.Name+"/auth/token-public-key" {
			t.Errorf("parameter %s", name)
		}
		keys, err := auth.LoadOrCreate(keyFile) // the key put created
		if err != nil {
			t.Fatal(err)
		}
		got, err := gatekeeper.ParsePublicKey(read())
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(keys.Public()) {
			t.Fatalf("the parameter holds another key than %s's", keyFile)
		}
	}
}

func TestPutRefusesAStageThatSignsInWithCognito(t *testing.T) {
	env := kumotest.Start(t)
	_, err := put(context.Background(), ssm.NewFromConfig(env.Config), infra.Dev(), filepath.Join(t.TempDir(), auth.KeyFile))
	if err == nil || !strings.Contains(err.Error(), "cognito") {
		t.Fatalf("put() error %v, want a refusal naming cognito", err)
	}
}
