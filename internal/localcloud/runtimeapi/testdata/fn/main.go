// Command fn is a function for the runtime API tests: the payload's action
// says what it does.
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type request struct {
	Action  string `json:"action"`
	SleepMS int    `json:"sleepMs"`
	Size    int    `json:"size"`
	// File is where "write" appends a line, standing for a table write,
	// and where "hold" says that it started.
	File string `json:"file"`
}

type response struct {
	RequestID   string            `json:"requestId"`
	FunctionARN string            `json:"functionArn"`
	DeadlineMS  int64             `json:"deadlineMs"`
	TraceID     string            `json:"traceId"`
	PID         int               `json:"pid"`
	Env         map[string]string `json:"env"`
	Padding     string            `json:"padding,omitempty"`
}

func handle(ctx context.Context, req request) (response, error) {
	lc, _ := lambdacontext.FromContext(ctx)
	deadline, _ := ctx.Deadline()
	resp := response{
		RequestID:   lc.AwsRequestID,
		FunctionARN: lc.InvokedFunctionArn,
		DeadlineMS:  deadline.UnixMilli(),
		TraceID:     os.Getenv("_X_AMZN_TRACE_ID"),
		PID:         os.Getpid(),
		Env:         map[string]string{},
	}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		resp.Env[k] = v
	}
	switch req.Action {
	case "echo":
	case "error":
		return resp, errors.New("the handler failed on purpose")
	case "sleep":
		time.Sleep(time.Duration(req.SleepMS) * time.Millisecond)
	case "crash":
		fmt.Fprintln(os.Stderr, "crashing on purpose")
		os.Exit(2)
	case "write":
		time.Sleep(time.Duration(req.SleepMS) * time.Millisecond)
		f, err := os.OpenFile(req.File, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return resp, err
		}
		_, err = fmt.Fprintln(f, lc.AwsRequestID)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return resp, err
		}
	case "hold":
		// Says it is running, then runs for SleepMS: an invocation a
		// test knows to be in flight.
		if err := os.WriteFile(req.File, []byte(lc.AwsRequestID), 0o600); err != nil {
			return resp, err
		}
		time.Sleep(time.Duration(req.SleepMS) * time.Millisecond)
	case "big":
		resp.Padding = strings.Repeat("x", req.Size)
	default:
		return resp, fmt.Errorf("unknown action %q", req.Action)
	}
	return resp, nil
}

func main() {
	switch os.Getenv("TEST_INIT") {
	case "exit":
		fmt.Fprintln(os.Stderr, "cannot load configuration: TABLE_NAME is not set")
		os.Exit(3)
	case "report":
		url := "http://" + os.Getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime/init/error"
		body := `{"errorMessage":"configuration is invalid","errorType":"InvalidConfig"}`
		resp, err := http.Post(url, "application/json", bytes.NewBufferString(body))
		if err == nil {
			_ = resp.Body.Close()
		}
		time.Sleep(time.Minute)
	case "slow":
		time.Sleep(time.Minute)
	}
	lambda.Start(handle)
}
