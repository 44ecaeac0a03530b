package gateway_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/golang-jwt/jwt/v5"

	"github.com/conveyor-dev/conveyor/internal/localcloud/auth"
	"github.com/conveyor-dev/conveyor/internal/localcloud/gateway"
	"github.com/conveyor-dev/conveyor/internal/localcloud/runtimeapi"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// function is the function side of a test: it keeps the last event and
// answers with respond.
type function struct {
	mu      sync.Mutex
	last    []byte
	respond func(ctx context.Context, ev events.APIGatewayProxyRequest) ([]byte, error)
}

func (f *function) InvokeWith(ctx context.Context, payload []byte, _ runtimeapi.InvokeOptions) ([]byte, error) {
	f.mu.Lock()
	f.last = payload
	f.mu.Unlock()
	var ev events.APIGatewayProxyRequest
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil, err
	}
	if f.respond != nil {
		return f.respond(ctx, ev)
	}
	return json.Marshal(events.APIGatewayProxyResponse{StatusCode: 200, Body: `{"ok":true}`,
		MultiValueHeaders: map[string][]string{"Set-Cookie": {"a=1", "b=2"}}})
}

func (f *function) event(t *testing.T) events.APIGatewayProxyRequest {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	dec := json.NewDecoder(bytes.NewReader(f.last))
	dec.DisallowUnknownFields()
	var ev events.APIGatewayProxyRequest
	if err := dec.Decode(&ev); err != nil {
		t.Fatalf("the event does not decode strictly into events.APIGatewayProxyRequest: %v", err)
	}
	return ev
}

