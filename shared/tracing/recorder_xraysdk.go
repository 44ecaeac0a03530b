//go:build xraysdk && !notracing

package tracing

import (
	"context"
	"fmt"
	"net"

	"github.com/aws/aws-xray-sdk-go/xray"
)

// recorderRoute sends the entities of the contexts a Recorder starts to
// the recorder, through the SDK's own emitter.
type recorderRoute struct {
	emitter *recorderEmitter
}

func newRecorderRoute(addr *net.UDPAddr) (*recorderRoute, error) {
	inner, err := xray.NewDefaultEmitter(addr)
	if err != nil {
		return nil, err
	}
	return &recorderRoute{emitter: &recorderEmitter{inner: inner}}, nil
}

// recorderEmitter sends to the recorder whatever daemon address the
// environment names.
type recorderEmitter struct {
	inner *xray.DefaultEmitter
}

func (e *recorderEmitter) Emit(seg *xray.Segment) { e.inner.Emit(seg) }

func (e *recorderEmitter) RefreshEmitterWithAddress(*net.UDPAddr) {}

func (r *recorderRoute) start(ctx context.Context) (context.Context, error) {
	ctx, err := xray.ContextWithConfig(ctx, xray.Config{Emitter: r.emitter})
	if err != nil {
		return nil, fmt.Errorf("tracing: recorder: %w", err)
	}
	h := fmt.Sprintf("Root=%s;Parent=%s;Sampled=1", xray.NewTraceID(), xray.NewSegmentID())
	//lint:ignore SA1029 aws-lambda-go and the X-Ray SDK share this plain string key.
	return context.WithValue(ctx, xray.LambdaTraceHeaderKey, h), nil
}

func (r *recorderRoute) close() error { return nil }
