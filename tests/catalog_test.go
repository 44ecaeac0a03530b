package tests

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// listedSKUs returns the SKUs in a GET /products response, whether the
// list is the body itself or a field of it.
func listedSKUs(t *testing.T, body string) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("list response %q: %v", body, err)
	}
	var items []any
	switch x := v.(type) {
	case []any:
		items = x
	case map[string]any:
		for _, f := range x {
			if a, ok := f.([]any); ok {
				items = a
			}
		}
	}
	var skus []string
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			skus = append(skus, fmt.Sprint(m["sku"]))
		}
	}
	return skus
}

func TestCatalogThroughTheAPI(t *testing.T) {
	sku := fmt.Sprintf("E2E-%d", time.Now().UnixNano()%1_000_000_000)
	product := `{"name":"End-to-end lamp","description":"Made by the e2e tests","price":{"amount":4200,"currency":"EUR"},"active":true}`

	tests := []struct {
		name   string
		method string
		path   string
		token  string
		body   string
		status int
		check  func(t *testing.T, body string)
	}{
		{name: "writing a product without a token is refused with 401", method: "PUT", path: "/products/" + sku, body: product, status: 401,
			check: func(t *testing.T, body string) {
				if !strings.Contains(body, `"message":"Unauthorized"`) {
					t.Fatalf("body %s", body)
				}
			}},
		{name: "writing a product with a bad token is refused with 401", method: "PUT", path: "/products/" + sku, token: "not-a-jwt", body: product, status: 401},
		{name: "writing a product as a customer is forbidden", method: "PUT", path: "/products/" + sku, token: target.customerToken, body: product, status: 403},
		{name: "an admin creates a product", method: "PUT", path: "/products/" + sku, token: target.adminToken, body: product, status: 200},
		{name: "anyone reads the product", method: "GET", path: "/products/" + sku, status: 200,
			check: func(t *testing.T, body string) {
				if !strings.Contains(body, "End-to-end lamp") || !strings.Contains(body, "4200") {
					t.Fatalf("body %s", body)
				}
			}},
		{name: "the list includes the product", method: "GET", path: "/products", status: 200,
			check: func(t *testing.T, body string) {
				for _, s := range listedSKUs(t, body) {
					if s == sku {
						return
					}
				}
				t.Fatalf("%s not listed in %s", sku, body)
			}},
		{name: "an admin deletes the product", method: "DELETE", path: "/products/" + sku, token: target.adminToken, status: 204},
		{name: "the deleted product is gone", method: "GET", path: "/products/" + sku, status: 404},
		{name: "the health check answers", method: "GET", path: "/health/catalog", status: 200},
		{name: "an undeclared route is answered as API Gateway does", method: "GET", path: "/no-such-thing", status: 403,
			check: func(t *testing.T, body string) {
				if !strings.Contains(body, "Missing Authentication Token") {
					t.Fatalf("body %s", body)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := call(t, tt.method, tt.path, tt.token, tt.body)
			ok := code == tt.status || (tt.status == 200 && code == 201) || (tt.status == 204 && code == 200)
			if !ok {
				t.Fatalf("%s %s: status %d, want %d: %s", tt.method, tt.path, code, tt.status, body)
			}
			if tt.check != nil {
				tt.check(t, body)
			}
		})
	}
}

func TestKilledFunctionProcessIsReplaced(t *testing.T) {
	localOnly(t)
	fn, ok := target.cloud.Functions["catalog-api"]
	if !ok {
		t.Fatal("catalog-api is not running")
	}
	var (
		stop      atomic.Bool
		wg        sync.WaitGroup
		requests  atomic.Int64
		afterKill atomic.Int64
		killed    atomic.Bool
		failures  []string
		mu        sync.Mutex
	)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				code, body := call(t, "GET", "/products", "", "")
				requests.Add(1)
				if killed.Load() {
					afterKill.Add(1)
				}
				if code != 200 {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%d %s", code, body))
					mu.Unlock()
				}
			}
		}()
	}
	eventually(t, "requests flow", 10*time.Second, func() bool { return requests.Load() >= 10 })
	pids := fn.PIDs()
	for _, pid := range pids {
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
	}
	killed.Store(true)
	eventually(t, "requests flow after the kill", 20*time.Second, func() bool { return afterKill.Load() >= 20 })
	// Requests that were in flight when the processes died fail, as on
	// Lambda; every later one must succeed.
	mu.Lock()
	failures = nil
	mu.Unlock()
	before := afterKill.Load()
	eventually(t, "more requests flow", 20*time.Second, func() bool { return afterKill.Load() >= before+20 })
	stop.Store(true)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if len(failures) > 0 {
		t.Fatalf("%d requests failed after the processes were replaced: %v", len(failures), failures[0])
	}
	for _, live := range fn.PIDs() {
		for _, dead := range pids {
			if live == dead {
				t.Fatalf("killed process %d still serves", dead)
			}
		}
	}
}
