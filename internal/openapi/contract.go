package openapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// Contract is a loaded, valid contract that answers can be checked
// against.
type Contract struct {
	doc    *openapi3.T
	router routers.Router
}

// Load parses an OpenAPI 3.1 document and validates it: its structure,
// its schemas and its examples against their schemas.
func Load(doc []byte) (*Contract, error) {
	loader := openapi3.NewLoader()
	t, err := loader.LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi: load: %w", err)
	}
	if t.OpenAPIMajorMinor() != "3.1" {
		return nil, fmt.Errorf("openapi: the document is OpenAPI %s, not 3.1", t.OpenAPI)
	}
	if err := t.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("openapi: invalid: %w", err)
	}
	// Answers are matched by path alone, whatever host served them.
	t.Servers = nil
	router, err := legacy.NewRouter(t)
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	return &Contract{doc: t, router: router}, nil
}

// ErrNoRoute is returned by CheckResponse for a request the contract has
// no operation for.
var ErrNoRoute = errors.New("openapi: the contract has no operation for the request")

// CheckResponse checks that the answer (status, header, body) to req is
// one the contract allows: a status it lists (or its default), a media
// type it lists for that status, a body that its schema accepts and the
// headers it requires. The request itself is not checked, so that
// answers to deliberately wrong requests are checked too.
func (c *Contract) CheckResponse(ctx context.Context, req *http.Request, status int, header http.Header, body []byte) error {
	u := *req.URL
	probe := &http.Request{Method: req.Method, URL: &url.URL{Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery}, Header: req.Header}
	route, params, err := c.router.FindRoute(probe)
	if err != nil {
		return fmt.Errorf("%w: %s %s (%v)", ErrNoRoute, req.Method, u.Path, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(ctx, in); err != nil {
		return fmt.Errorf("%s %s answered %d, which the contract does not allow: %w", req.Method, u.Path, status, err)
	}
	return nil
}

// Operations counts the operations of the contract.
func (c *Contract) Operations() int {
	n := 0
	for _, item := range c.doc.Paths.Map() {
		n += len(item.Operations())
	}
	return n
}
