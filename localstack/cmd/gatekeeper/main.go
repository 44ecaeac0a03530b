// Command gatekeeper is the Lambda function that authenticates customer
// and admin routes in a stage without Cognito (see package
// localstack/gatekeeper). `make localstack-build` builds it into
// build/localstack/gatekeeper/bootstrap.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/conveyor-dev/conveyor/localstack/gatekeeper"
)

func main() {
	g, err := build(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "gatekeeper failed to start:", err)
		os.Exit(1)
	}
	lambda.Start(g.Handle)
}

// build reads the key and the routes from the environment and makes the
// Lambda client (AWS_ENDPOINT_URL, which LocalStack sets in its function
// containers, points it at LocalStack).
func build(ctx context.Context) (*gatekeeper.Gatekeeper, error) {
	key, err := gatekeeper.ParsePublicKey(os.Getenv(gatekeeper.EnvPublicKey))
	if err != nil {
		return nil, err
	}
	routes, err := gatekeeper.ParseRoutes(os.Getenv(gatekeeper.EnvRoutes))
	if err != nil {
		return nil, err
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("AWS configuration: %w", err)
	}
	return gatekeeper.New(key, routes, gatekeeper.LambdaInvoker{Client: awslambda.NewFromConfig(cfg)})
}
