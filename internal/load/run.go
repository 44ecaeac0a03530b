package load

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/internal/chaos"
	"github.com/conveyor-dev/conveyor/internal/cost"
	"github.com/conveyor-dev/conveyor/internal/metering"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
)

// The provider's decline limit the run sets when none is set, in minor
// units: what make demo uses.
const defaultDeclineAbove = 500_000

// Limits of the run's phases and requests.
const (
	setupTimeout  = 60 * time.Second
	warmUpTimeout = 90 * time.Second
	// maxInFlight bounds the requests the run keeps open: an arrival
	// beyond it is counted as dropped by the client, not sent.
	maxInFlight = 10_000
	// progressEvery is how often a progress line is written.
	progressEvery = 5 * time.Second
)

// Run offers the load, waits for every order to settle, checks the
// invariants and returns the report. It fails only when the run could
// not be carried out; a platform that breaks an invariant or leaves
// orders unsettled gives a report whose Passed is false.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.RunID == "" {
		cfg.RunID = time.Now().UTC().Format("0102150405")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Seed == 0 {
		cfg.Seed = rand.Uint64()
	}
	progress := cfg.Progress
	if progress == nil {
		progress = io.Discard
	}
	r := &runner{cfg: cfg, api: newAPI(cfg.APIURL, cfg.ProviderURL), progress: progress}
	return r.run(ctx)
}

type runner struct {
	cfg      Config
	api      *api
	progress io.Writer
	catalog  catalog
	tracker  *tracker
	// declineAbove is the provider's decline limit during the run; 0
	// when the run has none and declines no order on purpose.
	declineAbove int64
	// restoreDecline is true when the run set the decline limit and lifts
	// it at the end.
	restoreDecline bool
	notes          []string

	mu     sync.Mutex
	orders []*Order
	warmUp *Order
	// places counts the order requests without an answer; open counts
	// those and the cancels without an answer.
	places  sync.WaitGroup
	open    int
	dropped int
	// retries counts the requests a chaos run sent again; deadLetters
	// are the messages it found in dead-letter queues (see chaos.go).
	retries     int
	resolved    int
	deadLetters []DeadLetter
}

func (r *runner) logf(format string, args ...any) {
	fmt.Fprintf(r.progress, "load: "+format+"\n", args...)
}

