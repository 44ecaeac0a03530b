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
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestConcurrentDeliveriesRunOnce(t *testing.T) {
	s := newStore(t, nil)
	var runs atomic.Int32
	const deliveries = 10
	// finished receives one value per delivery that returned; the one that
	// runs the work holds its lock until every other delivery has returned,
	// so they all meet it.
	finished := make(chan struct{}, deliveries)
	work := func(context.Context) ([]byte, error) {
		runs.Add(1)
		timeout := time.After(5 * time.Second)
		for range deliveries - 1 {
			select {
			case <-finished:
			case <-timeout:
				return nil, errors.New("the other deliveries did not return")
			}
		}
		return []byte("reserved"), nil
	}
	results := make([]idempotency.Result, deliveries)
	errs := make([]error, deliveries)
	var wg sync.WaitGroup
	for i := range deliveries {
		wg.Go(func() {
			results[i], errs[i] = s.Do(t.Context(), "inventory-reserve", "event-1", []byte(`{"orderId":"O-1"}`), work)
			finished <- struct{}{}
		})
	}
	wg.Wait()

	if got := runs.Load(); got != 1 {
		t.Fatalf("the work ran %d times, want once", got)
	}
	var ran, inProgress, replayed int
	for i := range deliveries {
		switch {
		case errs[i] == nil && !results[i].Replayed:
			ran++
		case errs[i] == nil && results[i].Replayed:
			replayed++
			if string(results[i].Data) != "reserved" {
				t.Errorf("a replay returned %q", results[i].Data)
			}
		case errors.Is(errs[i], idempotency.ErrInProgress):
			inProgress++
		default:
			t.Errorf("delivery %d: %v", i, errs[i])
		}
	}
	if ran != 1 || inProgress != deliveries-1 || replayed != 0 {
		t.Errorf("%d ran, %d met the lock, %d replayed", ran, inProgress, replayed)
	}
	again, err := s.Do(t.Context(), "inventory-reserve", "event-1", []byte(`{"orderId":"O-1"}`), work)
	if err != nil || !again.Replayed || string(again.Data) != "reserved" {
		t.Errorf("a later delivery got %+v, %v; want the stored result", again, err)
	}
}

func TestRepeats(t *testing.T) {
	s := newStore(t, nil)
	ok := func(data string) func(context.Context) ([]byte, error) {
		return func(context.Context) ([]byte, error) { return []byte(data), nil }
	}
	if _, err := s.Do(t.Context(), "scope", "k1", []byte("payload"), ok("first")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name         string
		scope, key   string
		payload      string
		wantErr      error
		wantData     string
		wantReplayed bool
	}{
		{"the same key and payload replay the stored result", "scope", "k1", "payload", nil, "first", true},
		{"the same key with another payload is refused", "scope", "k1", "other", idempotency.ErrPayloadMismatch, "", false},
		{"the same key in another scope runs", "other-scope", "k1", "payload", nil, "second", false},
		{"another key runs", "scope", "k2", "payload", nil, "second", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Do(t.Context(), tt.scope, tt.key, []byte(tt.payload), ok("second"))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if string(got.Data) != tt.wantData || got.Replayed != tt.wantReplayed {
				t.Errorf("result %q replayed=%v, want %q replayed=%v", got.Data, got.Replayed, tt.wantData, tt.wantReplayed)
			}
		})
	}
}

func TestAFailedRunLeavesTheKeyFree(t *testing.T) {
	s := newStore(t, nil)
	boom := errors.New("downstream unavailable")
	tests := []struct {
		name string
		fail func(context.Context) ([]byte, error)
	}{
		{"after an error", func(context.Context) ([]byte, error) { return nil, boom }},
		{"after a panic", func(context.Context) ([]byte, error) { panic("handler bug") }},
	}
	for i, tt := range tests {
		t.Run("the retry runs "+tt.name, func(t *testing.T) {
			key := string(rune('a' + i))
			func() {
				defer func() { _ = recover() }()
				if _, err := s.Do(t.Context(), "scope", key, nil, tt.fail); !errors.Is(err, boom) {
					t.Errorf("error %v, want the work's error", err)
				}
			}()
			got, err := s.Do(t.Context(), "scope", key, nil, func(context.Context) ([]byte, error) { return []byte("ok"), nil })
			if err != nil || got.Replayed || string(got.Data) != "ok" {
				t.Errorf("retry: %+v, %v; want a fresh run", got, err)
			}
		})
	}
}

