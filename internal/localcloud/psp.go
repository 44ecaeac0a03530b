package localcloud

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

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

// parameter returns the local value of a stage parameter (on AWS, the SSM
// parameter /conveyor/<stage>/<name>): the payment provider's URL is the
// simulator's; any other parameter is read from the environment variable
// spec.ParameterVariable names (CONVEYOR_PARAM_<NAME>), the one `make
// stage-parameters` creates it from on AWS. Empty means unset, which
// NewPlan refuses.
func (c *Cloud) parameter(name string) string {
	if name == payments.ProviderURLParameter && c.PSP != nil {
		return c.PSP.URL
	}
	return os.Getenv(spec.ParameterVariable(name))
}

func (c *Cloud) closePSP(ctx context.Context) error {
	if c.PSP == nil {
		return nil
	}
	return c.PSP.Close(ctx)
}
