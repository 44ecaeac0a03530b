package domain_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
	"github.com/conveyor-dev/conveyor/shared/apperr"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func valid() domain.ProductInput {
	return domain.ProductInput{
		Name: "Red mug", Description: "350 ml, stoneware",
		Price: domain.Money{Amount: 1299, Currency: "EUR"}, Active: true,
	}
}

func TestParseSKU(t *testing.T) {
	cases := []struct {
		sku string
		ok  bool
	}{
		{"MUG-RED-350", true},
		{"A", true},
		{"ABC123", true},
		{strings.Repeat("A", 64), true},
		{strings.Repeat("A", 65), false},
		{"", false},
		{"mug-red", false},
		{"-MUG", false},
		{"MUG-", false},
		{"MUG--RED", false},
		{"MUG RED", false},
		{"MUG/RED", false},
		{"MUG_RED", false},
	}
	for _, c := range cases {
		t.Run(c.sku, func(t *testing.T) {
			_, err := domain.ParseSKU(c.sku)
			if (err == nil) != c.ok {
				t.Fatalf("ParseSKU(%q) error = %v, want ok=%v", c.sku, err, c.ok)
			}
			if err != nil && apperr.KindOf(err) != apperr.Invalid {
				t.Errorf("a bad SKU must be an Invalid error, got %v", apperr.KindOf(err))
			}
		})
	}
}

func TestNewProductRejectsBadFieldsNamingEachOne(t *testing.T) {
	cases := []struct {
		name   string
		change func(*domain.ProductInput)
		fields []string
	}{
		{"a missing name", func(in *domain.ProductInput) { in.Name = "  " }, []string{"name"}},
		{"a name over 200 characters", func(in *domain.ProductInput) { in.Name = strings.Repeat("é", 201) }, []string{"name"}},
		{"a name with a control character", func(in *domain.ProductInput) { in.Name = "mug\x00" }, []string{"name"}},
		{"a description over 2000 characters", func(in *domain.ProductInput) { in.Description = strings.Repeat("x", 2001) }, []string{"description"}},
		{"a negative price", func(in *domain.ProductInput) { in.Price.Amount = -1 }, []string{"price.amount"}},
		{"a zero price", func(in *domain.ProductInput) { in.Price.Amount = 0 }, []string{"price.amount"}},
		{"a zero price in yen", func(in *domain.ProductInput) { in.Price = domain.Money{Amount: 0, Currency: "JPY"} }, []string{"price.amount"}},
		{"a price over the maximum", func(in *domain.ProductInput) { in.Price.Amount = domain.MaxAmount + 1 }, []string{"price.amount"}},
		{"an unknown currency", func(in *domain.ProductInput) { in.Price.Currency = "EUX" }, []string{"price.currency"}},
		{"a lower-case currency", func(in *domain.ProductInput) { in.Price.Currency = "eur" }, []string{"price.currency"}},
		{"a missing currency", func(in *domain.ProductInput) { in.Price.Currency = "" }, []string{"price.currency"}},
		{"several bad fields at once", func(in *domain.ProductInput) { in.Name = ""; in.Price.Amount = -5 }, []string{"name", "price.amount"}},
	}
	for _, c := range cases {
		t.Run("it rejects "+c.name, func(t *testing.T) {
			in := valid()
			c.change(&in)
			_, err := domain.NewProduct("MUG-RED", in, now)
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Kind != apperr.Invalid {
				t.Fatalf("error = %v, want an Invalid apperr", err)
			}
			var got []string
			for _, f := range ae.Fields {
				got = append(got, f.Field)
			}
			if strings.Join(got, ",") != strings.Join(c.fields, ",") {
				t.Errorf("fields = %v, want %v", got, c.fields)
			}
		})
	}
}

func TestNewProductAcceptsAValidInput(t *testing.T) {
	in := valid()
	in.Name = "  Red mug  "
	p, err := domain.NewProduct("MUG-RED", in, now.In(time.FixedZone("CET", 3600)))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name() != "Red mug" || p.Version() != 1 || !p.UpdatedAt().Equal(now) || p.UpdatedAt().Location() != time.UTC {
		t.Errorf("got name %q version %d updatedAt %v", p.Name(), p.Version(), p.UpdatedAt())
	}
	cheapest := valid()
	cheapest.Price = domain.Money{Amount: 1, Currency: "JPY"}
	if _, err := domain.NewProduct("CHEAPEST", cheapest, now); err != nil {
		t.Errorf("a product at one yen must be valid: %v", err)
	}
}

func TestReviseBumpsTheVersionAndKeepsTheSKU(t *testing.T) {
	p, err := domain.NewProduct("MUG-RED", valid(), now)
	if err != nil {
		t.Fatal(err)
	}
	in := valid()
	in.Price.Amount = 1499
	later := now.Add(time.Hour)
	next, err := p.Revise(in, later)
	if err != nil {
		t.Fatal(err)
	}
	if next.Version() != 2 || next.SKU() != "MUG-RED" || next.Price().Amount != 1499 || !next.UpdatedAt().Equal(later) {
		t.Errorf("revision = v%d %s %d %v", next.Version(), next.SKU(), next.Price().Amount, next.UpdatedAt())
	}
	if p.Version() != 1 || p.Price().Amount != 1299 {
		t.Error("Revise changed the original product")
	}
	in.Name = ""
	if _, err := p.Revise(in, later); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("Revise with a bad input: error = %v, want Invalid", err)
	}
}

func TestADeletedProductKeepsItsVersionAndARecreationContinuesIt(t *testing.T) {
	p, err := domain.NewProduct("MUG-RED", valid(), now)
	if err != nil {
		t.Fatal(err)
	}
	v2, err := p.Revise(valid(), now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	deletedAt := now.Add(time.Hour)
	gone, err := v2.Delete(deletedAt)
	if err != nil {
		t.Fatal(err)
	}
	if !gone.Deleted() || gone.Version() != 2 || gone.SKU() != "MUG-RED" || !gone.UpdatedAt().Equal(deletedAt) || gone.Name() != "" {
		t.Errorf("tombstone = deleted %v v%d %s %v %q", gone.Deleted(), gone.Version(), gone.SKU(), gone.UpdatedAt(), gone.Name())
	}
	if v2.Deleted() {
		t.Error("Delete changed the original product")
	}
	if _, err := gone.Delete(deletedAt); !errors.Is(err, domain.ErrProductNotFound) {
		t.Errorf("deleting a tombstone: %v, want ErrProductNotFound", err)
	}
	again, err := gone.Revise(valid(), deletedAt.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if again.Deleted() || again.Version() != 3 || again.Name() != "Red mug" {
		t.Errorf("re-created = deleted %v v%d %q, want a live product at version 3", again.Deleted(), again.Version(), again.Name())
	}
}
