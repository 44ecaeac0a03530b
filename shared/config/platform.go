package config

import (
	"fmt"
	"log/slog"
	"regexp"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Platform holds the variables the platform passes to every function (see
// shared/spec). A function's configuration embeds it.
type Platform struct {
	// Service is the service's name, e.g. "catalog" (CONVEYOR_SERVICE).
	Service string `env:"CONVEYOR_SERVICE,required"`
	// Stage is the deployment stage, e.g. "local", "dev", "prod"
	// (CONVEYOR_STAGE).
	Stage string `env:"CONVEYOR_STAGE" envDefault:"local"`
	// TableName is the physical name of the service's table (TABLE_NAME).
	TableName string `env:"TABLE_NAME"`
	// EventBusName is the physical name of the platform event bus
	// (EVENT_BUS_NAME).
	EventBusName string `env:"EVENT_BUS_NAME"`
	// LogLevel is the lowest level logged: DEBUG, INFO, WARN or ERROR
	// (LOG_LEVEL).
	LogLevel slog.Level `env:"LOG_LEVEL" envDefault:"INFO"`
}

var (
	serviceName = regexp.MustCompile(`^[a-z][a-z0-9]{1,30}$`)
	stageName   = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}$`)
)

// platformErrors checks the platform variables beyond their presence.
func (p *Platform) platformErrors() []error {
	var errs []error
	if !serviceName.MatchString(p.Service) {
		errs = append(errs, fmt.Errorf("config: %s: %q is not a service name (2-31 lower-case letters or digits, starting with a letter)", spec.EnvService, p.Service))
	}
	if !stageName.MatchString(p.Stage) {
		errs = append(errs, fmt.Errorf("config: %s: %q is not a stage name (lower-case letters, digits and hyphens, starting with a letter)", spec.EnvStage, p.Stage))
	}
	return errs
}
