package metrics_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/shared/metrics"
	"github.com/conveyor-dev/conveyor/shared/metrics/metricstest"
)

var fixedNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func newEmitter(out *bytes.Buffer) *metrics.Emitter {
	e := metrics.New("Conveyor", out, map[string]string{"Service": "catalog"})
	e.Now = func() time.Time { return fixedNow }
	return e
}

// lines splits what the emitter wrote into records, checking each is valid EMF.
func lines(t *testing.T, out *bytes.Buffer) []map[string]any {
	t.Helper()
	var recs []map[string]any
	for _, line := range strings.SplitAfter(out.String(), "\n") {
		if line == "" {
			continue
		}
		if !strings.HasSuffix(line, "\n") {
			t.Fatalf("record does not end with a newline: %q", line)
		}
		if err := metricstest.ValidateEMF([]byte(line)); err != nil {
			t.Fatalf("invalid EMF: %v\n%s", err, line)
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	return recs
}

func directives(rec map[string]any) []any {
	return rec["_aws"].(map[string]any)["CloudWatchMetrics"].([]any)
}

func TestFlushWritesOneValidRecord(t *testing.T) {
	var out bytes.Buffer
	b := newEmitter(&out).Begin()
	b.Add("ProductsCreated", 1, metrics.Count)
	b.Add("Latency", 12.5, metrics.Milliseconds)
	b.Add("Latency", 7, metrics.Milliseconds)
	b.Dimension("Function", "catalog-api")
	b.Property("request_id", "req-1")
	if err := b.Flush(); err != nil {
		t.Fatalf("Flush() error = %v", err)
	}

	recs := lines(t, &out)
	if len(recs) != 1 {
		t.Fatalf("wrote %d records, want 1", len(recs))
	}
	rec := recs[0]
	checks := []struct {
		name string
		got  any
		want any
	}{
		{"the timestamp is epoch milliseconds", rec["_aws"].(map[string]any)["Timestamp"], float64(fixedNow.UnixMilli())},
		{"a metric added once is a number", rec["ProductsCreated"], float64(1)},
		{"a metric added twice is an array of values", fmt.Sprint(rec["Latency"]), "[12.5 7]"},
		{"the emitter's dimension is a member", rec["Service"], "catalog"},
		{"the batch's dimension is a member", rec["Function"], "catalog-api"},
		{"a property is a member", rec["request_id"], "req-1"},
		{"the dimension set lists both dimensions", fmt.Sprint(directives(rec)[0].(map[string]any)["Dimensions"]), "[[Service Function]]"},
		{"the namespace is the emitter's", directives(rec)[0].(map[string]any)["Namespace"], "Conveyor"},
		{"each metric is defined once with its unit", fmt.Sprint(directives(rec)[0].(map[string]any)["Metrics"]),
			"[map[Name:ProductsCreated Unit:Count] map[Name:Latency Unit:Milliseconds]]"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %v, want %v", c.got, c.want)
			}
		})
	}
}

func TestARecordWithoutDimensionsIsValid(t *testing.T) {
	var out bytes.Buffer
	b := metrics.New("Conveyor", &out, nil).Begin()
	b.Add("A", 1, metrics.Count)
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	recs := lines(t, &out)
	if got := fmt.Sprint(directives(recs[0])[0].(map[string]any)["Dimensions"]); got != "[[]]" {
		t.Errorf("Dimensions = %s, want one empty set", got)
	}
}

func TestFlushEmptiesTheBatch(t *testing.T) {
	var out bytes.Buffer
	b := newEmitter(&out).Begin()
	b.Add("A", 1, metrics.Count)
	b.Dimension("Function", "f")
	b.Property("request_id", "req-1")
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	b.Add("B", 2, metrics.Count)
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	recs := lines(t, &out)
	if len(recs) != 2 {
		t.Fatalf("wrote %d records, want 2", len(recs))
	}
	for _, k := range []string{"A", "Function", "request_id"} {
		if _, ok := recs[1][k]; ok {
			t.Errorf("second record still holds %s: %v", k, recs[1])
		}
	}
}

