// Package emulatortest starts one emulator per test binary, on a free
// port, for tests that need real DynamoDB, SQS and EventBridge calls.
//
// Call Main from TestMain; it restarts the test binary once with kumo's
// port set (see emulator.Reexec), then runs the tests.
package emulatortest

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
)

var (
	endpoint string
	clients  awsclients.Clients
)

// Main starts the emulator, runs the tests and exits with their status.
func Main(m *testing.M) {
	os.Exit(run(m))
}

// PrepareEnv restarts the test binary with KUMO_PORT naming a free port,
// unless it is set; for tests that start the emulator themselves (through
// localcloud.Start) instead of calling Main.
func PrepareEnv() error {
	port, err := strconv.Atoi(os.Getenv(emulator.EnvPort))
	if err != nil || port == 0 {
		if port, err = emulator.FreePort(); err != nil {
			return err
		}
	}
	return emulator.Reexec(port, "")
}

func run(m *testing.M) int {
	if err := PrepareEnv(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	em, err := emulator.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	endpoint = em.Endpoint
	if clients, err = awsclients.New(context.Background(), endpoint); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	code := m.Run()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = em.Close(ctx)
	return code
}

// Endpoint is the running emulator's URL.
func Endpoint() string { return endpoint }

// Clients are SDK clients for the running emulator.
func Clients() awsclients.Clients { return clients }

// Prefix returns a resource-name prefix unique to the test, since every
// test in the binary shares the emulator's state.
func Prefix(t testing.TB) string {
	t.Helper()
	return fmt.Sprintf("t%d", time.Now().UnixNano()%1_000_000_000)
}
