//go:build !notracing && !xraysdk

package tracing_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/shared/tracing"
)

// startRecorder returns a recorder and a context traced as a sampled
// invocation whose spans go to it.
func startRecorder(t *testing.T) (*tracing.Recorder, context.Context) {
	t.Helper()
	rec, err := tracing.NewRecorder()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := rec.Close(); err != nil {
			t.Error(err)
		}
	})
	ctx, err := rec.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rec, ctx
}

func waitFor(t *testing.T, rec *tracing.Recorder, name string) tracing.Span {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := rec.WaitFor(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// headerOf returns the trace header the recorder put in ctx.
func headerOf(ctx context.Context) string { return tracing.Header(ctx) }

func field(h, key string) string {
	for part := range strings.SplitSeq(h, ";") {
		if v, ok := strings.CutPrefix(part, key+"="); ok {
			return v
		}
	}
	return ""
}

func TestTheHandlerIsASubsegmentOfTheFunctionSegmentInTheHeader(t *testing.T) {
	rec, ctx := startRecorder(t)
	h := headerOf(ctx)
	if err := tracing.Capture(ctx, "handler", func(context.Context) error { return nil }); err != nil {
		t.Fatal(err)
	}
	s := waitFor(t, rec, "handler")
	if s.Type != "subsegment" || s.TraceID != field(h, "Root") || s.ParentID != field(h, "Parent") {
		t.Errorf("handler = type %q trace %s parent %s; want a subsegment of %s", s.Type, s.TraceID, s.ParentID, h)
	}
}

func TestAnUnsampledInvocationSendsNothing(t *testing.T) {
	rec, sampled := startRecorder(t)
	h := headerOf(sampled)
	//lint:ignore SA1029 aws-lambda-go puts the invocation's trace header under this plain string key.
	unsampled := context.WithValue(sampled, "x-amzn-trace-id", "Root="+field(h, "Root")+";Parent="+field(h, "Parent")+";Sampled=0")
	var inner string
	err := tracing.Capture(unsampled, "unsampled", func(ctx context.Context) error {
		tracing.Annotate(ctx, "order_id", "o-1")
		inner = tracing.Header(ctx)
		return tracing.Capture(ctx, "nested", func(context.Context) error { return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(inner, ";Sampled=0") || field(inner, "Root") != field(h, "Root") {
		t.Errorf("Header() inside = %q, want the trace passed on unsampled", inner)
	}
	// Datagrams from one socket arrive in order: once the marker is in,
	// anything the unsampled work sent would be too.
	if err := tracing.Capture(sampled, "marker", func(context.Context) error { return nil }); err != nil {
		t.Fatal(err)
	}
	waitFor(t, rec, "marker")
	spans, err := rec.Spans()
	if err != nil {
		t.Fatal(err)
	}
	if len(spans) != 1 {
		t.Errorf("received %d documents, want the marker alone: %+v", len(spans), spans)
	}
}

// dynamo answers every request with the status and body of its
// responses in turn, the last one repeating.
type dynamo struct {
	responses []fakeResponse
	calls     int
	headers   []string
}

type fakeResponse struct {
	status int
	body   string
}

func (d *dynamo) Do(r *http.Request) (*http.Response, error) {
	d.headers = append(d.headers, r.Header.Get("X-Amzn-Trace-Id"))
	resp := d.responses[min(d.calls, len(d.responses)-1)]
	d.calls++
	return &http.Response{
		StatusCode: resp.status, Request: r, ContentLength: int64(len(resp.body)),
		Header: http.Header{"X-Amzn-Requestid": {"req-" + string(rune('0'+d.calls))}, "Content-Type": {"application/x-amz-json-1.0"}},
		Body:   io.NopCloser(strings.NewReader(resp.body)),
	}, nil
}

// noBackoff retries at once, so that tests of retries take no time.
type noBackoff struct{}

func (noBackoff) BackoffDelay(int, error) (time.Duration, error) { return 0, nil }

func dynamoClient(d *dynamo) *dynamodb.Client {
	cfg := aws.Config{
		Region:      "eu-west-1",
		Credentials: credentials.NewStaticCredentialsProvider("key", "secret", ""),
		HTTPClient:  d,
	}
	tracing.InstrumentAWS(&cfg)
	return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String("http://dynamodb.test")
		o.DisableValidateResponseChecksum = true
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) { so.Backoff = noBackoff{} })
	})
}

func TestAnAWSCallRecordsWhatTheXRayConsoleShows(t *testing.T) {
	tests := []struct {
		name                  string
		responses             []fakeResponse
		wantStatus            int
		wantRetries           float64
		wantError, wantFault  bool
		wantCause             string
		wantRequestID, wantOp string
	}{
		{"a call that succeeds", []fakeResponse{{200, "{}"}}, 200, 0, false, false, "", "req-1", "PutItem"},
		{"a refused condition is a client error with its cause", []fakeResponse{{400, `{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}`}},
			400, 0, true, false, "The conditional request failed", "req-1", "PutItem"},
		{"a server error retried to the end is a fault with its retries", []fakeResponse{{500, `{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"boom"}`}},
			500, 2, false, true, "boom", "req-3", "PutItem"},
		{"a server error that a retry cures is ok", []fakeResponse{{500, `{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"boom"}`}, {200, "{}"}},
			200, 1, false, false, "", "req-2", "PutItem"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, ctx := startRecorder(t)
			d := &dynamo{responses: tt.responses}
			db := dynamoClient(d)
			var handlerHeader string
			_ = tracing.Capture(ctx, "handler", func(ctx context.Context) error {
				handlerHeader = tracing.Header(ctx)
				_, err := db.PutItem(ctx, &dynamodb.PutItemInput{
					TableName: aws.String("orders-table"),
					Item:      map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "a"}},
				})
				return err
			})
			handler := waitFor(t, rec, "handler")
			call, ok := handler.Find("DynamoDB")
			if !ok {
				t.Fatalf("no DynamoDB subsegment under %+v", handler)
			}
			checks := []struct {
				what string
				ok   bool
			}{
				{"namespace aws", call.Namespace == "aws"},
				{"operation", call.AWS["operation"] == tt.wantOp},
				{"region", call.AWS["region"] == "eu-west-1"},
				{"table_name", call.AWS["table_name"] == "orders-table"},
				{"request_id of the last attempt", call.AWS["request_id"] == tt.wantRequestID},
				{"retries", call.AWS["retries"] == tt.wantRetries},
				{"response status", call.HTTPStatus == tt.wantStatus},
				{"error flag", call.Error == tt.wantError},
				{"fault flag", call.Fault == tt.wantFault},
				{"cause", tt.wantCause == "" && len(call.Errors) == 0 || len(call.Errors) == 1 && strings.Contains(call.Errors[0], tt.wantCause)},
			}
			for _, c := range checks {
				if !c.ok {
					t.Errorf("%s wrong in %+v", c.what, call)
				}
			}
			want := "Root=" + handler.TraceID + ";Parent=" + call.ID + ";Sampled=1"
			for i, h := range d.headers {
				if h != want {
					t.Errorf("attempt %d carried trace header %q, want %q", i, h, want)
				}
			}
			if field(handlerHeader, "Parent") != handler.ID {
				t.Errorf("Header() in the handler = %q, want parent %s", handlerHeader, handler.ID)
			}
		})
	}
}

