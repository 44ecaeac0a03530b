package metrics_test

import (
	"bytes"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/shared/metrics"
)

var update = flag.Bool("update", false, "rewrite the README's metrics table from the catalogue")

func TestTheCatalogueIsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range metrics.Catalogue() {
		t.Run(d.Name+" is unique, has a unit, a description and Service first in every dimension set", func(t *testing.T) {
			if seen[d.Name] {
				t.Errorf("%s is catalogued twice", d.Name)
			}
			seen[d.Name] = true
			if !d.Unit.Valid() || d.Description == "" || d.EmittedBy == "" {
				t.Errorf("%+v lacks a valid unit, a description or an emitter", d)
			}
			if len(d.Dimensions) == 0 {
				t.Fatalf("%s has no dimension set", d.Name)
			}
			for _, set := range d.Dimensions {
				if len(set) == 0 || set[0] != metrics.DimService {
					t.Errorf("%s: dimension set %v does not start with %s", d.Name, set, metrics.DimService)
				}
			}
			if got, ok := metrics.Lookup(d.Name); !ok || got.Name != d.Name {
				t.Errorf("Lookup(%s) = %+v, %v", d.Name, got, ok)
			}
		})
	}
	if _, ok := metrics.Lookup("NoSuchMetric"); ok {
		t.Error("Lookup found a metric nobody catalogued")
	}
}

// Between these markers the README holds MarkdownTable's output.
const (
	tableStart = "<!-- metrics-table:start -->\n"
	tableEnd   = "<!-- metrics-table:end -->"
)

func TestTheREADMEShowsTheCatalogue(t *testing.T) {
	const path = "../../README.md"
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	before, rest, ok := strings.Cut(readme, tableStart)
	if !ok {
		t.Fatalf("README.md has no %q marker", strings.TrimSpace(tableStart))
	}
	table, after, ok := strings.Cut(rest, tableEnd)
	if !ok {
		t.Fatalf("README.md has no %q marker", tableEnd)
	}
	want := metrics.MarkdownTable()
	if table == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(before+tableStart+want+tableEnd+after), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's metrics table is stale; run: go test ./shared/metrics -run TestTheREADMEShowsTheCatalogue -update")
}

func TestWithPublishesARollUpAndTheSplit(t *testing.T) {
	var out bytes.Buffer
	b := newEmitter(&out).Begin()
	b.Property("request_id", "req-1")
	b.Add(metrics.MetricColdStart, 0, metrics.Count)
	b.With(metrics.DimReason, "out_of_stock").Add(metrics.MetricOrdersCancelled, 1, metrics.Count)
	b.With(metrics.DimReason, "out_of_stock").Add(metrics.MetricOrdersCancelled, 1, metrics.Count)
	b.With(metrics.DimReason, "customer_request").Add(metrics.MetricOrdersCancelled, 1, metrics.Count)
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	recs := lines(t, &out)
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3 (the batch and one per reason): %v", len(recs), recs)
	}
	t.Run("the batch's own record keeps the Service dimension alone", func(t *testing.T) {
		dims := directives(recs[0])[0].(map[string]any)["Dimensions"].([]any)
		if len(dims) != 1 || len(dims[0].([]any)) != 1 || recs[0][metrics.DimReason] != nil {
			t.Errorf("record %v, want dimensions [[Service]] and no Reason", recs[0])
		}
	})
	t.Run("each split record publishes the roll-up and the split, with the batch's properties", func(t *testing.T) {
		for i, want := range []struct {
			reason string
			values any
		}{{"out_of_stock", []any{1.0, 1.0}}, {"customer_request", 1.0}} {
			rec := recs[i+1]
			dims := directives(rec)[0].(map[string]any)["Dimensions"].([]any)
			if len(dims) != 2 || len(dims[0].([]any)) != 1 || len(dims[1].([]any)) != 2 {
				t.Errorf("record %d dimensions %v, want [[Service] [Service Reason]]", i+1, dims)
			}
			if rec[metrics.DimReason] != want.reason || rec["request_id"] != "req-1" ||
				!reflect.DeepEqual(rec[metrics.MetricOrdersCancelled], want.values) {
				t.Errorf("record %d = %v, want Reason %s, request_id req-1 and %s %v", i+1, rec, want.reason, metrics.MetricOrdersCancelled, want.values)
			}
		}
	})
	t.Run("a flushed batch starts empty", func(t *testing.T) {
		out.Reset()
		if err := b.Flush(); err != nil || out.Len() != 0 {
			t.Errorf("second Flush() = %v and wrote %q, want nothing", err, out.String())
		}
	})
}

func TestWithRefusesADimensionTheEmitterSets(t *testing.T) {
	var out bytes.Buffer
	b := newEmitter(&out).Begin()
	b.With(metrics.DimService, "orders").Add(metrics.MetricOrdersCancelled, 1, metrics.Count)
	if err := b.Flush(); err == nil || !strings.Contains(err.Error(), "already sets") {
		t.Errorf("Flush() = %v, want the clash reported", err)
	}
	if out.Len() != 0 {
		t.Errorf("wrote %q, want nothing", out.String())
	}
}
