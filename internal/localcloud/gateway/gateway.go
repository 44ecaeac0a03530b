package gateway

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/internal/localcloud/auth"
	"github.com/conveyor-dev/conveyor/internal/localcloud/runtimeapi"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// MaxPayloadBytes is the largest request body API Gateway accepts.
const MaxPayloadBytes = 10 << 20

// IntegrationTimeout is API Gateway's default limit on a Lambda
// integration.
const IntegrationTimeout = 29 * time.Second

// Invoker runs a function; *runtimeapi.Function is one.
type Invoker interface {
	InvokeWith(ctx context.Context, payload []byte, o runtimeapi.InvokeOptions) ([]byte, error)
}

// Route is one declared route and the function behind it.
type Route struct {
	Method   string
	Path     string
	Auth     spec.Auth
	Function Invoker
	// FunctionName appears in access logs.
	FunctionName string
}

// Config configures a Gateway.
type Config struct {
	// Routes are the routes to serve.
	Routes []Route
	// Keys verify bearer tokens on customer and admin routes.
	Keys *auth.Keys
	// Stage is requestContext.stage; empty means "local".
	Stage string
	// APIID is requestContext.apiId; empty means "local".
	APIID string
	// AccountID is requestContext.accountId.
	AccountID string
	// Timeout is the integration timeout; 0 means IntegrationTimeout.
	Timeout time.Duration
	// AccessLog receives one line per request; nil discards them.
	AccessLog func(line string)
	// Contract renders the API's contract (OpenAPI) naming server as its
	// server, served at GET ContractPath to anyone; nil serves none.
	Contract func(server string) ([]byte, error)
}

// ContractPath is where the gateway serves the API's contract; no route
// may take it.
const ContractPath = "/openapi.json"

// Gateway is an http.Handler serving the declared routes.
type Gateway struct {
	cfg    Config
	routes []route
	// contracts are the rendered contracts, by server URL.
	contracts sync.Map
}

// New validates the routes and returns a Gateway.
func New(cfg Config) (*Gateway, error) {
	if cfg.Stage == "" {
		cfg.Stage = "local"
	}
	if cfg.APIID == "" {
		cfg.APIID = "local"
	}
	if cfg.AccountID == "" {
		cfg.AccountID = "000000000000"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = IntegrationTimeout
	}
	if cfg.AccessLog == nil {
		cfg.AccessLog = func(string) {}
	}
	g := &Gateway{cfg: cfg}
	seen := map[string]bool{}
	for _, r := range cfg.Routes {
		key := r.Method + " " + r.Path
		if r.Path == ContractPath {
			return nil, fmt.Errorf("gateway: route %s: the gateway serves the API's contract there", key)
		}
		if seen[key] {
			return nil, fmt.Errorf("gateway: route %s declared twice", key)
		}
		seen[key] = true
		if r.Function == nil {
			return nil, fmt.Errorf("gateway: route %s has no function", key)
		}
		if r.Auth != spec.Public && cfg.Keys == nil {
			return nil, fmt.Errorf("gateway: route %s needs auth but no keys are configured", key)
		}
		g.routes = append(g.routes, route{Route: r, segments: splitPath(r.Path)})
	}
	return g, nil
}

// apiError is how API Gateway itself answers.
func apiError(w http.ResponseWriter, requestID string, code int, errorType, message string) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("x-amzn-RequestId", requestID)
	h.Set("x-amzn-ErrorType", errorType)
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"message": message})
}

// ServeHTTP answers one request as API Gateway REST would.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	requestID := uuid.NewString()
	status, fnName := g.serve(w, r, requestID)
	g.cfg.AccessLog(fmt.Sprintf("%s %s %d %s %s", r.Method, r.URL.RequestURI(), status,
		time.Since(start).Round(time.Millisecond), fnName))
}

