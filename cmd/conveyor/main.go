// Command conveyor is the platform's command line: it builds the functions
// the service declarations name, runs the local cloud, signs local tokens,
// draws an order's journey from its traces, offers load (under faults, if
// asked), switches the local cloud's faults and tends the dead-letter
// queues.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/fnbuild"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

const usage = `usage: conveyor <command> [flags]

commands:
  build       build every function's bootstrap (linux/arm64 by default)
  chaos       show or set the fault switches of a running local cloud: show | set -all 0.03 | off | injected
  cost        what the orders placed since the counters were reset cost on AWS, per order and per 1M orders: [-reset] [-json] [-orders-per-day N]
  dlq         the dead-letter queues, locally or on AWS: list | show <queue> | redrive <queue>
  functions   list the declared functions and their entry packages
  load        offer orders at a fixed rate to a running platform and report latency, outcomes and invariants (make load); -chaos RATE under faults (make soak)
  local up    run the whole platform on this machine (make run)
  token       print a token the local cloud accepts: --sub alice [--group admin] [--ttl 1h]
  trace       print an order's journey across every service as a waterfall: <order-id> [--format json]
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var err error
	switch os.Args[1] {
	case "build":
		err = buildCmd(ctx, os.Args[2:])
	case "chaos":
		err = chaosCmd(ctx, os.Args[2:], os.Stdout, os.Stderr)
	case "cost":
		err = costCmd(ctx, os.Args[2:], os.Stdout)
	case "dlq":
		err = dlqCmd(ctx, os.Args[2:], os.Stdout, os.Stderr)
	case "functions":
		err = functionsCmd()
	case "load":
		err = loadCmd(ctx, os.Args[2:], os.Stdout, os.Stderr)
	case "local":
		err = localCmd(os.Args[2:])
	case "token":
		err = tokenCmd(os.Args[2:])
	case "trace":
		err = traceCmd(ctx, os.Args[2:], os.Stdout)
	case "-h", "--help", "help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "conveyor: unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "conveyor %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func buildCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("build", flag.ExitOnError)
	out := fs.String("out", "build", "output directory: <out>/<function>/bootstrap")
	host := fs.Bool("host", false, "build for this machine instead of Lambda (linux/arm64)")
	_ = fs.Parse(args)
	services := functions.All()
	if err := spec.ValidateAll(services); err != nil {
		return err
	}
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	opts := fnbuild.Lambda(root, *out)
	if *host {
		opts = fnbuild.Host(root, *out, runtime.GOOS, runtime.GOARCH)
	}
	opts.Log = os.Stdout
	_, err = fnbuild.Build(ctx, services, opts)
	return err
}

func functionsCmd() error {
	for _, s := range functions.All() {
		for _, f := range s.Functions {
			fmt.Printf("%s\t%s\t%s\n", s.Name, f.Name, f.Entry)
		}
	}
	return nil
}
