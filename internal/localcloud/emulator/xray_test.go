package emulator_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/xray"

	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// TestXRayKeepsTheNewestTracesWithinItsBound checks the bound carried in
// third_party/kumo: past EnvXRayMaxSegments segments, the oldest traces
// go, whole.
func TestXRayKeepsTheNewestTracesWithinItsBound(t *testing.T) {
	env := kumotest.Start(t)
	if got := os.Getenv(emulator.EnvXRayMaxSegments); got != strconv.Itoa(testXRayMaxSegments) {
		t.Fatalf("%s=%q, want this binary's %d", emulator.EnvXRayMaxSegments, got, testXRayMaxSegments)
	}
	client := xray.NewFromConfig(env.Config)
	// Six traces of a quarter of the bound each: the two oldest must go.
	const traces, perTrace = 6, testXRayMaxSegments / 4
	now := time.Now()
	var ids []string
	for i := range traces {
		id := fmt.Sprintf("1-%08x-%024x", now.Unix(), now.UnixNano()+int64(i))
		ids = append(ids, id)
		docs := make([]string, perTrace)
		for j := range docs {
			docs[j] = fmt.Sprintf(`{"trace_id":%q,"id":"%08x%08x","name":"bounded","start_time":%d,"end_time":%d}`, id, i, j, now.Unix(), now.Unix()+1)
		}
		out, err := client.PutTraceSegments(t.Context(), &xray.PutTraceSegmentsInput{TraceSegmentDocuments: docs})
		if err != nil || len(out.UnprocessedTraceSegments) > 0 {
			t.Fatalf("put trace %d: %v, %d unprocessed", i, err, len(out.UnprocessedTraceSegments))
		}
	}
	out, err := client.BatchGetTraces(t.Context(), &xray.BatchGetTracesInput{TraceIds: ids})
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]int{}
	for _, tr := range out.Traces {
		kept[*tr.Id] = len(tr.Segments)
	}
	for i, id := range ids {
		if want := i >= 2; (kept[id] == perTrace) != want {
			t.Errorf("trace %d of %d kept with %d segments; want it kept whole: %v", i+1, traces, kept[id], want)
		}
	}
}
