package gatekeeper

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// LambdaInvoker invokes functions with the Lambda API.
type LambdaInvoker struct {
	Client *lambda.Client
}

// Invoke invokes function, "name" or "name:qualifier", synchronously. A
// function error (the function failed or timed out) is an error, so API
// Gateway answers 502 as it does when a proxy integration's function
// fails.
func (l LambdaInvoker) Invoke(ctx context.Context, function string, payload []byte) ([]byte, error) {
	in := &lambda.InvokeInput{Payload: payload}
	name, qualifier, qualified := strings.Cut(function, ":")
	in.FunctionName = aws.String(name)
	if qualified {
		in.Qualifier = aws.String(qualifier)
	}
	out, err := l.Client.Invoke(ctx, in)
	if err != nil {
		return nil, err
	}
	if out.FunctionError != nil {
		return nil, fmt.Errorf("function error %s: %s", aws.ToString(out.FunctionError), out.Payload)
	}
	return out.Payload, nil
}
