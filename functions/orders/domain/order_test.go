package domain_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/apperr"
)

var (
	now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	id  = domain.OrderID("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
)

func eur(amount int64) domain.Money { return domain.Money{Amount: amount, Currency: "EUR"} }

func placed(t *testing.T) *domain.Order {
	t.Helper()
	e, err := domain.Place(id, "alice", []domain.Line{
		{SKU: "MUG", Quantity: 2, UnitPrice: eur(1250)},
		{SKU: "CUP", Quantity: 1, UnitPrice: eur(500)},
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	o, err := domain.Rehydrate([][]domain.Event{{e}})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestPlacePricesTheOrder(t *testing.T) {
	o := placed(t)
	if o.Status() != domain.StatusPending || o.Total() != eur(3000) || o.Version() != 1 || o.CustomerID() != "alice" || len(o.Lines()) != 2 {
		t.Errorf("placed order: status %s total %v version %d", o.Status(), o.Total(), o.Version())
	}
}

func TestPlaceRefusesWhatDownstreamCannotCarry(t *testing.T) {
	cases := []struct {
		name  string
		lines []domain.Line
		want  error
	}{
		{"lines in two currencies are refused", []domain.Line{{SKU: "A", Quantity: 1, UnitPrice: eur(1)}, {SKU: "B", Quantity: 1, UnitPrice: domain.Money{Amount: 1, Currency: "USD"}}}, domain.ErrMixedCurrencies},
		{"a total over the maximum is refused", []domain.Line{{SKU: "A", Quantity: 1000, UnitPrice: eur(domain.MaxAmount / 100)}}, domain.ErrTotalTooLarge},
		{"a free order is refused", []domain.Line{{SKU: "A", Quantity: 3, UnitPrice: eur(0)}}, domain.ErrFreeOrder},
		{"a free line beside a paid one is refused", []domain.Line{{SKU: "A", Quantity: 1, UnitPrice: eur(500)}, {SKU: "B", Quantity: 1, UnitPrice: eur(0)}}, domain.ErrFreeOrder},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := domain.Place(id, "alice", c.lines, now); !errors.Is(err, c.want) {
				t.Fatalf("error = %v, want %v", err, c.want)
			}
		})
	}
}

func TestTransitions(t *testing.T) {
	type step func(o *domain.Order) ([]domain.Event, error)
	confirm := func(o *domain.Order) ([]domain.Event, error) { return o.Confirm(now) }
	ship := func(o *domain.Order) ([]domain.Event, error) { return o.Ship("S1", "DHL", "T1", now) }
	cancel := func(o *domain.Order) ([]domain.Event, error) { return o.Cancel(domain.ReasonCustomerRequest, now) }
	cases := []struct {
		name    string
		steps   []step
		want    domain.Status
		wantErr error
	}{
		{"a pending order is confirmed", []step{confirm}, domain.StatusConfirmed, nil},
		{"a confirmed order is shipped", []step{confirm, ship}, domain.StatusShipped, nil},
		{"a pending order is cancelled", []step{cancel}, domain.StatusCancelled, nil},
		{"a confirmed order is cancelled", []step{confirm, cancel}, domain.StatusCancelled, nil},
		{"a shipped order cannot be cancelled", []step{confirm, ship, cancel}, "", domain.ErrNotCancellable},
		{"a cancelled order cannot be cancelled again", []step{cancel, cancel}, "", domain.ErrNotCancellable},
		{"a pending order cannot be shipped", []step{ship}, "", domain.ErrInvalidTransition},
		{"a cancelled order cannot be confirmed", []step{cancel, confirm}, "", domain.ErrInvalidTransition},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := placed(t)
			for i, s := range c.steps {
				evs, err := s(o)
				if err != nil {
					if c.wantErr == nil || i != len(c.steps)-1 || !errors.Is(err, c.wantErr) {
						t.Fatalf("step %d: error = %v, want %v", i, err, c.wantErr)
					}
					return
				}
				next, err := domain.Apply(o, o.Version()+1, evs)
				if err != nil {
					t.Fatal(err)
				}
				o = next
			}
			if c.wantErr != nil {
				t.Fatalf("no error, want %v", c.wantErr)
			}
			if o.Status() != c.want || o.Version() != int64(len(c.steps)+1) {
				t.Errorf("status %s version %d, want %s %d", o.Status(), o.Version(), c.want, len(c.steps)+1)
			}
		})
	}
}

