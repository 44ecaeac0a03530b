package ports

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
)

func TestAReactionToAnUnknownOrderIsDroppedAndOtherFailuresRetried(t *testing.T) {
	e := events.PaymentAuthorized{OrderID: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"}
	if err := unknownOrder(context.Background(), nil, e, fmt.Errorf("confirm: %w", domain.ErrOrderNotFound)); err != nil {
		t.Errorf("an unknown order: %v, want the event dropped", err)
	}
	busy := fmt.Errorf("confirm: %w", domain.ErrConcurrentUpdate)
	if err := unknownOrder(context.Background(), nil, e, busy); !errors.Is(err, domain.ErrConcurrentUpdate) {
		t.Errorf("a conflict: %v, want it returned for a retry", err)
	}
}
