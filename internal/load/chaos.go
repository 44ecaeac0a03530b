package load

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/conveyor-dev/conveyor/internal/chaos"
	"github.com/conveyor-dev/conveyor/internal/dlq"
)

// Switches turn the local cloud's faults on and off and count what they
// injected; *chaos.Client is one.
type Switches interface {
	Set(ctx context.Context, f chaos.Faults) error
	Injected(ctx context.Context) (chaos.Counts, error)
}

// Chaos runs the load under injected faults: they are on from the first
// order to the last answer, then off while the sagas settle.
type Chaos struct {
	// Faults are the faults injected.
	Faults chaos.Faults
	// ProviderErrorRate is the share of the payment provider's answers
	// that are 500s meanwhile (its simulator's switch).
	ProviderErrorRate float64
	// Switches reach the platform's fault switches.
	Switches Switches
	// DLQ reads and redrives the dead-letter queues: a message found in
	// one once the sagas settle is shown with the reasons its consumer
	// logged, then redriven, and the run waits for its saga again. Nil
	// leaves the messages where they are, and the run fails.
	DLQ *dlq.Tool
}

// retryFor is how long a chaos run keeps sending an order or a cancel
// whose answer was lost (no answer, or a 5xx), or that the API asks to
// send again (409 with Retry-After: the first attempt's key is still
// locked, until the deadline of the invocation that crashed), before it
// counts it as failed. A client retries with the same Idempotency-Key and
// gets the first attempt's order.
const retryFor = 30 * time.Second

// ChaosReport is what the faults did.
type ChaosReport struct {
	Faults            chaos.Faults `json:"faults"`
	ProviderErrorRate float64      `json:"providerErrorRate"`
	// On is how long the faults were on.
	On Millis `json:"onMs"`
	// Injected counts the faults injected, by kind; Total adds them up.
	Injected chaos.Counts `json:"injected"`
	Total    int64        `json:"total"`
	// Survived is the faults injected when nothing was lost: every order
	// settled, no effect happened twice and every dead letter was
	// explained and redriven; 0 otherwise.
	Survived int64 `json:"survived"`
	// Lost counts the orders lost: accepted and never settled, or never
	// answered at all despite the retries.
	Lost int `json:"lost"`
	// DuplicatedEffects counts the duplicate shipments, charges and
	// refunds the invariants found.
	DuplicatedEffects int `json:"duplicatedEffects"`
	// Retries counts the API requests sent again after a lost answer;
	// Resolved the orders sent again once the faults were off, because
	// none of their tries got a final answer while they were on.
	Retries  int `json:"apiRetries"`
	Resolved int `json:"resolvedAfterFaults"`
	// DeadLetters are the messages found in dead-letter queues once the
	// sagas settled, each with why its consumer gave up.
	DeadLetters []DeadLetter `json:"deadLetters,omitempty"`
}

// DeadLetter is one message found in a dead-letter queue.
type DeadLetter struct {
	Queue     string   `json:"queue"`
	MessageID string   `json:"messageId"`
	EventType string   `json:"eventType,omitempty"`
	Reasons   []string `json:"reasons"`
	Redriven  bool     `json:"redriven"`
}

// InvariantDLQsRedriven replaces InvariantDLQsEmpty in a chaos run.
const InvariantDLQsRedriven = "every dead-letter queue is empty, or each of its messages explained and redriven"

// resolveBudget is how long a chaos run, once the faults are off, keeps
// sending the orders that got no final answer while they were on: a
// client that keeps its Idempotency-Key learns what became of each order
// (the first attempt's, if it was stored), however busy the platform.
const resolveBudget = 10 * time.Minute

// resolveParallel bounds the orders resolveUnanswered sends at once.
const resolveParallel = 8

// unanswered reports whether the order's last answer leaves its fate
// unknown: none came, or a 5xx, or a 409 asking to retry.
func unanswered(o *Order) bool {
	return !o.Accepted() && !o.Sent.IsZero() &&
		(o.HTTPStatus == 0 || o.HTTPStatus >= http.StatusInternalServerError || o.HTTPStatus == http.StatusConflict)
}