func (g *Gateway) serve(w http.ResponseWriter, r *http.Request, requestID string) (int, string) {
	segs, err := splitEscaped(r.URL.EscapedPath())
	if err != nil {
		apiError(w, requestID, http.StatusBadRequest, "BadRequestException", "Invalid request path")
		return http.StatusBadRequest, ""
	}
	rt, params, _ := g.find(r.Method, segs)
	if rt == nil && g.cfg.Contract != nil && r.URL.Path == ContractPath && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		return g.serveContract(w, r, requestID), ""
	}
	if rt == nil {
		apiError(w, requestID, http.StatusForbidden, "MissingAuthenticationTokenException", "Missing Authentication Token")
		return http.StatusForbidden, ""
	}
	var authorizer map[string]any
	if rt.Auth != spec.Public {
		token, ok := auth.BearerToken(r.Header.Get("Authorization"))
		if !ok {
			apiError(w, requestID, http.StatusUnauthorized, "UnauthorizedException", "Unauthorized")
			return http.StatusUnauthorized, ""
		}
		claims, err := g.cfg.Keys.Verify(token)
		if err != nil {
			apiError(w, requestID, http.StatusUnauthorized, "UnauthorizedException", "Unauthorized")
			return http.StatusUnauthorized, ""
		}
		authorizer = map[string]any{"claims": claims.Authorizer()}
	}
	if r.ContentLength > MaxPayloadBytes {
		apiError(w, requestID, http.StatusRequestEntityTooLarge, "RequestTooLarge", "Request Too Long")
		return http.StatusRequestEntityTooLarge, ""
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxPayloadBytes+1))
	if err != nil {
		apiError(w, requestID, http.StatusBadRequest, "BadRequestException", "Invalid request body")
		return http.StatusBadRequest, ""
	}
	if len(body) > MaxPayloadBytes {
		apiError(w, requestID, http.StatusRequestEntityTooLarge, "RequestTooLarge", "Request Too Long")
		return http.StatusRequestEntityTooLarge, ""
	}
	trace := runtimeapi.NewTraceHeader()
	event := g.event(r, rt, params, authorizer, body, requestID, trace)
	payload, err := json.Marshal(event)
	if err != nil {
		apiError(w, requestID, http.StatusInternalServerError, "InternalServerErrorException", "Internal server error")
		return http.StatusInternalServerError, rt.FunctionName
	}
	ctx, cancel := context.WithTimeout(r.Context(), g.cfg.Timeout)
	defer cancel()
	out, err := rt.Function.InvokeWith(ctx, payload, runtimeapi.InvokeOptions{TraceHeader: trace})
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			apiError(w, requestID, http.StatusGatewayTimeout, "IntegrationTimeout", "Endpoint request timed out")
			return http.StatusGatewayTimeout, rt.FunctionName
		}
		apiError(w, requestID, http.StatusBadGateway, "InternalServerErrorException", "Internal server error")
		return http.StatusBadGateway, rt.FunctionName
	}
	var resp events.APIGatewayProxyResponse
	if err := json.Unmarshal(out, &resp); err != nil || resp.StatusCode < 100 || resp.StatusCode > 599 {
		apiError(w, requestID, http.StatusBadGateway, "InternalServerErrorException", "Internal server error")
		return http.StatusBadGateway, rt.FunctionName
	}
	respBody := []byte(resp.Body)
	if resp.IsBase64Encoded {
		if respBody, err = base64.StdEncoding.DecodeString(resp.Body); err != nil {
			apiError(w, requestID, http.StatusBadGateway, "InternalServerErrorException", "Internal server error")
			return http.StatusBadGateway, rt.FunctionName
		}
	}
	h := w.Header()
	for k, vs := range resp.MultiValueHeaders {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	for k, v := range resp.Headers {
		h.Set(k, v)
	}
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	h.Set("x-amzn-RequestId", requestID)
	h.Set("X-Amzn-Trace-Id", strings.SplitN(trace, ";", 2)[0])
	h.Set("Content-Length", strconv.Itoa(len(respBody)))
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(respBody)
	return resp.StatusCode, rt.FunctionName
}

