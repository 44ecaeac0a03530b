package load

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/conveyor-dev/conveyor/internal/cost"
)

// flatnessWindow is how many orders the first and last windows of the
// flatness comparison hold; a run needs twice as many accepted orders.
const flatnessWindow = 1000

// maxUnsettledListed bounds the unsettled orders the report names.
const maxUnsettledListed = 20

// Report is what a run measured and checked.
type Report struct {
	RunID  string `json:"runId"`
	APIURL string `json:"apiUrl"`
	Bus    string `json:"bus"`
	// Rate is the offered rate, Orders the orders offered.
	Rate   float64 `json:"offeredRate"`
	Orders int     `json:"offeredOrders"`
	Mix    Mix     `json:"mix"`
	Seed   uint64  `json:"seed"`
	// DeclineAbove is the provider's decline limit during the run; 0 when
	// the run had none.
	DeclineAbove int64 `json:"declineAbove,omitempty"`

	// Started is when the first order was due; LastSent when the last
	// one was sent; LastAnswered when the last answer came.
	Started      time.Time `json:"started"`
	LastSent     time.Time `json:"lastSent"`
	LastAnswered time.Time `json:"lastAnswered"`
	// SettleWait is how long the run waited for the sagas after the last
	// answer.
	SettleWait Millis `json:"settleWaitMs"`

	// Sent orders got an answer (Accepted, or Refused by status) or none
	// (Failed); Dropped ones were never sent because too many requests
	// were open.
	Sent     int            `json:"sent"`
	Accepted int            `json:"accepted"`
	Refused  map[string]int `json:"refused"`
	Failed   int            `json:"failed"`
	Dropped  int            `json:"dropped"`
	// SentRate is the rate the orders left at, AcceptedRate the rate
	// they were accepted at, Throughput the rate they settled at: each
	// from the first such moment to the last.
	SentRate     float64 `json:"sentRate"`
	AcceptedRate float64 `json:"acceptedRate"`
	Throughput   float64 `json:"settledRate"`

	// AcceptLatency is the time from an order's request to the API's
	// answer, over accepted orders.
	AcceptLatency Percentiles `json:"acceptLatency"`
	// SagaLatency is the time from an order's request to the event that
	// settled it (OrderShipped, or the last of OrderCancelled,
	// StockReleased and PaymentRefunded), as its producer stamped it.
	SagaLatency Percentiles `json:"sagaLatency"`
	// ListenerLag is the time from that event to the run hearing it:
	// large values mean the run's own listener fell behind.
	ListenerLag Percentiles `json:"listenerLag"`
	// Flatness compares the saga p99 of the first and the last orders,
	// when the run has enough.
	Flatness *Flatness `json:"flatness,omitempty"`

	// Kinds counts the accepted orders of each kind.
	Kinds map[Kind]int `json:"kinds"`
	// Outcomes counts the settled orders by final status and reason.
	Outcomes  map[string]int `json:"outcomes"`
	Settled   int            `json:"settled"`
	Unsettled int            `json:"unsettled"`
	// UnsettledOrders names the first unsettled orders and where they
	// stand.
	UnsettledOrders []UnsettledOrder `json:"unsettledOrders,omitempty"`
	Cancels         CancelCounts     `json:"cancels"`
	// WarmUp is the warm-up order's outcome.
	WarmUp string `json:"warmUp"`

	Invariants []Invariant `json:"invariants"`
	// EventsHeard counts the saga events the run took off its queue;
	// EventsDistinct those not heard before; Undecodable the messages
	// that were not events.
	EventsHeard    int `json:"eventsHeard"`
	EventsDistinct int `json:"eventsDistinct"`
	Undecodable    int `json:"undecodable"`
	// Cost is what the run's orders cost on AWS, from the local cloud's
	// meter; nil when the platform has none.
	Cost *cost.Report `json:"cost,omitempty"`
	// Notes are what else the reader should know.
	Notes []string `json:"notes,omitempty"`
	// Passed is true when every accepted order settled and every
	// invariant holds.
	Passed bool `json:"passed"`
	// Chart is where the picture was written, when it was.
	Chart string `json:"chart,omitempty"`
	// Chaos is what the faults of a chaos run did; nil for a run without.
	Chaos *ChaosReport `json:"chaos,omitempty"`

	points []point
}

