package load

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
)

// The invariants' names, as the report prints them.
const (
	InvariantStock        = "stock conserved per SKU"
	InvariantMoneyBus     = "money conserved on the bus: authorised - refunded = total of shipped orders"
	InvariantMoneyLedger  = "money conserved at the provider: authorised - refunded - voided = total of shipped orders"
	InvariantNoDupShip    = "no duplicate shipment"
	InvariantNoDupCharge  = "no duplicate charge or refund"
	InvariantDLQsEmpty    = "every dead-letter queue is empty"
	maxProblemsInOneCheck = 5
)

// Invariant is the result of one check.
type Invariant struct {
	Name string `json:"name"`
	OK   bool   `json:"ok"`
	// Skipped is true when the run could not read what the check needs
	// (the provider's ledger of a deployed stage); OK is then true.
	Skipped bool `json:"skipped,omitempty"`
	// Detail says what was checked, or what broke.
	Detail string `json:"detail"`
}

// StockLevel is an SKU's stock as GET /inventory/{sku} answers it.
type StockLevel struct {
	OnHand    int64 `json:"onHand"`
	Reserved  int64 `json:"reserved"`
	Available int64 `json:"available"`
}

// StockEvidence is one SKU of the run: the units it was seeded with and
// its level read at the end.
type StockEvidence struct {
	SKU    string
	Seeded int64
	Level  StockLevel
	// Error is why the level could not be read.
	Error string
}

// Evidence is what the invariants are checked against.
type Evidence struct {
	// Orders are the run's accepted orders with the events heard.
	Orders []*Order
	// Stock holds every SKU the run seeded.
	Stock []StockEvidence
	// Ledger is the provider's entries for the run's orders; nil when the
	// run cannot read the provider's ledger.
	Ledger []pspsim.Entry
	// LedgerError is why the provider's ledger, which the run meant to
	// check, could not be read.
	LedgerError string
	// DLQs is the number of messages in each dead-letter queue, by name;
	// nil when they were not read.
	DLQs map[string]int
	// DLQError is why the dead-letter queues could not be read.
	DLQError string
}

// Check checks every invariant against the evidence.
func Check(ev Evidence) []Invariant {
	return []Invariant{
		checkStock(ev),
		checkMoneyOnBus(ev),
		checkMoneyAtProvider(ev),
		checkNoDuplicateShipment(ev),
		checkNoDuplicateCharge(ev),
		checkDLQs(ev),
	}
}

// problems collects what broke in one check, keeping the first few.
type problems struct {
	list []string
	n    int
}

func (p *problems) addf(format string, args ...any) {
	p.n++
	if len(p.list) < maxProblemsInOneCheck {
		p.list = append(p.list, fmt.Sprintf(format, args...))
	}
}

func (p *problems) result(name, ok string) Invariant {
	if p.n == 0 {
		return Invariant{Name: name, OK: true, Detail: ok}
	}
	d := strings.Join(p.list, "; ")
	if p.n > len(p.list) {
		d += fmt.Sprintf("; and %d more", p.n-len(p.list))
	}
	return Invariant{Name: name, Detail: d}
}

func shipped(o *Order) bool { return o.Outcome().Status == StatusShipped }

func checkStock(ev Evidence) Invariant {
	sold := map[string]int64{}
	for _, o := range ev.Orders {
		if shipped(o) {
			for _, l := range o.Lines {
				sold[l.SKU] += int64(l.Quantity)
			}
		}
	}
	var p problems
	var units int64
	for _, s := range ev.Stock {
		want := s.Seeded - sold[s.SKU]
		units += sold[s.SKU]
		switch {
		case s.Error != "":
			p.addf("%s: %s", s.SKU, s.Error)
		case s.Level.OnHand != want || s.Level.Reserved != 0 || s.Level.Available != want:
			p.addf("%s: seeded %d, shipped %d, so want %d on hand, 0 reserved; inventory has %d on hand, %d reserved, %d available",
				s.SKU, s.Seeded, sold[s.SKU], want, s.Level.OnHand, s.Level.Reserved, s.Level.Available)
		}
	}
	return p.result(InvariantStock, fmt.Sprintf("%d SKUs: on hand = seeded - shipped (%d units shipped), nothing left reserved", len(ev.Stock), units))
}