func TestAnEmptyBatchWritesNothing(t *testing.T) {
	var out bytes.Buffer
	b := newEmitter(&out).Begin()
	b.Property("request_id", "req-1")
	if err := b.Flush(); err != nil || out.Len() != 0 {
		t.Errorf("Flush() = %v and wrote %q, want nil and nothing", err, out.String())
	}
}

func TestTheLimitsOfEMFAreKept(t *testing.T) {
	t.Run("more than 100 metrics are split over directives of one record", func(t *testing.T) {
		var out bytes.Buffer
		b := newEmitter(&out).Begin()
		for i := range 250 {
			b.Add(fmt.Sprintf("M%03d", i), float64(i), metrics.Count)
		}
		if err := b.Flush(); err != nil {
			t.Fatal(err)
		}
		recs := lines(t, &out)
		if len(recs) != 1 {
			t.Fatalf("wrote %d records, want 1", len(recs))
		}
		var sizes []int
		for _, d := range directives(recs[0]) {
			sizes = append(sizes, len(d.(map[string]any)["Metrics"].([]any)))
		}
		if fmt.Sprint(sizes) != "[100 100 50]" {
			t.Errorf("directive sizes %v, want [100 100 50]", sizes)
		}
	})
	t.Run("the 101st value of a metric flushes the batch first and keeps every value", func(t *testing.T) {
		var out bytes.Buffer
		b := newEmitter(&out).Begin()
		b.Dimension("Function", "f")
		b.Property("request_id", "req-1")
		for i := range 250 {
			b.Add("Latency", float64(i), metrics.Milliseconds)
		}
		if err := b.Flush(); err != nil {
			t.Fatal(err)
		}
		recs := lines(t, &out)
		var counts []int
		total := 0.0
		for _, r := range recs {
			vs := r["Latency"].([]any)
			counts = append(counts, len(vs))
			for _, v := range vs {
				total += v.(float64)
			}
			if r["Function"] != "f" || r["request_id"] != "req-1" {
				t.Errorf("record lost its dimension or property: %v", r)
			}
		}
		if fmt.Sprint(counts) != "[100 100 50]" || total != 249*250/2 {
			t.Errorf("values per record %v (sum %v), want [100 100 50] summing to %v", counts, total, 249*250/2)
		}
	})
	t.Run("a 31st dimension is left out and reported", func(t *testing.T) {
		var out bytes.Buffer
		b := newEmitter(&out).Begin() // the emitter brings one dimension
		for i := range 30 {
			b.Dimension(fmt.Sprintf("D%02d", i), "v")
		}
		b.Add("A", 1, metrics.Count)
		err := b.Flush()
		if err == nil || !strings.Contains(err.Error(), "D29 left out") {
			t.Errorf("Flush() error = %v, want D29 left out", err)
		}
		recs := lines(t, &out)
		if len(recs) != 1 {
			t.Fatalf("wrote %d records, want 1 despite the error", len(recs))
		}
		if _, ok := recs[0]["D28"]; !ok {
			t.Errorf("the 30th dimension is missing: %v", recs[0])
		}
	})
}

