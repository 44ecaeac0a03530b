package correlation_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/conveyor-dev/conveyor/shared/correlation"
)

func TestWithAndFrom(t *testing.T) {
	tests := []struct {
		name string
		ctx  context.Context
		want string
	}{
		{"a context without an id yields the empty string", context.Background(), ""},
		{"a context with an id yields that id", correlation.With(context.Background(), "order-42"), "order-42"},
		{"an empty id does not hide an earlier one", correlation.With(correlation.With(context.Background(), "first"), ""), "first"},
		{"a later id replaces an earlier one", correlation.With(correlation.With(context.Background(), "first"), "second"), "second"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := correlation.From(tt.ctx); got != tt.want {
				t.Errorf("From() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNewID(t *testing.T) {
	uuidV4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for range 1000 {
		id := correlation.NewID()
		if !uuidV4.MatchString(id) {
			t.Fatalf("NewID() = %q, want a UUID version 4", id)
		}
		if seen[id] {
			t.Fatalf("NewID() returned %q twice", id)
		}
		seen[id] = true
	}
}

func TestTrackAdoptsTheFirstIDTheHandlerLearns(t *testing.T) {
	ctx := correlation.Track(context.Background(), "made-up")
	if got := correlation.From(ctx); got != "made-up" {
		t.Fatalf("before the handler learns one: %q, want the provisional id", got)
	}
	first := correlation.With(ctx, "from-request")
	second := correlation.With(ctx, "from-second-record")
	if correlation.From(first) != "from-request" || correlation.From(second) != "from-second-record" {
		t.Error("With must give each scope its own id")
	}
	if got := correlation.From(ctx); got != "from-request" {
		t.Errorf("the invocation adopted %q, want the first id learnt", got)
	}
}
