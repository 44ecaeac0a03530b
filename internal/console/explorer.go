package console

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/shared/correlation"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Operation is one route of the API as the explorer offers it.
type Operation struct {
	Service  string
	Function string
	Method   string
	Path     string
	Auth     spec.Auth
	// Summary says what it does, when the contract tells.
	Summary string
	// Example is a request body to start from, when the contract has one.
	Example string
	// Headers are the request headers it needs, e.g. "Idempotency-Key".
	Headers []string
}

// Key names the operation: "POST /orders".
func (o Operation) Key() string { return o.Method + " " + o.Path }

// Params are the names of the path's parameters, in order.
func (o Operation) Params() []string {
	var out []string
	for _, m := range pathParam.FindAllStringSubmatch(o.Path, -1) {
		out = append(out, m[1])
	}
	return out
}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

// OperationsFromDeclarations lists every declared route, by path then
// method. A POST is offered an Idempotency-Key, which the routes that
// need one require and the others ignore.
func OperationsFromDeclarations(services []spec.Service) []Operation {
	var ops []Operation
	for _, s := range services {
		for _, r := range s.Routes {
			op := Operation{Service: s.Name, Function: r.Function, Method: r.Method, Path: r.Path, Auth: r.Auth}
			if r.Method == http.MethodPost {
				op.Headers = []string{"Idempotency-Key"}
			}
			ops = append(ops, op)
		}
	}
	sort.SliceStable(ops, func(i, j int) bool {
		if ops[i].Path != ops[j].Path {
			return ops[i].Path < ops[j].Path
		}
		return ops[i].Method < ops[j].Method
	})
	return ops
}

