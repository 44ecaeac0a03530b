package main

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/client"
)

func TestARefusedCallIsReportedWithTheProblemTheAPIAnswered(t *testing.T) {
	problem := `{"type":"urn:conveyor:problem:forbidden","title":"Forbidden","status":403,"detail":"admins only"}`
	refusal := &client.PutProductResponse{Body: []byte(problem + "\n"), HTTPResponse: &http.Response{StatusCode: http.StatusForbidden}}
	err := answered(refusal, nil, "PUT /products/MUG")
	if err == nil || err.Error() != "PUT /products/MUG: 403 "+problem {
		t.Errorf("a 403: %v", err)
	}
	created := &client.PutProductResponse{Body: []byte(`{}`), HTTPResponse: &http.Response{StatusCode: http.StatusCreated}}
	if err := answered(created, nil, "PUT /products/MUG"); err != nil {
		t.Errorf("a 201: %v", err)
	}
	if err := answered((*client.PutProductResponse)(nil), errors.New("connection refused"), "PUT /products/MUG"); err == nil ||
		!strings.Contains(err.Error(), "PUT /products/MUG: connection refused") {
		t.Errorf("no answer: %v", err)
	}
}
