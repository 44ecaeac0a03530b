package poller_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/internal/localcloud/poller"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// handler is the function side of the retry tests: for each invocation
// it records the record ids (the "pk" of each new image) and asks answer
// how to end, then records which of them succeeded.
type handler struct {
	mu        sync.Mutex
	calls     [][]string
	succeeded []string
	// answer returns the id of the first record to report as failed (""
	// for none), or an error to fail the whole invocation. call counts
	// from 1.
	answer func(ids []string, call int) (string, error)
	// reportTail reports every record from the failed one on, not just
	// that one.
	reportTail bool
}

func (h *handler) Invoke(_ context.Context, payload []byte) ([]byte, error) {
	var ev events.DynamoDBEvent
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, err
	}
	var ids []string
	seqs := map[string]string{}
	for _, rec := range ev.Records {
		id := rec.Change.NewImage["pk"].String()
		ids = append(ids, id)
		seqs[id] = rec.Change.SequenceNumber
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls = append(h.calls, ids)
	failAt, err := h.answer(ids, len(h.calls))
	if err != nil {
		return nil, err
	}
	resp := events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{}}
	failing := false
	for _, id := range ids {
		failing = failing || id == failAt
		switch {
		case !failing:
			h.succeeded = append(h.succeeded, id)
		case id == failAt || h.reportTail:
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: seqs[id]})
		}
	}
	return json.Marshal(resp)
}

func (h *handler) done() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.succeeded)
}

func (h *handler) invocations() [][]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.calls)
}

// failures collects what the poller sends its on-failure destination.
type failures struct {
	mu   sync.Mutex
	sent []poller.StreamFailure
}

func (f *failures) send(_ context.Context, failure poller.StreamFailure) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, failure)
	return nil
}

func (f *failures) all() []poller.StreamFailure {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.sent)
}

// pollStream runs the poller on arn with a batch of 10, small retry
// pauses and the given retries, until the test ends.
func pollStream(t *testing.T, arn string, fn poller.Invoker, retries int, onFailure *failures) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- poller.RunStream(ctx, clients(t).Streams, poller.Stream{
			StreamARN: arn, Region: awsclients.Region, BatchSize: 10, RetryAttempts: retries,
			RetryBackoff: 5 * time.Millisecond, MaxRetryBackoff: 40 * time.Millisecond,
			PollInterval: 20 * time.Millisecond, Function: fn, OnFailure: onFailure.send,
			Notice: func(m string) { t.Log(m) },
		})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("RunStream: %v", err)
		}
	})
}

// recordsOf are the ids of a test's records, in the order written.
var recordsOf = []string{"r1", "r2", "r3", "r4", "r5"}

func TestStreamRecordsAfterAPoisonRecordAreDeliveredInOrder(t *testing.T) {
	failWhole := func(ids []string, _ int) (string, error) {
		if slices.Contains(ids, "r3") {
			return "", errors.New("cannot map r3")
		}
		return "", nil
	}
	report := func(ids []string, _ int) (string, error) {
		if slices.Contains(ids, "r3") {
			return "r3", nil
		}
		return "", nil
	}
	tests := []struct {
		name string
		// poison answers for a function that can never handle r3.
		poison     func(ids []string, call int) (string, error)
		reportTail bool
	}{
		{"when the function fails the whole batch", failWhole, false},
		{"when the function reports the record as failed and stops there", report, false},
		{"when the function reports the record and every one after it as failed", report, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const retries = 2
			table, arn := streamTable(t)
			put(t, table, recordsOf...)
			fn := &handler{answer: tt.poison, reportTail: tt.reportTail}
			lost := &failures{}
			pollStream(t, arn, fn, retries, lost)
			waitFor(t, "the records around the poison one are delivered", func() bool { return len(fn.done()) >= 4 })
			put(t, table, "r6")
			waitFor(t, "a record written later is delivered", func() bool { return slices.Contains(fn.done(), "r6") })

			t.Run("every other record is delivered once, in order", func(t *testing.T) {
				if got := fn.done(); fmt.Sprint(got) != "[r1 r2 r4 r5 r6]" {
					t.Errorf("delivered %v, want [r1 r2 r4 r5 r6] (invocations %v)", got, fn.invocations())
				}
			})
			t.Run("the poison record alone goes to the on-failure destination, once", func(t *testing.T) {
				got := lost.all()
				if len(got) != 1 {
					t.Fatalf("%d failures sent, want 1: %+v", len(got), got)
				}
				info := got[0].BatchInfo
				if info.BatchSize != 1 || info.StartSequenceNumber != info.EndSequenceNumber || info.StreamARN != arn ||
					info.ShardID == "" || got[0].RequestContext.Condition != "RetryAttemptsExhausted" {
					t.Errorf("failure %+v, want a pointer to the one record", got[0])
				}
			})
			t.Run("the poison record is tried once and retried as declared", func(t *testing.T) {
				alone := 0
				for _, call := range fn.invocations() {
					if fmt.Sprint(call) == "[r3]" {
						alone++
					}
				}
				if alone != retries+1 {
					t.Errorf("r3 was handed alone %d times, want %d (invocations %v)", alone, retries+1, fn.invocations())
				}
			})
		})
	}
}

func TestStreamRetriedForeverSkipsNothing(t *testing.T) {
	tests := []struct {
		name   string
		answer func(ids []string, call int) (string, error)
	}{
		{"a function that fails every invocation for a long time, then recovers", func(_ []string, call int) (string, error) {
			if call <= 30 {
				return "", errors.New("the bus is down")
			}
			return "", nil
		}},
		{"a record in the middle that fails for longer than any retry limit, then succeeds", func() func([]string, int) (string, error) {
			seen := 0
			return func(ids []string, _ int) (string, error) {
				if slices.Contains(ids, "r3") {
					if seen++; seen <= 30 {
						return "r3", nil
					}
				}
				return "", nil
			}
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, arn := streamTable(t)
			put(t, table, recordsOf...)
			fn := &handler{answer: tt.answer}
			lost := &failures{}
			pollStream(t, arn, fn, spec.RetryForever, lost)
			waitFor(t, "every record is delivered", func() bool { return len(fn.done()) >= len(recordsOf) })

			if got := fn.done(); fmt.Sprint(got) != fmt.Sprint(recordsOf) {
				t.Errorf("delivered %v, want each record once, in order (invocations %v)", got, fn.invocations())
			}
			if n := len(fn.invocations()); n <= 30 {
				t.Errorf("%d invocations: the failure did not last as the test meant", n)
			}
			if got := lost.all(); len(got) != 0 {
				t.Errorf("sent %+v to the on-failure destination, want nothing: the records were retried until they succeeded", got)
			}
		})
	}
}

func TestStreamRetriesPauseInsteadOfSpinning(t *testing.T) {
	table, arn := streamTable(t)
	put(t, table, "r1")
	fn := &handler{answer: func([]string, int) (string, error) { return "", errors.New("down") }}
	pollStream(t, arn, fn, spec.RetryForever, &failures{})
	waitFor(t, "the record is retried", func() bool { return len(fn.invocations()) >= 3 })
	before, start := len(fn.invocations()), time.Now()
	waitFor(t, "a second passes", func() bool { return time.Since(start) >= time.Second })
	// The pause doubles from 5 ms to at most 40 ms: about 25 retries a
	// second; a busy loop would make thousands.
	if n := len(fn.invocations()) - before; n < 5 || n > 60 {
		t.Errorf("%d retries in a second, want about 25: a pause of at most 40 ms between them", n)
	}
}
