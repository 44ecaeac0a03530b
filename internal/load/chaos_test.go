package load

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/chaos"
)

// chaosRun is a finished chaos run's report before chaosReport: orders
// and checks as build leaves them.
func chaosRun(unsettled, failed int, refused map[string]int, invariants []Invariant, deadLetters []DeadLetter) (*runner, *Report) {
	r := &runner{cfg: Config{Chaos: &Chaos{Faults: chaos.Everywhere(0.03)}}, deadLetters: deadLetters, retries: 4}
	rep := &Report{RunID: "T", Orders: 10, Rate: 5, Settled: 10 - unsettled, Unsettled: unsettled, Failed: failed, Refused: refused,
		Invariants: invariants, Passed: unsettled == 0}
	for _, inv := range invariants {
		rep.Passed = rep.Passed && inv.OK
	}
	return r, rep
}

func held(names ...string) []Invariant {
	var out []Invariant
	for _, n := range names {
		out = append(out, Invariant{Name: n, OK: true, Detail: "ok"})
	}
	return out
}

func TestAChaosRunCountsWhatWasLostAndWhatSurvived(t *testing.T) {
	injected := chaos.Counts{chaos.KindLate: 3, chaos.KindCrashBeforeAnswer: 2, chaos.KindPutEventsPartial: 1, chaos.KindPutEventsEntryFailed: 2}
	t.Run("nothing lost: every fault survived", func(t *testing.T) {
		r, rep := chaosRun(0, 0, nil, held(InvariantStock, InvariantNoDupShip, InvariantDLQsEmpty), nil)
		r.chaosReport(rep, injected, 0)
		if c := rep.Chaos; !rep.Passed || c.Lost != 0 || c.Total != 6 || c.Survived != 6 || c.Retries != 4 {
			t.Errorf("passed %v, chaos %+v", rep.Passed, c)
		}
	})
	t.Run("an order never answered, or refused 5xx or 409 after the retries, is lost", func(t *testing.T) {
		r, rep := chaosRun(1, 1, map[string]int{"502 Bad Gateway": 1, "409 Conflict": 1, "422 Unprocessable Entity": 5}, held(InvariantStock), nil)
		r.chaosReport(rep, injected, 0)
		if c := rep.Chaos; rep.Passed || c.Lost != 4 || c.Survived != 0 {
			t.Errorf("passed %v, chaos %+v", rep.Passed, c)
		}
		if f := strings.Join(rep.Failures(), "; "); !strings.Contains(f, "4 orders lost") {
			t.Errorf("failures %q", f)
		}
	})
	t.Run("a duplicated effect fails the run", func(t *testing.T) {
		invs := held(InvariantStock)
		invs = append(invs, Invariant{Name: InvariantNoDupCharge, Detail: "order a: 2 PaymentAuthorized events; order b: 2 PaymentRefunded events"})
		r, rep := chaosRun(0, 0, nil, invs, nil)
		r.chaosReport(rep, injected, 0)
		if c := rep.Chaos; rep.Passed || c.DuplicatedEffects != 2 {
			t.Errorf("passed %v, chaos %+v", rep.Passed, c)
		}
	})
	t.Run("a dead letter passes only explained and redriven", func(t *testing.T) {
		for _, tt := range []struct {
			name   string
			letter DeadLetter
			ok     bool
		}{
			{"explained and redriven", DeadLetter{Queue: "q", MessageID: "m", Reasons: []string{"poison"}, Redriven: true}, true},
			{"not redriven", DeadLetter{Queue: "q", MessageID: "m", Reasons: []string{"poison"}}, false},
			{"no reason logged", DeadLetter{Queue: "q", MessageID: "m", Redriven: true}, false},
		} {
			r, rep := chaosRun(0, 0, nil, held(InvariantDLQsEmpty), []DeadLetter{tt.letter})
			r.chaosReport(rep, injected, 0)
			inv := rep.Invariants[0]
			if inv.Name != InvariantDLQsRedriven || inv.OK != tt.ok || rep.Passed != tt.ok {
				t.Errorf("%s: %+v, passed %v", tt.name, inv, rep.Passed)
			}
		}
	})
	t.Run("the report draws and writes its chaos part", func(t *testing.T) {
		r, rep := chaosRun(0, 0, nil, held(InvariantStock), []DeadLetter{{Queue: "q", MessageID: "m", Reasons: []string{"x"}, Redriven: true}})
		r.chaosReport(rep, injected, 0)
		var b bytes.Buffer
		if err := rep.WriteChaosPNG(&b); err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(&b); err != nil {
			t.Fatal(err)
		}
		b.Reset()
		if err := rep.WriteText(&b); err != nil || !strings.Contains(b.String(), "faults survived") || !strings.Contains(b.String(), "sqs-late") {
			t.Errorf("text: %v\n%s", err, b.String())
		}
	})
}

func TestAChaosRunSendsAgainWhatACrashLeftUnansweredWithTheSameKey(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			w.WriteHeader(http.StatusBadGateway)
		case 2:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusConflict)
		default:
			w.WriteHeader(http.StatusAccepted)
		}
	}))
	defer srv.Close()
	a := newAPI(srv.URL, "")
	send := func(r *runner) (answer, error) {
		return r.retrying(context.Background(), retryFor, func() (answer, error) {
			ans, _, err := a.place(context.Background(), "tok", "key", []Line{{SKU: "A", Quantity: 1}})
			return ans, err
		})
	}
	t.Run("without chaos the first answer stands", func(t *testing.T) {
		ans, err := send(&runner{})
		if err != nil || ans.status != http.StatusBadGateway {
			t.Errorf("%v %v", ans, err)
		}
	})
	t.Run("under chaos a 5xx and an in-progress 409 are sent again", func(t *testing.T) {
		calls.Store(0)
		r := &runner{cfg: Config{Chaos: &Chaos{}}}
		ans, err := send(r)
		if err != nil || ans.status != http.StatusAccepted || calls.Load() != 3 || r.retries != 2 {
			t.Errorf("%v %v after %d calls, %d retries", ans, err, calls.Load(), r.retries)
		}
	})
}

func TestOnceTheFaultsAreOffAnOrderWhoseAnswerWasLostIsSentAgainWithItsKey(t *testing.T) {
	var keys []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		mu.Unlock()
		acceptedOrder(w, r)
	}))
	defer srv.Close()
	r := &runner{cfg: Config{RunID: "R", CustomerTokens: []string{"tok"}, Chaos: &Chaos{}}, api: newAPI(srv.URL, ""), tracker: newTracker(nil),
		progress: io.Discard}
	lost := &Order{Seq: 7, Kind: KindRegular, Sent: time.Now(), HTTPStatus: http.StatusBadGateway, Error: "502"}
	refused := &Order{Seq: 8, Kind: KindRegular, Sent: time.Now(), HTTPStatus: http.StatusUnprocessableEntity, Error: "422"}
	r.orders = []*Order{lost, refused}
	r.resolveUnanswered(context.Background())
	if !lost.Accepted() || lost.ID != "01a214ae-1686-702b-b308-b189b9cf8cec" || lost.Total != 3588 || lost.Error != "" || r.resolved != 1 {
		t.Errorf("the lost order: %+v, resolved %d", lost, r.resolved)
	}
	if refused.Accepted() || len(keys) != 1 || keys[0] != "load-R-7" {
		t.Errorf("sent keys %v; a refusal is final and is not sent again", keys)
	}
	if r.tracker.pending() != 1 {
		t.Errorf("%d orders followed, want the one now accepted", r.tracker.pending())
	}
}
