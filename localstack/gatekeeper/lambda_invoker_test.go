package gatekeeper_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/conveyor-dev/conveyor/localstack/gatekeeper"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// serve plays a function connected to the emulator's Lambda Runtime API
// until ctx ends: it answers each invocation with answer(payload), or
// reports a function error when answer returns one.
func serve(ctx context.Context, endpoint, function string, answer func([]byte) ([]byte, error)) {
	base := endpoint + "/_runtime/" + function + "/2018-06-01/runtime/invocation/"
	for ctx.Err() == nil {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"next", nil)
		if err != nil {
			return
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			continue
		}
		payload, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		id := resp.Header.Get("Lambda-Runtime-Aws-Request-Id")
		out, ferr := answer(payload)
		result := "/response"
		if ferr != nil {
			result = "/error"
			out = []byte(fmt.Sprintf(`{"errorType":"Failed","errorMessage":%q}`, ferr.Error()))
		}
		post, err := http.NewRequestWithContext(ctx, http.MethodPost, base+id+result, bytes.NewReader(out))
		if err != nil {
			return
		}
		if resp, err := http.DefaultClient.Do(post); err == nil {
			_ = resp.Body.Close()
		}
	}
}

func TestLambdaInvokerReturnsTheAnswerAndTurnsAFunctionErrorIntoAnError(t *testing.T) {
	env := kumotest.Start(t)
	client := lambda.NewFromConfig(env.Config)
	name := kumotest.UniqueName(t, "gatekeeper-target")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String(name),
		Runtime:      types.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Role:         aws.String("arn:aws:iam::000000000000:role/" + name),
		Code:         &types.FunctionCode{ZipFile: []byte("stand-in")},
	}); err != nil {
		t.Fatal(err)
	}
	serving, stop := context.WithCancel(ctx)
	defer stop()
	go serve(serving, env.Endpoint, name, func(p []byte) ([]byte, error) {
		if bytes.Contains(p, []byte("fail")) {
			return nil, errors.New("refused")
		}
		return append([]byte(`{"echo":`), append(p, '}')...), nil
	})
	inv := gatekeeper.LambdaInvoker{Client: client}

	// The emulator answers an invocation only once the function polls
	// for one; until then it says the function has no handler.
	var out []byte
	var err error
	for {
		out, err = inv.Invoke(ctx, name+":live", []byte(`"hello"`))
		if err == nil || !strings.Contains(err.Error(), "no runtime handler") || ctx.Err() != nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("Invoke() error %v", err)
	}
	if string(out) != `{"echo":"hello"}` {
		t.Errorf("Invoke() = %s, want the function's answer", out)
	}
	if _, err := inv.Invoke(ctx, name+":live", []byte(`"fail"`)); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Errorf("Invoke() of a failing function: error %v, want the function error", err)
	}
}