func serve(t *testing.T, keys *auth.Keys, fn *function, timeout time.Duration, routes ...spec.Route) *httptest.Server {
	t.Helper()
	var rs []gateway.Route
	for _, r := range routes {
		rs = append(rs, gateway.Route{Method: r.Method, Path: r.Path, Auth: r.Auth, Function: fn, FunctionName: r.Function})
	}
	g, err := gateway.New(gateway.Config{Routes: rs, Keys: keys, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	return srv
}

func do(t *testing.T, method, url string, body io.Reader, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
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
	return resp, string(b)
}

// sample loads a sample event shipped with aws-lambda-go.
func sample(t *testing.T, name string) []byte {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/aws/aws-lambda-go").Output()
	if err != nil {
		t.Fatalf("locate aws-lambda-go: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "events", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// setFields lists the dotted paths of the non-zero fields of v.
func setFields(v reflect.Value, prefix string, out map[string]bool) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			name := strings.Split(v.Type().Field(i).Tag.Get("json"), ",")[0]
			setFields(v.Field(i), prefix+name+".", out)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			setFields(v.Elem(), prefix, out)
		}
	default:
		if !v.IsZero() {
			out[strings.TrimSuffix(prefix, ".")] = true
		}
	}
}

// notLocal are sample fields a local REST API with a Cognito authorizer
// cannot have: IAM and Cognito identity-pool callers, API keys, mutual TLS
// and stage variables.
var notLocal = map[string]bool{
	"requestContext.identity.cognitoIdentityPoolId":         true,
	"requestContext.identity.accountId":                     true,
	"requestContext.identity.cognitoIdentityId":             true,
	"requestContext.identity.caller":                        true,
	"requestContext.identity.apiKey":                        true,
	"requestContext.identity.apiKeyId":                      true,
	"requestContext.identity.accessKey":                     true,
	"requestContext.identity.cognitoAuthenticationType":     true,
	"requestContext.identity.cognitoAuthenticationProvider": true,
	"requestContext.identity.userArn":                       true,
	"requestContext.identity.user":                          true,
	"requestContext.identity.clientCert.clientCertPem":      true,
	"requestContext.identity.clientCert.subjectDN":          true,
	"requestContext.identity.clientCert.issuerDN":           true,
	"requestContext.identity.clientCert.serialNumber":       true,
	"requestContext.identity.clientCert.validity.notBefore": true,
	"requestContext.identity.clientCert.validity.notAfter":  true,
	"stageVariables": true,
}

func TestEventFidelity(t *testing.T) {
	keys, err := auth.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	fn := &function{}
	srv := serve(t, keys, fn, 0, spec.Route{Method: "POST", Path: "/{proxy+}", Function: "echo", Auth: spec.Customer})
	token, err := keys.Issue("alice", []string{"admin"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	resp, body := do(t, "POST", srv.URL+"/hello/world?name=me&tag=a&tag=b", strings.NewReader("{\r\n\t\"a\": 1\r\n}"), map[string]string{
		"headerName": "headerValue", "Content-Type": "application/json", "Authorization": "Bearer " + token, "User-Agent": "PostmanRuntime/2.4.5",
	})
	if resp.StatusCode != 200 || body != `{"ok":true}` {
		t.Fatalf("status %d body %s", resp.StatusCode, body)
	}
	ev := fn.event(t)

	var want events.APIGatewayProxyRequest
	if err := json.Unmarshal(sample(t, "apigw-request.json"), &want); err != nil {
		t.Fatal(err)
	}
	wantFields, gotFields := map[string]bool{}, map[string]bool{}
	setFields(reflect.ValueOf(want), "", wantFields)
	setFields(reflect.ValueOf(ev), "", gotFields)
	for field := range wantFields {
		if notLocal[field] {
			continue
		}
		t.Run("the event sets "+field+" as the sample does", func(t *testing.T) {
			if !gotFields[field] && !strings.HasPrefix(field, "requestContext.authorizer") {
				t.Fatalf("%s is empty", field)
			}
		})
	}
	tests := []struct {
		name string
		ok   bool
		got  any
	}{
		{"the resource is the declared path", ev.Resource == "/{proxy+}" && ev.RequestContext.ResourcePath == "/{proxy+}", ev.Resource},
		{"the path is the requested path", ev.Path == "/hello/world" && ev.RequestContext.Path == "/hello/world", ev.Path},
		{"the greedy parameter binds the rest of the path", ev.PathParameters["proxy"] == "hello/world", ev.PathParameters},
		{"a single-value query keeps the last value", ev.QueryStringParameters["tag"] == "b" && ev.QueryStringParameters["name"] == "me", ev.QueryStringParameters},
		{"the multi-value query keeps every value", reflect.DeepEqual(ev.MultiValueQueryStringParameters["tag"], []string{"a", "b"}), ev.MultiValueQueryStringParameters},
		{"headers reach the function", ev.Headers["Headername"] == "headerValue" && len(ev.MultiValueHeaders["Headername"]) == 1, ev.Headers},
		{"the forwarding headers are added", ev.Headers["X-Forwarded-For"] == "127.0.0.1" && ev.Headers["X-Forwarded-Proto"] == "http" && strings.HasPrefix(ev.Headers["X-Amzn-Trace-Id"], "Root=1-"), ev.Headers},
		{"the body is passed as text", ev.Body == "{\r\n\t\"a\": 1\r\n}" && !ev.IsBase64Encoded, ev.Body},
		{"the stage is local", ev.RequestContext.Stage == "local", ev.RequestContext.Stage},
		{"the request ID is the one in the response", ev.RequestContext.RequestID == resp.Header.Get("x-amzn-RequestId") && ev.RequestContext.RequestID != "", ev.RequestContext.RequestID},
		{"the source IP is the caller's", ev.RequestContext.Identity.SourceIP == "127.0.0.1", ev.RequestContext.Identity},
		{"the user agent is the caller's", ev.RequestContext.Identity.UserAgent == "PostmanRuntime/2.4.5", ev.RequestContext.Identity},
		{"the request time has API Gateway's format", func() bool {
			_, err := time.Parse("02/Jan/2006:15:04:05 -0700", ev.RequestContext.RequestTime)
			return err == nil && ev.RequestContext.RequestTimeEpoch > 0
		}(), ev.RequestContext.RequestTime},
		{"the Cognito claims reach the function as strings", func() bool {
			claims, _ := ev.RequestContext.Authorizer["claims"].(map[string]any)
			return claims["sub"] == "alice" && claims["cognito:groups"] == "admin" && claims["iss"] == auth.Issuer
		}(), ev.RequestContext.Authorizer},
		{"multi-value response headers are all sent", reflect.DeepEqual(resp.Header.Values("Set-Cookie"), []string{"a=1", "b=2"}), resp.Header},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				t.Fatalf("got %v", tt.got)
			}
		})
	}
}

func TestRouting(t *testing.T) {
	fn := &function{}
	srv := serve(t, nil, fn, 0,
		spec.Route{Method: "GET", Path: "/products", Function: "catalog-api", Auth: spec.Public},
		spec.Route{Method: "GET", Path: "/products/{sku}", Function: "catalog-api", Auth: spec.Public},
		spec.Route{Method: "GET", Path: "/products/special", Function: "catalog-api", Auth: spec.Public},
	)
	tests := []struct {
		name     string
		method   string
		path     string
		status   int
		resource string
		sku      string
	}{
		{"a literal path matches its route", "GET", "/products", 200, "/products", ""},
		{"a parameter binds one segment", "GET", "/products/SKU-1", 200, "/products/{sku}", "SKU-1"},
		{"an encoded slash stays in the parameter", "GET", "/products/a%2Fb", 200, "/products/{sku}", "a/b"},
		{"a literal segment wins over a parameter", "GET", "/products/special", 200, "/products/special", ""},
		{"an unknown path is answered Missing Authentication Token", "GET", "/nope", 403, "", ""},
		{"a path deeper than any route is answered Missing Authentication Token", "GET", "/products/a/b", 403, "", ""},
		{"an undeclared method is answered Missing Authentication Token", "DELETE", "/products", 403, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn.last = nil
			resp, body := do(t, tt.method, srv.URL+tt.path, nil, nil)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d (%s)", resp.StatusCode, tt.status, body)
			}
			if tt.status == 403 {
				if body != `{"message":"Missing Authentication Token"}`+"\n" || resp.Header.Get("x-amzn-ErrorType") != "MissingAuthenticationTokenException" {
					t.Fatalf("body %q headers %v", body, resp.Header)
				}
				return
			}
			ev := fn.event(t)
			if ev.Resource != tt.resource || ev.PathParameters["sku"] != tt.sku {
				t.Fatalf("resource %q params %v", ev.Resource, ev.PathParameters)
			}
		})
	}
}