func TestBadInputIsReportedAndTheRestKept(t *testing.T) {
	tests := []struct {
		name string
		use  func(*metrics.Batch)
		want string
	}{
		{"an empty metric name", func(b *metrics.Batch) { b.Add("", 1, metrics.Count) }, "metric name"},
		{"a value that is not a number", func(b *metrics.Batch) { b.Add("X", math.NaN(), metrics.Count) }, "not a finite number"},
		{"an infinite value", func(b *metrics.Batch) { b.Add("X", math.Inf(1), metrics.Count) }, "not a finite number"},
		{"an unknown unit", func(b *metrics.Batch) { b.Add("X", 1, "Furlongs") }, "not a CloudWatch unit"},
		{"a second unit for a metric", func(b *metrics.Batch) {
			b.Add("X", 1, metrics.Seconds)
			b.Add("X", 1, metrics.Milliseconds)
		}, "differs from its first unit"},
		{"an empty dimension value", func(b *metrics.Batch) { b.Dimension("Function", "") }, "dimension"},
		{"the reserved property _aws", func(b *metrics.Batch) { b.Property("_aws", 1) }, "reserved"},
		{"a property JSON cannot encode", func(b *metrics.Batch) { b.Property("ch", make(chan int)) }, "property ch"},
		{"a metric named like a property", func(b *metrics.Batch) {
			b.Property("X", "text")
			b.Add("X", 1, metrics.Count)
		}, "clashes"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is reported by Flush", func(t *testing.T) {
			var out bytes.Buffer
			b := newEmitter(&out).Begin()
			b.Add("Kept", 1, metrics.Count)
			tt.use(b)
			err := b.Flush()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Flush() error = %v, want it to mention %q", err, tt.want)
			}
			recs := lines(t, &out)
			if len(recs) != 1 || recs[0]["Kept"] != float64(1) {
				t.Errorf("records %v, want one holding Kept", recs)
			}
			if err := b.Flush(); err != nil {
				t.Errorf("second Flush() error = %v, want the error reported once", err)
			}
		})
	}
}

func TestABatchIsSafeForConcurrentUse(t *testing.T) {
	var out bytes.Buffer
	b := newEmitter(&out).Begin()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 10 {
				b.Add("Work", 1, metrics.Count)
				b.Dimension("Function", "f")
				b.Property(fmt.Sprintf("p%d_%d", g, i), i)
			}
		})
	}
	wg.Wait()
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	recs := lines(t, &out)
	if len(recs) != 1 || len(recs[0]["Work"].([]any)) != 80 {
		t.Errorf("records %v, want one with 80 Work values", recs)
	}
}

func TestFromContext(t *testing.T) {
	t.Run("a context without a batch gives one that records nothing", func(t *testing.T) {
		b := metrics.FromContext(context.Background())
		b.Add("X", 1, metrics.Count)
		b.Dimension("D", "v")
		b.Property("p", 1)
		if err := b.Flush(); err != nil {
			t.Errorf("Flush() error = %v, want nil", err)
		}
	})
	t.Run("a context with a batch gives that batch", func(t *testing.T) {
		var out bytes.Buffer
		b := newEmitter(&out).Begin()
		metrics.FromContext(metrics.NewContext(context.Background(), b)).Add("X", 1, metrics.Count)
		if err := b.Flush(); err != nil {
			t.Fatal(err)
		}
		if recs := lines(t, &out); len(recs) != 1 || recs[0]["X"] != float64(1) {
			t.Errorf("records %v, want X=1", recs)
		}
	})
	t.Run("a nil emitter begins a batch that records nothing", func(t *testing.T) {
		var e *metrics.Emitter
		b := e.Begin()
		b.Add("X", 1, metrics.Count)
		if err := b.Flush(); err != nil {
			t.Errorf("Flush() error = %v, want nil", err)
		}
	})
}

func TestEmitterValidate(t *testing.T) {
	tests := []struct {
		name    string
		emitter *metrics.Emitter
		wantErr bool
	}{
		{"a namespace and dimensions are valid", metrics.New("Conveyor", nil, map[string]string{"Service": "catalog"}), false},
		{"an empty namespace is refused", metrics.New("", nil, nil), true},
		{"a namespace in AWS/ is refused", metrics.New("AWS/Lambda", nil, nil), true},
		{"an empty dimension value is refused", metrics.New("Conveyor", nil, map[string]string{"Service": ""}), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.emitter.Validate(); (err != nil) != tt.wantErr {
				t.Errorf("Validate() = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}
