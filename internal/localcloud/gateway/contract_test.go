package gateway_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/localcloud/gateway"
	"github.com/conveyor-dev/conveyor/internal/openapi"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestTheGatewayServesTheContractToAnyone(t *testing.T) {
	g, err := gateway.New(gateway.Config{Contract: func(server string) ([]byte, error) {
		return openapi.Document(functions.All(), server)
	}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	resp, err := http.Get(srv.URL + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /openapi.json: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	c, err := openapi.Load(body)
	if err != nil {
		t.Fatal(err)
	}
	if c.Operations() == 0 {
		t.Error("the contract has no operation")
	}
	if !strings.Contains(string(body), `"url": "`+srv.URL+`"`) {
		t.Errorf("the contract does not name the gateway's address %s as its server", srv.URL)
	}
	r, err := http.Post(srv.URL+"/openapi.json", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusForbidden {
		t.Errorf("POST /openapi.json: %d, want API Gateway's 403", r.StatusCode)
	}
}

func TestARouteCannotTakeTheContractsPath(t *testing.T) {
	_, err := gateway.New(gateway.Config{Routes: []gateway.Route{{Method: "GET", Path: "/openapi.json", Auth: spec.Public, Function: &function{}}}})
	if err == nil {
		t.Fatal("a declared GET /openapi.json was accepted")
	}
}
