package poller_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// answerLost sends every request, but loses the answer of the nth
// GetRecords: the emulator spent the iterator, the reader never saw the
// records.
type answerLost struct {
	inner aws.HTTPClient
	nth   int32
	seen  atomic.Int32
}

func (c *answerLost) Do(r *http.Request) (*http.Response, error) {
	resp, err := c.inner.Do(r)
	if err == nil && strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".GetRecords") && c.seen.Add(1) == c.nth {
		resp.Body.Close()
		return nil, errors.New("read: connection closed mid-response")
	}
	return resp, err
}

func TestStreamReaderRenewsAnIteratorALostAnswerSpent(t *testing.T) {
	table, arn := streamTable(t)
	put(t, table, "r1", "r2")
	opts := kumotest.Start(t).Clients().Streams.Options()
	lost := &answerLost{inner: opts.HTTPClient, nth: 3}
	opts.HTTPClient = lost
	opts.RetryMaxAttempts = 1
	client := dynamodbstreams.New(opts)
	fn := &streamRecorder{}
	runStreamWith(t, client, arn, fn)
	waitFor(t, "the first records are handled", func() bool { return len(fn.snapshot()) >= 1 })
	put(t, table, "r3")
	waitFor(t, "a record written after the lost answer is handled", func() bool {
		return strings.Contains(fmt.Sprint(fn.snapshot()), "r3")
	})
	if lost.seen.Load() < lost.nth {
		t.Fatalf("only %d reads: the answer was never lost", lost.seen.Load())
	}
	var all []string
	for _, b := range fn.snapshot() {
		all = append(all, b...)
	}
	if fmt.Sprint(all) != "[r1 r2 r3]" {
		t.Errorf("records handled %v, want each once in order", all)
	}
}