func (r *runner) run(ctx context.Context) (*Report, error) {
	cfg := r.cfg
	if err := r.awaitAPI(ctx); err != nil {
		return nil, err
	}
	setup, cancelSetup := context.WithTimeout(ctx, setupTimeout)
	defer cancelSetup()
	if err := r.prepareProvider(setup); err != nil {
		return nil, err
	}
	defer r.restoreProvider()
	mix := cfg.Mix
	if r.declineAbove == 0 && mix.Declined > 0 {
		r.notes = append(r.notes, "no provider simulator to decline payments: declined orders are regular ones")
		mix.Declined = 0
	}
	r.catalog = newCatalog(cfg.RunID, cfg.Orders, max(r.declineAbove, maxRegularTotal()))
	r.tracker = newTracker(r.cancelLate)

	listener, err := openListener(setup, cfg.AWS, cfg.Prefix, "conveyor-load-"+cfg.RunID)
	if err != nil {
		return nil, err
	}
	defer listener.Close(context.WithoutCancel(ctx))
	listenCtx, stopListening := context.WithCancel(ctx)
	listenErr := make(chan error, 1)
	go func() { listenErr <- listener.run(listenCtx, r.tracker.observe) }()
	defer stopListening()

	dlqBefore, dlqErr := r.dlqs(setup)
	if err := r.seed(setup); err != nil {
		return nil, err
	}
	r.logf("seeded %d products tagged LOAD-%s-; placing a warm-up order", len(r.catalog.all()), cfg.RunID)
	if err := r.placeWarmUp(ctx); err != nil {
		return nil, err
	}

	var (
		injectedBefore chaos.Counts
		faultsOn       time.Time
		injected       chaos.Counts
	)
	if cfg.Chaos != nil {
		if injectedBefore, err = r.chaosOn(setup); err != nil {
			return nil, err
		}
		faultsOn = time.Now()
	}
	if cfg.MeterEndpoint != "" {
		if _, err := metering.ResetAt(setup, cfg.MeterEndpoint); err != nil {
			r.notes = append(r.notes, "no cost section: "+err.Error())
			cfg.MeterEndpoint = ""
		}
	}
	r.logf("offering %d orders at %g/s", cfg.Orders, cfg.Rate)
	rep := &Report{RunID: cfg.RunID, APIURL: cfg.APIURL, Bus: cfg.Prefix, Rate: cfg.Rate, Orders: cfg.Orders, Mix: mix,
		Seed: cfg.Seed, DeclineAbove: r.declineAbove}
	rep.Started = time.Now()
	r.offer(ctx, mix)
	rep.LastSent = time.Now()
	r.places.Wait()
	rep.LastAnswered = time.Now()
	if cfg.Chaos != nil {
		injected = r.chaosOff(ctx, injectedBefore)
		r.resolveUnanswered(ctx)
	}
	r.logf("every order answered; waiting up to %s for the sagas to settle", cfg.SettleTimeout)

	deadline := time.Now().Add(cfg.SettleTimeout)
	r.awaitSettled(ctx, deadline, listenErr)
	if cfg.Chaos != nil {
		// What is left in a dead-letter queue is shown, redriven, and
		// given another settle timeout.
		if moved, err := r.redriveDeadLetters(ctx); err != nil {
			r.notes = append(r.notes, "the dead-letter queues: "+err.Error())
		} else if moved {
			deadline = time.Now().Add(cfg.SettleTimeout)
			r.awaitSettled(ctx, deadline, listenErr)
		}
	}
	rep.SettleWait = Millis(time.Since(rep.LastAnswered))
	ev := r.awaitInvariants(ctx, deadline)
	var priced *cost.Report
	if cfg.MeterEndpoint != "" {
		if c, err := cost.Measure(ctx, cfg.MeterEndpoint, cfg.Services, cost.Options{}); err != nil {
			r.notes = append(r.notes, "no cost section: "+err.Error())
		} else {
			priced = &c
		}
	}
	stopListening()
	r.restoreProvider()
	if err := <-listenErr; err != nil {
		r.notes = append(r.notes, "the listener stopped early: "+err.Error())
	}
	if dlqErr == nil {
		for name, n := range dlqBefore {
			if n > 0 {
				r.notes = append(r.notes, fmt.Sprintf("%s held %d messages before the run", name, n))
			}
		}
	}
	heard, fresh := r.tracker.counts()
	r.tracker.locked(func() { rep.build(r.orders, r.warmUp, Check(ev), r.dropped) })
	if cfg.Chaos != nil {
		r.chaosReport(rep, injected, rep.LastAnswered.Sub(faultsOn))
	}
	rep.EventsHeard, rep.EventsDistinct, rep.Undecodable = heard, fresh, listener.Undecodable()
	if ctx.Err() != nil {
		r.notes = append(r.notes, "interrupted: the report holds what happened until then")
	}
	rep.Cost = priced
	rep.Notes = append(rep.Notes, r.notes...)
	return rep, nil
}

