package ports_test

import (
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
	"github.com/conveyor-dev/conveyor/functions/catalog/ports"
	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// FuzzDecodeProductRequest feeds arbitrary bodies to the PUT decoder: it
// must never panic, every refusal must be a client error (never Internal,
// which would be a 500), and whatever it accepts must either make a valid
// product or be refused by the domain with a client error.
func FuzzDecodeProductRequest(f *testing.F) {
	seeds := []string{
		`{"name":"Red mug","price":{"amount":1299,"currency":"EUR"}}`,
		`{"sku":"MUG","name":"Red mug","description":"d","price":{"amount":0,"currency":"JPY"},"active":false,"version":3,"updatedAt":"x"}`,
		`{"name":"","price":{"amount":-1,"currency":"eur"}}`,
		`{"name":"a","price":{"amount":1e3,"currency":"EUR"}}`,
		`{"name":"a","price":{"amount":99999999999999999999,"currency":"EUR"}}`,
		`{"name":"a","price":null}`,
		`{"name":"a","colour":"red"}`,
		`[]`, `null`, `"x"`, `{`, ``, `{"name":"\u0000"}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := ports.DecodeProductRequest(body, "MUG")
		if err != nil {
			if k := apperr.KindOf(err); k != apperr.Invalid {
				t.Fatalf("decode refusal of kind %v (want invalid): %v", k, err)
			}
			return
		}
		p, err := domain.NewProduct("MUG", in, now)
		if err != nil {
			if k := apperr.KindOf(err); k != apperr.Invalid {
				t.Fatalf("domain refusal of kind %v (want invalid): %v", k, err)
			}
			return
		}
		if p.SKU() != "MUG" || p.Version() != 1 || p.Price().Amount <= 0 {
			t.Fatalf("accepted an inconsistent product: %+v", p)
		}
	})
}
