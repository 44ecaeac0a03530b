package load

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Config says what load to offer and where.
type Config struct {
	// APIURL is the platform's API, e.g. "http://127.0.0.1:8080".
	APIURL string
	// AWS reaches the platform's bus and queues: the emulator of the
	// local cloud, or an account.
	AWS aws.Config
	// Prefix starts the platform's resource names, "conveyor-<stage>":
	// the bus is named Prefix, and each subscription's dead-letter queue
	// "<Prefix>-<service>-<subscription>-dlq".
	Prefix string
	// Services are the platform's declarations (functions.All()): they
	// name the dead-letter queues to check.
	Services []spec.Service
	// MeterEndpoint is the local cloud's emulator, whose meter the run
	// zeroes before its orders and prices after them (the report's cost
	// section); empty leaves the report without one.
	MeterEndpoint string
	// AdminToken seeds products and stock.
	AdminToken string
	// CustomerTokens place the orders, each of a customer of the run's
	// own; orders are spread over them.
	CustomerTokens []string
	// ProviderURL is the payment provider simulator the platform calls.
	// The run sets its decline limit, when none is set, to have orders
	// declined, and reads its ledger for the money check. Empty: no
	// order is meant to be declined and the ledger is not checked.
	ProviderURL string

	// Rate is the offered rate in orders per second.
	Rate float64
	// Orders is how many orders the run offers.
	Orders int
	// Mix is the share of each kind of order.
	Mix Mix
	// Seed makes the lines of the orders repeatable; 0 picks one.
	Seed uint64
	// SettleTimeout is how long, after the last order was answered, every
	// order has to settle, and the invariants to hold.
	SettleTimeout time.Duration
	// RunID tags the run's products ("LOAD-<RunID>-..."), customers and
	// listener; empty makes one from the clock. Upper-case letters and
	// digits.
	RunID string
	// WaitReady is how long to wait for the API to answer before the run
	// starts, for a platform that is still starting; 0 asks once.
	WaitReady time.Duration
	// Progress receives a line per phase and one every few seconds; nil
	// discards them.
	Progress io.Writer
	// Chaos, when set, injects faults while the orders are offered (see
	// chaos.go); nil runs without.
	Chaos *Chaos
}

// Mix is the share (0 to 1) of each kind of order other than regular;
// the rest are regular.
type Mix struct {
	OutOfStock  float64 `json:"outOfStock"`
	Declined    float64 `json:"declined"`
	CancelEarly float64 `json:"cancelEarly"`
	CancelLate  float64 `json:"cancelLate"`
}

// DefaultMix is the mix of `conveyor load`: nine orders in ten are
// meant to ship, and each kind of failure or change of mind has its share.
var DefaultMix = Mix{OutOfStock: 0.04, Declined: 0.04, CancelEarly: 0.03, CancelLate: 0.03}

// Validate reports a setting out of range.
func (c Config) Validate() error {
	var errs []error
	if c.APIURL == "" {
		errs = append(errs, errors.New("the API URL is required"))
	}
	if c.Prefix == "" {
		errs = append(errs, errors.New("the resource prefix (the bus name) is required"))
	}
	if c.AdminToken == "" || len(c.CustomerTokens) == 0 {
		errs = append(errs, errors.New("an admin token and at least one customer token are required"))
	}
	if c.Rate <= 0 || c.Rate > 10_000 {
		errs = append(errs, fmt.Errorf("rate %g: want more than 0 and at most 10000 orders/s", c.Rate))
	}
	if c.Orders < 1 {
		errs = append(errs, fmt.Errorf("orders %d: want at least 1", c.Orders))
	}
	if c.WaitReady < 0 {
		errs = append(errs, fmt.Errorf("wait %s: want zero or a positive duration", c.WaitReady))
	}
	if c.SettleTimeout <= 0 {
		errs = append(errs, fmt.Errorf("settle timeout %s: want a positive duration", c.SettleTimeout))
	}
	if err := c.Mix.validate(); err != nil {
		errs = append(errs, err)
	}
	if c.Chaos != nil {
		if c.Chaos.Switches == nil {
			errs = append(errs, errors.New("a chaos run needs the fault switches"))
		}
		if err := c.Chaos.Faults.Validate(); err != nil {
			errs = append(errs, err)
		}
		if c.Chaos.ProviderErrorRate < 0 || c.Chaos.ProviderErrorRate > 1 {
			errs = append(errs, fmt.Errorf("provider error rate %g: want a share within 0-1", c.Chaos.ProviderErrorRate))
		}
	}
	for _, r := range c.RunID {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			errs = append(errs, fmt.Errorf("run id %q: upper-case letters and digits only", c.RunID))
			break
		}
	}
	return errors.Join(errs...)
}