// serveContract answers GET /openapi.json with the API's contract, its
// server the address the request reached.
func (g *Gateway) serveContract(w http.ResponseWriter, r *http.Request, requestID string) int {
	server := "http://" + r.Host
	doc, ok := g.contracts.Load(server)
	if !ok {
		rendered, err := g.cfg.Contract(server)
		if err != nil {
			apiError(w, requestID, http.StatusInternalServerError, "InternalServerErrorException", "Internal server error")
			return http.StatusInternalServerError
		}
		doc, _ = g.contracts.LoadOrStore(server, append(rendered, '\n'))
	}
	body := doc.([]byte)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("x-amzn-RequestId", requestID)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		_, _ = w.Write(body)
	}
	return http.StatusOK
}

// event builds the proxy event API Gateway REST sends a Lambda proxy
// integration.
func (g *Gateway) event(r *http.Request, rt *route, params map[string]string, authorizer map[string]any, body []byte, requestID, trace string) events.APIGatewayProxyRequest {
	now := time.Now().UTC()
	sourceIP, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		sourceIP = r.RemoteAddr
	}
	port := "80"
	if _, p, err := net.SplitHostPort(r.Host); err == nil {
		port = p
	}
	hdr := r.Header.Clone()
	hdr.Set("Host", r.Host)
	if prior := hdr.Get("X-Forwarded-For"); prior != "" {
		hdr.Set("X-Forwarded-For", prior+", "+sourceIP)
	} else {
		hdr.Set("X-Forwarded-For", sourceIP)
	}
	hdr.Set("X-Forwarded-Port", port)
	hdr.Set("X-Forwarded-Proto", "http")
	hdr.Set("X-Amzn-Trace-Id", strings.SplitN(trace, ";", 2)[0])

	ev := events.APIGatewayProxyRequest{
		Resource:          rt.Path,
		Path:              r.URL.Path,
		HTTPMethod:        r.Method,
		Headers:           map[string]string{},
		MultiValueHeaders: map[string][]string{},
		RequestContext: events.APIGatewayProxyRequestContext{
			AccountID:         g.cfg.AccountID,
			ResourceID:        resourceID(rt.Path),
			Stage:             g.cfg.Stage,
			DomainName:        r.Host,
			DomainPrefix:      strings.SplitN(r.Host, ".", 2)[0],
			RequestID:         requestID,
			ExtendedRequestID: base64.RawStdEncoding.EncodeToString([]byte(requestID))[:16] + "=",
			Protocol:          r.Proto,
			Identity:          events.APIGatewayRequestIdentity{SourceIP: sourceIP, UserAgent: r.UserAgent()},
			ResourcePath:      rt.Path,
			Path:              r.URL.Path,
			Authorizer:        authorizer,
			HTTPMethod:        r.Method,
			RequestTime:       now.Format("02/Jan/2006:15:04:05 -0700"),
			RequestTimeEpoch:  now.UnixMilli(),
			APIID:             g.cfg.APIID,
		},
	}
	for k, vs := range hdr {
		ev.MultiValueHeaders[k] = vs
		ev.Headers[k] = vs[len(vs)-1]
	}
	if q := r.URL.Query(); len(q) > 0 {
		ev.QueryStringParameters = map[string]string{}
		ev.MultiValueQueryStringParameters = map[string][]string{}
		for k, vs := range q {
			ev.MultiValueQueryStringParameters[k] = vs
			ev.QueryStringParameters[k] = vs[len(vs)-1]
		}
	}
	if len(params) > 0 {
		ev.PathParameters = params
	}
	if len(body) > 0 {
		if utf8.Valid(body) {
			ev.Body = string(body)
		} else {
			ev.Body = base64.StdEncoding.EncodeToString(body)
			ev.IsBase64Encoded = true
		}
	}
	return ev
}

// resourceID is a stable short ID for a resource path, as API Gateway
// gives every resource one.
func resourceID(path string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(path))
	return strconv.FormatUint(uint64(h.Sum32()), 36)
}
