// Command psp-simulator runs the payment service provider simulator alone
// (the local cloud starts one itself). See package internal/pspsim for its
// routes and fault switches; the flags set the switches it starts with.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/conveyor-dev/conveyor/internal/pspsim"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8090", "address to listen on")
	latency := flag.Duration("latency", 0, "delay of every answer, after the request is recorded")
	errorRate := flag.Float64("error-rate", 0, "share (0-1) of requests answered 500")
	declineAbove := flag.Int64("decline-above", 0, "decline authorisations above this many minor units (0: no limit)")
	outage := flag.Bool("outage", false, "start in a full outage: every connection is closed unanswered")
	flag.Parse()
	if err := run(*addr, pspsim.Faults{LatencyMS: int(latency.Milliseconds()), ErrorRate: *errorRate, DeclineAbove: *declineAbove, Outage: *outage}); err != nil {
		fmt.Fprintln(os.Stderr, "psp-simulator:", err)
		os.Exit(1)
	}
}

func run(addr string, faults pspsim.Faults) error {
	sim, err := pspsim.Listen(addr)
	if err != nil {
		return err
	}
	if err := sim.SetFaults(faults); err != nil {
		return err
	}
	fmt.Printf("payment provider simulator on %s (PUT %s/faults to change its behaviour)\n", sim.URL, sim.URL)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return sim.Close(shutdown)
}
