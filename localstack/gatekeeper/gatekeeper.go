package gatekeeper

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/conveyor-dev/conveyor/internal/localcloud/auth"
)

// The gatekeeper's environment, which the CDK app sets (infra.NewPlatformAPI).
const (
	// EnvPublicKey holds the RSA public key tokens are verified with: its
	// PKIX DER encoding in standard base64, on one line.
	EnvPublicKey = "TOKEN_PUBLIC_KEY"
	// EnvRoutes holds the routes the gatekeeper fronts, as the JSON of a
	// Routes value.
	EnvRoutes = "GATEKEEPER_ROUTES"
)

// Routes maps each route the gatekeeper fronts, by RouteKey, to the
// function it invokes: a function name with its qualifier, e.g.
// "conveyor-localstack-orders-api:live".
type Routes map[string]string

// RouteKey is a route's key in Routes: "<METHOD> <path>", with the path
// as declared, e.g. "GET /orders/{id}". API Gateway passes the same two
// values in a proxy event's httpMethod and resource.
func RouteKey(method, path string) string { return method + " " + path }

// Invoker invokes a function synchronously with payload and returns what
// the function returned. An error means the function could not be
// invoked, or it failed (Lambda's function error).
type Invoker interface {
	Invoke(ctx context.Context, function string, payload []byte) ([]byte, error)
}

// Gatekeeper verifies tokens and invokes the function of each route.
type Gatekeeper struct {
	key    *rsa.PublicKey
	routes Routes
	invoke Invoker
}

// New returns a Gatekeeper that verifies tokens with key and invokes the
// functions of routes with invoke.
func New(key *rsa.PublicKey, routes Routes, invoke Invoker) (*Gatekeeper, error) {
	if key == nil {
		return nil, errors.New("gatekeeper: no public key")
	}
	if len(routes) == 0 {
		return nil, errors.New("gatekeeper: no routes")
	}
	if invoke == nil {
		return nil, errors.New("gatekeeper: no invoker")
	}
	return &Gatekeeper{key: key, routes: routes, invoke: invoke}, nil
}

// ParsePublicKey reads an RSA public key in the EnvPublicKey format.
func ParsePublicKey(b64 string) (*rsa.PublicKey, error) {
	der, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil {
		return nil, fmt.Errorf("gatekeeper: public key: %w", err)
	}
	k, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, fmt.Errorf("gatekeeper: public key: %w", err)
	}
	rk, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("gatekeeper: public key is a %T, not an RSA key", k)
	}
	return rk, nil
}

// EncodePublicKey writes key in the EnvPublicKey format.
func EncodePublicKey(key *rsa.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(key)
	if err != nil {
		return "", fmt.Errorf("gatekeeper: encode public key: %w", err)
	}
	return base64.StdEncoding.EncodeToString(der), nil
}

// ParseRoutes reads routes in the EnvRoutes format.
func ParseRoutes(raw string) (Routes, error) {
	var r Routes
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		return nil, fmt.Errorf("gatekeeper: routes: %w", err)
	}
	return r, nil
}

// ErrNoRoute is returned for an event of a route the gatekeeper does not
// front: the API is wired wrongly, and API Gateway answers 502.
var ErrNoRoute = errors.New("gatekeeper: no such route")

// Handle answers one API Gateway REST proxy event: API Gateway's 401 when
// the Authorization header holds no valid token, else what the route's
// function answers to the event with the token's claims.
func (g *Gatekeeper) Handle(ctx context.Context, event json.RawMessage) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(event))
	dec.UseNumber() // numbers pass through as they came
	var ev map[string]any
	if err := dec.Decode(&ev); err != nil {
		return nil, fmt.Errorf("gatekeeper: event: %w", err)
	}
	method, _ := ev["httpMethod"].(string)
	resource, _ := ev["resource"].(string)
	function, ok := g.routes[RouteKey(method, resource)]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoRoute, RouteKey(method, resource))
	}
	claims, err := g.verify(authorization(ev))
	if err != nil {
		return unauthorized(), nil
	}
	rc, _ := ev["requestContext"].(map[string]any)
	if rc == nil {
		rc = map[string]any{}
		ev["requestContext"] = rc
	}
	rc["authorizer"] = map[string]any{"claims": claims.Authorizer()}
	payload, err := json.Marshal(ev)
	if err != nil {
		return nil, fmt.Errorf("gatekeeper: event: %w", err)
	}
	out, err := g.invoke.Invoke(ctx, function, payload)
	if err != nil {
		return nil, fmt.Errorf("gatekeeper: %s: %w", function, err)
	}
	return out, nil
}

// authorization is the event's Authorization header, whatever the case
// of its name; of several spellings, the first in sorted order.
func authorization(ev map[string]any) string {
	headers, _ := ev["headers"].(map[string]any)
	for _, k := range slices.Sorted(maps.Keys(headers)) {
		if s, ok := headers[k].(string); ok && strings.EqualFold(k, "Authorization") {
			return s
		}
	}
	return ""
}

// verify checks a token as the local cloud does, with the public key
// alone (auth.VerifyWith).
func (g *Gatekeeper) verify(header string) (auth.Claims, error) {
	token, ok := auth.BearerToken(header)
	if !ok {
		return auth.Claims{}, auth.ErrUnauthorized
	}
	return auth.VerifyWith(g.key, token)
}

// unauthorized is API Gateway's own answer when an authorizer refuses a
// request.
func unauthorized() json.RawMessage {
	b, err := json.Marshal(map[string]any{
		"statusCode": http.StatusUnauthorized,
		"headers": map[string]string{
			"Content-Type":     "application/json",
			"x-amzn-ErrorType": "UnauthorizedException",
		},
		"body": `{"message":"Unauthorized"}`,
	})
	if err != nil {
		panic(err) // a map of strings and an int always encodes
	}
	return b
}
