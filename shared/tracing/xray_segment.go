//go:build !notracing && !xraysdk

package tracing

import (
	"encoding/hex"
	"math"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// daemonHeader starts every datagram to the X-Ray daemon.
const daemonHeader = `{"format": "json", "version": 1}` + "\n"

// maxDatagram is the most bytes one datagram carries, header included:
// the daemon reads at most 64 KB at a time. A tree of spans that does not
// fit is sent as several documents.
const maxDatagram = 64_000

// trimmedString is how much of a string a document keeps when it must be
// trimmed to fit a datagram.
const trimmedString = 1024

// defaultDaemonAddress is where the X-Ray daemon listens when
// AWS_XRAY_DAEMON_ADDRESS is unset.
const defaultDaemonAddress = "127.0.0.1:2000"

// emitter sends segment documents over UDP to the X-Ray daemon (or to a
// Recorder). A nil emitter drops them.
type emitter struct {
	conn *net.UDPConn
	// warned is set once a send failed and was logged, so that a missing
	// daemon costs one log line, not one per document.
	warned atomic.Bool
}

// daemonAddress reads AWS_XRAY_DAEMON_ADDRESS: "host:port", or
// "tcp:host:port udp:host:port" of which the UDP address is taken.
func daemonAddress(v string) string {
	if v == "" {
		return defaultDaemonAddress
	}
	for f := range strings.FieldsSeq(v) {
		if a, ok := strings.CutPrefix(f, "udp:"); ok {
			return a
		}
	}
	return v
}

// dialDaemon returns an emitter to the daemon at addr (see daemonAddress).
func dialDaemon(addr string) (*emitter, error) {
	ua, err := net.ResolveUDPAddr("udp", daemonAddress(addr))
	if err != nil {
		return nil, err
	}
	conn, err := net.DialUDP("udp", nil, ua)
	if err != nil {
		return nil, err
	}
	return &emitter{conn: conn}, nil
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// send sends the tree of ended spans rooted at s.
func (e *emitter) send(s *span) {
	if e == nil || e.conn == nil {
		return
	}
	bp := bufPool.Get().(*[]byte)
	*bp = e.sendTree((*bp)[:0], s)
	if cap(*bp) <= 1<<20 {
		bufPool.Put(bp)
	}
}

// sendTree sends s with its descendants in one datagram when they fit.
// Otherwise s carries as many of its child trees as fit, and each of the
// others is sent on its own (and split the same way). buf is scratch
// space, returned for reuse.
func (e *emitter) sendTree(buf []byte, s *span) []byte {
	b := appendDocument(append(buf[:0], daemonHeader...), s, true, s.children, false)
	if len(b) <= maxDatagram {
		e.write(b)
		return b
	}
	size := len(appendDocument(b[:0], s, true, nil, false)) + len(daemonHeader) + len(`,"subsegments":[]`)
	var kept, alone []*span
	for _, c := range s.children {
		n := len(appendDocument(b[:0], c, false, c.children, false)) + 1
		if size+n <= maxDatagram {
			kept = append(kept, c)
			size += n
		} else {
			alone = append(alone, c)
		}
	}
	for _, c := range alone {
		b = e.sendTree(b, c)
	}
	b = appendDocument(append(b[:0], daemonHeader...), s, true, kept, false)
	if len(b) > maxDatagram {
		for _, c := range kept {
			b = e.sendTree(b, c)
		}
		b = appendDocument(append(b[:0], daemonHeader...), s, true, nil, true)
	}
	if len(b) > maxDatagram {
		e.warn("tracing: a segment document exceeds the daemon's datagram even trimmed; dropped: " + s.name)
		return b
	}
	e.write(b)
	return b
}

func (e *emitter) write(b []byte) {
	if _, err := e.conn.Write(b); err != nil {
		e.warn("tracing: send a segment document to the X-Ray daemon: " + err.Error())
	}
}

// warn logs msg the first time a send fails.
func (e *emitter) warn(msg string) {
	if e.warned.CompareAndSwap(false, true) {
		logWarn(msg)
	}
}

// close closes the emitter's socket.
func (e *emitter) close() error {
	if e == nil || e.conn == nil {
		return nil
	}
	return e.conn.Close()
}

// fields are the attributes the document maps to X-Ray's own fields; the
// other attributes become metadata.
type fields struct {
	aws                                        bool
	operation, region, requestID, table, queue string
	retries                                    int64
	hasRetries                                 bool
	method, url                                string
	status, length                             int64
}

// Attribute keys the instrumentation sets and the document maps. The aws.*
// names are those the OpenTelemetry Collector's X-Ray exporter reads, so
// that spans sent over OTLP land in X-Ray the same way.
const (
	keyRPCSystem  = "rpc.system"
	keyRPCService = "rpc.service"
	keyRPCMethod  = "rpc.method"
	keyRegion     = "aws.region"
	keyRequestID  = "aws.request_id"
	keyTable      = "aws.table_name"
	keyQueue      = "aws.queue_url"
	keyRetries    = "aws.retries"
	keyMethod     = "http.request.method"
	keyURL        = "url.full"
	keyStatus     = "http.response.status_code"
	keyLength     = "http.response.body.size"
	awsRPCSystem  = "aws-api"
)

// mapped reports whether the document has a field of its own for k.
func mapped(k attribute.Key) bool {
	switch k {
	case keyRPCSystem, keyRPCService, keyRPCMethod, keyRegion, keyRequestID, keyTable, keyQueue, keyRetries,
		keyMethod, keyURL, keyStatus, keyLength:
		return true
	}
	return false
}

func readFields(attrs []attribute.KeyValue) fields {
	var f fields
	for _, kv := range attrs {
		switch kv.Key {
		case keyRPCSystem:
			f.aws = kv.Value.AsString() == awsRPCSystem
		case keyRPCMethod:
			f.operation = kv.Value.AsString()
		case keyRegion:
			f.region = kv.Value.AsString()
		case keyRequestID:
			f.requestID = kv.Value.AsString()
		case keyTable:
			f.table = kv.Value.AsString()
		case keyQueue:
			f.queue = kv.Value.AsString()
		case keyRetries:
			f.retries, f.hasRetries = kv.Value.AsInt64(), true
		case keyMethod:
			f.method = kv.Value.AsString()
		case keyURL:
			f.url = kv.Value.AsString()
		case keyStatus:
			f.status = kv.Value.AsInt64()
		case keyLength:
			f.length = kv.Value.AsInt64()
		}
	}
	return f
}

// appendDocument appends s as a segment document (see the X-Ray segment
// document specification). A top document names its trace and parent and
// says whether it is a subsegment; a nested one does not. children are
// the ended children to embed, each with all of its descendants; trimmed
// leaves metadata out and shortens strings, for a document that would not
// fit a datagram.
func appendDocument(b []byte, s *span, top bool, children []*span, trimmed bool) []byte {
	f := readFields(s.attrs)
	b = append(b, `{"name":`...)
	b = appendString(b, s.name, trimmed)
	b = append(b, `,"id":"`...)
	sid := s.sc.SpanID()
	b = hex.AppendEncode(b, sid[:])
	b = append(b, '"')
	if top {
		b = append(b, `,"trace_id":"`...)
		b = appendTraceID(b, s.sc.TraceID())
		b = append(b, '"')
		if s.parentID.IsValid() {
			b = append(b, `,"parent_id":"`...)
			b = hex.AppendEncode(b, s.parentID[:])
			b = append(b, '"')
		}
		if !s.segment() {
			b = append(b, `,"type":"subsegment"`...)
		}
	}
	b = append(b, `,"start_time":`...)
	b = appendTime(b, s.start)
	b = append(b, `,"end_time":`...)
	b = appendTime(b, s.end)
	switch {
	case f.aws:
		b = append(b, `,"namespace":"aws"`...)
	case f.method != "" && s.kind == trace.SpanKindClient:
		b = append(b, `,"namespace":"remote"`...)
	}
	// error, throttle and fault follow the response status when there is
	// one (4xx, 429, 5xx); a failure without one is a fault, as the X-Ray
	// SDK records an error that closes a subsegment.
	isErr := f.status >= 400 && f.status < 500
	throttle := f.status == 429
	fault := f.status >= 500 && f.status < 600 || s.failed && f.status < 400
	if isErr {
		b = append(b, `,"error":true`...)
	}
	if throttle {
		b = append(b, `,"throttle":true`...)
	}
	if fault {
		b = append(b, `,"fault":true`...)
	}
	if len(s.exceptions) > 0 {
		b = append(b, `,"cause":{"working_directory":`...)
		b = appendString(b, s.tracer.workDir, trimmed)
		b = append(b, `,"exceptions":[`...)
		for i, e := range s.exceptions {
			if i > 0 {
				b = append(b, ',')
			}
			id := newSpanID()
			b = append(b, `{"id":"`...)
			b = hex.AppendEncode(b, id[:])
			b = append(b, `","type":`...)
			b = appendString(b, e.typ, trimmed)
			b = append(b, `,"message":`...)
			b = appendString(b, e.message, trimmed)
			if s.kind == trace.SpanKindClient && f.status > 0 {
				b = append(b, `,"remote":true`...)
			}
			b = append(b, '}')
		}
		b = append(b, "]}"...)
	}
	if f.method != "" || f.url != "" || f.status > 0 {
		b = appendHTTP(b, f, trimmed)
	}
	if f.aws || top && s.segment() {
		b = appendAWS(b, f, s.segment() && top)
	}
	if len(s.annotations) > 0 {
		b = append(b, `,"annotations":{`...)
		for i, kv := range s.annotations {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, string(kv.Key), false)
			b = append(b, ':')
			b = appendValue(b, kv.Value, trimmed)
		}
		b = append(b, '}')
	}
	if !trimmed {
		b = appendMetadata(b, s.attrs)
	}
	if len(children) > 0 {
		b = append(b, `,"subsegments":[`...)
		for i, c := range children {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendDocument(b, c, false, c.children, trimmed)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendHTTP(b []byte, f fields, trimmed bool) []byte {
	b = append(b, `,"http":{`...)
	sep := false
	if f.method != "" || f.url != "" {
		b = append(b, `"request":{`...)
		if f.method != "" {
			b = append(b, `"method":`...)
			b = appendString(b, f.method, trimmed)
		}
		if f.url != "" {
			if f.method != "" {
				b = append(b, ',')
			}
			b = append(b, `"url":`...)
			b = appendString(b, f.url, trimmed)
		}
		b = append(b, '}')
		sep = true
	}
	if f.status > 0 {
		if sep {
			b = append(b, ',')
		}
		b = append(b, `"response":{"status":`...)
		b = strconv.AppendInt(b, f.status, 10)
		if f.length > 0 {
			b = append(b, `,"content_length":`...)
			b = strconv.AppendInt(b, f.length, 10)
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

// sdkName names the code that wrote a segment, in its aws.xray field.
const sdkName = "OpenTelemetry for Go, conveyor X-Ray exporter"

func appendAWS(b []byte, f fields, segment bool) []byte {
	b = append(b, `,"aws":{`...)
	n := 0
	field := func(k, v string) {
		if v == "" {
			return
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(b, '"')
		b = append(b, k...)
		b = append(b, `":`...)
		b = appendString(b, v, false)
	}
	field("operation", f.operation)
	field("region", f.region)
	field("request_id", f.requestID)
	field("table_name", f.table)
	field("queue_url", f.queue)
	if f.hasRetries {
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(b, `"retries":`...)
		b = strconv.AppendInt(b, f.retries, 10)
	}
	if segment {
		if n > 0 {
			b = append(b, ',')
		}
		b = append(b, `"xray":{"sdk":"`+sdkName+`"}`...)
	}
	return append(b, '}')
}

// appendMetadata writes the attributes that have no field of their own as
// the default namespace of the metadata, the last value of a key winning.
func appendMetadata(b []byte, attrs []attribute.KeyValue) []byte {
	n := 0
	for i, kv := range attrs {
		if mapped(kv.Key) || later(attrs[i+1:], kv.Key) {
			continue
		}
		if n == 0 {
			b = append(b, `,"metadata":{"default":{`...)
		} else {
			b = append(b, ',')
		}
		n++
		b = appendString(b, string(kv.Key), false)
		b = append(b, ':')
		b = appendValue(b, kv.Value, false)
	}
	if n > 0 {
		b = append(b, "}}"...)
	}
	return b
}

func later(attrs []attribute.KeyValue, k attribute.Key) bool {
	for _, kv := range attrs {
		if kv.Key == k {
			return true
		}
	}
	return false
}

func appendValue(b []byte, v attribute.Value, trimmed bool) []byte {
	switch v.Type() {
	case attribute.BOOL:
		return strconv.AppendBool(b, v.AsBool())
	case attribute.INT64:
		return strconv.AppendInt(b, v.AsInt64(), 10)
	case attribute.FLOAT64:
		return appendFloat(b, v.AsFloat64())
	case attribute.STRING:
		return appendString(b, v.AsString(), trimmed)
	default:
		// Slices and maps: nothing here sets them, and writing them would
		// link the attribute package's whole encoder into every function.
		return append(b, "null"...)
	}
}

func appendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return appendString(b, strconv.FormatFloat(f, 'g', -1, 64), false)
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

// appendTime writes t as epoch seconds with microseconds.
func appendTime(b []byte, t time.Time) []byte {
	us := t.UnixMicro()
	b = strconv.AppendInt(b, us/1e6, 10)
	b = append(b, '.')
	frac := us % 1e6
	for d := int64(100_000); d > 0; d /= 10 {
		b = append(b, byte('0'+frac/d%10))
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string; trimmed keeps its first
// trimmedString bytes.
func appendString(b []byte, s string, trimmed bool) []byte {
	if trimmed && len(s) > trimmedString {
		cut := trimmedString
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func workingDirectory() string {
	wd, _ := os.Getwd()
	return wd
}
