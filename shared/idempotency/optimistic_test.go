package idempotency_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/conveyor-dev/conveyor/shared/idempotency"
)

// countingTable counts the calls a store makes to its table.
type countingTable struct {
	idempotency.API
	gets, puts, deletes atomic.Int32
}

func (c *countingTable) GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	c.gets.Add(1)
	return c.API.GetItem(ctx, in, opts...)
}

func (c *countingTable) PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	c.puts.Add(1)
	return c.API.PutItem(ctx, in, opts...)
}

func (c *countingTable) DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	c.deletes.Add(1)
	return c.API.DeleteItem(ctx, in, opts...)
}

// calls returns the counts since the last call and zeroes them.
func (c *countingTable) calls() (gets, puts, deletes int32) {
	return c.gets.Swap(0), c.puts.Swap(0), c.deletes.Swap(0)
}

func TestAnOptimisticRunReadsOnceAndWritesOnce(t *testing.T) {
	table := &countingTable{}
	s := newStore(t, func(c *idempotency.Config) { table.API = c.Client; c.Client = table })
	var runs int
	work := func(data string, err error) func(context.Context) ([]byte, error) {
		return func(context.Context) ([]byte, error) { runs++; return []byte(data), err }
	}
	steps := []struct {
		name                         string
		key                          string
		fn                           func(context.Context) ([]byte, error)
		wantErr                      bool
		wantRuns                     int
		wantData                     string
		wantReplayed                 bool
		wantGets, wantPuts, wantDels int32
	}{
		{"a first delivery reads, runs and writes its record once", "e-1", work("reserved", nil), false, 1, "reserved", false, 1, 1, 0},
		{"a repeat reads the record and replays it", "e-1", work("again", nil), false, 1, "reserved", true, 1, 0, 0},
		{"a failed run writes nothing", "e-2", work("", errors.New("table busy")), true, 2, "", false, 1, 0, 0},
		{"so its retry runs", "e-2", work("retried", nil), false, 3, "retried", false, 1, 1, 0},
	}
	for _, st := range steps {
		got, err := s.DoOptimistic(t.Context(), "inventory-events", st.key, []byte("p"), st.fn)
		if (err != nil) != st.wantErr {
			t.Fatalf("%s: error %v", st.name, err)
		}
		gets, puts, dels := table.calls()
		if runs != st.wantRuns || string(got.Data) != st.wantData || got.Replayed != st.wantReplayed {
			t.Errorf("%s: %d runs, result %q replayed=%v; want %d runs, %q replayed=%v", st.name, runs, got.Data, got.Replayed, st.wantRuns, st.wantData, st.wantReplayed)
		}
		if gets != st.wantGets || puts != st.wantPuts || dels != st.wantDels {
			t.Errorf("%s: %d reads, %d puts, %d deletes; want %d, %d, %d", st.name, gets, puts, dels, st.wantGets, st.wantPuts, st.wantDels)
		}
	}
}

func TestAnOptimisticRunHonoursTheRecordsDoLeaves(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	s := newStore(t, func(c *idempotency.Config) {
		c.LockTimeout = time.Minute
		c.Expires = time.Hour
		c.Now = func() time.Time { return now }
	})
	ctx := t.Context()
	if _, err := s.Do(ctx, "scope", "completed", []byte("p"), func(context.Context) ([]byte, error) { return []byte("first"), nil }); err != nil {
		t.Fatal(err)
	}
	if lock, _, err := s.Begin(ctx, "scope", "locked", []byte("p")); err != nil || lock == nil {
		t.Fatalf("Begin: %v", err)
	}
	var runs int
	work := func(context.Context) ([]byte, error) { runs++; return []byte("ran"), nil }
	steps := []struct {
		name         string
		advance      time.Duration
		key, payload string
		wantErr      error
		wantRuns     int
		wantData     string
	}{
		{"a completed run is replayed", 0, "completed", "p", nil, 0, "first"},
		{"another payload under a completed key is refused", 0, "completed", "other", idempotency.ErrPayloadMismatch, 0, ""},
		{"an attempt's live lock is in progress", 0, "locked", "p", idempotency.ErrInProgress, 0, ""},
		{"an attempt whose lock expired crashed: the run goes ahead", 2 * time.Minute, "locked", "p", nil, 1, "ran"},
		{"which the next delivery replays", 0, "locked", "p", nil, 1, "ran"},
		{"an expired record is void", time.Hour, "completed", "p", nil, 2, "ran"},
	}
	for _, st := range steps {
		now = now.Add(st.advance)
		got, err := s.DoOptimistic(ctx, "scope", st.key, []byte(st.payload), work)
		if !errors.Is(err, st.wantErr) {
			t.Fatalf("%s: error %v, want %v", st.name, err, st.wantErr)
		}
		if runs != st.wantRuns || string(got.Data) != st.wantData {
			t.Errorf("%s: %d runs, result %q; want %d runs, %q", st.name, runs, got.Data, st.wantRuns, st.wantData)
		}
	}
}

func TestOptimisticDeliveriesAtOnceMayEachRunAndOneRecordStands(t *testing.T) {
	s := newStore(t, nil)
	const deliveries = 4
	// Every delivery has read the empty record before any writes its own:
	// the race a lock would have prevented.
	var read sync.WaitGroup
	read.Add(deliveries)
	var runs atomic.Int32
	results := make([]idempotency.Result, deliveries)
	errs := make([]error, deliveries)
	var wg sync.WaitGroup
	for i := range deliveries {
		wg.Go(func() {
			results[i], errs[i] = s.DoOptimistic(t.Context(), "shipping-saga", "event-7", []byte("p"), func(context.Context) ([]byte, error) {
				runs.Add(1)
				read.Done()
				read.Wait()
				return []byte{byte('a' + i)}, nil
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil || results[i].Replayed || len(results[i].Data) != 1 || results[i].Data[0] != byte('a'+i) {
			t.Errorf("delivery %d: %+v, %v; want its own run's result", i, results[i], err)
		}
	}
	if got := runs.Load(); got != deliveries {
		t.Errorf("%d runs, want %d", got, deliveries)
	}
	later, err := s.DoOptimistic(t.Context(), "shipping-saga", "event-7", []byte("p"), func(context.Context) ([]byte, error) {
		t.Error("a delivery after the record ran the work")
		return nil, nil
	})
	if err != nil || !later.Replayed || len(later.Data) != 1 || later.Data[0] < 'a' || later.Data[0] >= 'a'+deliveries {
		t.Errorf("a later delivery got %+v, %v; want one of the runs' results replayed", later, err)
	}
}
