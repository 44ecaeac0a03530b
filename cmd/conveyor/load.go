package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/chaos"
	"github.com/conveyor-dev/conveyor/internal/dlq"
	"github.com/conveyor-dev/conveyor/internal/load"
	"github.com/conveyor-dev/conveyor/internal/localcloud"
	"github.com/conveyor-dev/conveyor/internal/localcloud/auth"
	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

const loadUsage = `usage: conveyor load [flags]

Offers orders at a fixed rate (open loop: arrivals never wait for earlier
answers) to a running platform, the local cloud of make run by default,
waits for every order's saga to settle, checks that stock and money are
conserved, that nothing was shipped or charged twice and that every
dead-letter queue is empty, and reports the rates, the accept and saga
latency percentiles and the outcomes. Sagas are timed from their final
event on the bus, heard through a rule and queue the run creates and
deletes; the API is never asked for an order's status.

The report is printed (-json for JSON) and written, with a chart, to
<out>/load.txt, load.json and load.png. The exit status is 1 when an
order did not settle or an invariant broke.

Against LocalStack or a deployed stage: -api URL -endpoint aws (or the
LocalStack URL) -prefix conveyor-<stage>, and tokens with -admin-token
and -customer-token (or CONVEYOR_E2E_ADMIN_TOKEN and
CONVEYOR_E2E_CUSTOMER_TOKEN).

Under faults (-chaos RATE, or the single -chaos-* switches): the local
cloud's faults are turned on from the first order to the last answer
(crashes, throttling, partial PutEvents, duplicate and late SQS delivery,
latency, and payment provider errors at -chaos-provider-errors), then
off while the sagas settle. Requests whose answer a crash lost are sent
again with the same Idempotency-Key. A message found in a dead-letter
queue is shown with the reason its consumer logged and redriven, and the
run waits for its saga. The report adds the faults injected by kind,
the faults survived and the orders lost, also as <out>/chaos.json and
chaos.png; the exit status is 1 on any loss.

flags:
`

// loadCmd runs conveyor load.
func loadCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), loadUsage)
		fs.PrintDefaults()
	}
	rate := fs.Float64("rate", 20, "orders offered per second")
	duration := fs.Duration("duration", 30*time.Second, "how long to offer orders")
	orders := fs.Int("orders", 0, "how many orders to offer (instead of -duration)")
	apiURL := fs.String("api", "http://127.0.0.1:8080", "the platform's API URL")
	endpoint := fs.String("endpoint", "http://127.0.0.1:4566", `where the platform's bus and queues are: the local cloud's emulator, or "aws" for your AWS credentials`)
	prefix := fs.String("prefix", provision.DefaultPrefix, "the platform's resource prefix, conveyor-<stage>: its bus and its queues' names start with it")
	stateDir := fs.String("state-dir", "", "the local cloud's state directory, for its token key and provider simulator (default build/local, or its -data-dir)")
	adminToken := fs.String("admin-token", os.Getenv("CONVEYOR_E2E_ADMIN_TOKEN"), "an admin token; default: signed with the local cloud's key")
	customerToken := fs.String("customer-token", os.Getenv("CONVEYOR_E2E_CUSTOMER_TOKEN"), "a customer token; default: customers signed with the local cloud's key")
	customers := fs.Int("customers", 16, "how many customers place the orders, with tokens signed locally")
	psp := fs.String("psp", "", `the payment provider simulator's URL; default: the local cloud's when tokens are signed locally; "none" for none (no order is declined on purpose, the provider's ledger is not checked)`)
	wait := fs.Duration("wait", 0, "how long to wait for the API to answer before the run, for a platform still starting")
	settle := fs.Duration("settle-timeout", 2*time.Minute, "how long, after the last answer, every order has to settle and the invariants to hold")
	outDir := fs.String("out", filepath.Join("build", "bench"), "where load.txt, load.json and load.png are written")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	seed := fs.Uint64("seed", 0, "seed of the orders' lines (0: random; the report names it)")
	mix := load.DefaultMix
	fs.Float64Var(&mix.OutOfStock, "out-of-stock", mix.OutOfStock, "share of orders with a line out of stock")
	fs.Float64Var(&mix.Declined, "declined", mix.Declined, "share of orders the payment provider declines")
	fs.Float64Var(&mix.CancelEarly, "cancel-early", mix.CancelEarly, "share of orders their customer cancels once accepted")
	fs.Float64Var(&mix.CancelLate, "cancel-late", mix.CancelLate, "share of orders their customer cancels once their payment is authorised")
	faultFlags := addFaultFlags(fs, "chaos-")
	providerErrors := fs.Float64("chaos-provider-errors", -1, "under faults: share (0-1) of the payment provider's answers that are 500s (default: the -chaos rate)")
	chaosURLFlag := fs.String("chaos-url", "", "the local cloud's fault switches (default: from its state directory)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	n := *orders
	if n == 0 {
		n = int(math.Round(*rate * duration.Seconds()))
	}
	runID := time.Now().UTC().Format("0102150405")
	cfg := load.Config{
		APIURL: *apiURL, Prefix: *prefix, Services: functions.All(),
		Rate: *rate, Orders: n, Mix: mix, Seed: *seed, SettleTimeout: *settle, WaitReady: *wait, RunID: runID, Progress: stderr,
		AdminToken: *adminToken, ProviderURL: *psp,
	}
	if *customerToken != "" {
		cfg.CustomerTokens = []string{*customerToken}
	}
	if err := loadTokens(&cfg, *stateDir, *customers); err != nil {
		return err
	}
	if cfg.ProviderURL == "none" {
		cfg.ProviderURL = ""
	}
	var err error
	if *endpoint != "aws" {
		cfg.MeterEndpoint = *endpoint
	}
	if cfg.AWS, err = loadAWSConfig(ctx, *endpoint); err != nil {
		return err
	}
	faults, err := faultFlags.faults(fs)
	if err != nil {
		return err
	}
	if faults.Any() {
		u, err := chaosURL(*chaosURLFlag, *stateDir)
		if err != nil {
			return err
		}
		provider := *providerErrors
		if provider < 0 {
			provider = *faultFlags.all
			if cfg.ProviderURL == "" {
				provider = 0
			}
		}
		cfg.Chaos = &load.Chaos{Faults: faults, ProviderErrorRate: provider, Switches: chaos.NewClient(u),
			DLQ: &dlq.Tool{SQS: sqs.NewFromConfig(cfg.AWS), Logs: cloudwatchlogs.NewFromConfig(cfg.AWS), Prefix: cfg.Prefix, Services: cfg.Services}}
		if !flagSet(fs, "settle-timeout") {
			if least := chaosSettleTimeout(cfg.Services); least > cfg.SettleTimeout {
				cfg.SettleTimeout = least
				fmt.Fprintf(stderr, "load: under faults a crashed batch waits out its queue's visibility timeout before it is retried: settling for up to %s (-settle-timeout)\n", least)
			}
		}
	}
	rep, err := load.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if err := writeLoadReport(rep, *outDir); err != nil {
		return err
	}
	if *asJSON {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteText(stdout)
	}
	if err != nil {
		return err
	}
	if !rep.Passed {
		return errors.New(strings.Join(rep.Failures(), "; "))
	}
	return nil
}

