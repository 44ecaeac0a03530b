package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/xray"

	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/internal/trace"
)

const traceUsage = `usage: conveyor trace [flags] <order-id>

Prints the order's whole journey, across every trace that carries its id
or its correlation id, as a waterfall: service, function, operation, start
offset, duration, outcome and errors of every hop.

flags:
`

// traceCmd prints an order's journey from the local cloud's X-Ray API, or
// from AWS X-Ray with -endpoint aws.
func traceCmd(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("trace", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), traceUsage)
		fs.PrintDefaults()
	}
	endpoint := fs.String("endpoint", "http://127.0.0.1:4566", `X-Ray API endpoint: the local cloud's emulator, or "aws" for AWS X-Ray with your credentials`)
	format := fs.String("format", "text", "output format: text (a waterfall) or json")
	since := fs.Duration("since", 6*time.Hour, "how far back to look for the order's traces")
	// Flags may come before or after the order id.
	var orderID string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		if orderID != "" {
			return fmt.Errorf("one order id, please: got %q and %q", orderID, fs.Arg(0))
		}
		orderID, args = fs.Arg(0), fs.Args()[1:]
	}
	if orderID == "" {
		fs.Usage()
		return errors.New("an order id is required")
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("-format %q: want text or json", *format)
	}
	if *since <= 0 {
		return fmt.Errorf("-since %s: want a positive duration", *since)
	}
	client, err := xrayClient(ctx, *endpoint)
	if err != nil {
		return err
	}
	now := time.Now()
	j, err := trace.Find(ctx, client, trace.Query{OrderID: orderID, Start: now.Add(-*since), End: now.Add(time.Minute)})
	if err != nil {
		return err
	}
	if *format == "json" {
		return j.WriteJSON(stdout)
	}
	return j.WriteText(stdout)
}

func xrayClient(ctx context.Context, endpoint string) (*xray.Client, error) {
	if endpoint == "aws" {
		cfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			return nil, fmt.Errorf("AWS configuration: %w", err)
		}
		return xray.NewFromConfig(cfg), nil
	}
	clients, err := awsclients.New(ctx, endpoint)
	if err != nil {
		return nil, err
	}
	return xray.NewFromConfig(clients.Config), nil
}