// awaitAPI asks the API's health route until it answers or WaitReady
// passes.
func (r *runner) awaitAPI(ctx context.Context) error {
	deadline := time.Now().Add(r.cfg.WaitReady)
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		err := r.api.health(ctx)
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the platform's API does not answer (is it running?): %w", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// prepareProvider reads the simulator's switches and sets a decline
// limit when it has none, so that the run's premium product is declined.
func (r *runner) prepareProvider(ctx context.Context) error {
	if r.cfg.ProviderURL == "" {
		return nil
	}
	f, err := r.api.faults(ctx)
	if err != nil {
		return fmt.Errorf("the payment provider simulator: %w", err)
	}
	if f.Outage || f.ErrorRate > 0 || f.LatencyMS > 0 {
		r.notes = append(r.notes, fmt.Sprintf("the provider simulator plays faults during the run: %+v", f))
	}
	if f.DeclineAbove > 0 {
		if f.DeclineAbove < maxRegularTotal() {
			return fmt.Errorf("the provider declines amounts above %d, below the run's largest regular order (%d): clear its declineAbove first", f.DeclineAbove, maxRegularTotal())
		}
		r.declineAbove = f.DeclineAbove
		return nil
	}
	f.DeclineAbove = defaultDeclineAbove
	if err := r.api.setFaults(ctx, f); err != nil {
		return fmt.Errorf("set the provider's decline limit: %w", err)
	}
	r.declineAbove = defaultDeclineAbove
	r.restoreDecline = true
	return nil
}

// restoreProvider lifts the decline limit the run set.
func (r *runner) restoreProvider() {
	if !r.restoreDecline {
		return
	}
	r.restoreDecline = false
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	f, err := r.api.faults(ctx)
	if err == nil {
		f.DeclineAbove = 0
		err = r.api.setFaults(ctx, f)
	}
	if err != nil {
		r.notes = append(r.notes, "could not lift the provider's decline limit: "+err.Error())
	}
}

// seed puts the run's products and their stock through the API.
func (r *runner) seed(ctx context.Context) error {
	for _, p := range r.catalog.all() {
		if err := r.api.putProduct(ctx, r.cfg.AdminToken, p.sku, "Load "+p.sku, p.price); err != nil {
			return fmt.Errorf("seed products: %w", err)
		}
		if err := r.api.putStock(ctx, r.cfg.AdminToken, p.sku, p.onHand); err != nil {
			return fmt.Errorf("seed stock: %w", err)
		}
	}
	return nil
}

// placeWarmUp places one order of every product of the run, again while
// orders has not learnt them all from the catalog's events (422), and
// waits until it settles: then the platform knows the products and the
// run hears the bus.
func (r *runner) placeWarmUp(ctx context.Context) error {
	o := &Order{Seq: -1, Kind: KindWarmUp, Lines: r.catalog.lines(KindWarmUp, nil)}
	deadline := time.Now().Add(warmUpTimeout)
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for attempt := 0; ; attempt++ {
		ans, p, err := r.api.place(ctx, r.cfg.CustomerTokens[0], fmt.Sprintf("load-%s-warm-up-%d", r.cfg.RunID, attempt), o.Lines)
		switch {
		case err != nil:
			return fmt.Errorf("warm-up order: %w", err)
		case ans.status == http.StatusAccepted:
			if p.ID == "" {
				return fmt.Errorf("warm-up order: no order id in %s", ans)
			}
			o.ID, o.Total = p.ID, p.Total
		case ans.status != http.StatusUnprocessableEntity || time.Now().After(deadline):
			return fmt.Errorf("warm-up order: %s", ans)
		}
		if o.ID != "" {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
	r.warmUp = o
	r.tracker.register(o)
	for r.tracker.pending() > 0 {
		if time.Now().After(deadline) {
			return fmt.Errorf("the warm-up order %s did not settle within %s: the run hears no saga event on bus %s (is -prefix right?)", o.ID, warmUpTimeout, r.cfg.Prefix)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-r.tracker.changed:
		case <-tick.C:
		}
	}
	return nil
}

// offer sends the orders on schedule: order i is due i/Rate seconds
// after the start, whatever became of the earlier ones.
func (r *runner) offer(ctx context.Context, mix Mix) {
	seq := newSequence(mix)
	rnd := rand.New(rand.NewPCG(r.cfg.Seed, 1))
	start := time.Now()
	interval := time.Duration(float64(time.Second) / r.cfg.Rate)
	timer := time.NewTimer(0)
	defer timer.Stop()
	lastProgress := start
	for i := range r.cfg.Orders {
		due := start.Add(time.Duration(i) * interval)
		if wait := time.Until(due); wait > 0 {
			timer.Reset(wait)
			select {
			case <-ctx.Done():
				return
			case <-timer.C:
			}
		}
		k := seq.next()
		o := &Order{Seq: i, Kind: k, Lines: r.catalog.lines(k, rnd), Customer: rnd.IntN(len(r.cfg.CustomerTokens)), Due: due}
		r.mu.Lock()
		r.orders = append(r.orders, o)
		tooMany := r.open >= maxInFlight
		if tooMany {
			r.dropped++
			o.Error = "dropped: too many requests in flight"
		} else {
			r.open++
			r.places.Add(1)
		}
		r.mu.Unlock()
		if !tooMany {
			go func() {
				defer r.places.Done()
				defer r.done()
				r.place(ctx, o)
			}()
		}
		if time.Since(lastProgress) >= progressEvery {
			lastProgress = time.Now()
			r.mu.Lock()
			open := r.open
			r.mu.Unlock()
			r.logf("%d/%d orders sent, %d awaiting an answer, %d sagas open", i+1, r.cfg.Orders, open, r.tracker.pending())
		}
	}
}

// place sends one order and follows it once accepted.
func (r *runner) place(ctx context.Context, o *Order) {
	o.Sent = time.Now()
	r.send(ctx, o, retryFor)
}

// send places o, sending it again for up to budget in a chaos run, and
// follows it once accepted.
func (r *runner) send(ctx context.Context, o *Order, budget time.Duration) {
	var p placed
	ans, err := r.retrying(ctx, budget, func() (answer, error) {
		var (
			ans answer
			err error
		)
		ans, p, err = r.api.place(ctx, r.cfg.CustomerTokens[o.Customer], o.key(r.cfg.RunID), o.Lines)
		return ans, err
	})
	o.Answered = time.Now()
	o.HTTPStatus = ans.status
	o.Error = ""
	if err != nil {
		o.Error = err.Error()
		return
	}
	if ans.status != http.StatusAccepted || p.ID == "" {
		o.Error = ans.String()
		return
	}
	o.Total = p.Total
	r.mu.Lock()
	o.ID = p.ID
	r.mu.Unlock()
	r.tracker.register(o)
	if o.Kind == KindCancelEarly {
		r.cancelNow(ctx, o)
	}
}

// done counts one answered request, and wakes awaitSettled.
func (r *runner) done() {
	r.mu.Lock()
	r.open--
	r.mu.Unlock()
	select {
	case r.tracker.changed <- struct{}{}:
	default:
	}
}

// cancelLate cancels a KindCancelLate order once its payment is
// authorised; the tracker calls it.
func (r *runner) cancelLate(o *Order) {
	r.mu.Lock()
	r.open++
	r.mu.Unlock()
	go func() {
		defer r.done()
		r.cancelNow(context.Background(), o)
	}()
}

func (r *runner) cancelNow(ctx context.Context, o *Order) {
	ans, err := r.retrying(ctx, retryFor, func() (answer, error) {
		return r.api.cancel(ctx, r.cfg.CustomerTokens[o.Customer], o.ID, o.key(r.cfg.RunID))
	})
	r.tracker.locked(func() {
		o.cancelAsked = true
		o.CancelStatus = ans.status
		if err != nil {
			o.CancelError = err.Error()
		}
	})
}

// awaitSettled waits until every accepted order has settled, the
// deadline passes or the listener fails.
func (r *runner) awaitSettled(ctx context.Context, deadline time.Time, listenErr chan error) {
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	timeout := time.NewTimer(time.Until(deadline))
	defer timeout.Stop()
	for {
		// Late cancels go out while the sagas run; wait for their answers
		// too, so that no cancel is left unanswered.
		r.mu.Lock()
		open := r.open
		r.mu.Unlock()
		if r.tracker.pending() == 0 && open == 0 {
			return
		}
		select {
		case <-ctx.Done():
			return
		case err := <-listenErr:
			listenErr <- err
			return
		case <-timeout.C:
			r.logf("%d orders did not settle within %s", r.tracker.pending(), r.cfg.SettleTimeout)
			return
		case <-r.tracker.changed:
		case <-tick.C:
			r.logf("%d sagas open", r.tracker.pending())
			if r.cfg.Chaos != nil && r.tracker.pending() > 0 {
				// A saga may wait on a message a consumer gave up on.
				if _, err := r.redriveDeadLetters(ctx); err != nil {
					r.logf("the dead-letter queues: %v", err)
				}
			}
		}
	}
}

// awaitInvariants reads the evidence and checks it until every invariant
// holds or the deadline passes: stock and money settle a moment after
// the last event. It returns the last evidence read.
func (r *runner) awaitInvariants(ctx context.Context, deadline time.Time) Evidence {
	// Consumers finish their own work after the events the run hears
	// (inventory commits a sale while shipping schedules), so give the
	// checks some time even when the sagas took all theirs.
	deadline = maxTime(deadline, time.Now().Add(15*time.Second))
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		ev := r.evidence(ctx)
		ok := true
		for _, inv := range Check(ev) {
			ok = ok && inv.OK
		}
		if ok || time.Now().After(deadline) || ctx.Err() != nil {
			return ev
		}
		select {
		case <-ctx.Done():
			return ev
		case <-tick.C:
		}
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// evidence reads the stock of every SKU of the run, the provider's
// ledger for its orders and the dead-letter queues.
func (r *runner) evidence(ctx context.Context) Evidence {
	// An interrupted run still reads what happened, once.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	var ev Evidence
	r.mu.Lock()
	ours := map[string]bool{}
	for _, o := range append([]*Order{r.warmUp}, r.orders...) {
		if o != nil && o.Accepted() {
			ev.Orders = append(ev.Orders, o)
			ours[o.ID] = true
		}
	}
	r.mu.Unlock()
	for _, p := range r.catalog.all() {
		s := StockEvidence{SKU: p.sku, Seeded: p.onHand}
		level, err := r.api.stock(ctx, p.sku)
		if err != nil {
			s.Error = err.Error()
		}
		s.Level = level
		ev.Stock = append(ev.Stock, s)
	}
	if r.cfg.ProviderURL != "" {
		ledger, err := r.api.ledger(ctx)
		if err != nil {
			ev.LedgerError = err.Error()
		} else {
			ev.Ledger = []pspsim.Entry{}
			for _, e := range ledger {
				if ours[e.OrderID] {
					ev.Ledger = append(ev.Ledger, e)
				}
			}
		}
	}
	dlqs, err := r.dlqs(ctx)
	if err != nil {
		ev.DLQError = err.Error()
	}
	ev.DLQs = dlqs
	// The checks read copies: the listener keeps adding events.
	var copied []*Order
	r.tracker.locked(func() {
		for _, o := range ev.Orders {
			c := *o
			c.events = append([]Event(nil), o.events...)
			copied = append(copied, &c)
		}
	})
	ev.Orders = copied
	return ev
}

// dlqs counts the messages in every dead-letter queue of the platform:
// each subscription's, and each stream consumer's failure queue where the
// platform has one (a deployed stage).
func (r *runner) dlqs(ctx context.Context) (map[string]int, error) {
	var required, optional []string
	for _, s := range r.cfg.Services {
		for _, sub := range s.Subscriptions {
			required = append(required, r.cfg.Prefix+"-"+s.QueueName(sub)+"-dlq")
		}
		for _, f := range s.Functions {
			if f.Stream != nil {
				optional = append(optional, r.cfg.Prefix+"-"+f.Name+"-stream-failures")
			}
		}
	}
	if len(required)+len(optional) == 0 {
		return nil, nil
	}
	counts, err := dlqCounts(ctx, sqs.NewFromConfig(r.cfg.AWS), required, optional)
	if err != nil {
		return nil, err
	}
	return counts, nil
}