func TestAuth(t *testing.T) {
	keys, err := auth.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	other, err := auth.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	fn := &function{}
	srv := serve(t, keys, fn, 0,
		spec.Route{Method: "PUT", Path: "/products/{sku}", Function: "catalog-api", Auth: spec.Admin},
		spec.Route{Method: "GET", Path: "/products", Function: "catalog-api", Auth: spec.Public},
	)
	claims := func(edit func(jwt.MapClaims)) jwt.MapClaims {
		now := time.Now()
		c := jwt.MapClaims{"iss": auth.Issuer, "aud": auth.Audience, "sub": "alice", "iat": now.Unix(),
			"exp": now.Add(time.Hour).Unix(), auth.GroupsClaim: []string{"admin"}}
		if edit != nil {
			edit(c)
		}
		return c
	}
	signed := func(k *auth.Keys, edit func(jwt.MapClaims)) string {
		s, err := k.Sign(claims(edit))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	pub, err := keys.PublicPEM()
	if err != nil {
		t.Fatal(err)
	}
	hs256, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims(nil)).SignedString(pub)
	if err != nil {
		t.Fatal(err)
	}
	none, err := jwt.NewWithClaims(jwt.SigningMethodNone, claims(nil)).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	customer := signed(keys, func(c jwt.MapClaims) { c[auth.GroupsClaim] = []string{"customer"} })
	parts := strings.Split(customer, ".")
	forged, err := json.Marshal(claims(nil))
	if err != nil {
		t.Fatal(err)
	}
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString(forged) + "." + parts[2]

	tests := []struct {
		name   string
		header string
		status int
	}{
		{"a valid admin token reaches the function", "Bearer " + signed(keys, nil), 200},
		{"no Authorization header is refused", "", 401},
		{"a bare token, as the Cognito authorizer takes it, reaches the function", signed(keys, nil), 200},
		{"another scheme is refused", "Basic " + signed(keys, nil), 401},
		{"an expired token is refused", "Bearer " + signed(keys, func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Minute).Unix() }), 401},
		{"a token from another issuer is refused", "Bearer " + signed(keys, func(c jwt.MapClaims) { c["iss"] = "https://evil.example" }), 401},
		{"a token for another audience is refused", "Bearer " + signed(keys, func(c jwt.MapClaims) { c["aud"] = "other-client" }), 401},
		{"an alg none token is refused", "Bearer " + none, 401},
		{"an HS256 token keyed with the public key is refused", "Bearer " + hs256, 401},
		{"a tampered payload is refused", "Bearer " + tampered, 401},
		{"a token signed by another key is refused", "Bearer " + signed(other, nil), 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn.last = nil
			h := map[string]string{}
			if tt.header != "" {
				h["Authorization"] = tt.header
			}
			resp, body := do(t, "PUT", srv.URL+"/products/SKU-1", strings.NewReader(`{}`), h)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			if tt.status == 401 {
				if body != `{"message":"Unauthorized"}`+"\n" || fn.last != nil {
					t.Fatalf("body %q, function called: %v", body, fn.last != nil)
				}
				return
			}
			claims, _ := fn.event(t).RequestContext.Authorizer["claims"].(map[string]any)
			if claims["sub"] != "alice" || claims["cognito:groups"] != "admin" {
				t.Fatalf("claims %v", claims)
			}
		})
	}
	t.Run("a public route needs no token and carries no claims", func(t *testing.T) {
		resp, _ := do(t, "GET", srv.URL+"/products", nil, nil)
		if resp.StatusCode != 200 || fn.event(t).RequestContext.Authorizer != nil {
			t.Fatalf("status %d authorizer %v", resp.StatusCode, fn.event(t).RequestContext.Authorizer)
		}
	})
}

