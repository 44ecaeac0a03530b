//go:build !notracing && !xraysdk

package tracing

import (
	"net/http"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// HTTPClient returns a copy of c (nil means http.DefaultClient) whose
// requests, when their context is traced, record a span (X-Ray: a
// subsegment in the remote namespace named after the host, with the
// method, URL and response status) and carry the trace header.
func HTTPClient(c *http.Client) *http.Client {
	ensureConfigured()
	if c == nil {
		c = http.DefaultClient
	}
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	out := *c
	out.Transport = roundTripper{base: base}
	return &out
}

type roundTripper struct {
	base http.RoundTripper
}

func (rt roundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx := r.Context()
	if !traced(ctx) {
		return rt.base.RoundTrip(r)
	}
	ctx = withParent(ctx)
	ctx, s := startSpan(ctx, tracerFor(ctx), r.URL.Host, trace.SpanKindClient)
	if s.IsRecording() {
		setAttributes(s, attribute.String(keyMethod, r.Method), attribute.String(keyURL, r.URL.String()))
	}
	out := r.Clone(ctx)
	out.Header.Set(traceHeaderName, formatHeader(s.SpanContext()))
	resp, err := rt.base.RoundTrip(out)
	if resp != nil && s.IsRecording() {
		setAttributes(s, attribute.Int(keyStatus, resp.StatusCode))
		if resp.ContentLength > 0 {
			setAttributes(s, attribute.Int64(keyLength, resp.ContentLength))
		}
	}
	finish(s, err)
	return resp, err
}
