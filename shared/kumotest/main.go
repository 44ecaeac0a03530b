package kumotest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
)

// closeTimeout bounds how long Main waits for the emulator to stop.
const closeTimeout = 2 * time.Second

// Main runs the tests of a package against an emulator that serves on
// KUMO_PORT, so that kumo's cross-service deliveries (EventBridge to SQS)
// reach it, and exits with their status. Call it from TestMain:
//
//	func TestMain(m *testing.M) { kumotest.Main(m) }
//
// It restarts the test binary once with KUMO_PORT naming a free port (see
// PrepareEnv), starts the emulator the local cloud runs (kumo behind its
// front door on that port), makes Start return it, runs the tests and stops it.
func Main(m *testing.M) {
	os.Exit(run(m))
}

// PrepareEnv restarts the test binary with kumo's variables set (see
// emulator.Reexec): KUMO_PORT keeps the port it names, or names a free
// one. In the restarted binary, where they are set, it returns nil at
// once. kumo reads them when the binary starts, so this runs first thing
// in TestMain. Tests that start the emulator themselves (through
// localcloud.Start) call it instead of Main.
func PrepareEnv() error {
	port, err := strconv.Atoi(os.Getenv(emulator.EnvPort))
	if err != nil || port <= 0 {
		if port, err = emulator.FreePort(); err != nil {
			return fmt.Errorf("kumotest: %w", err)
		}
	}
	if err := emulator.Reexec(port, ""); err != nil {
		return fmt.Errorf("kumotest: %w", err)
	}
	return nil
}

func run(m *testing.M) int {
	if err := PrepareEnv(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	em, err := emulator.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kumotest:", err)
		return 1
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
		defer cancel()
		if err := em.Close(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "kumotest:", err)
		}
	}()
	err = errors.New("kumotest: Start ran before Main; call Main from TestMain")
	once.Do(func() {
		started, startErr = newEnv(em.Endpoint)
		started.Emulator = em
		err = startErr
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}
