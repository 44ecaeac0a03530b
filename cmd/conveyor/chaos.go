package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/conveyor-dev/conveyor/internal/chaos"
	"github.com/conveyor-dev/conveyor/internal/localcloud"
)

const chaosUsage = `usage: conveyor chaos show|set|off|injected [flags]

The fault switches of a running local cloud (make run), as the payment
provider simulator has its own: faults AWS deals out at random, each at a
rate and in a scope, injected into what the functions do.

  show       the switches, as JSON
  set        replace them: -all RATE for every fault, or each on its own
             (-crash, -throttle, -putevents, -duplicate, -late, -latency),
             scoped with -functions, -tables, -queues; or -json '{...}'
  off        turn every fault off
  injected   the faults injected so far, by kind

The switches are also served over HTTP at the URL in <state dir>/chaos-url
(GET and PUT /faults, GET /injected). conveyor load -chaos turns them on
for a run and off again.

flags:
`

// faultFlags are the flags that set the fault switches.
type faultFlags struct {
	all, crash, throttle, putEvents, duplicate, late, latency *float64
	lateMS, latencyMS                                         *int
	functions, tables, queues                                 *string
	raw                                                       *string
	prefix                                                    string
}

// addFaultFlags registers the switches' flags on fs; prefix starts their
// names ("chaos-" for conveyor load).
func addFaultFlags(fs *flag.FlagSet, prefix string) *faultFlags {
	f := &faultFlags{prefix: prefix}
	rate := func(name, what string) *float64 {
		return fs.Float64(prefix+name, 0, "share (0-1) of "+what)
	}
	allName := "all"
	if prefix != "" {
		allName = strings.TrimSuffix(prefix, "-")
	}
	f.all = fs.Float64(allName, 0, "every fault at this rate (0-1), each then overridable by its own flag")
	f.crash = rate("crash", "invocations whose process is killed: half after the handler returned, before its answer; half mid-invocation")
	f.throttle = rate("throttle", "the functions' DynamoDB calls answered ProvisionedThroughputExceededException, ThrottlingException or, for transactions, TransactionCanceledException[ThrottlingError]")
	f.putEvents = rate("putevents", "PutEvents calls accepted only in part (FailedEntryCount > 0)")
	f.duplicate = rate("duplicate", "SQS messages delivered twice, in the same batch or a separate one")
	f.late = rate("late", "SQS messages held back, to arrive after later ones")
	f.latency = rate("latency", "the functions' emulator calls delayed")
	f.lateMS = fs.Int(prefix+"late-max-ms", 0, "the longest a late message is held back, in ms (default 3000)")
	f.latencyMS = fs.Int(prefix+"latency-max-ms", 0, "the longest added delay, in ms (default 200)")
	f.functions = fs.String(prefix+"functions", "", "comma-separated functions that crash, publish in part and are delayed (default: all)")
	f.tables = fs.String(prefix+"tables", "", "comma-separated tables throttled, by name or service (default: all)")
	f.queues = fs.String(prefix+"queues", "", "comma-separated queues whose messages are duplicated or late, by name or <service>-<subscription> (default: all)")
	f.raw = fs.String(prefix+"json", "", `the switches as JSON, e.g. '{"crash":{"rate":0.02,"functions":["payments-saga"]}}'; replaces the other flags`)
	return f
}

// faults builds the switches from the flags set on fs.
func (f *faultFlags) faults(fs *flag.FlagSet) (chaos.Faults, error) {
	if *f.raw != "" {
		var out chaos.Faults
		dec := json.NewDecoder(strings.NewReader(*f.raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&out); err != nil {
			return chaos.Faults{}, fmt.Errorf("the faults' JSON: %w", err)
		}
		return out, out.Validate()
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	pick := func(own *float64, name string) float64 {
		if set[f.prefix+name] {
			return *own
		}
		return *f.all
	}
	list := func(s string) []string {
		var out []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	fns, tables, queues := list(*f.functions), list(*f.tables), list(*f.queues)
	out := chaos.Faults{
		Crash:     chaos.Crash{Rate: pick(f.crash, "crash"), Functions: fns},
		Throttle:  chaos.Throttle{Rate: pick(f.throttle, "throttle"), Tables: tables},
		PutEvents: chaos.PutEvents{Rate: pick(f.putEvents, "putevents"), Functions: fns},
		Duplicate: chaos.Duplicate{Rate: pick(f.duplicate, "duplicate"), Queues: queues},
		Late:      chaos.Late{Rate: pick(f.late, "late"), MaxDelayMS: *f.lateMS, Queues: queues},
		Latency:   chaos.Latency{Rate: pick(f.latency, "latency"), MaxMS: *f.latencyMS, Functions: fns},
	}
	return out, out.Validate()
}

// chaosURL is the URL of the local cloud's switches: flagURL, or the one
// it recorded in its state directory.
func chaosURL(flagURL, stateDir string) (string, error) {
	if flagURL != "" {
		return flagURL, nil
	}
	if stateDir == "" {
		root, err := moduleRoot()
		if err != nil {
			return "", err
		}
		stateDir = localcloud.StateDirFor(root)
	}
	b, err := os.ReadFile(filepath.Join(stateDir, localcloud.ChaosURLFile))
	if err != nil {
		return "", fmt.Errorf("the local cloud's fault switches (is make run running? else pass -chaos-url): %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// chaosCmd runs conveyor chaos.
func chaosCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("chaos", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), chaosUsage)
		fs.PrintDefaults()
	}
	url := fs.String("url", "", "the switches' URL (default: from the local cloud's state directory)")
	stateDir := fs.String("state-dir", "", "the local cloud's state directory (default build/local)")
	ff := addFaultFlags(fs, "")
	if len(args) == 0 {
		fs.Usage()
		return errors.New("a subcommand is required: show, set, off or injected")
	}
	sub := args[0]
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	u, err := chaosURL(*url, *stateDir)
	if err != nil {
		return err
	}
	c := chaos.NewClient(u)
	switch sub {
	case "show":
		f, err := c.Faults(ctx)
		if err != nil {
			return err
		}
		return writeJSON(stdout, f)
	case "set":
		f, err := ff.faults(fs)
		if err != nil {
			return err
		}
		if err := c.Set(ctx, f); err != nil {
			return err
		}
		return writeJSON(stdout, f)
	case "off":
		return c.Set(ctx, chaos.Faults{})
	case "injected":
		n, err := c.Injected(ctx)
		if err != nil {
			return err
		}
		return writeJSON(stdout, n)
	default:
		fs.Usage()
		return fmt.Errorf("unknown subcommand %q", sub)
	}
}
