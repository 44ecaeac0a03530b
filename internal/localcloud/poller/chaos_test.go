package poller_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/internal/chaos"
	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/internal/localcloud/poller"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// delivery is one record as a function received it.
type delivery struct {
	body, messageID, receiveCount string
	batch                         int
}

// deliveries records every record of every batch, in order.
type deliveries struct {
	mu      sync.Mutex
	got     []delivery
	batches int
}

func (d *deliveries) Invoke(_ context.Context, payload []byte) ([]byte, error) {
	var ev events.SQSEvent
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.batches++
	for _, m := range ev.Records {
		d.got = append(d.got, delivery{body: m.Body, messageID: m.MessageId, receiveCount: m.Attributes["ApproximateReceiveCount"], batch: d.batches})
	}
	return []byte(`{"batchItemFailures":[]}`), nil
}

func (d *deliveries) snapshot() []delivery {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.got)
}

// of returns the deliveries of body.
func (d *deliveries) of(body string) []delivery {
	var out []delivery
	for _, x := range d.snapshot() {
		if x.body == body {
			out = append(out, x)
		}
	}
	return out
}

func runChaoticSQS(t *testing.T, q provision.Queue, sub spec.Subscription, fn poller.Invoker, f chaos.Faults) *chaos.Injector {
	t.Helper()
	in, err := chaos.New(f)
	if err != nil {
		t.Fatal(err)
	}
	client := clients(t).SQS
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- poller.RunSQS(ctx, client, poller.SQS{
			QueueURL: q.URL, QueueARN: q.ARN, Region: awsclients.Region,
			BatchSize: sub.BatchSize, Window: sub.MaxBatchingWindow, Concurrency: 2, WaitTime: time.Second,
			Function: fn, Notice: func(m string) { t.Log(m) }, Chaos: in,
		})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("RunSQS: %v", err)
		}
	})
	return in
}

func bodies(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("m%02d", i)
	}
	return out
}

func TestTheMappingDeliversMessagesTwiceInTheSameBatchAndInSeparateOnes(t *testing.T) {
	q, sub := subscription(t, 10, 5, 0)
	msgs := bodies(16)
	fn := &deliveries{}
	in := runChaoticSQS(t, q, sub, fn, chaos.Faults{Duplicate: chaos.Duplicate{Rate: 1}})
	send(t, q.URL, msgs[:8]...)
	send(t, q.URL, msgs[8:]...)
	waitFor(t, "every message is delivered twice", func() bool {
		for _, b := range msgs {
			if len(fn.of(b)) < 2 {
				return false
			}
		}
		return true
	})
	waitFor(t, "the queue is empty", func() bool { return depth(t, q.URL) == 0 })
	n := in.Injected()
	same, separate := 0, 0
	for _, b := range msgs {
		ds := fn.of(b)
		if len(ds) != 2 {
			t.Fatalf("%s delivered %d times, want twice: %+v", b, len(ds), ds)
		}
		if ds[0].batch == ds[1].batch {
			same++
			if ds[0].messageID != ds[1].messageID {
				t.Errorf("%s twice in one batch under two message ids", b)
			}
		} else {
			separate++
		}
	}
	t.Run("both kinds of duplicate occur and are counted", func(t *testing.T) {
		if same == 0 || separate == 0 {
			t.Errorf("%d in the same batch, %d in separate ones: want both", same, separate)
		}
		if int64(same) != n[chaos.KindDuplicateSameBatch] || int64(separate) != n[chaos.KindDuplicateSeparateBatch] {
			t.Errorf("counted %v, saw %d and %d", n, same, separate)
		}
	})
	t.Run("no batch exceeds the batch size", func(t *testing.T) {
		per := map[int]int{}
		for _, d := range fn.snapshot() {
			per[d.batch]++
		}
		for b, k := range per {
			if k > sub.BatchSize {
				t.Errorf("batch %d held %d records", b, k)
			}
		}
	})
}

func TestTheMappingHoldsMessagesBackSoThatTheyArriveAfterLaterOnes(t *testing.T) {
	// Half the receives are held back: with twenty messages some are, and
	// none reaches the DLQ, whose receive count is far away.
	q, sub := subscription(t, 1, 50, 0)
	msgs := bodies(20)
	fn := &deliveries{}
	in := runChaoticSQS(t, q, sub, fn, chaos.Faults{Late: chaos.Late{Rate: 0.5, MaxDelayMS: 1200}})
	for _, b := range msgs {
		send(t, q.URL, b)
	}
	waitFor(t, "every message is delivered", func() bool {
		for _, b := range msgs {
			if len(fn.of(b)) == 0 {
				return false
			}
		}
		return true
	})
	waitFor(t, "the queue is empty", func() bool { return depth(t, q.URL) == 0 })
	late := in.Injected()[chaos.KindLate]
	t.Run("some messages are held back, and each is still delivered once", func(t *testing.T) {
		if late == 0 {
			t.Fatal("no message was held back")
		}
		for _, b := range msgs {
			if n := len(fn.of(b)); n != 1 {
				t.Errorf("%s delivered %d times", b, n)
			}
		}
	})
	t.Run("a held-back message arrives after a message sent after it, received once more", func(t *testing.T) {
		got := fn.snapshot()
		overtaken := false
		for i, d := range got {
			for _, later := range got[:i] {
				if later.body > d.body && d.receiveCount != "1" {
					overtaken = true
				}
			}
		}
		if !overtaken {
			t.Errorf("no message arrived after a later one: %+v", got)
		}
	})
}
