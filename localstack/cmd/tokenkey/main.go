// Command tokenkey puts the public half of the local cloud's token signing
// key into the SSM parameter a stage with infra.AuthLocalTokens deploys its
// gatekeeper with (Stage.TokenKeyParameterName), so that the gatekeeper
// accepts the tokens `go run ./cmd/conveyor token` prints. The key is the
// one `conveyor token` signs with (build/local, or -data-dir); it is
// created there if it does not exist yet. Each machine has its own key, so
// the parameter is overwritten on every run; the platform stack reads it
// again on every deploy.
//
// It uses the caller's AWS credentials (ssm:PutParameter); AWS_ENDPOINT_URL
// points it at LocalStack.
//
// Usage: go run ./localstack/cmd/tokenkey [-stage localstack] [-data-dir dir]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/conveyor-dev/conveyor/infra"
	"github.com/conveyor-dev/conveyor/internal/localcloud"
	"github.com/conveyor-dev/conveyor/internal/localcloud/auth"
	"github.com/conveyor-dev/conveyor/localstack/gatekeeper"
)

func main() {
	stage := flag.String("stage", "localstack", "the stage whose gatekeeper key to put")
	dataDir := flag.String("data-dir", "", "the directory of the local cloud's signing key (default: build/local)")
	flag.Parse()
	if err := run(*stage, *dataDir); err != nil {
		fmt.Fprintln(os.Stderr, "tokenkey:", err)
		os.Exit(1)
	}
}

func run(stageName, dataDir string) error {
	stage, err := infra.StageByName(stageName)
	if err != nil {
		return err
	}
	if dataDir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		root, err := localcloud.FindModuleRoot(wd)
		if err != nil {
			return err
		}
		dataDir = localcloud.StateDirFor(root)
	}
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return fmt.Errorf("AWS configuration: %w", err)
	}
	name, err := put(ctx, ssm.NewFromConfig(cfg), stage, filepath.Join(dataDir, auth.KeyFile))
	if err != nil {
		return err
	}
	fmt.Printf("%s: the public key of %s\n", name, filepath.Join(dataDir, auth.KeyFile))
	return nil
}

// put writes the public half of the signing key at keyFile (created when
// missing) to the stage's token key parameter and returns the parameter's
// name.
func put(ctx context.Context, client *ssm.Client, stage infra.Stage, keyFile string) (string, error) {
	if stage.Auth != infra.AuthLocalTokens {
		return "", errors.New("stage " + stage.Name + " signs users in with " + stage.Auth.String() + ", not with the local cloud's tokens")
	}
	keys, err := auth.LoadOrCreate(keyFile)
	if err != nil {
		return "", err
	}
	value, err := gatekeeper.EncodePublicKey(keys.Public())
	if err != nil {
		return "", err
	}
	name := stage.TokenKeyParameterName()
	if _, err := client.PutParameter(ctx, &ssm.PutParameterInput{
		Name:        aws.String(name),
		Value:       aws.String(value),
		Type:        ssmtypes.ParameterTypeString,
		Overwrite:   aws.Bool(true),
		Description: aws.String("Conveyor " + stage.Name + ": the public key the API's gatekeeper verifies local tokens with."),
	}); err != nil {
		return "", fmt.Errorf("put %s: %w", name, err)
	}
	return name, nil
}
