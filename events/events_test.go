package events_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/events/schemas"
)

func readSample(t *testing.T, d events.Definition) []byte {
	t.Helper()
	b, err := os.ReadFile(d.SampleFile())
	if err != nil {
		t.Fatalf("every event needs a sample: %v", err)
	}
	return b
}

func jsonValue(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	return v
}

func TestEverySampleValidatesAndRoundTrips(t *testing.T) {
	for _, d := range events.Definitions() {
		t.Run(d.Name()+" validates, decodes into its Go type and encodes back unchanged", func(t *testing.T) {
			sample := readSample(t, d)
			if err := schemas.Validate(sample); err != nil {
				t.Fatalf("sample does not validate: %v", err)
			}
			var env events.Envelope
			if err := json.Unmarshal(sample, &env); err != nil {
				t.Fatal(err)
			}
			if err := env.Validate(); err != nil {
				t.Fatal(err)
			}
			e, err := events.Decode(env)
			if err != nil {
				t.Fatal(err)
			}
			if got := reflect.TypeOf(e); got != d.GoType() {
				t.Fatalf("Decode returned %v, want %v", got, d.GoType())
			}
			again, err := events.NewEnvelope(e, events.Meta{
				ID: env.ID, Source: env.Source, Time: env.Time,
				CorrelationID: env.CorrelationID, CausationID: env.CausationID,
			})
			if err != nil {
				t.Fatal(err)
			}
			out, err := json.Marshal(again)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(jsonValue(t, out), jsonValue(t, sample)) {
				t.Errorf("round trip changed the event:\n got %s\nwant %s", out, sample)
			}
			if err := schemas.Validate(out); err != nil {
				t.Errorf("what the Go type encodes does not validate: %v", err)
			}
		})
	}
}

// TestSchemasDescribeTheGoTypes keeps each schema's data properties and
// its Go type's JSON fields the same set, every one required.
func TestSchemasDescribeTheGoTypes(t *testing.T) {
	for _, d := range events.Definitions() {
		t.Run(d.Name()+" lists exactly the Go type's fields, all required", func(t *testing.T) {
			src, err := schemas.Source(schemas.FileName(d.Type, d.Version))
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Properties struct {
					Data struct {
						AdditionalProperties *bool          `json:"additionalProperties"`
						Required             []string       `json:"required"`
						Properties           map[string]any `json:"properties"`
					} `json:"data"`
				} `json:"properties"`
			}
			if err := json.Unmarshal(src, &doc); err != nil {
				t.Fatal(err)
			}
			data := doc.Properties.Data
			if data.AdditionalProperties == nil || *data.AdditionalProperties {
				t.Error("data must set additionalProperties to false")
			}
			var fields []string
			for f := range d.GoType().Fields() {
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				fields = append(fields, name)
			}
			var props []string
			for p := range data.Properties {
				props = append(props, p)
			}
			slices.Sort(fields)
			slices.Sort(props)
			required := slices.Sorted(slices.Values(data.Required))
			if !slices.Equal(fields, props) {
				t.Errorf("schema properties %v, Go fields %v", props, fields)
			}
			if !slices.Equal(fields, required) {
				t.Errorf("schema requires %v, Go fields %v", required, fields)
			}
		})
	}
}

func TestSchemasRejectBrokenEvents(t *testing.T) {
	sample, err := os.ReadFile("testdata/OrderPlaced.v1.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(env map[string]any)
	}{
		{"a missing data field", func(env map[string]any) { delete(env["data"].(map[string]any), "orderId") }},
		{"an unknown data field", func(env map[string]any) { env["data"].(map[string]any)["coupon"] = "X" }},
		{"a negative amount", func(env map[string]any) {
			env["data"].(map[string]any)["total"].(map[string]any)["amount"] = -1
		}},
		{"a lower-case currency", func(env map[string]any) {
			env["data"].(map[string]any)["total"].(map[string]any)["currency"] = "eur"
		}},
		{"no lines", func(env map[string]any) { env["data"].(map[string]any)["lines"] = []any{} }},
		{"a time that is not RFC 3339", func(env map[string]any) { env["time"] = "yesterday" }},
		{"a source outside the platform", func(env map[string]any) { env["source"] = "aws.s3" }},
		{"a missing correlation id", func(env map[string]any) { delete(env, "correlationId") }},
		{"an unknown envelope field", func(env map[string]any) { env["traceId"] = "x" }},
		{"an unknown version", func(env map[string]any) { env["version"] = 9 }},
	}
	for _, tt := range tests {
		t.Run("the OrderPlaced schema rejects "+tt.name, func(t *testing.T) {
			var env map[string]any
			if err := json.Unmarshal(sample, &env); err != nil {
				t.Fatal(err)
			}
			tt.change(env)
			b, err := json.Marshal(env)
			if err != nil {
				t.Fatal(err)
			}
			if err := schemas.Validate(b); err == nil {
				t.Errorf("Validate accepted %s", b)
			}
		})
	}
}

