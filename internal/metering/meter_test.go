package metering_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/internal/localcloud/runtimeapi"
	"github.com/conveyor-dev/conveyor/internal/metering"
)

func TestTheLocalCloudsReportsAreCountedPerFunctionAndService(t *testing.T) {
	m := metering.New()
	m.Attribute(metering.Attribution{Services: map[string]string{"orders-api": "orders"}})
	m.Invocation("orders-api", 256, 41*time.Millisecond+time.Microsecond)
	m.Invocation("orders-api", 256, 10*time.Millisecond)
	m.APIRequest("orders-api")
	m.LogBytes("orders-api", 120)
	m.LogBytes("orders-api", 80)
	m.LogBytes("shipping-saga", 50)

	s := m.Snapshot()
	api := s.Functions["orders-api"]
	if api.Service != "orders" || api.Lambda.Invocations != 2 || api.Lambda.BilledMilliseconds != 52 || api.Lambda.MBMilliseconds != 52*256 {
		t.Errorf("orders-api lambda %+v of %q; want 2 invocations, 52 ms billed at 256 MB, service orders", api.Lambda, api.Service)
	}
	if api.APIGateway.Requests != 1 || api.Logs.Lines != 2 || api.Logs.Bytes != 200 {
		t.Errorf("orders-api api %+v, logs %+v; want 1 request, 2 lines of 200 bytes", api.APIGateway, api.Logs)
	}
	if got := s.ByService()["shipping"].Logs.Bytes; got != 50 {
		t.Errorf("shipping logged %d bytes, want 50 (charged by the function name's prefix)", got)
	}
	if got := s.Total().Logs.Bytes; got != 250 {
		t.Errorf("total log bytes %d, want 250", got)
	}

	m.Reset()
	after := m.Snapshot()
	if len(after.Functions) != 0 || after.Orders != 0 || !after.Since.After(s.Since) {
		t.Errorf("after Reset: %+v; want no counters, counting from the reset", after)
	}
}

func TestTheMeterIsSafeForConcurrentUse(t *testing.T) {
	m := metering.New()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				m.Invocation("f-a", 128, time.Millisecond)
				m.LogBytes("f-b", 1)
				_ = m.Snapshot()
			}
		})
	}
	wg.Wait()
	s := m.Snapshot()
	if s.Functions["f-a"].Lambda.Invocations != 8000 || s.Functions["f-b"].Logs.Bytes != 8000 {
		t.Errorf("counted %d invocations and %d bytes, want 8000 each", s.Functions["f-a"].Lambda.Invocations, s.Functions["f-b"].Logs.Bytes)
	}
}

func TestAttributionForTheDeclaredServices(t *testing.T) {
	a := metering.AttributionFor(functions.All(), provision.Names{Prefix: "conveyor-local"})
	if a.Services["orders-api"] != "orders" || a.Services["payments-saga"] != "payments" {
		t.Errorf("services %v", a.Services)
	}
	names := provision.Names{Prefix: "conveyor-local"}
	subscriptions := 0
	for _, s := range functions.All() {
		for _, sub := range s.Subscriptions {
			subscriptions++
			if got := a.Queues[names.Queue(s, sub)]; got != sub.Function {
				t.Errorf("queue %s is charged to %q, want %q", names.Queue(s, sub), got, sub.Function)
			}
		}
	}
	if subscriptions == 0 {
		t.Fatal("no subscription declared; the test checks nothing")
	}
	if a.Queues["conveyor-local-orders-relay-stream-failures"] != "orders-relay" {
		t.Errorf("the relay's failure queue is charged to %q", a.Queues["conveyor-local-orders-relay-stream-failures"])
	}
}

type echo struct{}

func (echo) InvokeWith(context.Context, []byte, runtimeapi.InvokeOptions) ([]byte, error) {
	return []byte("ok"), nil
}

func TestAnAPIRequestIsCountedEachTimeTheGatewayInvokesTheFunction(t *testing.T) {
	m := metering.New()
	inv := m.API("catalog-api", echo{})
	for range 3 {
		if _, err := inv.InvokeWith(context.Background(), nil, runtimeapi.InvokeOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if got := m.Snapshot().Functions["catalog-api"].APIGateway.Requests; got != 3 {
		t.Errorf("counted %d requests, want 3", got)
	}
}

func TestTheCountersAreReadAndResetOverHTTP(t *testing.T) {
	m := metering.New()
	srv := httptest.NewServer(m.FrontDoor(nil, func(*http.Request) string { return "" }))
	t.Cleanup(srv.Close)
	m.APIRequest("orders-api")

	s, err := metering.Fetch(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if s.Functions["orders-api"].APIGateway.Requests != 1 {
		t.Errorf("fetched %+v, want one API request", s.Functions)
	}
	was, err := metering.ResetAt(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if was.Functions["orders-api"].APIGateway.Requests != 1 {
		t.Errorf("reset answered %+v, want the counters as they were", was.Functions)
	}
	if now, _ := metering.Fetch(context.Background(), srv.URL); len(now.Functions) != 0 {
		t.Errorf("after the reset: %+v", now.Functions)
	}
	t.Run("an endpoint without a meter says so", func(t *testing.T) {
		env := newHarness(t).env
		_, err := metering.Fetch(context.Background(), env.Endpoint)
		if !errors.Is(err, metering.ErrNoMeter) {
			t.Errorf("Fetch from kumo itself: %v, want ErrNoMeter", err)
		}
	})
}
