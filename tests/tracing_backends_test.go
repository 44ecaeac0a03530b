package tests

import (
	"context"
	"debug/buildinfo"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/xray"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/conveyor-dev/conveyor/functions/catalog"
	"github.com/conveyor-dev/conveyor/internal/fnbuild"
	"github.com/conveyor-dev/conveyor/internal/localcloud"
	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// backendModule is a module only a backend's build links.
var backendModule = map[string]string{
	"xraysdk": "github.com/aws/aws-xray-sdk-go",
	"otlp":    "go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp",
}

// startCatalogCloud starts a local cloud of the catalog service alone,
// its functions built with the tracing backend and given the extra
// environment, and returns it with the X-Ray trace id of one product read
// through its API.
func startCatalogCloud(t *testing.T, backend string, env map[string]string) (*localcloud.Cloud, string) {
	t.Helper()
	localOnly(t)
	t.Setenv(fnbuild.TracingEnv, backend)
	// The suite's emulator holds KUMO_PORT; this one serves on another
	// port (both share kumo's process-wide state).
	port, err := emulator.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(emulator.EnvPort, strconv.Itoa(port))
	svc := catalog.Spec
	svc.Functions = append([]spec.Function(nil), catalog.Spec.Functions...)
	for i := range svc.Functions {
		vars := maps.Clone(svc.Functions[i].Environment)
		if vars == nil {
			vars = map[string]spec.Var{}
		}
		for k, v := range env {
			vars[k] = spec.Literal(v)
		}
		svc.Functions[i].Environment = vars
	}
	binDir := t.TempDir()
	cloud, err := localcloud.Start(context.Background(), localcloud.Config{
		ModuleRoot: target.moduleRoot,
		Services:   []spec.Service{svc},
		APIAddr:    "127.0.0.1:0",
		StateDir:   t.TempDir(),
		BinDir:     binDir,
		Prefix:     "tb-" + kumotest.Prefix(t),
		Printer:    localcloud.NewPrinter(io.Discard, false, false),
	})
	if err != nil {
		t.Fatal(err)
	}
	info, err := buildinfo.ReadFile(fnbuild.Binary(binDir, catalog.APIFunction))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(info.Deps, func(m *debug.Module) bool { return m.Path == backendModule[backend] }) {
		t.Fatalf("%s was not built with the %s backend: it links no %s", catalog.APIFunction, backend, backendModule[backend])
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := cloud.Close(ctx); err != nil {
			t.Errorf("close the local cloud: %v", err)
		}
	})
	resp, err := http.Get(cloud.APIURL + "/products/" + unique("SKU"))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	root, ok := strings.CutPrefix(resp.Header.Get("X-Amzn-Trace-Id"), "Root=")
	if resp.StatusCode != http.StatusNotFound || !ok {
		t.Fatalf("GET an unknown product: %s, trace header %q; want 404 with the trace", resp.Status, resp.Header.Get("X-Amzn-Trace-Id"))
	}
	return cloud, root
}

// xrayDocument is the part of a segment document these tests read.
type xrayDocument struct {
	Name        string         `json:"name"`
	ID          string         `json:"id"`
	ParentID    string         `json:"parent_id"`
	Origin      string         `json:"origin"`
	Namespace   string         `json:"namespace"`
	Annotations map[string]any `json:"annotations"`
	AWS         map[string]any `json:"aws"`
	Subsegments []xrayDocument `json:"subsegments"`
}

// traceDocuments returns the segment documents X-Ray holds for the trace.
func traceDocuments(t *testing.T, cloud *localcloud.Cloud, traceID string) []xrayDocument {
	t.Helper()
	out, err := xray.NewFromConfig(cloud.Clients.Config).BatchGetTraces(t.Context(), &xray.BatchGetTracesInput{TraceIds: []string{traceID}})
	if err != nil {
		t.Fatal(err)
	}
	var docs []xrayDocument
	for _, tr := range out.Traces {
		for _, seg := range tr.Segments {
			var d xrayDocument
			if seg.Document != nil && json.Unmarshal([]byte(*seg.Document), &d) == nil {
				docs = append(docs, d)
			}
		}
	}
	return docs
}

// functionSegment returns the id of the segment the local cloud recorded
// for the invocation of function, "" until it has arrived.
func functionSegment(docs []xrayDocument, function string) string {
	for _, d := range docs {
		if d.Origin == "AWS::Lambda::Function" && d.Name == function {
			return d.ID
		}
	}
	return ""
}

func TestTheXRaySDKBackendSendsTheFunctionsSubsegmentsThroughTheRelay(t *testing.T) {
	cloud, traceID := startCatalogCloud(t, "xraysdk", nil)
	var docs []xrayDocument
	var handler, call xrayDocument
	eventually(t, "the handler and its DynamoDB call reach X-Ray under the function's segment", 30*time.Second, func() bool {
		docs = traceDocuments(t, cloud, traceID)
		fn := functionSegment(docs, catalog.APIFunction)
		for _, d := range docs {
			if d.Name == "handler" && d.ParentID == fn && fn != "" {
				handler = d
				for _, s := range d.Subsegments {
					if s.Name == "DynamoDB" {
						call = s
						return true
					}
				}
			}
		}
		return false
	})
	if handler.Annotations["service"] != "catalog" || call.Namespace != "aws" || call.AWS["operation"] != "GetItem" {
		t.Errorf("handler %+v with call %+v, want the catalog's handler and its GetItem", handler, call)
	}
}