func TestAnOutboundHTTPCallIsARemoteSubsegment(t *testing.T) {
	rec, ctx := startRecorder(t)
	client := tracing.HTTPClient(&http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusTooManyRequests, Body: http.NoBody, Request: r}, nil
	})})
	_ = tracing.Capture(ctx, "handler", func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://psp.test/authorisations?x=1", nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		return resp.Body.Close()
	})
	call, ok := waitFor(t, rec, "handler").Find("psp.test")
	if !ok {
		t.Fatal("no psp.test subsegment")
	}
	if call.Namespace != "remote" || call.HTTPMethod != "POST" || call.HTTPURL != "http://psp.test/authorisations?x=1" ||
		call.HTTPStatus != 429 || !call.Throttle || !call.Error || call.Fault {
		t.Errorf("call = %+v, want a remote POST throttled with 429", call)
	}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestAttributesOtherThanTheMappedOnesAreMetadata(t *testing.T) {
	rec, ctx := startRecorder(t)
	_ = tracing.Capture(ctx, "handler", func(ctx context.Context) error {
		trace.SpanFromContext(ctx).SetAttributes(attribute.String("batch", "b-1"), attribute.Int("size", 3), attribute.Int("size", 4))
		return nil
	})
	s := waitFor(t, rec, "handler")
	md := s.Metadata["default"]
	if md["batch"] != "b-1" || md["size"] != float64(4) || len(md) != 2 {
		t.Errorf("metadata = %v, want batch b-1 and the last size, 4", s.Metadata)
	}
}

