package tracing_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/shared/tracing"
)

// cannedDynamo answers every request with an empty GetItem result.
type cannedDynamo struct{}

func (cannedDynamo) Do(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: 200, Request: r, ContentLength: 2,
		Header: http.Header{"X-Amzn-Requestid": {"req"}, "Content-Type": {"application/x-amz-json-1.0"}},
		Body:   io.NopCloser(strings.NewReader("{}")),
	}, nil
}

// BenchmarkTracedInvocation measures one sampled invocation as the
// standard middleware runs it: a handler span with its annotations and
// ten DynamoDB calls, each recorded, and what the backend sends at the
// end of the invocation sent to a UDP socket that plays the daemon, or to
// an HTTP server that plays an OTLP collector. The SDK calls answer at once from memory,
// so what differs between builds (-tags notracing, otlp, xraysdk) is what
// tracing costs. `make tracing-cost` runs it for every backend.
func BenchmarkTracedInvocation(b *testing.B) {
	daemon, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		b.Fatal(err)
	}
	defer daemon.Close()
	go func() {
		buf := make([]byte, 64<<10)
		for {
			if _, _, err := daemon.ReadFromUDP(buf); err != nil {
				return
			}
		}
	}()
	// An OTLP collector that takes every export, for the otlp build.
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	defer collector.Close()
	// Read when the backend is configured, by InstrumentAWS below.
	b.Setenv("AWS_XRAY_DAEMON_ADDRESS", daemon.LocalAddr().String())
	b.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)
	_ = os.Unsetenv("_X_AMZN_TRACE_ID")

	cfg := aws.Config{Region: "eu-west-1", Credentials: credentials.NewStaticCredentialsProvider("key", "secret", ""), HTTPClient: cannedDynamo{}}
	tracing.InstrumentAWS(&cfg)
	db := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.BaseEndpoint = aws.String("http://dynamodb.test")
		o.DisableValidateResponseChecksum = true
	})
	const header = "Root=1-67a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1"
	//lint:ignore SA1029 aws-lambda-go puts the invocation's trace header under this plain string key.
	invocation := context.WithValue(context.Background(), "x-amzn-trace-id", header)
	in := &dynamodb.GetItemInput{TableName: aws.String("orders"), Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "o-1"}}}
	b.ReportAllocs()
	for b.Loop() {
		err := tracing.Capture(invocation, "handler", func(ctx context.Context) error {
			tracing.Annotate(ctx, "service", "orders")
			tracing.Annotate(ctx, "function", "orders-api")
			tracing.Annotate(ctx, "cold_start", false)
			for range 10 {
				if _, err := db.GetItem(ctx, in); err != nil {
					return err
				}
			}
			tracing.Annotate(ctx, "correlation_id", "corr-1")
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