// point is one order on the chart.
type point struct {
	// at is when the order was sent, from the start of the run.
	at time.Duration
	// accept and saga are its latencies; saga is negative while
	// unsettled.
	accept, saga time.Duration
	// answered and settled are when its answer came and when it
	// settled, from the start; negative when they did not happen.
	answered, settled time.Duration
}

// Millis is a duration written to JSON as milliseconds.
type Millis time.Duration

// MarshalJSON writes the duration in milliseconds.
func (m Millis) MarshalJSON() ([]byte, error) {
	return json.Marshal(math.Round(float64(time.Duration(m))/float64(time.Millisecond)*100) / 100)
}

// UnmarshalJSON reads a duration in milliseconds.
func (m *Millis) UnmarshalJSON(b []byte) error {
	var ms float64
	if err := json.Unmarshal(b, &ms); err != nil {
		return err
	}
	*m = Millis(ms * float64(time.Millisecond))
	return nil
}

func (m Millis) String() string { return formatDuration(time.Duration(m)) }

// Percentiles summarise a set of durations.
type Percentiles struct {
	Count int    `json:"count"`
	P50   Millis `json:"p50Ms"`
	P90   Millis `json:"p90Ms"`
	P99   Millis `json:"p99Ms"`
	Max   Millis `json:"maxMs"`
}

