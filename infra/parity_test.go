package infra_test

import (
	"context"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/infra"
	"github.com/conveyor-dev/conveyor/internal/localcloud"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/internal/settings"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// TestTheLocalCloudIsConfiguredAsTheTemplatesDeploy provisions the local
// cloud's resources on the emulator, plans what runs on them as `make run`
// does, and compares every behaviour-changing setting with what each
// stage's templates deploy: tables, queues, rules, event source mappings,
// functions and routes. The local cloud takes the stage's reservations
// (localcloud.Config.Reservations), the one stage input it models; every
// other setting must be equal whatever the stage.
func TestTheLocalCloudIsConfiguredAsTheTemplatesDeploy(t *testing.T) {
	ctx := context.Background()
	services := testServices()
	env := kumotest.Start(t)
	names := provision.Names{Prefix: provision.DefaultPrefix}
	platform, err := provision.Apply(ctx, env.Clients(), names, services)
	if err != nil {
		t.Fatal(err)
	}
	// Every stage parameter gets a local value, as the local cloud
	// requires.
	values := map[string]string{}
	for _, name := range infra.StageParameters(services) {
		values[name] = "local value of " + name
	}
	values[payments.ProviderURLParameter] = "http://127.0.0.1:1/psp"
	parameter := func(name string) string { return values[name] }
	localCanon := settings.Canon{Prefix: names.Prefix, Stage: localcloud.Stage, LogLevel: "INFO", Parameters: values}

	for _, stage := range stages() {
		t.Run(stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			plan, err := localcloud.NewPlan(services, platform, names, localcloud.PlanInputs{
				LogLevel: localCanon.LogLevel, Reservations: stage.Reservations(services), Parameter: parameter,
			})
			if err != nil {
				t.Fatal(err)
			}
			local, err := localcloud.Describe(ctx, env.Clients(), names, platform, plan, localCanon)
			if err != nil {
				t.Fatal(err)
			}
			deployed, err := settings.FromTemplates(s.json,
				settings.Canon{Prefix: stage.Prefix(), Stage: stage.Name, LogLevel: stage.LogLevel})
			if err != nil {
				t.Fatal(err)
			}
			coversEveryKind(t, "local cloud", local)
			coversEveryKind(t, stage.Name+" template", deployed)
			for _, d := range settings.Diff("local cloud", local, stage.Name+" template", deployed) {
				t.Error(d)
			}
		})
	}
}

// coversEveryKind fails unless the snapshot holds a resource of every kind
// the comparison must cover, so that a kind the extraction stops finding
// cannot pass by being absent on both sides.
func coversEveryKind(t *testing.T, side string, s settings.Snapshot) {
	t.Helper()
	kinds := map[string]int{}
	for r := range s {
		switch {
		case strings.Contains(r, " <- queue "):
			kinds["queue mapping"]++
		case strings.Contains(r, " <- stream of table "):
			kinds["stream mapping"]++
		default:
			kinds[strings.SplitN(r, " ", 2)[0]]++
		}
	}
	for _, k := range []string{"table", "queue", "rule", "queue mapping", "stream mapping", "function", "route"} {
		if kinds[k] == 0 {
			t.Errorf("%s: no %s described", side, k)
		}
	}
}