// WithContract adds what an OpenAPI 3.x document says of each operation
// (its summary, an example body, its required header parameters) to ops
// built from the declarations. The declarations stay the list of routes:
// the contract describes them, it does not add any.
func WithContract(ops []Operation, doc []byte) ([]Operation, error) {
	var d struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Summary    string `json:"summary"`
			Parameters []struct {
				Name     string `json:"name"`
				In       string `json:"in"`
				Required bool   `json:"required"`
			} `json:"parameters"`
			RequestBody struct {
				Content map[string]struct {
					Example  json.RawMessage `json:"example"`
					Examples map[string]struct {
						Value json.RawMessage `json:"value"`
					} `json:"examples"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return ops, fmt.Errorf("contract: %w", err)
	}
	if !strings.HasPrefix(d.OpenAPI, "3.") {
		return ops, fmt.Errorf("contract: openapi %q, want 3.x", d.OpenAPI)
	}
	out := make([]Operation, len(ops))
	for i, op := range ops {
		out[i] = op
		c, ok := d.Paths[op.Path][strings.ToLower(op.Method)]
		if !ok {
			continue
		}
		out[i].Summary = c.Summary
		var headers []string
		for _, p := range c.Parameters {
			if p.In == "header" && p.Required {
				headers = append(headers, p.Name)
			}
		}
		if headers != nil || op.Method != http.MethodPost {
			out[i].Headers = headers
		}
		media := c.RequestBody.Content["application/json"]
		example := media.Example
		if len(example) == 0 {
			names := make([]string, 0, len(media.Examples))
			for n := range media.Examples {
				names = append(names, n)
			}
			sort.Strings(names)
			if len(names) > 0 {
				example = media.Examples[names[0]].Value
			}
		}
		if len(example) > 0 {
			var pretty bytes.Buffer
			if json.Indent(&pretty, example, "", "  ") == nil {
				out[i].Example = pretty.String()
			}
		}
	}
	return out, nil
}

// contractPath is where the gateway serves the API's contract.
const contractPath = "/openapi.json"

// explorer offers the API's operations and sends requests to it.
type explorer struct {
	apiURL string
	base   []Operation
	http   *http.Client
	token  func(sub string, groups []string) (string, error)

	mu sync.Mutex
	// ops are the operations with what the contract adds; read is when
	// the contract was last asked for, and withContract whether it
	// answered.
	ops          []Operation
	read         time.Time
	withContract bool
}

// contractRetry is how long the explorer waits before asking again for a
// contract the gateway did not serve.
const contractRetry = 30 * time.Second

// operations returns the operations, asking the gateway for its contract
// the first time and, while it has none, every contractRetry.
func (x *explorer) operations(ctx context.Context) ([]Operation, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.withContract || (!x.read.IsZero() && time.Since(x.read) < contractRetry) {
		return x.ops, x.withContract
	}
	x.read = time.Now()
	x.ops = x.base
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, x.apiURL+contractPath, nil)
	if err != nil {
		return x.ops, false
	}
	resp, err := x.http.Do(req)
	if err != nil {
		return x.ops, false
	}
	defer resp.Body.Close()
	doc, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil || resp.StatusCode != http.StatusOK {
		return x.ops, false
	}
	if ops, err := WithContract(x.base, doc); err == nil {
		x.ops, x.withContract = ops, true
	}
	return x.ops, x.withContract
}

// Identity is who the explorer sends a request as.
type Identity struct {
	// Kind is "anonymous", "customer" or "admin".
	Kind string
	// Name is the customer's name, the token's subject.
	Name string
}

// Request is what the explorer's form sends.
type Request struct {
	Method, Path string
	// Params are the path parameters' values, by name.
	Params map[string]string
	// Query is the query string, without "?".
	Query string
	// Headers are "Name: value" lines.
	Headers string
	Body    string
	Who     Identity
}

// Response is what the API answered, with what the explorer sent.
type Response struct {
	Method, URL   string
	Status        int
	StatusText    string
	Headers       []string
	Body          string
	Duration      time.Duration
	CorrelationID string
	Sent          time.Time
	// OrderID is the order the answer is about, when it names one.
	OrderID string
}

// send sends the request to the API as its identity, with a correlation
// id of its own, so that its trace can be found.
func (x *explorer) send(ctx context.Context, r Request) (Response, error) {
	path := r.Path
	for name, v := range r.Params {
		if v == "" {
			return Response{}, fmt.Errorf("path parameter %s is empty", name)
		}
		path = strings.ReplaceAll(path, "{"+name+"}", url.PathEscape(v))
	}
	if pathParam.MatchString(path) {
		return Response{}, fmt.Errorf("path %s has a parameter without a value", path)
	}
	target := x.apiURL + path
	if q := strings.TrimPrefix(strings.TrimSpace(r.Query), "?"); q != "" {
		target += "?" + q
	}
	var body io.Reader
	if strings.TrimSpace(r.Body) != "" {
		body = strings.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, target, body)
	if err != nil {
		return Response{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for line := range strings.SplitSeq(r.Headers, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if k = strings.TrimSpace(k); ok && k != "" {
			req.Header.Set(k, strings.TrimSpace(v))
		}
	}
	switch r.Who.Kind {
	case "customer", "admin":
		sub, groups := strings.TrimSpace(r.Who.Name), []string(nil)
		if r.Who.Kind == "admin" {
			sub, groups = "console-admin", []string{spec.AdminGroup}
		}
		if sub == "" {
			return Response{}, errors.New("a customer needs a name")
		}
		tok, err := x.token(sub, groups)
		if err != nil {
			return Response{}, err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	corr := req.Header.Get(correlation.Header)
	if corr == "" {
		corr = "console-" + uuid.NewString()
		req.Header.Set(correlation.Header, corr)
	}
	sent := time.Now()
	resp, err := x.http.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Response{}, err
	}
	out := Response{Method: r.Method, URL: target, Status: resp.StatusCode, StatusText: http.StatusText(resp.StatusCode),
		Duration: time.Since(sent), CorrelationID: corr, Sent: sent, Body: string(raw)}
	if v := resp.Header.Get(correlation.Header); v != "" {
		out.CorrelationID = v
	}
	for k, vs := range resp.Header {
		out.Headers = append(out.Headers, k+": "+strings.Join(vs, ", "))
	}
	sort.Strings(out.Headers)
	var pretty bytes.Buffer
	if json.Indent(&pretty, raw, "", "  ") == nil {
		out.Body = pretty.String()
	}
	if strings.HasPrefix(r.Path, "/orders") && resp.StatusCode < 300 {
		var o struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(raw, &o) == nil {
			out.OrderID = o.ID
		}
	}
	return out, nil
}
