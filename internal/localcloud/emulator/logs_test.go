package emulator_test

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/smithy-go"

	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

func TestTheFrontDoorFiltersTheFunctionLogsAsCloudWatchLogsDoes(t *testing.T) {
	env := kumotest.Start(t)
	now := time.Now()
	lines := []emulator.LogEvent{
		{Stream: "s", Time: now.Add(-time.Hour), Message: `{"level":"ERROR","msg":"event handler failed","messageId":"m-1"}`},
		{Stream: "s", Time: now, Message: `{"level":"INFO","msg":"invocation","messageId":"m-1"}`},
		{Stream: "s", Time: now, Message: `{"level":"ERROR","msg":"poison event","messageId":"m-2","reason":"no handler"}`},
		{Stream: "s", Time: now, Message: `START RequestId: 1 Version: $LATEST`},
	}
	env.Emulator.ServeLogs(func(group string, start, end time.Time) ([]emulator.LogEvent, bool) {
		if group != "/aws/lambda/conveyor-local-payments-saga" {
			return nil, false
		}
		var out []emulator.LogEvent
		for _, l := range lines {
			if !l.Time.Before(start) && l.Time.Before(end) {
				out = append(out, l)
			}
		}
		return out, true
	})
	t.Cleanup(func() { env.Emulator.ServeLogs(nil) })
	logs := cloudwatchlogs.NewFromConfig(env.Config)
	filter := func(t *testing.T, pattern string, since time.Time) ([]string, error) {
		t.Helper()
		out, err := logs.FilterLogEvents(t.Context(), &cloudwatchlogs.FilterLogEventsInput{
			LogGroupName: aws.String("/aws/lambda/conveyor-local-payments-saga"), FilterPattern: aws.String(pattern),
			StartTime: aws.Int64(since.UnixMilli()),
		})
		if err != nil {
			return nil, err
		}
		var msgs []string
		for _, e := range out.Events {
			msgs = append(msgs, aws.ToString(e.Message))
		}
		return msgs, nil
	}
	tests := []struct {
		name, pattern string
		since         time.Time
		want          int
	}{
		{"a JSON condition picks the records of a message", `{ $.messageId = "m-1" }`, now.Add(-2 * time.Hour), 2},
		{"conditions joined by && all hold", `{ $.messageId = "m-1" && $.level = "ERROR" }`, now.Add(-2 * time.Hour), 1},
		{"the start time leaves older lines out", `{ $.messageId = "m-1" }`, now.Add(-time.Minute), 1},
		{"a wildcard matches any text", `{ $.msg = "poison*" }`, now.Add(-time.Minute), 1},
		{"terms must all appear", `"poison event" handler`, now.Add(-time.Minute), 1},
		{"no pattern matches every line", ``, now.Add(-2 * time.Hour), 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := filter(t, tt.pattern, tt.since)
			if err != nil || len(got) != tt.want {
				t.Fatalf("%s: %d lines %v, %v; want %d", tt.pattern, len(got), got, err, tt.want)
			}
		})
	}
	t.Run("an unknown log group is not found", func(t *testing.T) {
		_, err := logs.FilterLogEvents(t.Context(), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("/aws/lambda/nope")})
		var nf *cwltypes.ResourceNotFoundException
		if !errors.As(err, &nf) {
			t.Fatalf("err = %v, want ResourceNotFoundException", err)
		}
	})
	t.Run("a pattern the local cloud cannot apply is refused, not ignored", func(t *testing.T) {
		_, err := filter(t, `[ip, user, ...]`, now)
		var api smithy.APIError
		if !errors.As(err, &api) || api.ErrorCode() != "InvalidParameterException" {
			t.Fatalf("err = %v, want InvalidParameterException", err)
		}
	})
}
