package consumer_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/conveyor-dev/conveyor/shared/idempotency"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestMain(m *testing.M) { kumotest.Main(m) }

func newStore(t *testing.T) *idempotency.Store {
	t.Helper()
	db := kumotest.Start(t).DynamoDB()
	name := kumotest.UniqueName(t, "consumer")
	kumotest.CreateTable(t, db, name, spec.Table{
		PartitionKey: spec.Key{Name: "pk", Type: spec.String},
		SortKey:      &spec.Key{Name: "sk", Type: spec.String},
	})
	s, err := idempotency.NewStore(idempotency.Config{Client: db, Table: name, PartitionKey: "pk", SortKey: "sk"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// logBuffer collects log lines from concurrent writers.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) Contains(s string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Contains(b.buf.String(), s)
}
