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

func TestBackoffEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := dynamo.Backoff(ctx, 1000); !errors.Is(err, context.Canceled) {
		t.Fatalf("Backoff on an ended context: %v", err)
	}
	if err := dynamo.Backoff(context.Background(), 1); err != nil {
		t.Fatalf("a short backoff: %v", err)
	}
}
