package poller_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
	"github.com/conveyor-dev/conveyor/internal/localcloud/poller"
)

// testStreamMaxRecords bounds the records each stream of this test
// binary's emulator keeps: small enough for a reader to fall behind it,
// far above what the other tests write to one stream.
const testStreamMaxRecords = 100

func init() {
	if os.Getenv(emulator.EnvStreamMaxRecords) == "" {
		_ = os.Setenv(emulator.EnvStreamMaxRecords, strconv.Itoa(testStreamMaxRecords))
	}
}

// blockedRecorder fails every batch until opened, then records them.
type blockedRecorder struct {
	open atomic.Bool
	streamRecorder
}

func (b *blockedRecorder) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	if !b.open.Load() {
		return nil, fmt.Errorf("the function is down")
	}
	return b.streamRecorder.Invoke(ctx, payload)
}

func TestAReaderBehindWhatTheStreamKeepsGoesOnFromTheOldestRecordKept(t *testing.T) {
	table, arn := streamTable(t)
	put(t, table, "first")
	fn := &blockedRecorder{}
	var mu sync.Mutex
	var notices []string
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- poller.RunStream(ctx, clients(t).Streams, poller.Stream{
			StreamARN: arn, Region: awsclients.Region, BatchSize: 10, RetryAttempts: -1,
			PollInterval: 20 * time.Millisecond, Function: fn,
			Notice: func(m string) { mu.Lock(); notices = append(notices, m); mu.Unlock() },
		})
	}()
	t.Cleanup(func() { cancel(); <-done })
	// While the function is down, the stream trims past the reader.
	var ids []string
	for i := range 2 * testStreamMaxRecords {
		ids = append(ids, fmt.Sprintf("later-%03d", i))
	}
	put(t, table, ids...)
	fn.open.Store(true)
	last := ids[len(ids)-1]
	waitFor(t, "the newest record is handled", func() bool {
		return strings.Contains(fmt.Sprint(fn.snapshot()), last)
	})
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(strings.Join(notices, "\n"), "no longer keeps the records") {
		t.Errorf("the lost records were not reported; notices:\n%s", strings.Join(notices, "\n"))
	}
}
