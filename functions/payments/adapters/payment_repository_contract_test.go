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
		return p, p.RecordAmount(domain.Money{Amount: 500, Currency: "EUR"})
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
					return p, p.Authorize("auth_1", at)
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
							_, err := cur.Park(100, at)
							return cur, err
						})
						if err != nil {
							t.Error(err)
						}
					}()
				}
				wg.Wait()
				p, err := repo.Payment(context.Background(), "order-1")
				if err != nil || p.Attempts() != 4 {
					t.Fatalf("attempts %d err %v, want 4", p.Attempts(), err)
				}
			})
		})
	}
}