// TestSchemasRefuseFreeAmounts holds the rule that free is refused: every
// price and amount an event carries is above zero, because payments cannot
// authorise nothing and an order it cannot settle would stay pending.
func TestSchemasRefuseFreeAmounts(t *testing.T) {
	tests := []struct {
		event string
		path  []any
	}{
		{events.TypeProductUpserted, []any{"price"}},
		{events.TypeOrderPlaced, []any{"total"}},
		{events.TypeOrderPlaced, []any{"lines", 0, "unitPrice"}},
		{events.TypeOrderConfirmed, []any{"total"}},
		{events.TypeStockReserved, []any{"total"}},
	}
	for _, tt := range tests {
		for _, amount := range []int{0, -1} {
			t.Run(fmt.Sprintf("the %s schema refuses an amount of %d at %v", tt.event, amount, tt.path), func(t *testing.T) {
				sample, err := os.ReadFile("testdata/" + schemas.FileName(tt.event, 1))
				if err != nil {
					t.Fatal(err)
				}
				var env map[string]any
				if err := json.Unmarshal(sample, &env); err != nil {
					t.Fatal(err)
				}
				var v any = env["data"]
				for _, step := range tt.path {
					switch s := step.(type) {
					case string:
						v = v.(map[string]any)[s]
					case int:
						v = v.([]any)[s]
					}
				}
				v.(map[string]any)["amount"] = amount
				b, err := json.Marshal(env)
				if err != nil {
					t.Fatal(err)
				}
				if err := schemas.Validate(b); err == nil {
					t.Errorf("Validate accepted %s", b)
				}
			})
		}
	}
}

func TestEveryEventHasASchemaAndEverySchemaAnEvent(t *testing.T) {
	want := map[string]bool{"envelope.json": true, "common.json": true}
	for _, d := range events.Definitions() {
		want[schemas.FileName(d.Type, d.Version)] = true
		if d.SchemaFile() != "schemas/"+schemas.FileName(d.Type, d.Version) {
			t.Errorf("%s: schema file %s", d.Name(), d.SchemaFile())
		}
	}
	for _, f := range schemas.Files() {
		if !want[f] {
			t.Errorf("schemas/%s describes no event defined in this package", f)
		}
		delete(want, f)
	}
	for f := range want {
		t.Errorf("schemas/%s is missing", f)
	}
}

func TestEnvelopes(t *testing.T) {
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	good := events.Meta{ID: "e-1", Source: "conveyor.orders", Time: at, CorrelationID: "c-1"}
	t.Run("NewEnvelope stores the time in UTC", func(t *testing.T) {
		env, err := events.NewEnvelope(events.OrderCancelled{OrderID: "O-1"}, good)
		if err != nil {
			t.Fatal(err)
		}
		if env.Time.Location() != time.UTC || !env.Time.Equal(at) {
			t.Errorf("time %v", env.Time)
		}
		if env.Type != events.TypeOrderCancelled || env.Version != 1 {
			t.Errorf("type %s v%d", env.Type, env.Version)
		}
	})
	missing := []struct {
		name   string
		change func(*events.Meta)
		want   string
	}{
		{"an id", func(m *events.Meta) { m.ID = "" }, "id"},
		{"a platform source", func(m *events.Meta) { m.Source = "conveyor." }, "source"},
		{"a time", func(m *events.Meta) { m.Time = time.Time{} }, "time"},
		{"a correlation id", func(m *events.Meta) { m.CorrelationID = "" }, "correlationId"},
	}
	for _, tt := range missing {
		t.Run("NewEnvelope refuses an envelope without "+tt.name, func(t *testing.T) {
			meta := good
			tt.change(&meta)
			_, err := events.NewEnvelope(events.OrderCancelled{OrderID: "O-1"}, meta)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one naming %s", err, tt.want)
			}
		})
	}
	t.Run("Decode refuses an unknown type", func(t *testing.T) {
		_, err := events.Decode(events.Envelope{Type: "OrderLost", Version: 1, Data: []byte(`{}`)})
		if !errors.Is(err, events.ErrUnknownEvent) {
			t.Errorf("error %v, want ErrUnknownEvent", err)
		}
	})
	t.Run("DecodeData refuses an envelope of another type", func(t *testing.T) {
		env, err := events.NewEnvelope(events.OrderCancelled{OrderID: "O-1"}, good)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := events.DecodeData[events.OrderPlaced](env); err == nil {
			t.Error("DecodeData decoded an OrderCancelled as an OrderPlaced")
		}
		got, err := events.DecodeData[events.OrderCancelled](env)
		if err != nil || got.OrderID != "O-1" {
			t.Errorf("DecodeData = %+v, %v", got, err)
		}
	})
	t.Run("the cause travels in the context", func(t *testing.T) {
		env := events.Envelope{ID: "cause-1"}
		got, ok := events.CauseFromContext(events.ContextWithCause(t.Context(), env))
		if !ok || got.ID != "cause-1" {
			t.Errorf("CauseFromContext = %+v, %v", got, ok)
		}
		if _, ok := events.CauseFromContext(t.Context()); ok {
			t.Error("an empty context has a cause")
		}
	})
}
