package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/cost"
	"github.com/conveyor-dev/conveyor/internal/metering"
)

const costUsage = `usage: conveyor cost [flags]

Prices the orders placed on a running local cloud since its counters were
last reset: what AWS would bill for the calls the platform made, per order
and per 1M orders, by AWS service and by Conveyor service; which cost
dominates; the fixed monthly costs of the stage; and, with
-orders-per-day, a month at that volume. -reset zeroes the counters
instead (run it before placing the orders to price).

flags:
`

// costCmd prints what the orders metered by the local cloud at -endpoint
// cost on AWS, or resets its counters with -reset.
func costCmd(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("cost", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), costUsage)
		fs.PrintDefaults()
	}
	endpoint := fs.String("endpoint", "http://127.0.0.1:4566", "the local cloud's emulator endpoint, which serves its meter")
	reset := fs.Bool("reset", false, "zero the counters, so that the next report counts only the orders placed after")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	ordersPerDay := fs.Float64("orders-per-day", 0, "add a monthly estimate at this many orders a day")
	stage := fs.String("stage", "prod", "the stage whose fixed monthly costs to list: prod or dev")
	users := fs.Int("monthly-active-users", 0, "users signing in each month, which Cognito bills")
	sampled := fs.Float64("xray-sampled", 0, "the share of traces X-Ray records (0 to 1); 0 means the default sampling rule's rate, from the price table")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *ordersPerDay < 0 || *users < 0 || *sampled < 0 || *sampled > 1 {
		return errors.New("-orders-per-day and -monthly-active-users must not be negative, -xray-sampled must be within 0-1")
	}
	if *reset {
		was, err := metering.ResetAt(ctx, *endpoint)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "counters reset (they held %d orders since %s)\n", was.Orders, was.Since.UTC().Format("2006-01-02 15:04:05 UTC"))
		return nil
	}
	deployment, err := cost.DeploymentByName(*stage)
	if err != nil {
		return err
	}
	report, err := cost.Measure(ctx, *endpoint, functions.All(), cost.Options{
		Deployment: deployment, MonthlyActiveUsers: *users, OrdersPerDay: *ordersPerDay, XRaySampled: *sampled,
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return report.WriteJSON(stdout)
	}
	return report.WriteText(stdout)
}
