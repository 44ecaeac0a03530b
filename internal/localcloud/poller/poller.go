package poller

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Invoker runs a function synchronously; *runtimeapi.Function is one.
type Invoker interface {
	Invoke(ctx context.Context, payload []byte) ([]byte, error)
}

// InvokerFunc adapts a Go function to Invoker.
type InvokerFunc func(ctx context.Context, payload []byte) ([]byte, error)

// Invoke calls f.
func (f InvokerFunc) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	return f(ctx, payload)
}

// batchResponse is the partial batch response of SQS and stream handlers.
type batchResponse struct {
	BatchItemFailures []map[string]any `json:"batchItemFailures"`
}

// failedItems reads a function's response the way Lambda does with
// ReportBatchItemFailures. It returns the identifiers of the failed items,
// or whole=true when the response makes the whole batch a failure: invalid
// JSON, or an item identifier that is missing, empty, misnamed or not in
// the batch. An empty or null response, or no failures, is a full success.
func failedItems(out []byte, batch map[string]bool) (failed map[string]bool, whole bool, reason string) {
	failed = map[string]bool{}
	if len(out) == 0 || string(out) == "null" {
		return failed, false, ""
	}
	var r batchResponse
	if err := json.Unmarshal(out, &r); err != nil {
		return nil, true, fmt.Sprintf("response is not a batch response: %v", err)
	}
	for _, item := range r.BatchItemFailures {
		raw, ok := item["itemIdentifier"]
		id, isString := raw.(string)
		switch {
		case !ok:
			return nil, true, "a batch item failure has no itemIdentifier"
		case !isString || id == "":
			return nil, true, "a batch item failure has an empty or non-string itemIdentifier"
		case !batch[id]:
			return nil, true, fmt.Sprintf("itemIdentifier %q is not in the batch", id)
		}
		failed[id] = true
	}
	return failed, false, ""
}

// sleep waits d or until ctx is done, and reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
