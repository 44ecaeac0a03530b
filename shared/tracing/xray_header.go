//go:build !notracing && !xraysdk

package tracing

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"go.opentelemetry.io/otel/trace"
)

// lambdaTraceHeaderKey is the context key under which aws-lambda-go puts
// the invocation's trace header.
const lambdaTraceHeaderKey = "x-amzn-trace-id"

// traceHeaderEnv is the environment variable aws-lambda-go sets to the
// trace header of the current invocation.
const traceHeaderEnv = "_X_AMZN_TRACE_ID"

// lambdaHeader returns the trace header aws-lambda-go put in ctx.
func lambdaHeader(ctx context.Context) string {
	h, _ := ctx.Value(lambdaTraceHeaderKey).(string)
	return h
}

// incomingHeader returns the invocation's trace header: the one in ctx,
// else the one in the environment.
func incomingHeader(ctx context.Context) string {
	if h := lambdaHeader(ctx); h != "" {
		return h
	}
	return os.Getenv(traceHeaderEnv)
}

// headerField returns the value of the field named key (e.g. "Root") of
// an X-Ray trace header, "" when it has none.
func headerField(h, key string) string {
	for h != "" {
		var part string
		part, h, _ = strings.Cut(h, ";")
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && k == key {
			return v
		}
	}
	return ""
}

// parseHeader reads an X-Ray trace header ("Root=1-5759e988-bd862e3fe1be46a994272793;
// Parent=53995c3f42cd8ad8;Sampled=1") as the span context of its parent,
// marked remote. Sampled is set only by Sampled=1, as the X-Ray SDK does
// in Lambda; other fields (Lineage, Self) are ignored. ok is false when
// Root or Parent is missing or malformed.
func parseHeader(h string) (sc trace.SpanContext, ok bool) {
	tid, ok := parseTraceID(headerField(h, "Root"))
	if !ok {
		return trace.SpanContext{}, false
	}
	var sid trace.SpanID
	p := headerField(h, "Parent")
	if len(p) != 16 {
		return trace.SpanContext{}, false
	}
	if _, err := hex.Decode(sid[:], []byte(p)); err != nil || !sid.IsValid() {
		return trace.SpanContext{}, false
	}
	var flags trace.TraceFlags
	if headerField(h, "Sampled") == "1" {
		flags = trace.FlagsSampled
	}
	return trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: flags, Remote: true}), true
}

// parseTraceID reads an X-Ray trace id, "1-" then 8 hex digits of epoch
// seconds, "-" and 24 random hex digits, as the 16 bytes OpenTelemetry
// uses.
func parseTraceID(s string) (trace.TraceID, bool) {
	var tid trace.TraceID
	if len(s) != 35 || s[0] != '1' || s[1] != '-' || s[10] != '-' {
		return tid, false
	}
	if _, err := hex.Decode(tid[:4], []byte(s[2:10])); err != nil {
		return tid, false
	}
	if _, err := hex.Decode(tid[4:], []byte(s[11:])); err != nil {
		return tid, false
	}
	return tid, tid.IsValid()
}

// appendTraceID appends tid in X-Ray's format.
func appendTraceID(b []byte, tid trace.TraceID) []byte {
	b = append(b, '1', '-')
	b = hex.AppendEncode(b, tid[:4])
	b = append(b, '-')
	return hex.AppendEncode(b, tid[4:])
}

// xrayTraceID formats tid in X-Ray's format.
func xrayTraceID(tid trace.TraceID) string {
	var buf [35]byte
	return string(appendTraceID(buf[:0], tid))
}

// formatHeader returns the X-Ray trace header that makes sc the parent of
// the next hop.
func formatHeader(sc trace.SpanContext) string {
	var buf [80]byte
	b := append(buf[:0], "Root="...)
	b = appendTraceID(b, sc.TraceID())
	b = append(b, ";Parent="...)
	sid := sc.SpanID()
	b = hex.AppendEncode(b, sid[:])
	if sc.IsSampled() {
		b = append(b, ";Sampled=1"...)
	} else {
		b = append(b, ";Sampled=0"...)
	}
	return string(b)
}

// newTraceID returns a trace id X-Ray accepts: its first four bytes are
// the time in epoch seconds, the rest is random.
func newTraceID() trace.TraceID {
	var tid trace.TraceID
	binary.BigEndian.PutUint32(tid[:4], uint32(time.Now().Unix()))
	binary.NativeEndian.PutUint64(tid[4:12], rand.Uint64())
	binary.NativeEndian.PutUint32(tid[12:], rand.Uint32())
	return tid
}

// newSpanID returns a random, valid span id.
func newSpanID() trace.SpanID {
	var sid trace.SpanID
	for !sid.IsValid() {
		binary.NativeEndian.PutUint64(sid[:], rand.Uint64())
	}
	return sid
}