func TestCancelRecordsTheReason(t *testing.T) {
	o := placed(t)
	evs, err := o.Cancel(domain.ReasonOutOfStock, now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	next, err := domain.Apply(o, 2, evs)
	if err != nil {
		t.Fatal(err)
	}
	if next.CancelReason() != domain.ReasonOutOfStock || !next.UpdatedAt().Equal(now.Add(time.Minute)) {
		t.Errorf("reason %q updated %v", next.CancelReason(), next.UpdatedAt())
	}
	if o.Status() != domain.StatusPending {
		t.Error("Apply changed the order it started from")
	}
	if _, err := o.Cancel("bored", now); err == nil {
		t.Error("an unknown reason was accepted")
	}
}

func TestASagaTimeoutIsAReasonToCancel(t *testing.T) {
	o := placed(t)
	evs, err := o.Cancel(domain.ReasonSagaTimeout, now.Add(30*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	next, err := domain.Apply(o, 2, evs)
	if err != nil || next.Status() != domain.StatusCancelled || next.CancelReason() != domain.ReasonSagaTimeout {
		t.Errorf("order %v %v, want cancelled for saga_timeout", next, err)
	}
}

func TestPlacedByRecognisesTheRequestThatPlacedTheOrder(t *testing.T) {
	o := placed(t) // alice: MUG x2, CUP x1
	cases := []struct {
		name     string
		customer string
		lines    []domain.LineRequest
		want     bool
	}{
		{"the same customer and lines", "alice", []domain.LineRequest{{"MUG", 2}, {"CUP", 1}}, true},
		{"another customer", "bob", []domain.LineRequest{{"MUG", 2}, {"CUP", 1}}, false},
		{"another quantity", "alice", []domain.LineRequest{{"MUG", 1}, {"CUP", 1}}, false},
		{"a line less", "alice", []domain.LineRequest{{"MUG", 2}}, false},
		{"a line more", "alice", []domain.LineRequest{{"MUG", 2}, {"CUP", 1}, {"TEA", 1}}, false},
		{"the lines in another sequence", "alice", []domain.LineRequest{{"CUP", 1}, {"MUG", 2}}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := o.PlacedBy(c.customer, c.lines); got != c.want {
				t.Errorf("PlacedBy = %v, want %v", got, c.want)
			}
		})
	}
}

func TestRehydrateRefusesABrokenStream(t *testing.T) {
	cases := map[string][][]domain.Event{
		"an empty stream":                {},
		"a stream not starting placed":   {{domain.OrderCancelled{OrderID: id, Reason: domain.ReasonCustomerRequest}}},
		"an order placed twice":          {{domain.OrderPlaced{OrderID: id, CustomerID: "a"}}, {domain.OrderPlaced{OrderID: id, CustomerID: "a"}}},
		"a commit with no events":        {{domain.OrderPlaced{OrderID: id, CustomerID: "a"}}, {}},
		"a shipment before confirmation": {{domain.OrderPlaced{OrderID: id, CustomerID: "a"}}, {domain.OrderShipped{OrderID: id}}},
	}
	for name, commits := range cases {
		t.Run(name+" is refused", func(t *testing.T) {
			if _, err := domain.Rehydrate(commits); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestValidateLines(t *testing.T) {
	many := make([]domain.LineRequest, domain.MaxLines+1)
	for i := range many {
		many[i] = domain.LineRequest{SKU: fmt.Sprintf("SKU-%d", i), Quantity: 1}
	}
	cases := []struct {
		name   string
		lines  []domain.LineRequest
		fields []string
	}{
		{"valid lines pass", []domain.LineRequest{{"MUG", 2}, {"CUP", 1}}, nil},
		{"no lines are refused", nil, []string{"lines"}},
		{"more lines than one stock transaction holds are refused", many, []string{"lines"}},
		{"exactly the most lines pass", many[:domain.MaxLines], nil},
		{"a bad SKU is named", []domain.LineRequest{{"mug", 1}}, []string{"lines[0].sku"}},
		{"a repeated SKU is named", []domain.LineRequest{{"MUG", 1}, {"MUG", 2}}, []string{"lines[1].sku"}},
		{"a zero quantity is named", []domain.LineRequest{{"MUG", 0}}, []string{"lines[0].quantity"}},
		{"a quantity over the limit is named", []domain.LineRequest{{"MUG", domain.MaxQuantity + 1}}, []string{"lines[0].quantity"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := domain.ValidateLines(c.lines)
			var ae *apperr.Error
			if c.fields == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.As(err, &ae) || ae.Kind != apperr.Invalid {
				t.Fatalf("error = %v, want Invalid", err)
			}
			var got []string
			for _, f := range ae.Fields {
				got = append(got, f.Field)
			}
			if strings.Join(got, ",") != strings.Join(c.fields, ",") {
				t.Errorf("fields %v, want %v", got, c.fields)
			}
		})
	}
}

func TestOnlyTheCustomerOrAnAdminSeesAnOrder(t *testing.T) {
	o := placed(t)
	cases := []struct {
		subject string
		admin   bool
		want    bool
	}{{"alice", false, true}, {"bob", false, false}, {"bob", true, true}, {"", false, false}}
	for _, c := range cases {
		if got := o.VisibleTo(c.subject, c.admin); got != c.want {
			t.Errorf("VisibleTo(%q, %v) = %v", c.subject, c.admin, got)
		}
	}
}
