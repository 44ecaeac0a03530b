package httpapi

import (
	"context"
	"net/http"
	"sync/atomic"
)

// refusalKey is the context key of the flag Refuse sets.
type refusalKey struct{}

// WatchRefusal returns r with a flag that Refuse sets, and a function
// that reports whether it was set. Middleware that keeps what a handler
// answered (an Idempotency-Key's response) watches for a refusal so that
// it keeps only the answers of requests that ran.
func WatchRefusal(r *http.Request) (*http.Request, func() bool) {
	flag := &atomic.Bool{}
	return r.WithContext(context.WithValue(r.Context(), refusalKey{}, flag)), flag.Load
}

// Refuse marks r as refused before its operation ran: the request could
// not be read (a media type other than JSON, a body over the limit, a
// body that is not the operation's JSON), so its answer says nothing
// about what the operation would do with a request that can be read. A
// client's fixed retry of it must run, not be answered again with the
// refusal. DecodeJSON marks every request it refuses; outside a
// WatchRefusal it does nothing.
func Refuse(r *http.Request) {
	if flag, ok := r.Context().Value(refusalKey{}).(*atomic.Bool); ok {
		flag.Store(true)
	}
}
