// Package dynamo holds the small pieces every DynamoDB repository of the
// platform needs around optimistic concurrency: telling a failed condition
// from other errors, and waiting a little before trying again.
package dynamo

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ConditionFailed reports whether err is a write refused by its condition
// (another writer got there first), as opposed to a failure to reach the
// table.
func ConditionFailed(err error) bool {
	var ccf *types.ConditionalCheckFailedException
	return errors.As(err, &ccf)
}

// Backoff waits a jittered few milliseconds that grow with the attempt
// (attempt² × 5 ms plus up to 5 ms) before a conflicting write is retried,
// or returns ctx's error when it ends first.
func Backoff(ctx context.Context, attempt int) error {
	d := time.Duration(attempt*attempt)*5*time.Millisecond + rand.N(5*time.Millisecond)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
