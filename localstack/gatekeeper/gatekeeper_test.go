package gatekeeper_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/core"
	"github.com/golang-jwt/jwt/v5"

	"github.com/conveyor-dev/conveyor/internal/localcloud/auth"
	"github.com/conveyor-dev/conveyor/localstack/gatekeeper"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

// recorder stands in for Lambda: it records each invocation and answers
// with a fixed payload.
type recorder struct {
	calls  []call
	answer []byte
	err    error
}

type call struct {
	function string
	payload  []byte
}

func (r *recorder) Invoke(_ context.Context, function string, payload []byte) ([]byte, error) {
	r.calls = append(r.calls, call{function: function, payload: payload})
	return r.answer, r.err
}

const ordersAPI = "conveyor-localstack-orders-api:live"

var routes = gatekeeper.Routes{
	gatekeeper.RouteKey(http.MethodGet, "/orders/{id}"): ordersAPI,
}

// event is a REST proxy event for GET /orders/{id} with the given
// Authorization header (none when empty), as API Gateway sends it to a
// route without an authorizer.
func event(t *testing.T, authorization string) []byte {
	t.Helper()
	ev := events.APIGatewayProxyRequest{
		Resource:       "/orders/{id}",
		Path:           "/orders/o-1",
		HTTPMethod:     http.MethodGet,
		Headers:        map[string]string{"Accept": "application/json"},
		PathParameters: map[string]string{"id": "o-1"},
		RequestContext: events.APIGatewayProxyRequestContext{
			RequestID:        "req-1",
			Stage:            "localstack",
			ResourcePath:     "/orders/{id}",
			HTTPMethod:       http.MethodGet,
			RequestTimeEpoch: 1767225600123,
		},
	}
	if authorization != "" {
		ev.Headers["Authorization"] = authorization
	}
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newGatekeeper(t *testing.T, key *rsa.PublicKey, inv gatekeeper.Invoker) *gatekeeper.Gatekeeper {
	t.Helper()
	g, err := gatekeeper.New(key, routes, inv)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestAValidTokenReachesTheFunctionWithTheClaimsTheLocalCloudGives(t *testing.T) {
	keys, err := auth.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	token, err := keys.Issue("alice", []string{"ops", "admin"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	inv := &recorder{answer: []byte(`{"statusCode":200,"body":"{}"}`)}
	g := newGatekeeper(t, keys.Public(), inv)

	out, err := g.Handle(context.Background(), event(t, "Bearer "+token))
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != string(inv.answer) {
		t.Errorf("Handle() = %s, want the function's answer %s", out, inv.answer)
	}
	if len(inv.calls) != 1 || inv.calls[0].function != ordersAPI {
		t.Fatalf("invocations %+v, want one of %s", inv.calls, ordersAPI)
	}

	var got events.APIGatewayProxyRequest
	if err := json.Unmarshal(inv.calls[0].payload, &got); err != nil {
		t.Fatal(err)
	}
	t.Run("the claims are the local cloud gateway's, under authorizer.claims", func(t *testing.T) {
		claims, err := keys.Verify(token)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]any{"claims": claims.Authorizer()}
		if !reflect.DeepEqual(got.RequestContext.Authorizer, want) {
			t.Errorf("authorizer = %v, want %v", got.RequestContext.Authorizer, want)
		}
	})
	t.Run("the rest of the event passes through unchanged", func(t *testing.T) {
		var before, after map[string]any
		if err := json.Unmarshal(event(t, "Bearer "+token), &before); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(inv.calls[0].payload, &after); err != nil {
			t.Fatal(err)
		}
		delete(after["requestContext"].(map[string]any), "authorizer")
		delete(before["requestContext"].(map[string]any), "authorizer")
		if !reflect.DeepEqual(before, after) {
			t.Errorf("event changed:\nbefore %v\nafter  %v", before, after)
		}
		if !strings.Contains(string(inv.calls[0].payload), `"requestTimeEpoch":1767225600123`) {
			t.Errorf("the epoch lost its digits: %s", inv.calls[0].payload)
		}
	})
	t.Run("the function reads the caller as an administrator", func(t *testing.T) {
		var accessor core.RequestAccessor
		r, err := accessor.EventToRequestWithContext(context.Background(), got)
		if err != nil {
			t.Fatal(err)
		}
		id, err := httpapi.RequireAdmin(r)
		if err != nil {
			t.Fatalf("RequireAdmin() error %v", err)
		}
		if id.Subject != "alice" || !slicesEqual(id.Groups, []string{"ops", "admin"}) {
			t.Errorf("identity %+v", id)
		}
	})
}

func TestARequestWithoutAValidTokenGetsAPIGatewaysUnauthorizedAndNeverReachesTheFunction(t *testing.T) {
	keys, err := auth.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	other, err := auth.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	valid := func(claims jwt.MapClaims) jwt.MapClaims {
		now := time.Now()
		out := jwt.MapClaims{
			"iss": auth.Issuer, "aud": auth.Audience, "sub": "bob", "token_use": "id",
			"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		}
		maps.Copy(out, claims)
		for k, v := range claims {
			if v == nil {
				delete(out, k)
			}
		}
		return out
	}
	sign := func(k *auth.Keys, claims jwt.MapClaims) string {
		tok, err := k.Sign(valid(claims))
		if err != nil {
			t.Fatal(err)
		}
		return "Bearer " + tok
	}
	hmac := func() string {
		// The public key's bytes as an HMAC secret: the algorithm
		// confusion a verifier must refuse.
		secret, err := gatekeeper.EncodePublicKey(keys.Public())
		if err != nil {
			t.Fatal(err)
		}
		tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, valid(nil)).SignedString([]byte(secret))
		if err != nil {
			t.Fatal(err)
		}
		return "Bearer " + tok
	}
	unsigned := func() string {
		tok, err := jwt.NewWithClaims(jwt.SigningMethodNone, valid(nil)).SignedString(jwt.UnsafeAllowNoneSignatureType)
		if err != nil {
			t.Fatal(err)
		}
		return "Bearer " + tok
	}
	tests := []struct{ name, authorization string }{
		{"no Authorization header", ""},
		{"another scheme", "Basic YWxpY2U6c2VjcmV0"},
		{"a token signed with another key", sign(other, nil)},
		{"an expired token", sign(keys, jwt.MapClaims{"exp": time.Now().Add(-time.Minute).Unix()})},
		{"a token without an expiry", sign(keys, jwt.MapClaims{"exp": nil})},
		{"another issuer", sign(keys, jwt.MapClaims{"iss": "https://evil.example"})},
		{"another audience", sign(keys, jwt.MapClaims{"aud": "another-app"})},
		{"no subject", sign(keys, jwt.MapClaims{"sub": nil})},
		{"groups that are not a list", sign(keys, jwt.MapClaims{auth.GroupsClaim: "admin"})},
		{"groups that are not strings", sign(keys, jwt.MapClaims{auth.GroupsClaim: []any{1}})},
		{"HS256 with the public key as the secret", hmac()},
		{"no signature at all", unsigned()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := &recorder{answer: []byte(`{"statusCode":200}`)}
			g := newGatekeeper(t, keys.Public(), inv)
			out, err := g.Handle(context.Background(), event(t, tt.authorization))
			if err != nil {
				t.Fatal(err)
			}
			var resp events.APIGatewayProxyResponse
			if err := json.Unmarshal(out, &resp); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusUnauthorized || resp.Body != `{"message":"Unauthorized"}` ||
				resp.Headers["x-amzn-ErrorType"] != "UnauthorizedException" {
				t.Errorf("answer %+v, want API Gateway's 401", resp)
			}
			if len(inv.calls) != 0 {
				t.Errorf("the function was invoked %d times", len(inv.calls))
			}
		})
	}
}

func TestTheAuthorizationHeaderIsFoundWhateverItsCase(t *testing.T) {
	keys, err := auth.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	token, err := keys.Issue("carol", nil, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var ev map[string]any
	if err := json.Unmarshal(event(t, ""), &ev); err != nil {
		t.Fatal(err)
	}
	ev["headers"].(map[string]any)["authorization"] = token // bare, as Cognito clients send it
	raw, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	inv := &recorder{answer: []byte(`{"statusCode":204}`)}
	if _, err := newGatekeeper(t, keys.Public(), inv).Handle(context.Background(), raw); err != nil {
		t.Fatal(err)
	}
	if len(inv.calls) != 1 {
		t.Fatalf("the function was invoked %d times, want once", len(inv.calls))
	}
}

func TestAFailureOfTheFunctionOrOfTheWiringIsAnError(t *testing.T) {
	keys, err := auth.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	token, err := keys.Issue("dave", nil, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the function fails", func(t *testing.T) {
		failed := errors.New("function error Unhandled")
		g := newGatekeeper(t, keys.Public(), &recorder{err: failed})
		if _, err := g.Handle(context.Background(), event(t, "Bearer "+token)); !errors.Is(err, failed) {
			t.Fatalf("Handle() error %v, want the invocation's", err)
		}
	})
	t.Run("a route the gatekeeper does not front", func(t *testing.T) {
		inv := &recorder{}
		g := newGatekeeper(t, keys.Public(), inv)
		raw := []byte(strings.Replace(string(event(t, "Bearer "+token)), `"resource":"/orders/{id}"`, `"resource":"/orders"`, 1))
		if _, err := g.Handle(context.Background(), raw); !errors.Is(err, gatekeeper.ErrNoRoute) {
			t.Fatalf("Handle() error %v, want ErrNoRoute", err)
		}
		if len(inv.calls) != 0 {
			t.Errorf("the function was invoked %d times", len(inv.calls))
		}
	})
}

func TestTheEnvironmentFormatsRoundTrip(t *testing.T) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := gatekeeper.EncodePublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(enc, "\n -") {
		t.Errorf("encoded key %q is not one line of base64", enc)
	}
	got, err := gatekeeper.ParsePublicKey(enc)
	if err != nil || !got.Equal(&k.PublicKey) {
		t.Fatalf("ParsePublicKey() = %v, %v; want the key back", got, err)
	}
	if _, err := gatekeeper.ParsePublicKey("not base64!"); err == nil {
		t.Error("ParsePublicKey accepted garbage")
	}
	raw, err := json.Marshal(routes)
	if err != nil {
		t.Fatal(err)
	}
	back, err := gatekeeper.ParseRoutes(string(raw))
	if err != nil || !maps.Equal(back, routes) {
		t.Fatalf("ParseRoutes() = %v, %v; want %v", back, err, routes)
	}
	if _, err := gatekeeper.New(&k.PublicKey, nil, &recorder{}); err == nil {
		t.Error("New accepted no routes")
	}
}

func slicesEqual(a, b []string) bool { return reflect.DeepEqual(a, b) }
