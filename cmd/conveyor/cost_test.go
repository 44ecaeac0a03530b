package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/cost"
	"github.com/conveyor-dev/conveyor/internal/metering"
)

// meterServer serves a meter's counters as the local cloud's emulator
// does, holding snap until a reset.
func meterServer(t *testing.T, snap metering.Snapshot) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+metering.Path, func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(snap)
	})
	mux.HandleFunc("POST "+metering.Path+"/reset", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(snap)
		snap = metering.Snapshot{Since: time.Now(), Taken: time.Now(), Functions: map[string]metering.Usage{}}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func metered() metering.Snapshot {
	return metering.Snapshot{
		Since: time.Now().Add(-time.Minute), Taken: time.Now(), Orders: 4,
		Functions: map[string]metering.Usage{
			"orders-api": {Service: "orders",
				Lambda:     metering.LambdaUsage{Invocations: 4, BilledMilliseconds: 200, MBMilliseconds: 200 * 256},
				DynamoDB:   metering.DynamoDBUsage{ReadUnits: 4, WriteUnits: 12},
				APIGateway: metering.APIGatewayUsage{Requests: 4}},
		},
	}
}

func TestCostPrintsThePerMillionFigureOfTheMeteredOrders(t *testing.T) {
	srv := meterServer(t, metered())
	var out bytes.Buffer
	if err := costCmd(context.Background(), []string{"-endpoint", srv.URL, "-orders-per-day", "5000"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"from 4 orders", "per 1M orders: $", "dominates", "fixed monthly costs of prod", "a month at 5,000 orders a day"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestCostJSONHasTheTotalPerMillionOrders(t *testing.T) {
	srv := meterServer(t, metered())
	var out bytes.Buffer
	if err := costCmd(context.Background(), []string{"-endpoint", srv.URL, "-json", "-stage", "dev"}, &out); err != nil {
		t.Fatal(err)
	}
	var r cost.Report
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("%v:\n%s", err, out.String())
	}
	if r.Orders != 4 || r.PerMillionOrdersUSD.Total <= 0 || r.PerMillionOrdersUSD.ByAWSService["dynamodb"] <= 0 || r.Fixed.Stage != "dev" {
		t.Errorf("orders %d, per 1M %+v, stage %q", r.Orders, r.PerMillionOrdersUSD, r.Fixed.Stage)
	}
}

func TestCostResetZeroesTheCounters(t *testing.T) {
	srv := meterServer(t, metered())
	var out bytes.Buffer
	if err := costCmd(context.Background(), []string{"-reset", "-endpoint", srv.URL}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "counters reset (they held 4 orders") {
		t.Errorf("reset printed %q", out.String())
	}
	err := costCmd(context.Background(), []string{"-endpoint", srv.URL}, &bytes.Buffer{})
	if !errors.Is(err, cost.ErrNoOrders) {
		t.Errorf("after the reset: %v, want ErrNoOrders", err)
	}
}

func TestCostSaysWhenTheEndpointServesNoMeter(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	err := costCmd(context.Background(), []string{"-endpoint", srv.URL}, &bytes.Buffer{})
	if !errors.Is(err, metering.ErrNoMeter) {
		t.Errorf("got %v, want ErrNoMeter", err)
	}
}
