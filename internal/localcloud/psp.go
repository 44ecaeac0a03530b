package localcloud

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/conveyor-dev/conveyor/internal/pspsim"
)

// EnvProviderURL is the variable through which functions find the payment
// provider; the local cloud points it at its simulator.
const EnvProviderURL = "PAYMENT_PROVIDER_URL"

// PSPURLFile, in the state directory, holds the simulator's URL while the
// local cloud runs, for tools such as make demo.
const PSPURLFile = "psp-url"

// startPSP starts the payment provider simulator on cfg.PSPAddr and
// records its URL in the state directory.
func (c *Cloud) startPSP(cfg Config) error {
	addr := cfg.PSPAddr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	sim, err := pspsim.Listen(addr)
	if err != nil {
		return fmt.Errorf("payment provider simulator: %w", err)
	}
	c.PSP = sim
	if err := os.MkdirAll(cfg.StateDir, 0o700); err != nil {
		return fmt.Errorf("payment provider simulator: %w", err)
	}
	if err := os.WriteFile(filepath.Join(cfg.StateDir, PSPURLFile), []byte(sim.URL+"\n"), 0o600); err != nil {
		return fmt.Errorf("payment provider simulator: %w", err)
	}
	cfg.Printer.Info("psp", "payment provider simulator on "+sim.URL)
	return nil
}

// pspEnv is what functions need to reach the simulator.
func (c *Cloud) pspEnv() []string {
	if c.PSP == nil {
		return nil
	}
	return []string{EnvProviderURL + "=" + c.PSP.URL}
}

func (c *Cloud) closePSP(ctx context.Context) error {
	if c.PSP == nil {
		return nil
	}
	return c.PSP.Close(ctx)
}
