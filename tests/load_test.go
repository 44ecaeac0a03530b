package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/load"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
)

// logWriter writes each line it is given to the test's log.
type logWriter struct{ t *testing.T }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func TestAShortLoadRunSettlesEveryOrderAndKeepsEveryInvariant(t *testing.T) {
	localOnly(t)
	const orders = 20
	customers := make([]string, 3)
	for i := range customers {
		var err error
		if customers[i], err = target.cloud.Token(fmt.Sprintf("load-test-customer-%d", i), time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	// One order in twenty of each kind: 16 regular, and one out of stock,
	// one declined, one cancelled at once and one cancelled once paid.
	mix := load.Mix{OutOfStock: 0.05, Declined: 0.05, CancelEarly: 0.05, CancelLate: 0.05}
	rep, err := load.Run(t.Context(), load.Config{
		APIURL: target.apiURL, AWS: target.cloud.Clients.Config, Prefix: provision.DefaultPrefix, Services: functions.All(),
		AdminToken: target.adminToken, CustomerTokens: customers, ProviderURL: target.cloud.PSP.URL,
		Rate: 5, Orders: orders, Mix: mix, Seed: 1, SettleTimeout: 2 * time.Minute, Progress: logWriter{t},
	})
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + text.String())

	t.Run("every order was accepted and settled", func(t *testing.T) {
		if !rep.Passed {
			t.Errorf("the run failed: %v", rep.Failures())
		}
		if rep.Sent != orders || rep.Accepted != orders || rep.Settled != orders || rep.Unsettled != 0 {
			t.Errorf("sent %d, accepted %d, settled %d, unsettled %d; want %d, %d, %d, 0",
				rep.Sent, rep.Accepted, rep.Settled, rep.Unsettled, orders, orders, orders)
		}
		if rep.WarmUp != "CANCELLED out_of_stock" {
			t.Errorf("warm-up order %s, want CANCELLED out_of_stock", rep.WarmUp)
		}
	})
	t.Run("the counts add up", func(t *testing.T) {
		kinds, outcomes := 0, 0
		for _, n := range rep.Kinds {
			kinds += n
		}
		for _, n := range rep.Outcomes {
			outcomes += n
		}
		if kinds != rep.Accepted || outcomes != rep.Settled {
			t.Errorf("kinds %v add up to %d, outcomes %v to %d; want %d and %d", rep.Kinds, kinds, rep.Outcomes, outcomes, rep.Accepted, rep.Settled)
		}
		if rep.AcceptLatency.Count != rep.Accepted || rep.SagaLatency.Count != rep.Settled {
			t.Errorf("%d accept and %d saga latencies for %d accepted and %d settled orders",
				rep.AcceptLatency.Count, rep.SagaLatency.Count, rep.Accepted, rep.Settled)
		}
		if rep.AcceptLatency.P50 <= 0 || rep.SagaLatency.P50 < rep.AcceptLatency.P50 || rep.SagaLatency.Max < rep.SagaLatency.P99 {
			t.Errorf("accept %+v, saga %+v: a saga ends after its order is accepted", rep.AcceptLatency, rep.SagaLatency)
		}
	})
	t.Run("the mix reaches every outcome", func(t *testing.T) {
		for kind, outcome := range map[load.Kind]string{
			load.KindOutOfStock: "CANCELLED out_of_stock",
			load.KindDeclined:   "CANCELLED payment_declined",
		} {
			if rep.Kinds[kind] != 1 || rep.Outcomes[outcome] != 1 {
				t.Errorf("%d orders of kind %s and %d ended %s; want one each", rep.Kinds[kind], kind, rep.Outcomes[outcome], outcome)
			}
		}
		if rep.Kinds[load.KindCancelEarly] != 1 || rep.Kinds[load.KindCancelLate] != 1 || rep.Cancels.Sent != 2 {
			t.Errorf("kinds %v, cancels %+v; want one early and one late cancel, both sent", rep.Kinds, rep.Cancels)
		}
		if rep.Cancels.Failed != 0 || rep.Cancels.Accepted+rep.Cancels.TooLate != 2 {
			t.Errorf("cancels %+v: each is accepted or too late", rep.Cancels)
		}
		if rep.Outcomes["CANCELLED customer_request"] != rep.Cancels.Accepted {
			t.Errorf("%d accepted cancels, %d orders CANCELLED customer_request", rep.Cancels.Accepted, rep.Outcomes["CANCELLED customer_request"])
		}
		if rep.Outcomes["SHIPPED"] != orders-2-rep.Cancels.Accepted {
			t.Errorf("%d shipped, want %d: every other order", rep.Outcomes["SHIPPED"], orders-2-rep.Cancels.Accepted)
		}
	})
	t.Run("every invariant was checked and holds", func(t *testing.T) {
		if len(rep.Invariants) != 6 {
			t.Errorf("%d invariants checked, want 6", len(rep.Invariants))
		}
		for _, inv := range rep.Invariants {
			if !inv.OK || inv.Skipped {
				t.Errorf("%s: ok %v, skipped %v: %s", inv.Name, inv.OK, inv.Skipped, inv.Detail)
			}
		}
	})
	t.Run("the report reads as JSON and draws as a PNG", func(t *testing.T) {
		var b bytes.Buffer
		if err := rep.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		var back load.Report
		if err := json.Unmarshal(b.Bytes(), &back); err != nil {
			t.Fatal(err)
		}
		// JSON holds milliseconds to two decimals.
		near := func(a, b load.Millis) bool {
			return (a-b) < load.Millis(10*time.Microsecond) && (b-a) < load.Millis(10*time.Microsecond)
		}
		if back.Settled != rep.Settled || back.SagaLatency.Count != rep.SagaLatency.Count || !near(back.SagaLatency.P99, rep.SagaLatency.P99) ||
			len(back.Invariants) != len(rep.Invariants) {
			t.Errorf("the JSON says settled %d, saga %+v; the report %d, %+v", back.Settled, back.SagaLatency, rep.Settled, rep.SagaLatency)
		}
		b.Reset()
		if err := rep.WritePNG(&b); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&b)
		if err != nil {
			t.Fatal(err)
		}
		if size := img.Bounds().Size(); size.X < 800 || size.Y < 600 {
			t.Errorf("the chart is %v", size)
		}
	})
}
