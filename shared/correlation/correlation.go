package correlation

import (
	"context"

	"github.com/google/uuid"
)

// Header is the HTTP header that carries a correlation id in and out of the API.
const Header = "X-Correlation-Id"

type contextKey struct{}

// With returns a copy of ctx that carries id. An empty id leaves ctx as it is.
func With(ctx context.Context, id string) context.Context {
	if id == "" {
		return ctx
	}
	return context.WithValue(ctx, contextKey{}, id)
}

// From returns the correlation id ctx carries, or "" when it carries none.
func From(ctx context.Context) string {
	id, _ := ctx.Value(contextKey{}).(string)
	return id
}

// NewID returns a new random correlation id (a UUID version 4).
func NewID() string {
	return uuid.NewString()
}
