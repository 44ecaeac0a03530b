package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// OutputFile is where the contract lives, relative to the module root.
const OutputFile = "docs/openapi.json"

// LocalServer is the server the committed contract names: the API of
// `make run`.
const LocalServer = "http://127.0.0.1:8080"

// Path is where the local gateway serves the contract.
const Path = "/openapi.json"

// Version is the OpenAPI version of the contract.
const Version = "3.1.0"

// bearerScheme names the security scheme of protected routes.
const bearerScheme = "bearerAuth"

// responseHeaders describe the response headers an Operation may name.
var responseHeaders = map[string]map[string]any{
	"ETag": {
		"description": `The resource's version as a strong entity tag ("3"); send it back in If-Match.`,
		"schema":      map[string]any{"type": "string", "pattern": `^"[0-9]+"$`},
	},
	"Location": {
		"description": "The path of the resource created.",
		"schema":      map[string]any{"type": "string"},
	},
	"Idempotent-Replayed": {
		"description": "true when the answer is the one kept for the request's Idempotency-Key, not a new run.",
		"schema":      map[string]any{"type": "string", "enum": []string{"true"}},
	},
	correlation.Header: {
		"description": "The request's correlation id: the caller's X-Correlation-Id when well formed, else a new one. " +
			"Every log line of the request carries it; quote it when reporting a problem.",
		"schema": map[string]any{"type": "string"},
	},
}

