package correlation

import (
	"context"
	"sync"

	"github.com/google/uuid"
)

// Header is the HTTP header that carries a correlation id in and out of the API.
const Header = "X-Correlation-Id"

type contextKey struct{}

type trackerKey struct{}

// tracker is the correlation id of one invocation. It starts provisional
// (made up by the middleware before anything is known) and adopts the first
// id that the handler learns from its input.
type tracker struct {
	mu          sync.Mutex
	id          string
	provisional bool
}

// Track returns a copy of ctx that tracks the invocation's correlation id,
// starting with provisionalID. The first With below it replaces the
// provisional id, so what the middleware logs when the invocation ends is
// the id the handler found in its request or event, not the made-up one.
func Track(ctx context.Context, provisionalID string) context.Context {
	return context.WithValue(ctx, trackerKey{}, &tracker{id: provisionalID, provisional: true})
}

// With returns a copy of ctx that carries id. An empty id leaves ctx as it
// is. When ctx tracks an invocation whose id is still provisional, the
// invocation adopts id.
func With(ctx context.Context, id string) context.Context {
	if id == "" {
		return ctx
	}
	if t, ok := ctx.Value(trackerKey{}).(*tracker); ok {
		t.mu.Lock()
		if t.provisional {
			t.id, t.provisional = id, false
		}
		t.mu.Unlock()
	}
	return context.WithValue(ctx, contextKey{}, id)
}

// From returns the correlation id ctx carries: the nearest one given with
// With, else the tracked invocation's, or "" when there is none.
func From(ctx context.Context) string {
	if id, _ := ctx.Value(contextKey{}).(string); id != "" {
		return id
	}
	if t, ok := ctx.Value(trackerKey{}).(*tracker); ok {
		t.mu.Lock()
		defer t.mu.Unlock()
		return t.id
	}
	return ""
}

// NewID returns a new random correlation id (a UUID version 4).
func NewID() string {
	return uuid.NewString()
}