func TestACapturedErrorIsAFaultWithItsTypeAndMessage(t *testing.T) {
	rec, ctx := startRecorder(t)
	_ = tracing.Capture(ctx, "handler", func(context.Context) error { return errors.New("stock table \"missing\"\n") })
	s := waitFor(t, rec, "handler")
	if !s.Fault || s.Error || len(s.Errors) != 1 || s.Errors[0] != "errors.errorString: stock table \"missing\"\n" {
		t.Errorf("handler = %+v, want a fault whose cause is the error", s)
	}
}

func TestATreeTooBigForADatagramIsSentInPiecesThatFit(t *testing.T) {
	rec, ctx := startRecorder(t)
	big := strings.Repeat("x", 900)
	const children = 90
	_ = tracing.Capture(ctx, "handler", func(ctx context.Context) error {
		for i := range children {
			_ = tracing.Capture(ctx, "child", func(ctx context.Context) error {
				tracing.Annotate(ctx, "payload", big)
				tracing.Annotate(ctx, "i", i)
				return nil
			})
		}
		return nil
	})
	handler := waitFor(t, rec, "handler")
	var spans []tracing.Span
	if !poll.Within(5*time.Second, func() bool {
		var err error
		spans, err = rec.Spans()
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, s := range spans {
			if s.Name == "child" {
				n++
			}
			for _, c := range s.Children {
				if c.Name == "child" {
					n++
				}
			}
		}
		return n == children
	}) {
		t.Fatalf("received %d documents, not every child", len(spans))
	}
	if len(spans) < 2 {
		t.Errorf("the tree came in %d datagram(s), want it split", len(spans))
	}
	for i, n := range rec.Datagrams() {
		if n > 64_000 {
			t.Errorf("datagram %d is %d bytes, over the daemon's 64 KB", i, n)
		}
	}
	for _, s := range spans {
		if s.Name == "child" && (s.ParentID != handler.ID || s.Type != "subsegment" || s.TraceID != handler.TraceID) {
			t.Errorf("child sent alone as %+v, want a subsegment of the handler %s", s, handler.ID)
		}
	}
}

func TestASpanEndingAfterItsParentIsSentOnItsOwn(t *testing.T) {
	rec, ctx := startRecorder(t)
	release, done := make(chan struct{}), make(chan struct{})
	_ = tracing.Capture(ctx, "handler", func(ctx context.Context) error {
		go func() {
			defer close(done)
			_ = tracing.Capture(ctx, "straggler", func(context.Context) error { <-release; return nil })
		}()
		return nil
	})
	handler := waitFor(t, rec, "handler")
	close(release)
	<-done
	s := waitFor(t, rec, "straggler")
	if s.ParentID != handler.ID || s.Type != "subsegment" || s.TraceID != handler.TraceID {
		t.Errorf("straggler = %+v, want a subsegment of the handler %s sent on its own", s, handler.ID)
	}
}