// sumOf adds up the amounts of the order's events of a type.
func sumOf(o *Order, typ string) (sum int64, n int) {
	for _, e := range o.events {
		if e.Type == typ {
			sum += e.Amount
			n++
		}
	}
	return sum, n
}

// busMoney is what the bus says an order's payment moved: the amounts
// authorised and refunded. Payments announces an authorisation only when
// it still stands once stored: one that a cancel overtook is refunded (or
// voided) without ever being announced, so a refund heard without an
// authorisation settles one the bus never showed, and counts as both.
func busMoney(o *Order) (authorised, refunded int64, implied bool) {
	authorised, _ = sumOf(o, events.TypePaymentAuthorized)
	refunded, _ = sumOf(o, events.TypePaymentRefunded)
	if authorised == 0 && refunded > 0 {
		return refunded, refunded, true
	}
	return authorised, refunded, false
}

func checkMoneyOnBus(ev Evidence) Invariant {
	var p problems
	var auth, refunded, shippedTotal int64
	implied := 0
	for _, o := range ev.Orders {
		a, r, imp := busMoney(o)
		if imp {
			implied++
		}
		want := int64(0)
		if shipped(o) {
			want = o.Total
		}
		auth, refunded, shippedTotal = auth+a, refunded+r, shippedTotal+want
		if a-r != want {
			p.addf("order %s (%s): authorised %d - refunded %d = %d, want %d", o.ID, o.Outcome().Label(), a, r, a-r, want)
		}
	}
	if auth-refunded != shippedTotal {
		p.addf("in all: authorised %d - refunded %d = %d, shipped orders total %d", auth, refunded, auth-refunded, shippedTotal)
	}
	ok := fmt.Sprintf("authorised %d - refunded %d = %d = shipped orders' total", auth, refunded, auth-refunded)
	if implied > 0 {
		ok += fmt.Sprintf(" (%d authorisations a cancel overtook, announced only by their refund)", implied)
	}
	return p.result(InvariantMoneyBus, ok)
}

func checkMoneyAtProvider(ev Evidence) Invariant {
	if ev.LedgerError != "" {
		return Invariant{Name: InvariantMoneyLedger, Detail: "the provider's ledger: " + ev.LedgerError}
	}
	if ev.Ledger == nil {
		return Invariant{Name: InvariantMoneyLedger, OK: true, Skipped: true, Detail: "the provider's ledger is not readable from here"}
	}
	byOrder := map[string]map[string]int64{}
	for _, e := range ev.Ledger {
		if byOrder[e.OrderID] == nil {
			byOrder[e.OrderID] = map[string]int64{}
		}
		byOrder[e.OrderID][e.Kind] += e.Amount.Amount
	}
	var p problems
	var auth, refunded, voided, shippedTotal int64
	for _, o := range ev.Orders {
		m := byOrder[o.ID]
		a, r, v := m[pspsim.KindAuthorization], m[pspsim.KindRefund], m[pspsim.KindVoid]
		want := int64(0)
		if shipped(o) {
			want = o.Total
		}
		auth, refunded, voided, shippedTotal = auth+a, refunded+r, voided+v, shippedTotal+want
		if a-r-v != want {
			p.addf("order %s (%s): authorised %d - refunded %d - voided %d = %d, want %d", o.ID, o.Outcome().Label(), a, r, v, a-r-v, want)
		}
	}
	if auth-refunded-voided != shippedTotal {
		p.addf("in all: authorised %d - refunded %d - voided %d = %d, shipped orders total %d", auth, refunded, voided, auth-refunded-voided, shippedTotal)
	}
	return p.result(InvariantMoneyLedger, fmt.Sprintf("authorised %d - refunded %d - voided %d = %d = shipped orders' total", auth, refunded, voided, auth-refunded-voided))
}

