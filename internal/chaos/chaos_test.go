package chaos

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// sequence returns the floats in turn, then repeats the last.
func sequence(fs ...float64) func() float64 {
	return func() float64 {
		f := fs[0]
		if len(fs) > 1 {
			fs = fs[1:]
		}
		return f
	}
}

func TestValidateRefusesSwitchesOutOfRange(t *testing.T) {
	tests := []struct {
		name string
		f    Faults
		want string
	}{
		{"a rate above one", Faults{Crash: Crash{Rate: 1.5}}, "crash.rate"},
		{"a negative rate", Faults{Late: Late{Rate: -0.1}}, "late.rate"},
		{"a delay beyond the bound", Faults{Latency: Latency{Rate: 0.1, MaxMS: maxDelayMS + 1}}, "latency.maxMs"},
		{"an empty name in a scope", Faults{Throttle: Throttle{Rate: 0.1, Tables: []string{" "}}}, "throttle.tables"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.f.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want an error naming %s", err, tt.want)
			}
		})
	}
	t.Run("every fault at a few percent is valid", func(t *testing.T) {
		if err := Everywhere(0.03).Validate(); err != nil {
			t.Fatal(err)
		}
	})
}

func TestScopeMatchesANameOrItsEndAfterAHyphen(t *testing.T) {
	tests := []struct {
		scope []string
		name  string
		want  bool
	}{
		{nil, "conveyor-local-orders", true},
		{[]string{"orders"}, "conveyor-local-orders", true},
		{[]string{"conveyor-local-orders"}, "conveyor-local-orders", true},
		{[]string{"orders"}, "conveyor-local-inventory", false},
		{[]string{"ders"}, "conveyor-local-orders", false},
		{[]string{"payments-saga"}, "payments-saga", true},
	}
	for _, tt := range tests {
		if got := inScope(tt.scope, tt.name); got != tt.want {
			t.Errorf("inScope(%v, %q) = %v, want %v", tt.scope, tt.name, got, tt.want)
		}
	}
}

func TestDecisions(t *testing.T) {
	in, err := New(Faults{
		Crash:     Crash{Rate: 0.5, Functions: []string{"payments-saga"}},
		Throttle:  Throttle{Rate: 0.5, Tables: []string{"inventory"}},
		PutEvents: PutEvents{Rate: 0.5},
		Duplicate: Duplicate{Rate: 0.5},
		Late:      Late{Rate: 0.5, MaxDelayMS: 5000},
		Latency:   Latency{Rate: 0.5, MaxMS: 100},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a draw below the rate injects, in scope only", func(t *testing.T) {
		in.float = sequence(0.1, 0.7, 0.25)
		if p, share := in.Crash("payments-saga"); p != CrashMidInvocation || share != 0.25 {
			t.Errorf("Crash = %v, %v; want a crash a quarter of the way through", p, share)
		}
		in.float = sequence(0.1, 0.2)
		if p, _ := in.Crash("payments-saga"); p != CrashBeforeAnswer {
			t.Errorf("Crash = %v, want before the answer", p)
		}
		in.float = sequence(0.1)
		if p, _ := in.Crash("orders-api"); p != NoCrash {
			t.Errorf("a function out of scope crashed: %v", p)
		}
		if !in.Throttle("fn", "conveyor-local-inventory") || in.Throttle("fn", "conveyor-local-orders") {
			t.Error("throttling ignores its scope")
		}
	})
	t.Run("a draw at or above the rate injects nothing", func(t *testing.T) {
		in.float = sequence(0.5)
		if p, _ := in.Crash("payments-saga"); p != NoCrash {
			t.Error("crashed above the rate")
		}
		if in.Throttle("fn", "conveyor-local-inventory") || in.FailEntries("fn", 3) != nil || in.Duplicate("q") != NoDuplicate {
			t.Error("injected above the rate")
		}
		if _, late := in.Late("q"); late || in.Latency("fn") != 0 {
			t.Error("delayed above the rate")
		}
	})
	t.Run("a partial failure fails at least one entry", func(t *testing.T) {
		in.float = sequence(0.1, 0.9, 0.9, 0.9, 0.4)
		failed := in.FailEntries("fn", 3)
		n := 0
		for _, f := range failed {
			if f {
				n++
			}
		}
		if len(failed) != 3 || n != 1 || !failed[1] {
			t.Errorf("FailEntries = %v, want only entry 1", failed)
		}
	})
	t.Run("a late message is held at least a second and at most the maximum", func(t *testing.T) {
		in.float = sequence(0.1, 0.999)
		d, late := in.Late("q")
		if !late || d < time.Second || d > 5*time.Second {
			t.Errorf("Late = %s, %v", d, late)
		}
		in.float = sequence(0.1, 0)
		if d, _ := in.Late("q"); d != time.Second {
			t.Errorf("Late = %s, want a second", d)
		}
	})
	t.Run("a nil injector injects nothing", func(t *testing.T) {
		var none *Injector
		if p, _ := none.Crash("f"); p != NoCrash || none.Throttle("f", "t") || none.FailEntries("f", 2) != nil || none.Latency("f") != 0 {
			t.Error("a nil injector injected")
		}
		none.Record(KindLate, 1)
		if len(none.Injected()) != 0 {
			t.Error("a nil injector counted")
		}
	})
}

func TestTheSwitchesChangeOverHTTP(t *testing.T) {
	in, err := New(Faults{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(in.Handler())
	defer srv.Close()
	c := NewClient(srv.URL)
	ctx := t.Context()
	want := Everywhere(0.02)
	want.Crash.Functions = []string{"payments-saga"}
	if err := c.Set(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := c.Faults(ctx)
	if err != nil || got.Crash.Rate != 0.02 || len(got.Crash.Functions) != 1 || in.Faults().Latency.Rate != 0.02 {
		t.Fatalf("after PUT: %+v, %v; the injector has %+v", got, err, in.Faults())
	}
	if err := c.Set(ctx, Faults{Crash: Crash{Rate: 2}}); err == nil || !strings.Contains(err.Error(), "crash.rate") {
		t.Errorf("a bad switch was taken: %v", err)
	}
	in.Record(KindLate, 2)
	n, err := c.Injected(ctx)
	if err != nil || n[KindLate] != 2 || n.Total() != 2 {
		t.Errorf("injected %v, %v", n, err)
	}
	if err := c.Set(ctx, Faults{}); err != nil || in.Faults().Any() {
		t.Errorf("PUT {} left faults on: %v %+v", err, in.Faults())
	}
}
