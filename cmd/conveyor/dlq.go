package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/dlq"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
)

const dlqUsage = `usage: conveyor dlq list|show|redrive [flags] [queue [message-id ...]]

The platform's dead-letter queues, as the declarations name them: each
subscription's "<prefix>-<service>-<subscription>-dlq" and each stream
consumer's "<prefix>-<function>-stream-failures".

  list              every dead-letter queue and how many messages it holds
  show <queue>      its messages, each with the lines its consumer logged
                    about it (why each try failed); they stay in the queue
  redrive <queue> [message-id ...]
                    move its messages back to the queue they came from,
                    where the consumer takes them again: all of them, or
                    those whose ids (from show) are given

<queue> is a name from list, with or without the prefix
("payments-saga-dlq"). The local cloud of make run is the default; with
-endpoint aws and your AWS credentials the same calls reach a deployed
stage (-prefix conveyor-dev): SQS for the queues and CloudWatch Logs'
FilterLogEvents on /aws/lambda/<prefix>-<function> for the reasons.

flags:
`

// dlqCmd runs conveyor dlq.
func dlqCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dlq", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), dlqUsage)
		fs.PrintDefaults()
	}
	endpoint := fs.String("endpoint", "http://127.0.0.1:4566", `the platform's queues and logs: the local cloud's emulator, or "aws" for your AWS credentials`)
	prefix := fs.String("prefix", provision.DefaultPrefix, "the platform's resource prefix, conveyor-<stage>")
	asJSON := fs.Bool("json", false, "print JSON")
	maxMessages := fs.Int("max", 20, "show: the most messages read (0: all)")
	if len(args) == 0 {
		fs.Usage()
		return errors.New("a subcommand is required: list, show or redrive")
	}
	sub := args[0]
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	cfg, err := loadAWSConfig(ctx, *endpoint)
	if err != nil {
		return err
	}
	tool := dlq.Tool{SQS: sqs.NewFromConfig(cfg), Logs: cloudwatchlogs.NewFromConfig(cfg), Prefix: *prefix, Services: functions.All()}
	queueArg := func() (dlq.Queue, error) {
		if fs.NArg() != 1 && (sub != "redrive" || fs.NArg() == 0) {
			fs.Usage()
			return dlq.Queue{}, fmt.Errorf("%s takes one queue", sub)
		}
		return tool.Find(ctx, fs.Arg(0))
	}
	switch sub {
	case "list":
		qs, err := tool.List(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(stdout, qs)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "QUEUE\tMESSAGES\tCONSUMER\tREDRIVES TO")
		for _, q := range qs {
			depth := fmt.Sprint(q.Depth)
			if q.URL == "" {
				depth = "(none)"
			}
			to := q.Source
			if to == "" {
				to = "(stream records: not redrivable)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", q.Name, depth, q.Function, to)
		}
		return tw.Flush()
	case "show":
		q, err := queueArg()
		if err != nil {
			return err
		}
		msgs, err := tool.Show(ctx, q, *maxMessages)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(stdout, msgs)
		}
		fmt.Fprintf(stdout, "%s: %d messages (%d shown), consumer %s\n", q.Name, q.Depth, len(msgs), q.Function)
		for _, m := range msgs {
			fmt.Fprintf(stdout, "\nmessage %s  sent %s  received %d times\n", m.ID, m.SentAt.Format("2006-01-02 15:04:05"), m.ReceiveCount)
			if m.EventType != "" {
				fmt.Fprintf(stdout, "  event    %s %s\n", m.EventType, m.EventID)
			}
			fmt.Fprintf(stdout, "  body     %s\n", shorten(m.Body, 300))
			if m.Undelivered != "" {
				fmt.Fprintf(stdout, "  undelivered  %s\n", shorten(m.Undelivered, 400))
			}
			switch {
			case m.Undelivered != "":
			case m.ReasonsError != "":
				fmt.Fprintf(stdout, "  reasons  the consumer's log could not be read: %s\n", m.ReasonsError)
			case len(m.Reasons) == 0 && q.Kind == dlq.KindSubscription:
				fmt.Fprintln(stdout, "  reasons  none logged (or no longer kept)")
			}
			for _, r := range m.Reasons {
				fmt.Fprintf(stdout, "  logged   %s\n", shorten(r, 400))
			}
		}
		return nil
	case "redrive":
		q, err := queueArg()
		if err != nil {
			return err
		}
		var n int
		if ids := fs.Args()[1:]; len(ids) > 0 {
			n, err = tool.RedriveMessages(ctx, q, ids...)
		} else {
			n, err = tool.Redrive(ctx, q)
		}
		fmt.Fprintf(stdout, "moved %d messages from %s back to %s\n", n, q.Name, q.Source)
		return err
	default:
		fs.Usage()
		return fmt.Errorf("unknown subcommand %q", sub)
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func shorten(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
