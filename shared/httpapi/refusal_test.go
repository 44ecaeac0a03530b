package httpapi_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

func TestDecodeJSONMarksTheRequestsItRefuses(t *testing.T) {
	cases := []struct {
		name, contentType, body string
		wantRefused             bool
	}{
		{"a body it decodes is not refused", "application/json", `{"name":"mug"}`, false},
		{"a body of another media type is refused", "text/plain", `{"name":"mug"}`, true},
		{"a body that is not JSON is refused", "application/json", `{"name":`, true},
		{"a body over the limit is refused", "application/json", `{"name":"` + strings.Repeat("m", 100) + `"}`, true},
		{"a body with an unknown field is refused", "application/json", `{"colour":"red"}`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("PUT", "/products/MUG", strings.NewReader(c.body))
			r.Header.Set("Content-Type", c.contentType)
			r, refused := httpapi.WatchRefusal(r)
			var dst sample
			err := httpapi.DecodeJSON(r, &dst, 64)
			if got := refused(); got != c.wantRefused || (err != nil) != c.wantRefused {
				t.Errorf("refused %v with error %v, want refused %v", got, err, c.wantRefused)
			}
		})
	}
}

func TestRefuseOutsideAWatchDoesNothing(t *testing.T) {
	r := httptest.NewRequest("POST", "/orders", nil)
	httpapi.Refuse(r) // must not panic
	r, refused := httpapi.WatchRefusal(r)
	if refused() {
		t.Fatal("a new watch starts refused")
	}
	httpapi.Refuse(r)
	if !refused() {
		t.Fatal("Refuse did not mark the watched request")
	}
}
