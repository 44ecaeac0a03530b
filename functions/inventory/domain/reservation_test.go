package domain_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
	"github.com/conveyor-dev/conveyor/shared/apperr"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func TestNormalizeLines(t *testing.T) {
	cases := []struct {
		name  string
		lines []domain.Line
		want  []domain.Line
		field string
	}{
		{"lines of one SKU are merged in order of first appearance",
			[]domain.Line{{"MUG", 1}, {"TEA", 2}, {"MUG", 3}}, []domain.Line{{"MUG", 4}, {"TEA", 2}}, ""},
		{"no lines are refused", nil, nil, "lines"},
		{"a zero quantity is refused", []domain.Line{{"MUG", 0}}, nil, "lines.quantity"},
		{"a bad SKU is refused", []domain.Line{{"MUG RED", 1}}, nil, "lines.sku"},
		{"merged quantities over the limit are refused", []domain.Line{{"MUG", domain.MaxQuantity}, {"MUG", 1}}, nil, "lines.quantity"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := domain.NormalizeLines(c.lines)
			if c.field == "" {
				if err != nil || !slices.Equal(got, c.want) {
					t.Fatalf("got %v, %v; want %v", got, err, c.want)
				}
				return
			}
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Kind != apperr.Invalid || len(ae.Fields) == 0 || ae.Fields[0].Field != c.field {
				t.Fatalf("error = %v, want Invalid naming %s", err, c.field)
			}
		})
	}
}

func TestStockChangesOfEachMove(t *testing.T) {
	reserved, err := domain.NewReservation("O-1", []domain.Line{{"MUG", 2}}, domain.Money{Amount: 100, Currency: "EUR"}, now)
	if err != nil {
		t.Fatal(err)
	}
	committed, _ := reserved.Commit(now)
	released, _ := reserved.Release(now)
	restocked, _ := committed.Release(now)
	mark, _ := domain.NewCancellationMark("O-1", now)
	rejected, _ := domain.NewRejection("O-1", []domain.Shortage{{SKU: "MUG", Requested: 2, Available: 1}}, now)
	cases := []struct {
		name       string
		prev, next *domain.Reservation
		want       []domain.StockChange
		invalid    bool
	}{
		{"reserving holds the units", nil, reserved, []domain.StockChange{{SKU: "MUG", Reserved: 2}}, false},
		{"committing takes them off on hand and reserved", reserved, committed, []domain.StockChange{{SKU: "MUG", OnHand: -2, Reserved: -2}}, false},
		{"releasing frees the reserved units", reserved, released, []domain.StockChange{{SKU: "MUG", Reserved: -2}}, false},
		{"releasing a committed order puts the units back on hand", committed, restocked, []domain.StockChange{{SKU: "MUG", OnHand: 2}}, false},
		{"a cancellation mark changes no stock", nil, mark, nil, false},
		{"a rejection changes no stock", nil, rejected, nil, false},
		{"a released order cannot be committed", released, committed, nil, true},
		{"a reservation cannot follow a mark", mark, reserved, nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := domain.StockChanges(c.prev, c.next)
			if c.invalid {
				if !errors.Is(err, domain.ErrInvalidTransition) {
					t.Fatalf("error = %v, want ErrInvalidTransition", err)
				}
				return
			}
			if err != nil || !slices.Equal(got, c.want) {
				t.Fatalf("got %v, %v; want %v", got, err, c.want)
			}
		})
	}
	if _, err := released.Release(now); !errors.Is(err, domain.ErrInvalidTransition) {
		t.Errorf("releasing twice: error = %v", err)
	}
}

func TestSetOnHand(t *testing.T) {
	item := domain.UnmarshalStockItem("MUG", 10, 4, 3, now)
	cases := []struct {
		name    string
		onHand  int64
		kind    apperr.Kind
		version int64
	}{
		{"the same quantity changes nothing", 10, 0, 3},
		{"a new quantity bumps the version", 12, 0, 4},
		{"the reserved quantity is the least allowed", 4, 0, 4},
		{"less than reserved is a conflict naming the reserved units", 3, apperr.Conflict, 0},
		{"more than the maximum is invalid", domain.MaxOnHand + 1, apperr.Invalid, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			next, err := item.SetOnHand(c.onHand, now)
			if c.kind != 0 {
				if apperr.KindOf(err) != c.kind {
					t.Fatalf("error = %v, want %v", err, c.kind)
				}
				if c.kind == apperr.Conflict && (!errors.Is(err, domain.ErrBelowReserved) || !strings.Contains(err.Error(), "4 units")) {
					t.Errorf("error %q", err)
				}
				return
			}
			if err != nil || next.Version() != c.version || next.OnHand() != c.onHand || next.Available() != c.onHand-4 {
				t.Fatalf("got %+v, %v", next, err)
			}
		})
	}
}
