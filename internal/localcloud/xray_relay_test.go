package localcloud

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/internal/poll"
)

// fakeXRay is the emulator's X-Ray API as the relay sees it: it records
// each PutTraceSegments call and the connections they came on, and holds
// calls while hold is set.
type fakeXRay struct {
	*httptest.Server
	mu    sync.Mutex
	calls [][]string
	conns int
	hold  chan struct{}
}

func newFakeXRay(t *testing.T) *fakeXRay {
	t.Helper()
	f := &fakeXRay{}
	f.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct{ TraceSegmentDocuments []string }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || r.URL.Path != "/TraceSegments" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		f.calls = append(f.calls, in.TraceSegmentDocuments)
		hold := f.hold
		f.mu.Unlock()
		if hold != nil {
			<-hold
		}
		_, _ = w.Write([]byte(`{"UnprocessedTraceSegments":[]}`))
	}))
	f.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			f.mu.Lock()
			f.conns++
			f.mu.Unlock()
		}
	}
	f.Start()
	t.Cleanup(f.Close)
	return f
}

// documents returns every document received, in order, and the calls
// and connections they took.
func (f *fakeXRay) documents() (docs []string, calls, conns int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.calls {
		docs = append(docs, c...)
	}
	return docs, len(f.calls), f.conns
}

func TestRelaySendsQueuedSegmentsInBatchesOnOneConnection(t *testing.T) {
	f := newFakeXRay(t)
	release := make(chan struct{})
	f.hold = release
	relay, err := startXRayRelay(f.URL, func(m string) { t.Errorf("notice: %s", m) })
	if err != nil {
		t.Fatal(err)
	}
	// The first segment's call is held, so the others queue up behind it.
	const n = 120
	var want []string
	for i := range n {
		doc := fmt.Sprintf(`{"id":"%016x"}`, i)
		want = append(want, doc)
		relay.put([]byte(doc))
		if i == 0 {
			poll.Until(t, "the first call", 5*time.Second, func() bool { _, calls, _ := f.documents(); return calls == 1 })
		}
	}
	f.mu.Lock()
	f.hold = nil
	f.mu.Unlock()
	close(release)
	relay.Close()

	docs, calls, conns := f.documents()
	if !slices.Equal(docs, want) {
		t.Fatalf("the emulator got %d documents, want the %d put, in order", len(docs), n)
	}
	if wantCalls := 1 + (n-1+relayBatch-1)/relayBatch; calls != wantCalls {
		t.Errorf("%d calls, want %d: one held, then batches of up to %d", calls, wantCalls, relayBatch)
	}
	if conns != 1 {
		t.Errorf("the calls came on %d connections, want one kept alive", conns)
	}
}

func TestRelayForwardsSegmentsTheFunctionsSendOverUDP(t *testing.T) {
	f := newFakeXRay(t)
	relay, err := startXRayRelay(f.URL, func(m string) { t.Errorf("notice: %s", m) })
	if err != nil {
		t.Fatal(err)
	}
	defer relay.Close()
	conn, err := net.Dial("udp", relay.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const doc = `{"name":"orders-api","id":"53995c3f42cd8ad8"}`
	if _, err := conn.Write([]byte(`{"format":"json","version":1}` + "\n" + doc)); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "the segment at the emulator", 5*time.Second, func() bool { docs, _, _ := f.documents(); return len(docs) == 1 })
	if docs, _, _ := f.documents(); docs[0] != doc {
		t.Fatalf("the emulator got %q, want %q", docs[0], doc)
	}
}
