// Command app is the Conveyor CDK app: `cdk synth` and `cdk deploy` run it
// (see cdk.json). It reads the stage from the CDK context ("stage", default
// "dev") and the directory of built functions from "assets" (default
// "build").
package main

import (
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/infra"
)

func main() {
	defer jsii.Close()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "infra:", err)
		jsii.Close()
		os.Exit(1)
	}
}

func run() error {
	app := awscdk.NewApp(nil)
	stage, err := infra.StageByName(contextString(app, "stage", "dev"))
	if err != nil {
		return err
	}
	if _, err := infra.Build(app, infra.Props{
		Stage:    stage,
		Services: functions.All(),
		AssetDir: contextString(app, "assets", "build"),
	}); err != nil {
		return err
	}
	app.Synth(nil)
	return nil
}

// contextString is the CDK context value under key (`-c key=value`), or def.
func contextString(app awscdk.App, key, def string) string {
	if v, ok := app.Node().TryGetContext(jsii.String(key)).(string); ok && v != "" {
		return v
	}
	return def
}