func checkNoDuplicateShipment(ev Evidence) Invariant {
	var p problems
	owner := map[string]string{}
	shippedOrders, ofCancelled := 0, 0
	for _, o := range ev.Orders {
		_, shippedEvents := sumOf(o, events.TypeOrderShipped)
		_, scheduled := sumOf(o, events.TypeShipmentScheduled)
		ids := map[string]bool{}
		for _, e := range o.events {
			if (e.Type == events.TypeShipmentScheduled || e.Type == events.TypeOrderShipped) && e.ShipmentID != "" {
				ids[e.ShipmentID] = true
			}
		}
		cancelled, _ := o.has(events.TypeOrderCancelled)
		switch {
		case shippedEvents > 1 || scheduled > 1:
			p.addf("order %s: shipped %d times, %d shipments scheduled", o.ID, shippedEvents, scheduled)
		case len(ids) > 1:
			p.addf("order %s: %d shipments %v", o.ID, len(ids), slices.Sorted(maps.Keys(ids)))
		case cancelled && shippedEvents > 0:
			p.addf("order %s: cancelled and shipped", o.ID)
		case shippedEvents > 0:
			shippedOrders++
		case len(ids) > 0:
			// Confirmed, then cancelled by its customer: shipping cancels
			// the shipment it had scheduled.
			ofCancelled++
		}
		for id := range ids {
			if other, dup := owner[id]; dup && other != o.ID {
				p.addf("orders %s and %s share shipment %s", other, o.ID, id)
			}
			owner[id] = o.ID
		}
	}
	ok := fmt.Sprintf("%d shipped orders, one shipment each, none shared, none shipped once cancelled", shippedOrders)
	if ofCancelled > 0 {
		ok += fmt.Sprintf("; %d shipments scheduled for orders cancelled after confirmation", ofCancelled)
	}
	return p.result(InvariantNoDupShip, ok)
}

func checkNoDuplicateCharge(ev Evidence) Invariant {
	var p problems
	for _, o := range ev.Orders {
		for _, typ := range []string{events.TypePaymentAuthorized, events.TypePaymentRefunded} {
			if _, n := sumOf(o, typ); n > 1 {
				p.addf("order %s: %d %s events", o.ID, n, typ)
			}
		}
	}
	ok := "one authorisation and at most one refund per order on the bus"
	if ev.Ledger != nil {
		ours := map[string]bool{}
		for _, o := range ev.Orders {
			ours[o.ID] = true
		}
		counts := map[[2]string]int{}
		for _, e := range ev.Ledger {
			if ours[e.OrderID] {
				counts[[2]string{e.OrderID, e.Kind}]++
			}
		}
		for _, k := range slices.SortedFunc(maps.Keys(counts), func(a, b [2]string) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) }) {
			if counts[k] > 1 {
				p.addf("order %s: %d provider %s entries", k[0], counts[k], k[1])
			}
		}
		ok += " and in the provider's ledger"
	}
	return p.result(InvariantNoDupCharge, ok)
}

func checkDLQs(ev Evidence) Invariant {
	if ev.DLQError != "" {
		return Invariant{Name: InvariantDLQsEmpty, Detail: ev.DLQError}
	}
	if ev.DLQs == nil {
		return Invariant{Name: InvariantDLQsEmpty, OK: true, Skipped: true, Detail: "not read"}
	}
	var p problems
	for _, name := range slices.Sorted(maps.Keys(ev.DLQs)) {
		if n := ev.DLQs[name]; n > 0 {
			p.addf("%s holds %d messages", name, n)
		}
	}
	return p.result(InvariantDLQsEmpty, fmt.Sprintf("%d queues, no message", len(ev.DLQs)))
}
