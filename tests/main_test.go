package tests

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/localcloud"
	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// The environment contract for running against another deployment.
const (
	EnvAPIURL        = "CONVEYOR_E2E_API_URL"
	EnvAdminToken    = "CONVEYOR_E2E_ADMIN_TOKEN"
	EnvCustomerToken = "CONVEYOR_E2E_CUSTOMER_TOKEN"
)

// target is what the tests run against.
var target struct {
	apiURL        string
	adminToken    string
	customerToken string
	// cloud is the local cloud the tests started; nil for a remote target.
	cloud      *localcloud.Cloud
	moduleRoot string
	// stateDir holds the local cloud's token key; empty for a remote
	// target.
	stateDir string
}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	root, err := localcloud.FindModuleRoot(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	target.moduleRoot = root
	if url := os.Getenv(EnvAPIURL); url != "" {
		target.apiURL = strings.TrimSuffix(url, "/")
		target.adminToken = os.Getenv(EnvAdminToken)
		target.customerToken = os.Getenv(EnvCustomerToken)
		if target.adminToken == "" || target.customerToken == "" {
			fmt.Fprintf(os.Stderr, "%s is set: %s and %s must be set too\n", EnvAPIURL, EnvAdminToken, EnvCustomerToken)
			return 1
		}
		return m.Run()
	}
	if err := kumotest.PrepareEnv(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	stateDir, err := os.MkdirTemp("", "conveyor-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(stateDir)
	started := time.Now()
	cloud, err := localcloud.Start(context.Background(), localcloud.Config{
		ModuleRoot: root,
		Services:   functions.All(),
		APIAddr:    "127.0.0.1:0",
		StateDir:   stateDir,
		Printer:    localcloud.NewPrinter(os.Stderr, false, false),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "local cloud ready in %s at %s\n", time.Since(started).Round(time.Millisecond), cloud.APIURL)
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := cloud.Close(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "stop local cloud:", err)
		}
	}()
	target.cloud = cloud
	target.apiURL = cloud.APIURL
	target.stateDir = stateDir
	if target.adminToken, err = cloud.Token("e2e-admin", time.Hour, spec.AdminGroup); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if target.customerToken, err = cloud.Token("e2e-customer", time.Hour); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

func localOnly(t *testing.T) {
	t.Helper()
	if target.cloud == nil {
		t.Skipf("needs the local cloud; %s points elsewhere", EnvAPIURL)
	}
}

// call sends one request to the API and returns the status and body.
func call(t *testing.T, method, path, token, body string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, target.apiURL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, req, resp, b)
	return resp.StatusCode, string(b)
}

func eventually(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	poll.Until(t, what, timeout, cond)
}