// Render returns the API's contract as indented JSON: an OpenAPI 3.1
// document with every route the services declare, described by the
// service's Operations (operations, by service name), and server as its
// one server. Every route must have its Operation and every Operation
// its route.
func Render(services []spec.Service, operations map[string][]httpapi.Operation, server string) ([]byte, error) {
	doc, err := build(services, operations, server)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// Document is the contract of the services' routes, as Render writes it
// with every service's Operations (see Operations).
func Document(services []spec.Service, server string) ([]byte, error) {
	return Render(services, Operations(), server)
}

func build(services []spec.Service, operations map[string][]httpapi.Operation, server string) (map[string]any, error) {
	schemas := newSchemaSet()
	var roots []reflect.Type
	for _, ops := range operations {
		for _, op := range ops {
			if op.Request != nil && op.Request.Type != nil {
				roots = append(roots, reflect.TypeOf(op.Request.Type))
			}
			for _, r := range op.Responses {
				if r.Body != nil && r.Body.Type != nil {
					roots = append(roots, reflect.TypeOf(r.Body.Type))
				}
			}
		}
	}
	roots = append(roots, reflect.TypeFor[httpapi.Problem](), reflect.TypeFor[gatewayError]())
	schemas.nameTypes(roots)
	problem, err := schemas.schemaOf(reflect.TypeFor[httpapi.Problem](), responseRole)
	if err != nil {
		return nil, err
	}
	if _, err := schemas.bodySchema(&httpapi.Body{Type: httpapi.Problem{}, Fields: problemFields}, responseRole); err != nil {
		return nil, err
	}
	gwError, err := schemas.schemaOf(reflect.TypeFor[gatewayError](), responseRole)
	if err != nil {
		return nil, err
	}
	b := &builder{schemas: schemas, problem: problem, gatewayError: gwError, ids: map[string]bool{}, problems: map[int]bool{}}

	paths := map[string]any{}
	var tags []any
	for _, s := range services {
		if len(s.Routes) == 0 {
			continue
		}
		tags = append(tags, map[string]any{"name": s.Name, "description": s.Description})
		ops := map[string]httpapi.Operation{}
		for _, op := range operations[s.Name] {
			key := op.Method + " " + op.Path
			if _, dup := ops[key]; dup {
				return nil, fmt.Errorf("openapi: %s: two operations for %s", s.Name, key)
			}
			ops[key] = op
		}
		for _, r := range s.Routes {
			key := r.Method + " " + r.Path
			op, ok := ops[key]
			if !ok {
				return nil, fmt.Errorf("openapi: %s declares %s, and its ports describe no operation for it (add it to its Operations)", s.Name, key)
			}
			delete(ops, key)
			o, err := b.operation(s, r, op)
			if err != nil {
				return nil, fmt.Errorf("openapi: %s %s: %w", s.Name, key, err)
			}
			item, _ := paths[r.Path].(map[string]any)
			if item == nil {
				item = map[string]any{}
				paths[r.Path] = item
			}
			item[strings.ToLower(r.Method)] = o
		}
		for _, key := range sortedKeys(ops) {
			return nil, fmt.Errorf("openapi: %s describes an operation for %s, which it does not declare", s.Name, key)
		}
	}
	for name := range operations {
		if !slices.ContainsFunc(services, func(s spec.Service) bool { return s.Name == name }) {
			return nil, fmt.Errorf("openapi: operations of %q, a service not declared", name)
		}
	}
	problemResponses := map[string]any{}
	for status := range b.problems {
		problemResponses[problemResponseName(status)] = b.problemResponse(status)
	}
	headers := map[string]any{}
	for name, h := range responseHeaders {
		headers[name] = h
	}
	components := map[string]any{
		"schemas":   schemas.components,
		"responses": problemResponses,
		"headers":   headers,
		"securitySchemes": map[string]any{bearerScheme: map[string]any{
			"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
			"description": "An ID token of the stage's user pool (Cognito) in the Authorization header; locally, a token of " +
				"`go run ./cmd/conveyor token`. Admin routes also need the token's cognito:groups to hold " +
				strconv.Quote(spec.AdminGroup) + ": their security requirement names that group.",
		}},
	}
	return map[string]any{
		"openapi": Version,
		"info": map[string]any{
			"title":   "Conveyor API",
			"version": "1",
			"description": "The order-fulfilment API of Conveyor, generated from the service declarations (functions/*/spec.go) " +
				"and the Go types of their handlers (functions/*/ports). Every error is an RFC 9457 problem " +
				"(application/problem+json) with a correlationId; API Gateway's own refusals (401 without a valid token, " +
				"403 for a route that does not exist, 413, 429, 502, 504) are {\"message\": ...} in application/json. " +
				"Any request may carry an X-Correlation-Id header (1-128 of A-Z a-z 0-9 . _ : -): it is kept through the request, " +
				"its logs and the events it causes, and answered in the X-Correlation-Id response header (a new id when absent).",
		},
		"servers":    []any{map[string]any{"url": server}},
		"tags":       tags,
		"paths":      paths,
		"components": components,
	}, nil
}

// gatewayError is how API Gateway itself answers: 401 without a valid
// token, 403 for a route that does not exist, 413, 429, 502, 504.
type gatewayError struct {
	Message string `json:"message"`
}

// problemFields describe the members of a problem.
var problemFields = map[string]httpapi.Field{
	"type":          {Description: `A URI naming the kind of problem, e.g. "urn:conveyor:problem:invalid"; "about:blank" when the status says it all.`},
	"title":         {Description: "A short summary of the kind of problem."},
	"status":        {Description: "The HTTP status.", Minimum: httpapi.Int64(400), Maximum: httpapi.Int64(599)},
	"detail":        {Description: "What went wrong with this request."},
	"instance":      {Description: "The request's path."},
	"errors":        {Description: "The fields at fault, for a 400 or 422."},
	"correlationId": {Description: "The request's correlation id, as in the X-Correlation-Id header."},
}

// builder turns the declared routes and their Operations into OpenAPI
// operations.
type builder struct {
	schemas      *schemaSet
	problem      map[string]any
	gatewayError map[string]any
	ids          map[string]bool
	// problems are the statuses of the problem responses used.
	problems map[int]bool
}

// headerRef refers to the response header's component.
func headerRef(name string) map[string]any {
	return map[string]any{"$ref": "#/components/headers/" + name}
}

// problemResponseName names the component of the problem answer of a
// status: "Problem404".
func problemResponseName(status int) string { return "Problem" + strconv.Itoa(status) }

var pathParam = regexp.MustCompile(`\{([^}+]+)\+?\}`)

func (b *builder) operation(s spec.Service, r spec.Route, op httpapi.Operation) (map[string]any, error) {
	if op.ID == "" || b.ids[op.ID] {
		return nil, fmt.Errorf("the operation id %q is empty or taken", op.ID)
	}
	b.ids[op.ID] = true
	description := op.Description
	switch r.Auth {
	case spec.Public:
		description = strings.TrimSpace(description + " Anyone may call it.")
	case spec.Customer:
		description = strings.TrimSpace(description + " Needs a signed-in user's bearer token.")
	case spec.Admin:
		description = strings.TrimSpace(description + " Needs the bearer token of a user in the " + strconv.Quote(spec.AdminGroup) + " group (else 403).")
	}
	o := map[string]any{
		"operationId":         op.ID,
		"summary":             op.Summary,
		"description":         description,
		"tags":                []string{s.Name},
		"x-conveyor-function": r.Function,
		"x-conveyor-auth":     string(r.Auth),
	}
	switch r.Auth {
	case spec.Public:
		o["security"] = []any{}
	case spec.Customer:
		o["security"] = []any{map[string]any{bearerScheme: []string{}}}
	case spec.Admin:
		o["security"] = []any{map[string]any{bearerScheme: []string{spec.AdminGroup}}}
	default:
		return nil, fmt.Errorf("auth %q", r.Auth)
	}
	params, err := b.parameters(r.Path, op.Parameters)
	if err != nil {
		return nil, err
	}
	o["parameters"] = params

	responses := map[string]any{}
	problems := slices.Clone(op.Problems)
	if op.Request != nil {
		schema, err := b.schemas.bodySchema(op.Request, requestRole)
		if err != nil {
			return nil, err
		}
		media := map[string]any{"schema": schema}
		if op.Request.Example != nil {
			ex, err := asJSON(op.Request.Example)
			if err != nil {
				return nil, err
			}
			media["example"] = ex
		}
		o["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": media}}
		problems = append(problems, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType)
	}
	if len(op.Responses) == 0 {
		return nil, fmt.Errorf("no response described")
	}
	for _, resp := range op.Responses {
		out, err := b.response(resp)
		if err != nil {
			return nil, err
		}
		responses[strconv.Itoa(resp.Status)] = out
	}
	if r.Auth != spec.Public {
		problems = append(problems, http.StatusUnauthorized)
	}
	if r.Auth == spec.Admin {
		problems = append(problems, http.StatusForbidden)
	}
	slices.Sort(problems)
	for _, status := range slices.Compact(problems) {
		code := strconv.Itoa(status)
		if _, ok := responses[code]; ok {
			return nil, fmt.Errorf("status %d is both an answer and a problem", status)
		}
		responses[code] = map[string]any{"$ref": "#/components/responses/" + problemResponseName(status)}
		b.problems[status] = true
	}
	responses["default"] = map[string]any{
		"description": "Any other failure: a problem of the function (500, 503), or API Gateway's own answer (429, 502, 504).",
		"headers":     map[string]any{correlation.Header: headerRef(correlation.Header)},
		"content": map[string]any{
			httpapi.ProblemContentType: map[string]any{"schema": b.problem},
			"application/json":         map[string]any{"schema": b.gatewayError},
		},
	}
	o["responses"] = responses
	return o, nil
}

