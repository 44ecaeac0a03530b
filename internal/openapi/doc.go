// Package openapi writes the API's contract, docs/openapi.json: an
// OpenAPI 3.1 document generated from the service declarations (every
// route, its function and who may call it) and from what each service's
// HTTP port says of its routes (httpapi.Operation: the Go types of the
// request and response bodies, the parameters, the problems, an example).
// The schemas are the JSON Schema of those Go types, as encoding/json
// writes them, so the contract describes what the handlers really send.
//
// `make docs` regenerates the file and a test fails when it is stale; the
// local gateway serves the same document at GET /openapi.json, and the
// Go client (package client) is generated from it. Contract checks every
// response of the end-to-end tests against it, with kin-openapi.
package openapi
