package tests

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/chaos"
	"github.com/conveyor-dev/conveyor/internal/dlq"
	"github.com/conveyor-dev/conveyor/internal/load"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
)

// crashable are the functions the short chaos run crashes: those behind
// the API, whose client sends again, and the stream consumers, whose
// mapping retries at once. A queue consumer's crashed batch waits out its
// queue's visibility timeout (three minutes) before Lambda retries it,
// which make soak goes through and this run has no time for.
func crashable() []string {
	var out []string
	for _, s := range functions.All() {
		routed := map[string]bool{}
		for _, r := range s.Routes {
			routed[r.Function] = true
		}
		for _, f := range s.Functions {
			if routed[f.Name] || f.Stream != nil {
				out = append(out, f.Name)
			}
		}
	}
	return out
}

// TestUnderEveryFaultAtOnceAFewHundredOrdersSettleAndNothingIsLostOrDoneTwice
// runs last of the suite (its file's name sorts last, and the suite's
// tests run one after the other in file order): the records a throttled
// consumer failed stay in flight for their queue's visibility timeout,
// three minutes, after the run settled, and the tests that wait for a
// queue to drain would wait that out.
func TestUnderEveryFaultAtOnceAFewHundredOrdersSettleAndNothingIsLostOrDoneTwice(t *testing.T) {
	localOnly(t)
	const orders = 300
	customers := make([]string, 8)
	for i := range customers {
		var err error
		if customers[i], err = target.cloud.Token(fmt.Sprintf("chaos-test-customer-%d", i), time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	faults := chaos.Everywhere(0.03)
	faults.Crash.Functions = crashable()
	t.Cleanup(func() { _ = target.cloud.Chaos.Set(chaos.Faults{}) })
	cfg := target.cloud.Clients.Config
	rep, err := load.Run(t.Context(), load.Config{
		APIURL: target.apiURL, AWS: cfg, Prefix: provision.DefaultPrefix, Services: functions.All(),
		AdminToken: target.adminToken, CustomerTokens: customers, ProviderURL: target.cloud.PSP.URL,
		Rate: 10, Orders: orders, Mix: load.DefaultMix, Seed: 16, SettleTimeout: 100 * time.Second, Progress: logWriter{t},
		Chaos: &load.Chaos{
			Faults: faults, ProviderErrorRate: 0.03, Switches: chaos.NewClient(target.cloud.ChaosURL),
			DLQ: &dlq.Tool{SQS: sqs.NewFromConfig(cfg), Logs: cloudwatchlogs.NewFromConfig(cfg), Prefix: provision.DefaultPrefix, Services: functions.All()},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + text.String())
	c := rep.Chaos
	if c == nil {
		t.Fatal("the report says nothing of the faults")
	}

	t.Run("every kind of fault was injected", func(t *testing.T) {
		for _, k := range chaos.Kinds {
			if c.Injected[k] == 0 {
				t.Errorf("no %s in %d orders: %v", k, orders, c.Injected)
			}
		}
	})
	t.Run("every order was accepted and settled, none lost", func(t *testing.T) {
		if rep.Accepted != orders || rep.Settled != orders || c.Lost != 0 {
			t.Errorf("accepted %d, settled %d, lost %d of %d: %v", rep.Accepted, rep.Settled, c.Lost, orders, rep.Failures())
		}
	})
	t.Run("every invariant holds: stock, money, one shipment and one charge each, dead letters", func(t *testing.T) {
		for _, inv := range rep.Invariants {
			if !inv.OK || inv.Skipped {
				t.Errorf("%s: ok %v, skipped %v: %s", inv.Name, inv.OK, inv.Skipped, inv.Detail)
			}
		}
		if c.DuplicatedEffects != 0 {
			t.Errorf("%d duplicated effects", c.DuplicatedEffects)
		}
	})
	t.Run("the run passed, having survived every fault", func(t *testing.T) {
		if !rep.Passed || c.Survived != c.Total || c.Total == 0 {
			t.Errorf("passed %v, survived %d of %d: %v", rep.Passed, c.Survived, c.Total, rep.Failures())
		}
	})
	t.Run("the faults are off once the run is over", func(t *testing.T) {
		if target.cloud.Chaos.Faults().Any() {
			t.Errorf("faults still on: %+v", target.cloud.Chaos.Faults())
		}
	})
}
