package adapters_test

import (
	"sync"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/functions/payments/adapters"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// TestTheSharedBreakerNeverLosesAnOpenStateToAnotherInstance runs the
// race of two instances against each store: one closes, or opens late,
// just after the other opened.
func TestTheSharedBreakerNeverLosesAnOpenStateToAnotherInstance(t *testing.T) {
	stores := map[string]func(t *testing.T) (a, b adapters.SharedBreaker){
		"memory": func(*testing.T) (adapters.SharedBreaker, adapters.SharedBreaker) {
			s := &adapters.BreakerMemoryStore{}
			return s, s
		},
		"dynamodb": func(t *testing.T) (adapters.SharedBreaker, adapters.SharedBreaker) {
			env := kumotest.Start(t)
			db := env.DynamoDB()
			table := kumotest.UniqueName(t, "payments")
			kumotest.CreateTable(t, db, table, payments.Spec.Table)
			open := func() adapters.SharedBreaker {
				s, err := adapters.NewBreakerDynamoStore(db, table, "payment-provider", payments.Spec.Table.TTLAttribute)
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			return open(), open()
		},
	}
	first := time.Now().Add(5 * time.Second).Truncate(time.Millisecond).UTC()
	later := first.Add(3 * time.Second)
	for name, newStores := range stores {
		t.Run(name, func(t *testing.T) {
			openUntil := func(t *testing.T, s adapters.SharedBreaker) time.Time {
				t.Helper()
				until, err := s.OpenUntil(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				return until
			}
			must := func(t *testing.T, err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			t.Run("a closing instance leaves the open state another instance wrote since", func(t *testing.T) {
				a, b := newStores(t)
				must(t, a.Open(t.Context(), first))
				must(t, b.Open(t.Context(), later))
				must(t, a.Close(t.Context(), first))
				if got := openUntil(t, b); !got.Equal(later) {
					t.Fatalf("open until %s, want %s: the close erased the other instance's open state", got, later)
				}
			})
			t.Run("a late open does not shorten a longer one", func(t *testing.T) {
				a, b := newStores(t)
				must(t, b.Open(t.Context(), later))
				must(t, a.Open(t.Context(), first))
				if got := openUntil(t, a); !got.Equal(later) {
					t.Fatalf("open until %s, want %s", got, later)
				}
			})
			t.Run("an instance closes the open state it wrote", func(t *testing.T) {
				a, b := newStores(t)
				must(t, a.Open(t.Context(), first))
				must(t, a.Close(t.Context(), first))
				if got := openUntil(t, b); !got.IsZero() {
					t.Fatalf("open until %s, want closed", got)
				}
				must(t, a.Close(t.Context(), first))
			})
			t.Run("an open extends the instance's own open state", func(t *testing.T) {
				a, _ := newStores(t)
				must(t, a.Open(t.Context(), first))
				must(t, a.Open(t.Context(), later))
				if got := openUntil(t, a); !got.Equal(later) {
					t.Fatalf("open until %s, want %s", got, later)
				}
			})
			t.Run("racing opens and closes keep the latest open state", func(t *testing.T) {
				a, b := newStores(t)
				var wg sync.WaitGroup
				for i := range 10 {
					wg.Add(2)
					until := first.Add(time.Duration(i) * time.Millisecond)
					go func() { defer wg.Done(); must(t, a.Open(t.Context(), until)) }()
					go func() { defer wg.Done(); must(t, a.Close(t.Context(), until.Add(-time.Hour))) }()
				}
				wg.Wait()
				must(t, b.Open(t.Context(), later))
				must(t, a.Close(t.Context(), first))
				if got := openUntil(t, b); !got.Equal(later) {
					t.Fatalf("open until %s, want %s", got, later)
				}
			})
		})
	}
}
