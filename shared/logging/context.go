package logging

import (
	"context"
	"log/slog"
)

type attrsKey struct{}

type coldStartKey struct{}

// WithAttrs returns a copy of ctx whose log records get attrs on top of the
// attributes ctx already carries. A later attribute with the key of an
// earlier one is written after it; JSON readers keep the last.
func WithAttrs(ctx context.Context, attrs ...slog.Attr) context.Context {
	if len(attrs) == 0 {
		return ctx
	}
	prev := attrsFrom(ctx)
	all := make([]slog.Attr, 0, len(prev)+len(attrs))
	all = append(all, prev...)
	all = append(all, attrs...)
	return context.WithValue(ctx, attrsKey{}, all)
}

func attrsFrom(ctx context.Context) []slog.Attr {
	attrs, _ := ctx.Value(attrsKey{}).([]slog.Attr)
	return attrs
}

// WithColdStart returns a copy of ctx that records whether the invocation
// is the first one of its process.
func WithColdStart(ctx context.Context, cold bool) context.Context {
	return context.WithValue(ctx, coldStartKey{}, cold)
}

// ColdStart reports whether ctx belongs to the first invocation of its
// process; ok is false when ctx does not say.
func ColdStart(ctx context.Context) (cold, ok bool) {
	cold, ok = ctx.Value(coldStartKey{}).(bool)
	return cold, ok
}
