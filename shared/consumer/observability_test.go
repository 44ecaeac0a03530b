package consumer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/shared/metrics"
	"github.com/conveyor-dev/conveyor/shared/tracing"
)

func TestARecordContinuesItsProducersTrace(t *testing.T) {
	const producerTrace = "1-67a1b2c3-00000000000000000000c0de"
	var log logBuffer
	var rec recorded
	c := newConsumer(t, &log, &rec)
	recorder, err := tracing.NewRecorder()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = recorder.Close() })
	ctx, err := recorder.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	env := withOrder(t, sample(t, events.TypeOrderPlaced), "e-traced", "O-traced")
	_, err = c.Handle(ctx, lambdaevents.SQSEvent{Records: []lambdaevents.SQSMessage{{
		MessageId: "m-1", Body: bridged(t, env),
		Attributes: map[string]string{"AWSTraceHeader": "Root=" + producerTrace + ";Parent=1234567890abcdef;Sampled=1"},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	wait, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	seg, err := recorder.WaitFor(wait, "inventory-orders")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the consumer's segment belongs to the producer's trace", func(t *testing.T) {
		if seg.TraceID != producerTrace || seg.ParentID != "1234567890abcdef" {
			t.Errorf("segment trace %s parent %s, want %s under 1234567890abcdef", seg.TraceID, seg.ParentID, producerTrace)
		}
	})
	t.Run("the handling is annotated with the event and its order", func(t *testing.T) {
		handle, ok := seg.Find("handle OrderPlaced")
		if !ok {
			t.Fatalf("no handle OrderPlaced under %+v", seg)
		}
		if handle.Annotations["order_id"] != "O-traced" || handle.Annotations["event_type"] != events.TypeOrderPlaced ||
			handle.Annotations["correlation_id"] != env.CorrelationID {
			t.Errorf("annotations %v, want order_id O-traced, event_type and correlation_id", handle.Annotations)
		}
	})
}

func TestOutcomesAreCounted(t *testing.T) {
	var log logBuffer
	var rec recorded
	c := newConsumer(t, &log, &rec)
	var out bytes.Buffer
	batch := metrics.New(metrics.Namespace, &out, map[string]string{metrics.DimService: "inventory"}).Begin()
	ctx := metrics.NewContext(context.Background(), batch)
	placed := sample(t, events.TypeOrderPlaced)
	_, err := c.Handle(ctx, lambdaevents.SQSEvent{Records: []lambdaevents.SQSMessage{
		{MessageId: "m-ok", Body: bridged(t, withOrder(t, placed, "e-count-ok", "O-count"))},
		{MessageId: "m-fail", Body: bridged(t, withOrder(t, placed, "e-count-fail", "fails"))},
		{MessageId: "m-poison", Body: "not an event"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := batch.Flush(); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	for name, want := range map[string]float64{
		metrics.MetricEventsHandled: 1, metrics.MetricEventsFailed: 1, metrics.MetricPoisonEvents: 1,
	} {
		t.Run(name+" counts its record", func(t *testing.T) {
			if got[name] != want {
				t.Errorf("%s = %v, want %v in %s", name, got[name], want, strings.TrimSpace(out.String()))
			}
		})
	}
}
