//go:build !notracing && !xraysdk

package tracing

import (
	"context"
	"reflect"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// traceHeaderName is the HTTP header that carries the X-Ray trace header.
const traceHeaderName = "X-Amzn-Trace-Id"

// InstrumentAWS makes every AWS SDK v2 client built from cfg record a span
// per call in traced contexts (X-Ray: a subsegment in the aws namespace
// named after the service, with the operation, region, request id,
// table or queue, retries and response status) and pass the trace header
// on with each attempt.
func InstrumentAWS(cfg *aws.Config) {
	ensureConfigured()
	cfg.APIOptions = append(cfg.APIOptions, addAWSMiddleware)
}

func addAWSMiddleware(stack *middleware.Stack) error {
	if err := stack.Initialize.Add(awsCall{}, middleware.After); err != nil {
		return err
	}
	return stack.Deserialize.Add(awsAttempt{}, middleware.Before)
}

// awsSpanKey holds the span of the AWS call in flight, for its attempts.
type awsSpanKey struct{}

// awsCall records one SDK call, retries included.
type awsCall struct{}

func (awsCall) ID() string { return "ConveyorTracingCall" }

func (awsCall) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
	middleware.InitializeOutput, middleware.Metadata, error,
) {
	if !traced(ctx) {
		return next.HandleInitialize(ctx, in)
	}
	ctx = withParent(ctx)
	service := awsmiddleware.GetServiceID(ctx)
	ctx, s := startSpan(ctx, tracerFor(ctx), service, trace.SpanKindClient)
	if s.IsRecording() {
		setAttributes(s,
			attribute.String(keyRPCSystem, awsRPCSystem),
			attribute.String(keyRPCService, service),
			attribute.String(keyRPCMethod, awsmiddleware.GetOperationName(ctx)),
			attribute.String(keyRegion, awsmiddleware.GetRegion(ctx)))
		if t := stringField(in.Parameters, "TableName"); t != "" {
			setAttributes(s, attribute.String(keyTable, t))
		}
		if q := stringField(in.Parameters, "QueueUrl"); q != "" {
			setAttributes(s, attribute.String(keyQueue, q))
		}
	}
	out, md, err := next.HandleInitialize(context.WithValue(ctx, awsSpanKey{}, s), in)
	if s.IsRecording() {
		if id, ok := awsmiddleware.GetRequestIDMetadata(md); ok {
			setAttributes(s, attribute.String(keyRequestID, id))
		}
		if r, ok := retry.GetAttemptResults(md); ok && len(r.Results) > 0 {
			setAttributes(s, attribute.Int(keyRetries, len(r.Results)-1))
		}
	}
	finish(s, err)
	return out, md, err
}

// awsAttempt passes the trace header on with each attempt of a call, and
// records the response's status.
type awsAttempt struct{}

func (awsAttempt) ID() string { return "ConveyorTracingAttempt" }

func (awsAttempt) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	middleware.DeserializeOutput, middleware.Metadata, error,
) {
	s, ok := ctx.Value(awsSpanKey{}).(trace.Span)
	if !ok {
		return next.HandleDeserialize(ctx, in)
	}
	if req, ok := in.Request.(*smithyhttp.Request); ok {
		req.Header.Set(traceHeaderName, formatHeader(s.SpanContext()))
	}
	out, md, err := next.HandleDeserialize(ctx, in)
	if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && s.IsRecording() {
		setAttributes(s, attribute.Int(keyStatus, resp.StatusCode), attribute.Int64(keyLength, resp.ContentLength))
	}
	return out, md, err
}

// fieldIndexes caches, by input type and field name, the index of the
// field stringField reads (-1 when the type has none).
var fieldIndexes sync.Map

type fieldKey struct {
	t    reflect.Type
	name string
}

// stringField returns the *string field named name of the struct params
// points to (e.g. an input's TableName), "" when it has none.
func stringField(params any, name string) string {
	v := reflect.ValueOf(params)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return ""
	}
	v = v.Elem()
	if v.Kind() != reflect.Struct {
		return ""
	}
	key := fieldKey{v.Type(), name}
	i, ok := fieldIndexes.Load(key)
	if !ok {
		index := -1
		if f, found := v.Type().FieldByName(name); found && len(f.Index) == 1 &&
			f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.String {
			index = f.Index[0]
		}
		i, _ = fieldIndexes.LoadOrStore(key, index)
	}
	index, _ := i.(int)
	if index < 0 {
		return ""
	}
	f := v.Field(index)
	if f.IsNil() {
		return ""
	}
	return f.Elem().String()
}