// resolveUnanswered sends again, with their keys, the orders whose answer
// the faults lost, until each gets a final one.
func (r *runner) resolveUnanswered(ctx context.Context) {
	r.mu.Lock()
	var todo []*Order
	for _, o := range r.orders {
		if unanswered(o) {
			todo = append(todo, o)
		}
	}
	r.mu.Unlock()
	if len(todo) == 0 {
		return
	}
	r.logf("sending again the %d orders whose answer the faults lost", len(todo))
	next := make(chan *Order)
	var wg sync.WaitGroup
	for range resolveParallel {
		wg.Go(func() {
			for o := range next {
				r.send(ctx, o, resolveBudget)
			}
		})
	}
	for _, o := range todo {
		next <- o
	}
	close(next)
	wg.Wait()
	r.resolved = len(todo)
}

// retrying sends a request until it gets a final answer: in a chaos run,
// whose requests a crash may leave unanswered, for up to budget; else
// once. The pauses grow, with jitter, as a client's should.
func (r *runner) retrying(ctx context.Context, budget time.Duration, send func() (answer, error)) (answer, error) {
	start := time.Now()
	pause := 200 * time.Millisecond
	for {
		ans, err := send()
		again := err != nil || ans.status >= http.StatusInternalServerError ||
			(ans.status == http.StatusConflict && ans.retryAfter != "")
		if !again || r.cfg.Chaos == nil || time.Since(start) > budget {
			return ans, err
		}
		wait := pause/2 + rand.N(pause/2+1)
		if s, perr := strconv.Atoi(ans.retryAfter); perr == nil && s > 0 {
			wait = time.Duration(s) * time.Second
		}
		pause = min(2*pause, 5*time.Second)
		r.mu.Lock()
		r.retries++
		r.mu.Unlock()
		select {
		case <-ctx.Done():
			return ans, err
		case <-time.After(wait):
		}
	}
}

// chaosOn turns the faults on; it returns the counts before.
func (r *runner) chaosOn(ctx context.Context) (chaos.Counts, error) {
	c := r.cfg.Chaos
	before, err := c.Switches.Injected(ctx)
	if err != nil {
		return nil, fmt.Errorf("the chaos switches: %w", err)
	}
	if c.ProviderErrorRate > 0 {
		if r.cfg.ProviderURL == "" {
			return nil, errors.New("a provider error rate needs the provider simulator")
		}
		f, err := r.api.faults(ctx)
		if err != nil {
			return nil, err
		}
		f.ErrorRate = c.ProviderErrorRate
		if err := r.api.setFaults(ctx, f); err != nil {
			return nil, fmt.Errorf("the provider's error rate: %w", err)
		}
	}
	if err := c.Switches.Set(ctx, c.Faults); err != nil {
		return nil, fmt.Errorf("turn the faults on: %w", err)
	}
	r.logf("faults on: %s", describeFaults(c.Faults, c.ProviderErrorRate))
	return before, nil
}

// chaosOff turns the faults off and returns what they injected since
// before.
func (r *runner) chaosOff(ctx context.Context, before chaos.Counts) chaos.Counts {
	ctx = context.WithoutCancel(ctx)
	c := r.cfg.Chaos
	if err := c.Switches.Set(ctx, chaos.Faults{}); err != nil {
		r.notes = append(r.notes, "could not turn the faults off: "+err.Error())
	}
	if c.ProviderErrorRate > 0 {
		if f, err := r.api.faults(ctx); err == nil {
			f.ErrorRate = 0
			if err := r.api.setFaults(ctx, f); err != nil {
				r.notes = append(r.notes, "could not clear the provider's error rate: "+err.Error())
			}
		}
	}
	after, err := c.Switches.Injected(ctx)
	if err != nil {
		r.notes = append(r.notes, "could not read the faults injected: "+err.Error())
		return chaos.Counts{}
	}
	out := chaos.Counts{}
	for k, n := range after {
		if d := n - before[k]; d > 0 {
			out[k] = d
		}
	}
	r.logf("faults off: %d injected", out.Total())
	return out
}