// percentiles computes the nearest-rank percentiles of ds.
func percentiles(ds []time.Duration) Percentiles {
	if len(ds) == 0 {
		return Percentiles{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := func(p float64) Millis {
		i := int(math.Ceil(p*float64(len(s)))) - 1
		return Millis(s[min(max(i, 0), len(s)-1)])
	}
	return Percentiles{Count: len(s), P50: rank(0.50), P90: rank(0.90), P99: rank(0.99), Max: Millis(s[len(s)-1])}
}

// Flatness compares the saga p99 of the first and last orders of a run.
type Flatness struct {
	Window   int    `json:"window"`
	FirstP99 Millis `json:"firstP99Ms"`
	LastP99  Millis `json:"lastP99Ms"`
	// Ratio is LastP99 / FirstP99: the target is at most 1.25.
	Ratio float64 `json:"ratio"`
}

// UnsettledOrder is an order that did not settle in time.
type UnsettledOrder struct {
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	// Stands is where its saga stopped: the last event heard.
	Stands string `json:"stands"`
}

// CancelCounts count the customers' cancels.
type CancelCounts struct {
	Sent int `json:"sent"`
	// Accepted cancels were answered 200; TooLate ones 409 (the order
	// had shipped or been cancelled already); Failed ones anything else.
	Accepted int `json:"accepted"`
	TooLate  int `json:"tooLate"`
	Failed   int `json:"failed"`
}

// build fills the report from the run's orders and checks.
func (rep *Report) build(orders []*Order, warmUp *Order, invariants []Invariant, dropped int) {
	rep.Refused, rep.Kinds, rep.Outcomes = map[string]int{}, map[Kind]int{}, map[string]int{}
	rep.Dropped = dropped
	rep.Invariants = invariants
	var accepts, sagas, lags []time.Duration
	// sent, answered and settled are when orders were sent, accepted and
	// settled.
	var sent, answered, settled []time.Time
	for _, o := range orders {
		p := point{at: o.Sent.Sub(rep.Started), saga: -1, answered: -1, settled: -1}
		switch {
		case o.Sent.IsZero():
			rep.points = append(rep.points, p)
			continue
		case o.Accepted():
			rep.Accepted++
			rep.Kinds[o.Kind]++
			accepts = append(accepts, o.AcceptLatency())
			p.accept, p.answered = o.AcceptLatency(), o.Answered.Sub(rep.Started)
		case o.HTTPStatus != 0:
			rep.Refused[fmt.Sprintf("%d %s", o.HTTPStatus, http.StatusText(o.HTTPStatus))]++
		default:
			rep.Failed++
		}
		rep.Sent++
		sent = append(sent, o.Sent)
		if o.Accepted() {
			answered = append(answered, o.Answered)
		}
		if o.cancelAsked || o.CancelStatus != 0 || o.CancelError != "" {
			rep.Cancels.Sent++
			switch o.CancelStatus {
			case http.StatusOK:
				rep.Cancels.Accepted++
			case http.StatusConflict:
				rep.Cancels.TooLate++
			default:
				rep.Cancels.Failed++
			}
		}
		if !o.Accepted() {
			rep.points = append(rep.points, p)
			continue
		}
		c := o.Outcome()
		if !c.Settled {
			rep.Unsettled++
			if len(rep.UnsettledOrders) < maxUnsettledListed {
				rep.UnsettledOrders = append(rep.UnsettledOrders, UnsettledOrder{ID: o.ID, Kind: o.Kind, Stands: c.Label()})
			}
			rep.points = append(rep.points, p)
			continue
		}
		rep.Settled++
		rep.Outcomes[c.Label()]++
		saga, _ := o.SagaLatency()
		sagas = append(sagas, saga)
		p.saga, p.settled = saga, c.At.Sub(rep.Started)
		settled = append(settled, c.At)
		for _, e := range o.events {
			if e.Time.Equal(c.At) {
				lags = append(lags, e.Received.Sub(e.Time))
				break
			}
		}
		rep.points = append(rep.points, p)
	}
	rep.AcceptLatency, rep.SagaLatency, rep.ListenerLag = percentiles(accepts), percentiles(sagas), percentiles(lags)
	rep.SentRate = rate(sent)
	if rep.Sent < 2 {
		rep.SentRate = rep.Rate
	}
	rep.AcceptedRate, rep.Throughput = rate(answered), rate(settled)
	rep.Flatness = flatness(orders)
	rep.WarmUp = "not placed"
	if warmUp != nil {
		rep.WarmUp = warmUp.Outcome().Label()
	}
	rep.Passed = rep.Unsettled == 0 && rep.Accepted > 0
	for _, inv := range invariants {
		rep.Passed = rep.Passed && inv.OK
	}
}

// rate is the rate of the events at the times: the events after the
// first over the time from the first to the last; 0 for fewer than two.
func rate(times []time.Time) float64 {
	if len(times) < 2 {
		return 0
	}
	first, last := slices.MinFunc(times, time.Time.Compare), slices.MaxFunc(times, time.Time.Compare)
	if d := last.Sub(first); d > 0 {
		return float64(len(times)-1) / d.Seconds()
	}
	return 0
}

// flatness compares the saga p99 of the first and last window of
// accepted orders, in arrival order; nil when the run has too few.
func flatness(orders []*Order) *Flatness {
	var accepted []*Order
	for _, o := range orders {
		if o.Accepted() {
			accepted = append(accepted, o)
		}
	}
	if len(accepted) < 2*flatnessWindow {
		return nil
	}
	p99 := func(os []*Order) Millis {
		var ds []time.Duration
		for _, o := range os {
			if d, ok := o.SagaLatency(); ok {
				ds = append(ds, d)
			}
		}
		return percentiles(ds).P99
	}
	f := &Flatness{Window: flatnessWindow, FirstP99: p99(accepted[:flatnessWindow]), LastP99: p99(accepted[len(accepted)-flatnessWindow:])}
	if f.FirstP99 > 0 {
		f.Ratio = math.Round(float64(f.LastP99)/float64(f.FirstP99)*100) / 100
	}
	return f
}

// WriteJSON writes the report as indented JSON.
func (rep *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// WriteText writes the report for a person.
func (rep *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	window := rep.LastSent.Sub(rep.Started)
	fmt.Fprintf(&b, "conveyor load %s: %d orders offered at %g/s against %s (bus %s)\n",
		rep.RunID, rep.Orders, rep.Rate, rep.APIURL, rep.Bus)
	fmt.Fprintf(&b, "  sent         %d in %s (%.1f/s)", rep.Sent, formatDuration(window), rep.SentRate)
	if rep.Dropped > 0 {
		fmt.Fprintf(&b, "; %d dropped, too many requests open", rep.Dropped)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "  accepted     %d (%.1f/s)", rep.Accepted, rep.AcceptedRate)
	if len(rep.Refused) > 0 {
		fmt.Fprintf(&b, "; refused %s", countList(rep.Refused))
	}
	if rep.Failed > 0 {
		fmt.Fprintf(&b, "; %d got no answer", rep.Failed)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "  accept       %s\n", rep.AcceptLatency)
	fmt.Fprintf(&b, "  saga         %s   (request to the settling event on the bus)\n", rep.SagaLatency)
	fmt.Fprintf(&b, "  heard after  %s   (settling event to the run's queue)\n", rep.ListenerLag)
	fmt.Fprintf(&b, "  settled      %d (%.1f/s)", rep.Settled, rep.Throughput)
	if rep.Unsettled > 0 {
		fmt.Fprintf(&b, "; %d NOT SETTLED after %s", rep.Unsettled, rep.SettleWait)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "  outcomes     %s\n", countList(rep.Outcomes))
	kinds := map[string]int{}
	for k, n := range rep.Kinds {
		kinds[string(k)] = n
	}
	fmt.Fprintf(&b, "  mix          %s\n", countList(kinds))
	if rep.Cancels.Sent > 0 {
		fmt.Fprintf(&b, "  cancels      %d sent: %d accepted, %d too late (409)", rep.Cancels.Sent, rep.Cancels.Accepted, rep.Cancels.TooLate)
		if rep.Cancels.Failed > 0 {
			fmt.Fprintf(&b, ", %d failed", rep.Cancels.Failed)
		}
		b.WriteString("\n")
	}
	if f := rep.Flatness; f != nil {
		fmt.Fprintf(&b, "  flatness     saga p99 of the first %d orders %s, of the last %d %s: x%.2f\n", f.Window, f.FirstP99, f.Window, f.LastP99, f.Ratio)
	}
	for _, u := range rep.UnsettledOrders {
		fmt.Fprintf(&b, "  unsettled    %s (%s): %s\n", u.ID, u.Kind, u.Stands)
	}
	b.WriteString("  invariants\n")
	for _, inv := range rep.Invariants {
		mark := "ok  "
		switch {
		case inv.Skipped:
			mark = "skip"
		case !inv.OK:
			mark = "FAIL"
		}
		fmt.Fprintf(&b, "    %s %s: %s\n", mark, inv.Name, inv.Detail)
	}
	fmt.Fprintf(&b, "  events       %d heard, %d distinct; warm-up order %s\n", rep.EventsHeard, rep.EventsDistinct, rep.WarmUp)
	if c := rep.Chaos; c != nil {
		c.writeText(&b)
	}
	if rep.Cost != nil {
		_ = rep.Cost.WriteSummary(&b)
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(&b, "  note         %s\n", n)
	}
	if rep.Chart != "" {
		fmt.Fprintf(&b, "  chart        %s\n", rep.Chart)
	}
	if rep.Passed {
		b.WriteString("PASS: every order settled and every invariant holds\n")
	} else {
		b.WriteString("FAIL: " + strings.Join(rep.Failures(), "; ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Failures says why the report did not pass.
func (rep *Report) Failures() []string {
	var f []string
	if rep.Accepted == 0 {
		f = append(f, "no order was accepted")
	}
	if rep.Unsettled > 0 {
		f = append(f, fmt.Sprintf("%d orders did not settle", rep.Unsettled))
	}
	for _, inv := range rep.Invariants {
		if !inv.OK {
			f = append(f, inv.Name+" does not hold")
		}
	}
	if c := rep.Chaos; c != nil && c.Lost > 0 {
		f = append(f, fmt.Sprintf("%d orders lost under faults", c.Lost))
	}
	return f
}

func (p Percentiles) String() string {
	if p.Count == 0 {
		return "no sample"
	}
	return fmt.Sprintf("p50 %-8s p90 %-8s p99 %-8s max %s", p.P50, p.P90, p.P99, p.Max)
}

// countList writes counts as "a 3, b 2", largest first.
func countList(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := slices.Collect(maps.Keys(m))
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

// formatDuration rounds a duration for reading: milliseconds below ten
// seconds, tenths of a second above.
func formatDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	case d < 10*time.Second:
		return d.Round(time.Millisecond).String()
	default:
		return d.Round(100 * time.Millisecond).String()
	}
}
