package apperr_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/conveyor-dev/conveyor/shared/apperr"
)

var errMissing = apperr.New(apperr.NotFound, "product not found")

func TestKindOf(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want apperr.Kind
	}{
		{"a sentinel keeps its kind", errMissing, apperr.NotFound},
		{"a wrapped sentinel keeps its kind", fmt.Errorf("get: %w", errMissing), apperr.NotFound},
		{"a plain error is internal", errors.New("boom"), apperr.Internal},
		{"nil is internal", nil, apperr.Internal},
		{"a validation error is invalid", apperr.Fields{{Field: "name", Reason: "is required"}}.Err(), apperr.Invalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := apperr.KindOf(c.err); got != c.want {
				t.Errorf("KindOf = %v, want %v", got, c.want)
			}
		})
	}
}

func TestSentinelsMatchThroughWrapping(t *testing.T) {
	wrapped := fmt.Errorf("repository: %w", errMissing)
	if !errors.Is(wrapped, errMissing) {
		t.Fatal("errors.Is does not find the sentinel")
	}
	other := apperr.New(apperr.NotFound, "order not found")
	if errors.Is(wrapped, other) {
		t.Fatal("errors.Is matches a different sentinel of the same kind")
	}
}

func TestErrorMessageListsFieldsAndCause(t *testing.T) {
	var f apperr.Fields
	f.Add("price.amount", "must not be negative")
	f.Add("name", "is required")
	got := f.Err().Error()
	want := "the request is not valid: price.amount must not be negative; name is required"
	if got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if (apperr.Fields{}).Err() != nil {
		t.Error("no fields must give a nil error")
	}
	cause := errors.New("timeout")
	e := apperr.Wrap(apperr.Unavailable, "table unavailable", cause)
	if !errors.Is(e, cause) || e.Error() != "table unavailable: timeout" {
		t.Errorf("Wrap lost its cause: %v", e)
	}
}
