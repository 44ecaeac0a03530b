package httpapi_test

import (
	"encoding/base64"
	"testing"

	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

type position struct {
	After string `json:"a"`
}

func TestCursorRoundTrips(t *testing.T) {
	c, err := httpapi.EncodeCursor(position{After: "SKU-10"})
	if err != nil {
		t.Fatal(err)
	}
	var got position
	if err := httpapi.DecodeCursor(c, &got); err != nil || got.After != "SKU-10" {
		t.Fatalf("decoded %+v, %v", got, err)
	}
}

func TestTamperedCursorsAreRejected(t *testing.T) {
	c, err := httpapi.EncodeCursor(position{After: "SKU-10"})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(c)
	forged := append([]byte(nil), raw...)
	forged[len(`{"a":"SKU-1`)] = '9' // SKU-10 -> SKU-90, checksum kept
	unknownField, _ := httpapi.EncodeCursor(map[string]string{"b": "x"})
	cases := map[string]string{
		"an edited position":       base64.RawURLEncoding.EncodeToString(forged),
		"a truncated cursor":       c[:len(c)-2],
		"one changed character":    flip(c, len(c)/2),
		"not base64":               "%%%",
		"empty JSON and no sum":    base64.RawURLEncoding.EncodeToString([]byte(`{}`)),
		"a made-up cursor":         base64.RawURLEncoding.EncodeToString([]byte(`{"a":"SKU-99"}12345678`)),
		"a cursor of another kind": unknownField,
	}
	for name, cursor := range cases {
		t.Run(name, func(t *testing.T) {
			var got position
			err := httpapi.DecodeCursor(cursor, &got)
			if httpapi.StatusOf(err) != 400 {
				t.Fatalf("DecodeCursor(%q) = %v, want a 400 error", cursor, err)
			}
		})
	}
}

func flip(s string, i int) string {
	b := []byte(s)
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}
