package flowtest_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/localcloud"
	"github.com/conveyor-dev/conveyor/shared/eventbus/eventbustest"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

func TestMain(m *testing.M) {
	if err := kumotest.PrepareEnv(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

type logWriter struct{ t *testing.T }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// TestAProductChangeReachesASubscriptionQueue starts the platform as
// `make run` does, changes a product through the catalog's HTTP API and
// watches a test subscription queue on the platform bus.
func TestAProductChangeReachesASubscriptionQueue(t *testing.T) {
	root, err := localcloud.FindModuleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	prefix := "flow-" + kumotest.Prefix(t)
	cloud, err := localcloud.Start(context.Background(), localcloud.Config{
		ModuleRoot: root,
		Services:   functions.All(),
		APIAddr:    "127.0.0.1:0",
		StateDir:   t.TempDir(),
		Prefix:     prefix,
		Printer:    localcloud.NewPrinter(logWriter{t}, false, false),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := cloud.Close(ctx); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	c := cloud.Clients
	probe := eventbustest.NewRoute(t, c.Events, c.SQS, prefix+"-probe", eventbustest.Options{
		Bus: cloud.Platform.Bus, Pattern: map[string]any{"source": []any{"conveyor.catalog"}, "detail-type": []any{events.TypeProductUpserted}},
	})
	token, err := cloud.Token("admin-1", time.Hour, "admin")
	if err != nil {
		t.Fatal(err)
	}

	body := `{"name":"Red mug","description":"350 ml","price":{"amount":1250,"currency":"EUR"},"active":true}`
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPut, cloud.APIURL+"/products/MUG-RED-350", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	answer, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode/100 != 2 {
		t.Fatalf("PUT /products/MUG-RED-350: %d %s %v", resp.StatusCode, answer, err)
	}
	stored := time.Now()

	m := eventbustest.Receive(t, c.SQS, probe.QueueURL, 1, 2*time.Second)[0]
	t.Logf("HTTP answer to ProductUpserted on the queue: %v", time.Since(stored))
	e, err := events.DecodeData[events.ProductUpserted](m.Event.Detail)
	if err != nil {
		t.Fatal(err)
	}
	if e.SKU != "MUG-RED-350" || e.Price.Amount != 1250 || e.ProductVersion != 1 {
		t.Errorf("event %+v", e)
	}
}