func (m Mix) validate() error {
	sum := 0.0
	for _, s := range []float64{m.OutOfStock, m.Declined, m.CancelEarly, m.CancelLate} {
		if s < 0 || s > 1 {
			return fmt.Errorf("mix %+v: every share is within 0-1", m)
		}
		sum += s
	}
	if sum > 1 {
		return fmt.Errorf("mix %+v: the shares add up to more than 1", m)
	}
	return nil
}

// sequence deals the kinds of the mix in proportion and evenly spread
// (smooth weighted round robin), so that a short run holds each kind as
// soon as its share allows and the counts match the shares exactly.
type sequence struct {
	kinds   []Kind
	weights []float64
	current []float64
}

func newSequence(m Mix) *sequence {
	s := &sequence{}
	add := func(k Kind, w float64) {
		if w > 0 {
			s.kinds, s.weights = append(s.kinds, k), append(s.weights, w)
		}
	}
	add(KindRegular, 1-m.OutOfStock-m.Declined-m.CancelEarly-m.CancelLate)
	add(KindOutOfStock, m.OutOfStock)
	add(KindDeclined, m.Declined)
	add(KindCancelEarly, m.CancelEarly)
	add(KindCancelLate, m.CancelLate)
	s.current = make([]float64, len(s.kinds))
	return s
}

func (s *sequence) next() Kind {
	best, total := 0, 0.0
	for i, w := range s.weights {
		s.current[i] += w
		total += w
		if s.current[i] > s.current[best] {
			best = i
		}
	}
	s.current[best] -= total
	return s.kinds[best]
}

// catalog is the run's products.
type catalog struct {
	// regular SKUs are in plentiful stock and cheap enough to be
	// authorised.
	regular []product
	// soldOut has no stock; premium is priced above the provider's
	// decline limit, when the run has one.
	soldOut, premium product
}

type product struct {
	sku    string
	price  int64
	onHand int64
}

// currency is the currency of every product of the run.
const currency = "EUR"

// regularPrices are the prices of the regular products, in cents.
var regularPrices = []int64{450, 990, 1299, 1500, 1850, 2500, 3200, 3900}

// The shape of an order's lines.
const (
	maxLines    = 3
	maxQuantity = 3
)

// maxRegularTotal is the most a regular order can cost.
func maxRegularTotal() int64 {
	top := int64(0)
	for _, p := range regularPrices {
		top = max(top, p)
	}
	return top * maxLines * maxQuantity
}

// newCatalog names the run's products. Each regular SKU holds enough
// units for every order to take the most it can of it.
func newCatalog(runID string, orders int, declineAbove int64) catalog {
	c := catalog{
		soldOut: product{sku: "LOAD-" + runID + "-SOLDOUT", price: 700},
		premium: product{sku: "LOAD-" + runID + "-PREMIUM", price: declineAbove + 1, onHand: int64(orders) + 10},
	}
	for i, p := range regularPrices {
		c.regular = append(c.regular, product{sku: fmt.Sprintf("LOAD-%s-R%d", runID, i+1), price: p, onHand: int64(orders)*maxQuantity + 10})
	}
	return c
}

func (c catalog) all() []product {
	return append(append([]product(nil), c.regular...), c.soldOut, c.premium)
}

// lines picks an order's lines for its kind.
func (c catalog) lines(k Kind, rnd *rand.Rand) []Line {
	var ls []Line
	switch k {
	case KindWarmUp:
		for _, p := range c.all() {
			ls = append(ls, Line{SKU: p.sku, Quantity: 1})
		}
		return ls
	case KindOutOfStock:
		ls = append(ls, Line{SKU: c.soldOut.sku, Quantity: 1 + rnd.IntN(maxQuantity)})
	case KindDeclined:
		ls = append(ls, Line{SKU: c.premium.sku, Quantity: 1})
	}
	n := 1 + rnd.IntN(maxLines)
	if len(ls) > 0 {
		n = rnd.IntN(maxLines)
	}
	for _, i := range rnd.Perm(len(c.regular))[:n] {
		ls = append(ls, Line{SKU: c.regular[i].sku, Quantity: 1 + rnd.IntN(maxQuantity)})
	}
	return ls
}