func TestTheOTLPBackendSendsTheFunctionsSpansToTheCollectorInTheInvocationsTrace(t *testing.T) {
	receiver := newOTLPReceiver(t)
	cloud, traceID := startCatalogCloud(t, "otlp", map[string]string{
		"OTEL_TRACES_EXPORTER":        "otlp",
		"OTEL_EXPORTER_OTLP_ENDPOINT": receiver.URL,
	})
	otelTrace := strings.ReplaceAll(strings.TrimPrefix(traceID, "1-"), "-", "")
	var handler, call otlpSpan
	eventually(t, "the handler and its DynamoDB call reach the OTLP receiver", 30*time.Second, func() bool {
		var okHandler, okCall bool
		for _, s := range receiver.spans(t) {
			if s.TraceID != otelTrace {
				continue
			}
			switch s.Name {
			case "handler":
				handler, okHandler = s, true
			case "DynamoDB":
				call, okCall = s, true
			}
		}
		return okHandler && okCall
	})
	t.Run("the spans carry what the function recorded", func(t *testing.T) {
		if handler.Attributes["service"] != "catalog" || handler.Resource["service.name"] != catalog.APIFunction ||
			call.Attributes["rpc.method"] != "GetItem" || call.ParentSpanID != handler.SpanID {
			t.Errorf("handler %+v, call %+v: want the catalog's handler with its GetItem call below it", handler, call)
		}
	})
	t.Run("the handler's parent is the function segment the platform recorded", func(t *testing.T) {
		var fn string
		eventually(t, "the function segment reaches X-Ray", 30*time.Second, func() bool {
			fn = functionSegment(traceDocuments(t, cloud, traceID), catalog.APIFunction)
			return fn != ""
		})
		if handler.ParentSpanID != fn {
			t.Errorf("handler's parent %s, want the function segment %s", handler.ParentSpanID, fn)
		}
	})
}

// otlpReceiver plays an OTLP/HTTP collector: it decodes the spans of each
// export request.
type otlpReceiver struct {
	*httptest.Server
	mu    sync.Mutex
	got   []otlpSpan
	fails []error
}

// otlpSpan is the part of an OTLP span these tests read; ids are hex.
type otlpSpan struct {
	TraceID, SpanID, ParentSpanID, Name string
	Attributes, Resource                map[string]any
}

func newOTLPReceiver(t *testing.T) *otlpReceiver {
	r := &otlpReceiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		if err == nil && req.URL.Path != "/v1/traces" {
			err = fmt.Errorf("export to %s, want /v1/traces", req.URL.Path)
		}
		var spans []otlpSpan
		if err == nil {
			spans, err = decodeExportRequest(body)
		}
		r.mu.Lock()
		r.got = append(r.got, spans...)
		if err != nil {
			r.fails = append(r.fails, err)
		}
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(r.Close)
	return r
}

// spans returns the spans received so far; it fails the test on a
// request the receiver could not read.
func (r *otlpReceiver) spans(t *testing.T) []otlpSpan {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.fails) > 0 {
		t.Fatalf("otlp receiver: %v", r.fails)
	}
	return append([]otlpSpan(nil), r.got...)
}

// decodeExportRequest reads the spans of an ExportTraceServiceRequest
// (opentelemetry-proto, collector/trace/v1) with their resource's
// attributes, field by field.
func decodeExportRequest(b []byte) ([]otlpSpan, error) {
	var spans []otlpSpan
	err := fields(b, func(num protowire.Number, v []byte) error {
		if num != 1 { // resource_spans
			return nil
		}
		resource := map[string]any{}
		var scoped [][]byte
		err := fields(v, func(num protowire.Number, v []byte) error {
			switch num {
			case 1: // resource
				return fields(v, func(num protowire.Number, v []byte) error {
					if num == 1 { // attributes
						return keyValue(v, resource)
					}
					return nil
				})
			case 2: // scope_spans
				scoped = append(scoped, v)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, ss := range scoped {
			err := fields(ss, func(num protowire.Number, v []byte) error {
				if num != 2 { // spans
					return nil
				}
				s := otlpSpan{Attributes: map[string]any{}, Resource: resource}
				err := fields(v, func(num protowire.Number, v []byte) error {
					switch num {
					case 1:
						s.TraceID = hex.EncodeToString(v)
					case 2:
						s.SpanID = hex.EncodeToString(v)
					case 4:
						s.ParentSpanID = hex.EncodeToString(v)
					case 5:
						s.Name = string(v)
					case 9:
						return keyValue(v, s.Attributes)
					}
					return nil
				})
				spans = append(spans, s)
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return spans, err
}

// keyValue reads a KeyValue whose value is a string, bool or int into m.
func keyValue(b []byte, m map[string]any) error {
	var key string
	var value any
	err := fields(b, func(num protowire.Number, v []byte) error {
		switch num {
		case 1:
			key = string(v)
		case 2:
			return fields(v, func(num protowire.Number, v []byte) error {
				switch num {
				case 1:
					value = string(v)
				case 2:
					value = len(v) > 0 && v[0] != 0
				case 3:
					n, _ := protowire.ConsumeVarint(v)
					value = int64(n)
				}
				return nil
			})
		}
		return nil
	})
	m[key] = value
	return err
}

// fields calls fn with each field of a message: the bytes of a
// length-delimited field, the encoded varint of a varint field; fixed-size
// fields are skipped.
func fields(b []byte, fn func(protowire.Number, []byte) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		var v []byte
		switch typ {
		case protowire.BytesType:
			var m int
			v, m = protowire.ConsumeBytes(b)
			n = m
		case protowire.VarintType:
			_, m := protowire.ConsumeVarint(b)
			v, n = b[:max(m, 0)], m
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		if v != nil {
			if err := fn(num, v); err != nil {
				return err
			}
		}
	}
	return nil
}