// redriveDeadLetters shows and redrives every message the dead-letter
// queues hold; it reports whether it moved any.
func (r *runner) redriveDeadLetters(ctx context.Context) (bool, error) {
	tool := r.cfg.Chaos.DLQ
	if tool == nil {
		return false, nil
	}
	qs, err := tool.List(ctx)
	if err != nil {
		return false, err
	}
	moved := false
	for _, q := range qs {
		if q.Depth == 0 || q.URL == "" {
			continue
		}
		msgs, err := tool.Show(ctx, q, 0)
		if err != nil {
			return moved, err
		}
		for _, m := range msgs {
			d := DeadLetter{Queue: q.Name, MessageID: m.ID, EventType: m.EventType, Reasons: m.Reasons}
			if m.ReasonsError != "" {
				d.Reasons = append(d.Reasons, "the log could not be read: "+m.ReasonsError)
			}
			r.deadLetters = append(r.deadLetters, d)
			r.logf("dead letter in %s: %s %s, %d reasons logged", q.Name, m.EventType, m.ID, len(m.Reasons))
		}
		if q.Kind != dlq.KindSubscription {
			continue
		}
		n, err := tool.Redrive(ctx, q)
		if err != nil {
			return moved, err
		}
		r.logf("redrove %d messages of %s", n, q.Name)
		for i := range r.deadLetters {
			if r.deadLetters[i].Queue == q.Name {
				r.deadLetters[i].Redriven = true
			}
		}
		moved = moved || n > 0
	}
	return moved, nil
}

// chaosReport completes the report of a chaos run.
func (r *runner) chaosReport(rep *Report, injected chaos.Counts, on time.Duration) {
	c := r.cfg.Chaos
	cr := &ChaosReport{Faults: c.Faults, ProviderErrorRate: c.ProviderErrorRate, On: Millis(on), Injected: injected,
		Total: injected.Total(), Retries: r.retries, Resolved: r.resolved, DeadLetters: r.deadLetters}
	cr.Lost = rep.Unsettled + rep.Failed
	for status, n := range rep.Refused {
		// A 5xx or a 409 still asking to retry after retryFor: the
		// client never learnt what became of the order.
		if strings.HasPrefix(status, "5") || strings.HasPrefix(status, "409") {
			cr.Lost += n
		}
	}
	for i, inv := range rep.Invariants {
		switch inv.Name {
		case InvariantNoDupShip, InvariantNoDupCharge:
			if !inv.OK {
				cr.DuplicatedEffects += max(1, strings.Count(inv.Detail, ";")+1)
			}
		case InvariantDLQsEmpty:
			rep.Invariants[i] = r.deadLetterInvariant(inv)
		}
	}
	rep.Chaos = cr
	rep.Passed = rep.Passed && cr.Lost == 0
	for _, inv := range rep.Invariants {
		rep.Passed = rep.Passed && inv.OK
	}
	if rep.Passed {
		cr.Survived = cr.Total
	}
}

// deadLetterInvariant is the dead-letter check of a chaos run: the
// queues are empty now, and each message found in one was explained by
// its consumer's log and redriven.
func (r *runner) deadLetterInvariant(empty Invariant) Invariant {
	inv := Invariant{Name: InvariantDLQsRedriven, OK: empty.OK, Skipped: empty.Skipped, Detail: empty.Detail}
	if len(r.deadLetters) == 0 {
		return inv
	}
	var p problems
	for _, d := range r.deadLetters {
		switch {
		case !d.Redriven:
			p.addf("%s %s in %s was not redriven", d.EventType, d.MessageID, d.Queue)
		case len(d.Reasons) == 0:
			p.addf("%s %s in %s: its consumer logged no reason", d.EventType, d.MessageID, d.Queue)
		}
	}
	if !empty.OK {
		p.addf("after the redrive: %s", empty.Detail)
	}
	return p.result(InvariantDLQsRedriven, fmt.Sprintf("%d dead letters, each explained and redriven, then settled; %s", len(r.deadLetters), empty.Detail))
}

// describeFaults says which faults are on, for the progress lines.
func describeFaults(f chaos.Faults, provider float64) string {
	var parts []string
	add := func(name string, rate float64) {
		if rate > 0 {
			parts = append(parts, fmt.Sprintf("%s %g%%", name, rate*100))
		}
	}
	add("crash", f.Crash.Rate)
	add("throttle", f.Throttle.Rate)
	add("putEvents", f.PutEvents.Rate)
	add("duplicate", f.Duplicate.Rate)
	add("late", f.Late.Rate)
	add("latency", f.Latency.Rate)
	add("provider errors", provider)
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