func TestACrashedAttemptBlocksTheKeyUntilItsLockExpires(t *testing.T) {
	const lockTimeout = 300 * time.Millisecond
	s := newStore(t, func(c *idempotency.Config) { c.LockTimeout = lockTimeout })
	crashedAt := time.Now()
	lock, _, err := s.Begin(t.Context(), "shipping", "event-9", []byte("p"))
	if err != nil || lock == nil {
		t.Fatalf("Begin: %v", err)
	}
	// The attempt crashes: it never completes nor releases the lock.

	var runs int
	work := func(context.Context) ([]byte, error) { runs++; return []byte("scheduled"), nil }
	if _, err := s.Do(t.Context(), "shipping", "event-9", []byte("p"), work); !errors.Is(err, idempotency.ErrInProgress) {
		t.Fatalf("a retry during the lock got %v, want ErrInProgress", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		got, err := s.Do(t.Context(), "shipping", "event-9", []byte("p"), work)
		if err == nil {
			if got.Replayed || runs != 1 {
				t.Errorf("result %+v after %d runs; want one fresh run", got, runs)
			}
			if waited := time.Since(crashedAt); waited < lockTimeout {
				t.Errorf("the retry ran %v after the crash, before the lock expired", waited)
			}
			break
		}
		if !errors.Is(err, idempotency.ErrInProgress) {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatal("the lock never expired")
		}
		<-tick.C
	}
}

func TestACompletedRecordExpires(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	s := newStore(t, func(c *idempotency.Config) {
		c.Expires = time.Hour
		c.Now = func() time.Time { return now }
	})
	var runs int
	work := func(context.Context) ([]byte, error) { runs++; return nil, nil }
	for _, step := range []struct {
		advance  time.Duration
		wantRuns int
	}{{0, 1}, {59 * time.Minute, 1}, {2 * time.Minute, 2}} {
		now = now.Add(step.advance)
		if _, err := s.Do(t.Context(), "scope", "k", []byte("p"), work); err != nil {
			t.Fatal(err)
		}
		if runs != step.wantRuns {
			t.Errorf("after %v: %d runs, want %d", step.advance, runs, step.wantRuns)
		}
	}
}

func TestARecordIsKeptForADayByDefault(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	s := newStore(t, func(c *idempotency.Config) { c.Now = func() time.Time { return now } })
	var runs int
	work := func(context.Context) ([]byte, error) { runs++; return nil, nil }
	for _, step := range []struct {
		name     string
		advance  time.Duration
		wantRuns int
	}{
		{"the first request runs", 0, 1},
		{"a retry after two hours is answered from the record", 2 * time.Hour, 1},
		{"a retry the next day, within 24 hours, is answered from the record", 21*time.Hour + 59*time.Minute, 1},
		{"a request after the day runs again", 2 * time.Minute, 2},
	} {
		now = now.Add(step.advance)
		if _, err := s.Do(t.Context(), "scope", "k", []byte("p"), work); err != nil {
			t.Fatal(err)
		}
		if runs != step.wantRuns {
			t.Errorf("%s: %d runs, want %d", step.name, runs, step.wantRuns)
		}
	}
}

func TestConfigForRejectsTablesItCannotUse(t *testing.T) {
	tests := []struct {
		name  string
		table spec.Table
	}{
		{"a numeric partition key", spec.Table{PartitionKey: spec.Key{Name: "id", Type: spec.Number}}},
		{"a binary sort key", spec.Table{PartitionKey: spec.Key{Name: "pk", Type: spec.String}, SortKey: &spec.Key{Name: "sk", Type: spec.Binary}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := idempotency.ConfigFor(nil, "t", tt.table); err == nil {
				t.Error("ConfigFor accepted it")
			}
		})
	}
}

func TestKeyFromJSON(t *testing.T) {
	doc := []byte(`{"id":"e-1","data":{"orderId":"O-7","n":42,"empty":"","list":[1]}}`)
	tests := []struct {
		path, want string
		wantErr    bool
	}{
		{"id", "e-1", false},
		{"data.orderId", "O-7", false},
		{"data.n", "42", false},
		{"data.missing", "", true},
		{"data.empty", "", true},
		{"data.list", "", true},
		{"id.deeper", "", true},
	}
	for _, tt := range tests {
		t.Run("the key at "+tt.path, func(t *testing.T) {
			got, err := idempotency.KeyFromJSON(doc, tt.path)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("KeyFromJSON = %q, %v", got, err)
			}
		})
	}
}

// lostAnswer stands for the network between the function and DynamoDB: the
// first lock PutItem reaches the table, its answer is lost, and the SDK
// sends the same request again, which then meets the record the first try
// wrote.
type lostAnswer struct {
	idempotency.API
	lost bool
}

func (c *lostAnswer) PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	if !c.lost && in.ConditionExpression != nil {
		c.lost = true
		if _, err := c.API.PutItem(ctx, in, opts...); err != nil {
			return nil, err
		}
	}
	return c.API.PutItem(ctx, in, opts...)
}

func TestARetriedLockWriteRecognisesItsOwnRecord(t *testing.T) {
	client := &lostAnswer{}
	s := newStore(t, func(c *idempotency.Config) { client.API = c.Client; c.Client = client })
	var runs int
	got, err := s.Do(t.Context(), "inventory", "event-1", []byte("p"), func(context.Context) ([]byte, error) {
		runs++
		return []byte("reserved"), nil
	})
	if err != nil || runs != 1 || string(got.Data) != "reserved" {
		t.Fatalf("Do after a retried lock write: %+v, %v, %d runs; want one run", got, err, runs)
	}
	if !client.lost {
		t.Fatal("the lock write was not retried")
	}
	again, err := s.Do(t.Context(), "inventory", "event-1", []byte("p"), func(context.Context) ([]byte, error) {
		runs++
		return nil, nil
	})
	if err != nil || !again.Replayed || runs != 1 {
		t.Fatalf("a repeat: %+v, %v, %d runs; want the stored result", again, err, runs)
	}
}

func TestAnotherAttemptsLockIsStillInProgress(t *testing.T) {
	s := newStore(t, nil)
	first, _, err := s.Begin(t.Context(), "inventory", "event-2", []byte("p"))
	if err != nil || first == nil {
		t.Fatalf("first Begin: %v", err)
	}
	if _, _, err := s.Begin(t.Context(), "inventory", "event-2", []byte("p")); !errors.Is(err, idempotency.ErrInProgress) {
		t.Fatalf("a second attempt got %v, want ErrInProgress", err)
	}
}
