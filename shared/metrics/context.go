package metrics

import "context"

type contextKey struct{}

// noop is the batch FromContext returns when the context carries none.
var noop = &Batch{}

// NewContext returns a copy of ctx that carries b.
func NewContext(ctx context.Context, b *Batch) context.Context {
	return context.WithValue(ctx, contextKey{}, b)
}

// FromContext returns the batch ctx carries, or a batch that records
// nothing when it carries none, so callers never check for nil.
func FromContext(ctx context.Context) *Batch {
	if b, ok := ctx.Value(contextKey{}).(*Batch); ok && b != nil {
		return b
	}
	return noop
}
