package dynamo_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/shared/dynamo"
)

func TestConditionFailed(t *testing.T) {
	wrapped := fmt.Errorf("put: %w", &types.ConditionalCheckFailedException{})
	if !dynamo.ConditionFailed(wrapped) {
		t.Error("a wrapped failed condition is not recognised")
	}
	if dynamo.ConditionFailed(errors.New("connection refused")) || dynamo.ConditionFailed(&types.ResourceNotFoundException{}) {
		t.Error("another error is taken for a failed condition")
	}
}

func TestRetry(t *testing.T) {
	errDomainChanged := errors.New("changed meanwhile")
	cases := []struct {
		name      string
		failures  []error // what the first attempts return, in order
		also      []error
		wantCalls int
		wantErr   error // nil: the attempt after the failures succeeds
	}{
		{"a first success is not retried", nil, nil, 1, nil},
		{"a lost condition is tried again", []error{&types.ConditionalCheckFailedException{}}, nil, 2, nil},
		{"ErrConflict is tried again", []error{fmt.Errorf("memory: %w", dynamo.ErrConflict)}, nil, 2, nil},
		{"a domain's own conflict is tried again", []error{errDomainChanged, errDomainChanged}, []error{errDomainChanged}, 3, nil},
		{"another error ends it at once", []error{errors.New("access denied")}, nil, 1, errors.New("access denied")},
		{"a domain conflict not named is another error", []error{errDomainChanged}, nil, 1, errDomainChanged},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			calls := 0
			got, err := dynamo.Retry(t.Context(), func(context.Context) (int, error) {
				calls++
				if calls <= len(c.failures) {
					return 0, c.failures[calls-1]
				}
				return 42, nil
			}, c.also...)
			if calls != c.wantCalls {
				t.Errorf("attempts: %d, want %d", calls, c.wantCalls)
			}
			if c.wantErr == nil {
				if err != nil || got != 42 {
					t.Fatalf("Retry = %d, %v; want 42, nil", got, err)
				}
				return
			}
			if err == nil || err.Error() != c.wantErr.Error() {
				t.Fatalf("Retry error = %v, want %v", err, c.wantErr)
			}
		})
	}
}

func TestRetryGivesUpAfterMaxAttempts(t *testing.T) {
	calls := 0
	_, err := dynamo.Retry(t.Context(), func(context.Context) (struct{}, error) {
		calls++
		return struct{}{}, fmt.Errorf("put: %w", &types.ConditionalCheckFailedException{})
	})
	if calls != dynamo.MaxAttempts {
		t.Errorf("attempts: %d, want %d", calls, dynamo.MaxAttempts)
	}
	if !errors.Is(err, dynamo.ErrConflict) || !dynamo.ConditionFailed(err) {
		t.Fatalf("after the last conflict: %v; want ErrConflict wrapping the lost condition", err)
	}
}

func TestRetryEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	calls := 0
	_, err := dynamo.Retry(ctx, func(context.Context) (int, error) {
		calls++
		cancel()
		return 0, dynamo.ErrConflict
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Retry on an ended context: %v", err)
	}
	if calls != 1 {
		t.Errorf("attempts after the context ended: %d, want 1", calls)
	}
}
