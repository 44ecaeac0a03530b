package localcloud_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/internal/localcloud"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestMain(m *testing.M) {
	if err := kumotest.PrepareEnv(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// workerService is a throwaway declaration: an API that publishes events,
// and a subscription that stores them.
func workerService() spec.Service {
	return spec.Service{
		Name:  "worker",
		Table: spec.Table{PartitionKey: spec.Key{Name: "pk", Type: spec.String}},
		Functions: []spec.Function{{
			Name: "worker-fn", Entry: "./internal/localcloud/testdata/worker", MemoryMB: 128, Timeout: 5 * time.Second, MaxConcurrency: 2,
		}},
		Routes: []spec.Route{
			{Method: "POST", Path: "/events", Function: "worker-fn", Auth: spec.Public},
			{Method: "GET", Path: "/things/{id}", Function: "worker-fn", Auth: spec.Customer},
		},
		Subscriptions: []spec.Subscription{{
			Name: "things", Function: "worker-fn", BatchSize: 5, MaxReceiveCount: 2, VisibilityTimeout: time.Second,
			Sources: []string{"conveyor.worker"}, DetailTypes: []string{"ThingHappened"},
		}},
	}
}

type client struct {
	t     *testing.T
	base  string
	token string
}

func (c client) do(method, path, body string) (int, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	poll.Until(t, what, 30*time.Second, cond)
}

// startWorkerCloud starts a local cloud of the worker service alone,
// with the resource prefix prefix, its output to out and the policies
// policies, and closes it when the test ends. It returns the cloud and an
// API client signed in as alice.
func startWorkerCloud(t *testing.T, prefix string, out io.Writer, policies localcloud.Policies) (*localcloud.Cloud, client) {
	t.Helper()
	root, err := localcloud.FindModuleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	cloud, err := localcloud.Start(context.Background(), localcloud.Config{
		ModuleRoot: root,
		Services:   []spec.Service{workerService()},
		APIAddr:    "127.0.0.1:0",
		StateDir:   t.TempDir(),
		BinDir:     t.TempDir(),
		Prefix:     prefix,
		Printer:    localcloud.NewPrinter(out, false, false),
		Policies:   policies,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := cloud.Close(sctx); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	token, err := cloud.Token("alice", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return cloud, client{t: t, base: cloud.APIURL, token: token}
}

func TestLocalCloud(t *testing.T) {
	ctx := context.Background()
	prefix := "lc-" + kumotest.Prefix(t)
	// The worker publishes from its API, which no declared function may;
	// its policy grants what the test needs.
	cloud, api := startWorkerCloud(t, prefix, testWriter{t}, workerPolicy)

	t.Run("an event published through the API is stored by the subscriber", func(t *testing.T) {
		if code, body := api.do("POST", "/events", `{"id":"thing-1"}`); code != 202 {
			t.Fatalf("POST /events: %d %s", code, body)
		}
		eventually(t, "thing-1 is stored", func() bool {
			code, _ := api.do("GET", "/things/thing-1", "")
			return code == 200
		})
		if _, body := api.do("GET", "/things/thing-1", ""); !strings.Contains(body, `"caller":"alice"`) {
			t.Fatalf("the caller's claims did not reach the function: %s", body)
		}
	})
	t.Run("a protected route without a token is answered 401", func(t *testing.T) {
		anon := client{t: t, base: cloud.APIURL}
		if code, body := anon.do("GET", "/things/thing-1", ""); code != 401 {
			t.Fatalf("got %d %s", code, body)
		}
	})
	t.Run("an event the subscriber keeps refusing ends in the DLQ", func(t *testing.T) {
		if code, body := api.do("POST", "/events", `{"id":"fail-1"}`); code != 202 {
			t.Fatalf("POST /events: %d %s", code, body)
		}
		q := cloud.Platform.Queues["worker/things"]
		eventually(t, "fail-1 is in the DLQ", func() bool {
			out, err := cloud.Clients.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(q.DLQURL), MaxNumberOfMessages: 10})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range out.Messages {
				if strings.Contains(aws.ToString(m.Body), "fail-1") {
					return true
				}
			}
			return false
		})
	})
	t.Run("requests succeed after a function process is killed", func(t *testing.T) {
		fn := cloud.Functions["worker-fn"]
		pids := fn.PIDs()
		if len(pids) == 0 {
			t.Fatal("no process runs")
		}
		for _, pid := range pids {
			if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
		}
		eventually(t, "the killed processes are gone", func() bool {
			for _, live := range fn.PIDs() {
				for _, dead := range pids {
					if live == dead {
						return false
					}
				}
			}
			return true
		})
		for i := range 5 {
			if code, body := api.do("GET", "/things/thing-1", ""); code != 200 {
				t.Fatalf("request %d after the kill: %d %s", i, code, body)
			}
		}
	})
	t.Run("the cloud describes the settings it runs with", func(t *testing.T) {
		got, err := cloud.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sub := workerService().Subscriptions[0]
		consumer, _ := workerService().Function(sub.Function)
		queue := got["queue worker-"+sub.Name]
		if want := sub.QueueVisibility(consumer).String(); queue["visibility timeout"] != want || queue["dead-letter queue"] != "worker-"+sub.Name+"-dlq" {
			t.Errorf("queue settings %v, want visibility %s and its DLQ", queue, want)
		}
		if fn := got["function worker-fn"]; fn["environment TABLE_NAME"] != "{prefix}-worker" || fn["environment CONVEYOR_STAGE"] != "{stage}" {
			t.Errorf("function settings %v", fn)
		}
	})
	t.Run("the names follow the local convention", func(t *testing.T) {
		n := provision.Names{Prefix: prefix}
		if cloud.Platform.Tables["worker"].Name != n.Table(workerService()) || cloud.Platform.Bus != prefix {
			t.Fatalf("platform %+v", cloud.Platform)
		}
	})
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