// problemResponse is the answer of a problem with the given status; a
// 401 may also be API Gateway's own, when the token is missing or
// invalid.
func (b *builder) problemResponse(status int) map[string]any {
	content := map[string]any{httpapi.ProblemContentType: map[string]any{"schema": b.problem}}
	description := http.StatusText(status) + ": a problem."
	switch status {
	case http.StatusUnauthorized:
		content["application/json"] = map[string]any{"schema": b.gatewayError, "example": map[string]any{"message": "Unauthorized"}}
		description = "No valid bearer token: API Gateway's own answer (application/json), or the function's problem."
	case http.StatusForbidden:
		description = "The caller may not use this operation (an admin route)."
	case http.StatusRequestEntityTooLarge:
		description = "The body is over the operation's limit."
	case http.StatusUnsupportedMediaType:
		description = "The body is not application/json."
	}
	return map[string]any{"description": description, "content": content}
}

func (b *builder) response(r httpapi.Response) (map[string]any, error) {
	headers := map[string]any{correlation.Header: headerRef(correlation.Header)}
	for _, h := range r.Headers {
		if _, ok := responseHeaders[h]; !ok {
			return nil, fmt.Errorf("response %d: no description of header %q", r.Status, h)
		}
		headers[h] = headerRef(h)
	}
	out := map[string]any{"description": r.Description, "headers": headers}
	if r.Body == nil {
		return out, nil
	}
	schema, err := b.schemas.bodySchema(r.Body, responseRole)
	if err != nil {
		return nil, err
	}
	media := map[string]any{"schema": schema}
	if r.Body.Example != nil {
		ex, err := asJSON(r.Body.Example)
		if err != nil {
			return nil, err
		}
		media["example"] = ex
	}
	out["content"] = map[string]any{"application/json": media}
	return out, nil
}

// parameters are the operation's parameters: one for each {name} of the
// path, then the others. X-Correlation-Id, which every operation takes,
// is described once, in the document's description.
func (b *builder) parameters(path string, declared []httpapi.Parameter) ([]any, error) {
	var out []any
	byName := map[string]httpapi.Parameter{}
	for _, p := range declared {
		byName[p.In+" "+p.Name] = p
	}
	for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
		p, ok := byName["path "+m[1]]
		if !ok {
			p = httpapi.Parameter{Name: m[1], In: "path"}
		}
		delete(byName, "path "+m[1])
		p.Required = true
		out = append(out, parameter(p))
	}
	for _, p := range declared {
		if p.In == "path" {
			if _, left := byName["path "+p.Name]; left {
				return nil, fmt.Errorf("parameter %q is not in the path", p.Name)
			}
			continue
		}
		if p.In != "query" && p.In != "header" {
			return nil, fmt.Errorf("parameter %q is in %q", p.Name, p.In)
		}
		out = append(out, parameter(p))
	}
	return out, nil
}

func parameter(p httpapi.Parameter) map[string]any {
	schema := map[string]any{"type": "string"}
	if p.Type != "" {
		schema["type"] = p.Type
	}
	if p.Pattern != "" {
		schema["pattern"] = p.Pattern
	}
	if p.MaxLength > 0 {
		schema["maxLength"] = p.MaxLength
	}
	if p.Minimum != nil {
		schema["minimum"] = *p.Minimum
	}
	if p.Maximum != nil {
		schema["maximum"] = *p.Maximum
	}
	out := map[string]any{"name": p.Name, "in": p.In, "schema": schema}
	if p.Description != "" {
		out["description"] = p.Description
	}
	if p.Required {
		out["required"] = true
	}
	if p.Example != nil {
		out["example"] = p.Example
	}
	return out
}

// Routes lists the "METHOD /path" of every operation of a rendered
// contract, sorted.
func Routes(doc []byte) ([]string, error) {
	var d struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	var out []string
	for path, item := range d.Paths {
		for method := range item {
			out = append(out, strings.ToUpper(method)+" "+path)
		}
	}
	sort.Strings(out)
	return out, nil
}