func TestGatewayAnswers(t *testing.T) {
	route := spec.Route{Method: "POST", Path: "/things", Function: "things", Auth: spec.Public}
	tests := []struct {
		name    string
		respond func(ctx context.Context, ev events.APIGatewayProxyRequest) ([]byte, error)
		body    []byte
		status  int
		message string
	}{
		{"a body of exactly 10 MB is accepted", nil, bytes.Repeat([]byte("a"), gateway.MaxPayloadBytes), 200, ""},
		{"a body over 10 MB is answered 413", nil, bytes.Repeat([]byte("a"), gateway.MaxPayloadBytes+1), 413, "Request Too Long"},
		{"a function error is answered 502", func(context.Context, events.APIGatewayProxyRequest) ([]byte, error) {
			return nil, &runtimeapi.FunctionError{Type: "errorString", Message: "boom"}
		}, nil, 502, "Internal server error"},
		{"a malformed function response is answered 502", func(context.Context, events.APIGatewayProxyRequest) ([]byte, error) {
			return []byte(`"just a string"`), nil
		}, nil, 502, "Internal server error"},
		{"a function slower than the integration timeout is answered 504", func(ctx context.Context, _ events.APIGatewayProxyRequest) ([]byte, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}, nil, 504, "Endpoint request timed out"},
		{"a binary body reaches the function base64-encoded", func(_ context.Context, ev events.APIGatewayProxyRequest) ([]byte, error) {
			raw, err := base64.StdEncoding.DecodeString(ev.Body)
			if !ev.IsBase64Encoded || err != nil || !bytes.Equal(raw, []byte{0xff, 0xfe, 0x00}) {
				return nil, errors.New("binary body mangled")
			}
			return json.Marshal(events.APIGatewayProxyResponse{StatusCode: 201})
		}, []byte{0xff, 0xfe, 0x00}, 201, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, nil, &function{respond: tt.respond}, 300*time.Millisecond, route)
			resp, body := do(t, "POST", srv.URL+"/things", bytes.NewReader(tt.body), nil)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %.200s", resp.StatusCode, tt.status, body)
			}
			if tt.message != "" && !strings.Contains(body, `"message":"`+tt.message+`"`) {
				t.Fatalf("body %q, want message %q", body, tt.message)
			}
		})
	}
}