// loadTokens signs the tokens the flags did not give with the local
// cloud's key, and finds its provider simulator.
func loadTokens(cfg *load.Config, stateDir string, customers int) error {
	local := cfg.AdminToken == "" || len(cfg.CustomerTokens) == 0
	if !local && cfg.ProviderURL == "" {
		cfg.ProviderURL = "none"
	}
	if !local && stateDir == "" {
		return nil
	}
	if stateDir == "" {
		root, err := moduleRoot()
		if err != nil {
			return err
		}
		stateDir = localcloud.StateDirFor(root)
	}
	if cfg.ProviderURL == "" {
		b, err := os.ReadFile(filepath.Join(stateDir, localcloud.PSPURLFile))
		if err != nil {
			return fmt.Errorf("the local cloud's provider simulator (is make run running? else pass -psp none): %w", err)
		}
		cfg.ProviderURL = strings.TrimSpace(string(b))
	}
	if !local {
		return nil
	}
	keyFile := filepath.Join(stateDir, auth.KeyFile)
	if _, err := os.Stat(keyFile); err != nil {
		return fmt.Errorf("the local cloud's token key (is make run running, or pass -admin-token and -customer-token): %w", err)
	}
	keys, err := auth.LoadOrCreate(keyFile)
	if err != nil {
		return err
	}
	const ttl = 12 * time.Hour
	if cfg.AdminToken == "" {
		if cfg.AdminToken, err = keys.Issue("load-"+cfg.RunID+"-admin", []string{spec.AdminGroup}, ttl); err != nil {
			return err
		}
	}
	if len(cfg.CustomerTokens) == 0 {
		if customers < 1 {
			return fmt.Errorf("-customers %d: want at least 1", customers)
		}
		for i := range customers {
			tok, err := keys.Issue(fmt.Sprintf("load-%s-customer-%d", cfg.RunID, i), nil, ttl)
			if err != nil {
				return err
			}
			cfg.CustomerTokens = append(cfg.CustomerTokens, tok)
		}
	}
	return nil
}

// loadAWSConfig reaches the emulator at endpoint, or AWS with the
// caller's credentials for "aws".
func loadAWSConfig(ctx context.Context, endpoint string) (aws.Config, error) {
	if endpoint == "aws" {
		cfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			return aws.Config{}, fmt.Errorf("AWS configuration: %w", err)
		}
		return cfg, nil
	}
	clients, err := awsclients.New(ctx, endpoint)
	if err != nil {
		return aws.Config{}, err
	}
	return clients.Config, nil
}

// writeLoadReport writes the report as text, JSON and a chart into dir.
func writeLoadReport(rep *load.Report, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var png bytes.Buffer
	if err := rep.WritePNG(&png); err != nil {
		return fmt.Errorf("draw the chart: %w", err)
	}
	chart := filepath.Join(dir, "load.png")
	if err := os.WriteFile(chart, png.Bytes(), 0o644); err != nil {
		return err
	}
	rep.Chart = chart
	files := map[string]func(io.Writer) error{"load.json": rep.WriteJSON, "load.txt": rep.WriteText}
	if rep.Chaos != nil {
		files["chaos.json"], files["chaos.png"] = rep.WriteChaosJSON, rep.WriteChaosPNG
	}
	for name, write := range files {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// chaosSettleTimeout is how long a run under faults must give its orders
// to settle: a queue consumer's batch that crashed comes back only after
// its queue's visibility timeout, so the longest of them, and a minute
// for the saga's steps after it. A shorter wait reports orders as lost
// that are only waiting.
func chaosSettleTimeout(services []spec.Service) time.Duration {
	var longest time.Duration
	for _, s := range services {
		for _, sub := range s.Subscriptions {
			for _, f := range s.Functions {
				if f.Name == sub.Function {
					longest = max(longest, sub.QueueVisibility(f))
				}
			}
		}
	}
	return longest + time.Minute
}

// flagSet reports whether the command line set the flag name.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
