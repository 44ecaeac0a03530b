// Package dynamo holds the one optimistic-update loop every repository of
// the platform uses: read, decide, write on a condition, and try again
// after a jittered, growing pause when another writer got there first.
//
// The pauses come from cenkalti/backoff's exponential backoff, so every
// service waits the same way and none hammers a contended item.
package dynamo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/cenkalti/backoff/v5"
)

// ConditionFailed reports whether err is a write refused by its condition
// (another writer got there first), as opposed to a failure to reach the
// table.
func ConditionFailed(err error) bool {
	var ccf *types.ConditionalCheckFailedException
	return errors.As(err, &ccf)
}

// ErrConflict marks an attempt that lost to a concurrent writer and may
// succeed when tried again. Retry also wraps it in the error it returns
// once every attempt has conflicted.
var ErrConflict = errors.New("dynamo: lost to a concurrent writer")

// The settings of Retry: up to MaxAttempts attempts, the pauses between
// them starting near InitialInterval and growing by half each time (±50 %
// jitter) up to MaxInterval.
const (
	MaxAttempts     = 8
	InitialInterval = 5 * time.Millisecond
	MaxInterval     = 250 * time.Millisecond
)

// Retry runs attempt until it succeeds or fails for a reason other than a
// conflict, and returns its result. A conflict is an error for which
// ConditionFailed is true, that wraps ErrConflict, or that wraps one of
// also (a domain's own "changed meanwhile" errors). Between conflicts it
// waits a jittered exponential backoff. After MaxAttempts conflicts it
// returns an error wrapping ErrConflict and the last conflict; when ctx
// ends first, ctx's error.
func Retry[T any](ctx context.Context, attempt func(context.Context) (T, error), also ...error) (T, error) {
	conflict := func(err error) bool {
		if ConditionFailed(err) || errors.Is(err, ErrConflict) {
			return true
		}
		for _, e := range also {
			if errors.Is(err, e) {
				return true
			}
		}
		return false
	}
	b := backoff.NewExponentialBackOff()
	b.InitialInterval = InitialInterval
	b.MaxInterval = MaxInterval
	b.Multiplier = 1.5
	b.RandomizationFactor = 0.5
	tries := 0
	res, err := backoff.Retry(ctx, func() (T, error) {
		tries++
		res, err := attempt(ctx)
		if err != nil && !conflict(err) {
			return res, backoff.Permanent(err)
		}
		return res, err
	}, backoff.WithBackOff(b), backoff.WithMaxTries(MaxAttempts), backoff.WithMaxElapsedTime(0))
	if err == nil {
		return res, nil
	}
	// backoff returns a permanent error of the last try still wrapped.
	var permanent *backoff.PermanentError
	if errors.As(err, &permanent) {
		err = permanent.Unwrap()
	}
	if conflict(err) && tries >= MaxAttempts {
		return res, fmt.Errorf("%w %d times: %w", ErrConflict, tries, err)
	}
	return res, err
}
