package httpapi_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/shared/apperr"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

type sample struct {
	Name  string `json:"name"`
	Price struct {
		Amount int64 `json:"amount"`
	} `json:"price"`
}

func TestDecodeJSON(t *testing.T) {
	cases := []struct {
		name        string
		contentType string
		body        string
		wantStatus  int
		wantField   string
	}{
		{name: "a valid body decodes", contentType: "application/json", body: `{"name":"mug","price":{"amount":3}}`},
		{name: "a charset parameter is fine", contentType: "application/json; charset=utf-8", body: `{"name":"mug"}`},
		{name: "malformed JSON names the body", contentType: "application/json", body: `{"name":`, wantStatus: 400, wantField: "body"},
		{name: "a syntax error names the body", contentType: "application/json", body: `{"name" "mug"}`, wantStatus: 400, wantField: "body"},
		{name: "an unknown field is named", contentType: "application/json", body: `{"name":"mug","colour":"red"}`, wantStatus: 400, wantField: "colour"},
		{name: "a wrong type names the nested field", contentType: "application/json", body: `{"price":{"amount":"3"}}`, wantStatus: 400, wantField: "price.amount"},
		{name: "a fraction for an integer names the field", contentType: "application/json", body: `{"price":{"amount":1.5}}`, wantStatus: 400, wantField: "price.amount"},
		{name: "an array instead of an object names the body", contentType: "application/json", body: `[1]`, wantStatus: 400, wantField: "body"},
		{name: "an empty body names the body", contentType: "application/json", body: ``, wantStatus: 400, wantField: "body"},
		{name: "two values name the body", contentType: "application/json", body: `{"name":"a"}{"name":"b"}`, wantStatus: 400, wantField: "body"},
		{name: "trailing garbage names the body", contentType: "application/json", body: `{"name":"a"} x`, wantStatus: 400, wantField: "body"},
		{name: "a body over the limit is too large", contentType: "application/json", body: `{"name":"` + strings.Repeat("a", httpapi.DefaultMaxBodyBytes) + `"}`, wantStatus: 413},
		{name: "a non-JSON media type is unsupported", contentType: "text/plain", body: `{"name":"mug"}`, wantStatus: 415},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPut, "/x", strings.NewReader(c.body))
			r.Header.Set("Content-Type", c.contentType)
			var dst sample
			err := httpapi.DecodeJSON(r, &dst, 0)
			if c.wantStatus == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if got := httpapi.StatusOf(err); got != c.wantStatus {
				t.Fatalf("status = %d (%v), want %d", got, err, c.wantStatus)
			}
			if c.wantField != "" {
				var ae *apperr.Error
				if !errors.As(err, &ae) || len(ae.Fields) != 1 || ae.Fields[0].Field != c.wantField {
					t.Errorf("error %v does not name field %q", err, c.wantField)
				}
			}
		})
	}
}
