package adapters_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/functions/payments/adapters"
	"github.com/conveyor-dev/conveyor/functions/payments/app"
	"github.com/conveyor-dev/conveyor/functions/payments/domain"
	"github.com/conveyor-dev/conveyor/shared/dynamo"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// The contract every PaymentRepository keeps, run against each one.
func TestPaymentRepositoryContract(t *testing.T) {
	repos := map[string]func(t *testing.T) app.PaymentRepository{
		"memory": func(*testing.T) app.PaymentRepository { return adapters.NewPaymentMemoryRepository() },
		"dynamodb": func(t *testing.T) app.PaymentRepository {
			env := kumotest.Start(t)
			db := env.DynamoDB()
			table := kumotest.UniqueName(t, "payments")
			kumotest.CreateTable(t, db, table, payments.Spec.Table)
			repo, err := adapters.NewPaymentDynamoRepository(db, table)
			if err != nil {
				t.Fatal(err)
			}
			return repo
		},
	}
	at := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	create := func(cur *domain.Payment) (*domain.Payment, error) {
		if cur != nil {
			return cur, nil
		}
		p, err := domain.NewPayment("order-1", at)
		if err != nil {
			return nil, err
		}
		return p.RecordAmount(domain.Money{Amount: 500, Currency: "EUR"})
	}
	for name, newRepo := range repos {
		t.Run(name, func(t *testing.T) {
			t.Run("a missing payment is not found", func(t *testing.T) {
				if _, err := newRepo(t).Payment(context.Background(), "nope"); !errors.Is(err, domain.ErrPaymentNotFound) {
					t.Fatalf("error %v, want ErrPaymentNotFound", err)
				}
			})
			t.Run("a stored payment reads back field for field", func(t *testing.T) {
				repo := newRepo(t)
				stored, err := repo.UpdatePayment(context.Background(), "order-1", func(cur *domain.Payment) (*domain.Payment, error) {
					p, err := create(cur)
					if err != nil {
						return nil, err
					}
					return p.Authorize("auth_1", at)
				})
				if err != nil {
					t.Fatal(err)
				}
				got, err := repo.Payment(context.Background(), "order-1")
				if err != nil {
					t.Fatal(err)
				}
				if got.Snapshot() != stored.Snapshot() || got.Version() != 1 {
					t.Fatalf("read %+v, want %+v at version 1", got.Snapshot(), stored.Snapshot())
				}
			})
			t.Run("an uncertain payment and its settlement read back field for field", func(t *testing.T) {
				repo := newRepo(t)
				steps := []func(*domain.Payment) (*domain.Payment, error){
					func(p *domain.Payment) (*domain.Payment, error) { return p.Park(3, true, at) },
					func(p *domain.Payment) (*domain.Payment, error) { return p.Cancel(at), nil },
					func(p *domain.Payment) (*domain.Payment, error) { return p.ParkSettlement(5, at) },
					func(p *domain.Payment) (*domain.Payment, error) { return p.Void("auth_1", at.Add(time.Minute)) },
				}
				for i, step := range steps {
					stored, err := repo.UpdatePayment(context.Background(), "order-1", func(cur *domain.Payment) (*domain.Payment, error) {
						p, err := create(cur)
						if err != nil {
							return nil, err
						}
						return step(p)
					})
					if err != nil {
						t.Fatalf("step %d: %v", i, err)
					}
					got, err := repo.Payment(context.Background(), "order-1")
					if err != nil {
						t.Fatal(err)
					}
					if got.Snapshot() != stored.Snapshot() {
						t.Fatalf("step %d: read %+v, want %+v", i, got.Snapshot(), stored.Snapshot())
					}
				}
				got, _ := repo.Payment(context.Background(), "order-1")
				if got.VoidedAuthorizationID() != "auth_1" || got.SettleAttempts() != 1 || got.Uncertain() || got.VoidedAt().IsZero() {
					t.Fatalf("payment %+v, want auth_1 voided after one parked try", got.Snapshot())
				}
			})
			t.Run("an update that changes nothing writes nothing", func(t *testing.T) {
				repo := newRepo(t)
				if _, err := repo.UpdatePayment(context.Background(), "order-1", create); err != nil {
					t.Fatal(err)
				}
				p, err := repo.UpdatePayment(context.Background(), "order-1", create)
				if err != nil || p.Version() != 1 {
					t.Fatalf("version %d err %v, want 1", p.Version(), err)
				}
			})
			t.Run("concurrent parkings lose no attempt", func(t *testing.T) {
				repo := newRepo(t)
				if _, err := repo.UpdatePayment(context.Background(), "order-1", create); err != nil {
					t.Fatal(err)
				}
				var wg sync.WaitGroup
				for range 4 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						_, err := repo.UpdatePayment(context.Background(), "order-1", func(cur *domain.Payment) (*domain.Payment, error) {
							return cur.Park(100, false, at)
						})
						if err != nil {
							t.Error(err)
						}
					}()
				}
				wg.Wait()
				p, err := repo.Payment(context.Background(), "order-1")
				if err != nil || p.Attempts() != 4 || p.Version() != 5 {
					t.Fatalf("attempts %d at version %d, err %v; want 4 at version 5", p.Attempts(), p.Version(), err)
				}
			})
			t.Run("a write that keeps losing to other writers fails as a concurrent update after the last try", func(t *testing.T) {
				repo := newRepo(t)
				if _, err := repo.UpdatePayment(t.Context(), "order-1", create); err != nil {
					t.Fatal(err)
				}
				tries := 0
				_, err := repo.UpdatePayment(t.Context(), "order-1", func(cur *domain.Payment) (*domain.Payment, error) {
					tries++
					// Another writer stores a change between this read and
					// this write, every time.
					if _, err := repo.UpdatePayment(t.Context(), "order-1", func(cur *domain.Payment) (*domain.Payment, error) {
						return cur.Park(100, false, at)
					}); err != nil {
						return nil, err
					}
					return cur.Cancel(at), nil
				})
				if !errors.Is(err, domain.ErrConcurrentUpdate) || tries != dynamo.MaxAttempts {
					t.Fatalf("error %v after %d tries, want ErrConcurrentUpdate after %d", err, tries, dynamo.MaxAttempts)
				}
				p, err := repo.Payment(t.Context(), "order-1")
				if err != nil || p.Cancelled() || p.Attempts() != dynamo.MaxAttempts {
					t.Fatalf("payment %+v err %v: want the other writer's %d parkings and no cancel", p.Snapshot(), err, dynamo.MaxAttempts)
				}
			})
			t.Run("a change that fails stores nothing and returns its error", func(t *testing.T) {
				repo := newRepo(t)
				_, err := repo.UpdatePayment(t.Context(), "order-1", func(cur *domain.Payment) (*domain.Payment, error) {
					p, err := create(cur)
					if err != nil {
						return nil, err
					}
					return p.Refund("refund_1", at)
				})
				if !errors.Is(err, domain.ErrTransition) {
					t.Fatalf("error %v, want ErrTransition", err)
				}
				if _, err := repo.Payment(t.Context(), "order-1"); !errors.Is(err, domain.ErrPaymentNotFound) {
					t.Fatalf("read after a failed change: %v, want ErrPaymentNotFound", err)
				}
			})
		})
	}
}
