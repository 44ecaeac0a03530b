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
			if s.ShipmentID == "" || s.TrackingID == "" || s.Carrier == "" || s.ShipBy != "2026-11-26" {
				t.Fatalf("shipment %+v lacks an id, tracking id, carrier or tomorrow's ship-by day", s)
			}
		})
	}
	t.Run("scheduling the same order twice gives the same shipment", func(t *testing.T) {
		a, _ := domain.NewShipment("o-1", "alice", lines, at)
		b, _ := domain.NewShipment("o-1", "alice", lines, at)
		c, _ := domain.NewShipment("o-2", "alice", lines, at)
		if a.ShipmentID != b.ShipmentID || a.TrackingID != b.TrackingID || a.ShipmentID == c.ShipmentID {
			t.Fatalf("ids %s %s %s: want equal for one order, different for another", a.ShipmentID, b.ShipmentID, c.ShipmentID)
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
	t.Run("cancelling a scheduled shipment keeps its ids and records when", func(t *testing.T) {
		s, _ := domain.NewShipment("o-1", "alice", lines, at)
		s.Cancel(later)
		if s.Status != domain.StatusCancelled || !s.CancelledAt.Equal(later) || !s.Scheduled() || !s.VisibleTo("alice", false) {
			t.Fatalf("cancelled shipment %+v", s)
		}
	})
	t.Run("a second cancel changes nothing", func(t *testing.T) {
		s, _ := domain.NewShipment("o-1", "alice", lines, at)
		s.Cancel(later)
		s.Cancel(later.Add(time.Hour))
		if !s.CancelledAt.Equal(later) {
			t.Fatalf("cancelled at %s, want the first cancel's %s", s.CancelledAt, later)
		}
	})
	t.Run("a cancellation before the confirmation is a mark nobody sees", func(t *testing.T) {
		m, err := domain.NewCancellation("o-1", later)
		if err != nil {
			t.Fatal(err)
		}
		if m.Scheduled() || m.Status != domain.StatusCancelled || m.VisibleTo("", true) {
			t.Fatalf("mark %+v is scheduled or visible", m)
		}
	})
	t.Run("a cancellation needs an order id", func(t *testing.T) {
		if _, err := domain.NewCancellation("", later); !errors.Is(err, domain.ErrInvalidOrder) {
			t.Fatalf("error %v, want ErrInvalidOrder", err)
		}
	})
}
