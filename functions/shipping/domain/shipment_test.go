package domain_test

import (
	"errors"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/shipping/domain"
)

var at = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func TestNewShipment(t *testing.T) {
	lines := []domain.Line{{SKU: "SKU-1", Quantity: 2}}
	tests := []struct {
		name            string
		order, customer string
		lines           []domain.Line
		wantErr         error
	}{
		{"a confirmed order gets a shipment", "o-1", "alice", lines, nil},
		{"an order without lines is refused", "o-1", "alice", nil, domain.ErrInvalidOrder},
		{"an order without a customer is refused", "o-1", "", lines, domain.ErrInvalidOrder},
		{"a line of zero is refused", "o-1", "alice", []domain.Line{{SKU: "S", Quantity: 0}}, domain.ErrInvalidOrder},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := domain.NewShipment(tt.order, tt.customer, tt.lines, at)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if s.ShipmentID() == "" || s.TrackingID() == "" || s.Carrier() == "" || s.ShipBy() != "2026-11-26" || s.Status() != domain.StatusScheduled {
				t.Fatalf("shipment %+v lacks an id, tracking id, carrier or tomorrow's ship-by day", s)
			}
		})
	}
	t.Run("scheduling the same order twice gives the same shipment", func(t *testing.T) {
		a, _ := domain.NewShipment("o-1", "alice", lines, at)
		b, _ := domain.NewShipment("o-1", "alice", lines, at)
		c, _ := domain.NewShipment("o-2", "alice", lines, at)
		if a.ShipmentID() != b.ShipmentID() || a.TrackingID() != b.TrackingID() || a.ShipmentID() == c.ShipmentID() {
			t.Fatalf("ids %s %s %s: want equal for one order, different for another", a.ShipmentID(), b.ShipmentID(), c.ShipmentID())
		}
	})
	t.Run("only the customer or an admin sees a shipment", func(t *testing.T) {
		s, _ := domain.NewShipment("o-1", "alice", lines, at)
		if !s.VisibleTo("alice", false) || !s.VisibleTo("bob", true) || s.VisibleTo("bob", false) || s.VisibleTo("", false) {
			t.Fatal("visibility rule broken")
		}
	})
}

func TestCancellation(t *testing.T) {
	lines := []domain.Line{{SKU: "SKU-1", Quantity: 2}}
	later := at.Add(time.Hour)
	t.Run("cancelling a scheduled shipment returns it cancelled, keeping its ids, and leaves the original as it was", func(t *testing.T) {
		s, _ := domain.NewShipment("o-1", "alice", lines, at)
		c := s.Cancel(later)
		if c.Status() != domain.StatusCancelled || !c.CancelledAt().Equal(later) || c.ShipmentID() != s.ShipmentID() || !c.VisibleTo("alice", false) {
			t.Fatalf("cancelled shipment %+v", c)
		}
		if s.Status() != domain.StatusScheduled || !s.CancelledAt().IsZero() {
			t.Fatalf("the original changed: %+v", s)
		}
	})
	t.Run("a second cancel returns the cancelled shipment itself", func(t *testing.T) {
		s, _ := domain.NewShipment("o-1", "alice", lines, at)
		c := s.Cancel(later)
		if again := c.Cancel(later.Add(time.Hour)); again != c {
			t.Fatalf("second cancel returned %+v, want the first one unchanged", again)
		}
	})
	t.Run("a cancellation before the confirmation is a mark nobody sees", func(t *testing.T) {
		m, err := domain.NewCancellation("o-1", later)
		if err != nil {
			t.Fatal(err)
		}
		if m.Scheduled() || m.Status() != domain.StatusCancelled || m.VisibleTo("", true) {
			t.Fatalf("mark %+v is scheduled or visible", m)
		}
	})
	t.Run("a cancellation needs an order id", func(t *testing.T) {
		if _, err := domain.NewCancellation("", later); !errors.Is(err, domain.ErrInvalidOrder) {
			t.Fatalf("error %v, want ErrInvalidOrder", err)
		}
	})
}

func TestCancelOrder(t *testing.T) {
	later := at.Add(time.Hour)
	scheduled, _ := domain.NewShipment("o-1", "alice", []domain.Line{{SKU: "SKU-1", Quantity: 2}}, at)
	cancelled := scheduled.Cancel(at.Add(time.Minute))
	mark, _ := domain.NewCancellation("o-1", at.Add(time.Minute))
	tests := []struct {
		name      string
		current   *domain.Shipment
		unchanged bool
		scheduled bool
		cancelled time.Time
	}{
		{"an order with nothing yet gets a cancellation mark", nil, false, false, later},
		{"a scheduled shipment is cancelled now", scheduled, false, true, later},
		{"a cancelled shipment stays as it is", cancelled, true, true, at.Add(time.Minute)},
		{"a cancellation mark stays as it is", mark, true, false, at.Add(time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := domain.CancelOrder("o-1", tt.current, later)
			if err != nil {
				t.Fatal(err)
			}
			if (got == tt.current) != tt.unchanged {
				t.Errorf("returned the current shipment itself: %v, want %v", got == tt.current, tt.unchanged)
			}
			if got.OrderID() != "o-1" || got.Status() != domain.StatusCancelled || got.Scheduled() != tt.scheduled || !got.CancelledAt().Equal(tt.cancelled) {
				t.Errorf("got %+v, want cancelled at %s, scheduled %v", got, tt.cancelled, tt.scheduled)
			}
		})
	}
	t.Run("an order without an id cannot be cancelled", func(t *testing.T) {
		if _, err := domain.CancelOrder("", nil, later); !errors.Is(err, domain.ErrInvalidOrder) {
			t.Fatalf("error %v, want ErrInvalidOrder", err)
		}
	})
}

func TestSchedule(t *testing.T) {
	s, _ := domain.NewShipment("o-1", "alice", []domain.Line{{SKU: "SKU-1", Quantity: 2}}, at)
	earlier, _ := domain.NewShipment("o-1", "alice", []domain.Line{{SKU: "SKU-1", Quantity: 2}}, at.Add(-time.Hour))
	mark, _ := domain.NewCancellation("o-1", at.Add(-time.Minute))
	tests := []struct {
		name          string
		current, want *domain.Shipment
	}{
		{"an order with nothing yet gets the new shipment", nil, s},
		{"an order keeps the shipment of an earlier confirmation", earlier, earlier},
		{"a cancellation that came first keeps the order from being scheduled", mark, mark},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.Schedule(tt.current, s); got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
