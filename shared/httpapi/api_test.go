package httpapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/conveyor-dev/conveyor/shared/apperr"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
)

func invoke(t *testing.T, api *httpapi.API, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, httpapi.Problem) {
	t.Helper()
	payload, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	out, err := api.Invoke(context.Background(), payload)
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	var resp events.APIGatewayProxyResponse
	if err := json.Unmarshal(out, &resp); err != nil {
		t.Fatal(err)
	}
	var p httpapi.Problem
	if ct := resp.MultiValueHeaders["Content-Type"]; len(ct) == 1 && strings.HasPrefix(ct[0], httpapi.ProblemContentType) {
		if err := json.Unmarshal([]byte(resp.Body), &p); err != nil {
			t.Fatalf("problem body %q: %v", resp.Body, err)
		}
	}
	return resp, p
}

func testAPI() *httpapi.API {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /things/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "panic":
			panic("boom")
		case "missing":
			httpapi.WriteError(w, r, nil, apperr.New(apperr.NotFound, "thing not found"))
		case "secret":
			httpapi.WriteError(w, r, nil, errors.New("connection to 10.0.0.1 refused"))
		case "me":
			id, err := httpapi.RequireSignedIn(r)
			if err != nil {
				httpapi.WriteError(w, r, nil, err)
				return
			}
			_ = httpapi.WriteJSON(w, 200, map[string]any{"sub": id.Subject, "groups": id.Groups, "admin": id.IsAdmin()})
		case "admin":
			if _, err := httpapi.RequireAdmin(r); err != nil {
				httpapi.WriteError(w, r, nil, err)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		default:
			_ = httpapi.WriteJSON(w, 200, map[string]string{"id": r.PathValue("id")})
		}
	})
	return httpapi.New(mux, nil)
}

func get(path string) events.APIGatewayProxyRequest {
	return events.APIGatewayProxyRequest{
		HTTPMethod: "GET", Path: path, Resource: path,
		RequestContext: events.APIGatewayProxyRequestContext{RequestID: "req-1", Stage: "local"},
	}
}

func TestAPIAnswersEveryErrorAsAProblem(t *testing.T) {
	api := testAPI()
	cases := []struct {
		name       string
		req        events.APIGatewayProxyRequest
		wantStatus int
		wantDetail string
	}{
		{"an unknown path is a 404 problem", get("/nothing"), 404, "no such resource"},
		{"a wrong method is a 405 problem", events.APIGatewayProxyRequest{HTTPMethod: "DELETE", Path: "/things/1"}, 405, "DELETE is not allowed here"},
		{"a classified error keeps its message", get("/things/missing"), 404, "thing not found"},
		{"an unclassified error hides its message", get("/things/secret"), 500, "the request could not be completed; quote the correlation id when reporting it"},
		{"a panic is a 500 problem", get("/things/panic"), 500, "the request could not be completed; quote the correlation id when reporting it"},
		{"no identity is a 401", get("/things/me"), 401, "sign in to use this operation"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, p := invoke(t, api, c.req)
			if resp.StatusCode != c.wantStatus || p.Status != c.wantStatus || p.Detail != c.wantDetail {
				t.Errorf("got %d %+v, want %d %q", resp.StatusCode, p, c.wantStatus, c.wantDetail)
			}
			if p.Title == "" || p.Type == "" || p.Instance != c.req.Path {
				t.Errorf("problem lacks type, title or instance: %+v", p)
			}
			if p.CorrelationID == "" || resp.MultiValueHeaders["X-Correlation-Id"][0] != p.CorrelationID {
				t.Errorf("the correlation id is not in the problem and the header: %+v", resp.MultiValueHeaders)
			}
		})
	}
}

func TestAPICorrelationID(t *testing.T) {
	api := testAPI()
	req := get("/things/1")
	resp, _ := invoke(t, api, req)
	if got := resp.MultiValueHeaders["X-Correlation-Id"]; len(got) != 1 || got[0] != "req-1" {
		t.Errorf("without a header the request id is the correlation id, got %v", got)
	}
	req.MultiValueHeaders = map[string][]string{"X-Correlation-Id": {"order-42"}}
	resp, _ = invoke(t, api, req)
	if got := resp.MultiValueHeaders["X-Correlation-Id"]; got[0] != "order-42" {
		t.Errorf("the caller's correlation id is kept, got %v", got)
	}
	req.MultiValueHeaders = map[string][]string{"X-Correlation-Id": {"bad id\nwith newline"}}
	resp, _ = invoke(t, api, req)
	if got := resp.MultiValueHeaders["X-Correlation-Id"]; got[0] != "req-1" {
		t.Errorf("a malformed correlation id is replaced, got %v", got)
	}
}

func withClaims(req events.APIGatewayProxyRequest, claims map[string]any) events.APIGatewayProxyRequest {
	req.RequestContext.Authorizer = map[string]any{"claims": claims}
	return req
}

func TestIdentityFromCognitoClaims(t *testing.T) {
	api := testAPI()
	cases := []struct {
		name       string
		groups     any
		wantGroups []any
		wantAdmin  bool
	}{
		{"no groups", nil, nil, false},
		{"one group", "admin", []any{"admin"}, true},
		{"the REST authorizer's list of one group", "[admin]", []any{"admin"}, true},
		{"the REST authorizer's list of groups", "[ops, admin]", []any{"ops", "admin"}, true},
		{"an empty list", "[]", nil, false},
		{"a JSON array", []any{"ops", "admin"}, []any{"ops", "admin"}, true},
		{"a JSON array of one other group", []any{"ops"}, []any{"ops"}, false},
		{"a group that only contains the word", "administrators", []any{"administrators"}, false},
		{"a group named with a comma before admin", "x,admin", []any{"x,admin"}, false},
		{"a listed group named with a comma before admin", "[x,admin, ops]", []any{"x,admin", "ops"}, false},
		{"a listed group named with a comma after admin", "[ops, admin,x]", []any{"ops", "admin,x"}, false},
		{"a group named with brackets around admin", "[[admin]]", []any{"[admin]"}, false},
		{"a single group named with brackets around admin", "[admin]x", []any{"[admin]x"}, false},
		{"a list holding an empty name", "[ops, , admin]", nil, false},
		{"a list whose names are not separated as the authorizer does", "[ops admin]", nil, false},
		{"a name with a space, which no group can have", "ops admin", nil, false},
		{"a JSON array holding a non-string", []any{"admin", 7}, nil, false},
		{"a claim of another type", 42.0, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			claims := map[string]any{"sub": "alice"}
			if c.groups != nil {
				claims["cognito:groups"] = c.groups
			}
			resp, _ := invoke(t, api, withClaims(get("/things/me"), claims))
			var body struct {
				Sub    string `json:"sub"`
				Groups []any  `json:"groups"`
				Admin  bool   `json:"admin"`
			}
			if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
				t.Fatal(err)
			}
			if body.Sub != "alice" || body.Admin != c.wantAdmin || fmt.Sprint(body.Groups) != fmt.Sprint(c.wantGroups) {
				t.Errorf("got %+v, want groups %v and admin %v", body, c.wantGroups, c.wantAdmin)
			}
			resp, _ = invoke(t, api, withClaims(get("/things/admin"), claims))
			want := 403
			if c.wantAdmin {
				want = 204
			}
			if resp.StatusCode != want {
				t.Errorf("admin route: %d, want %d", resp.StatusCode, want)
			}
		})
	}
}

func TestInvokeRejectsAPayloadThatIsNotAnEvent(t *testing.T) {
	if _, err := testAPI().Invoke(context.Background(), []byte(`[1,2]`)); err == nil {
		t.Fatal("a non-event payload was accepted")
	}
}

// unsignedToken is a JWT-shaped token with the given payload; the
// authorizer checked the signature before the function sees the token.
func unsignedToken(t *testing.T, payload map[string]any) string {
	t.Helper()
	body, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(`{"alg":"RS256"}`)) + "." + enc.EncodeToString(body) + "." + enc.EncodeToString([]byte("sig"))
}

func TestGroupsAreReadFromTheVerifiedToken(t *testing.T) {
	api := testAPI()
	cases := []struct {
		name      string
		header    string
		claim     string
		wantAdmin bool
	}{
		{"an admin in two groups, whose claim the authorizer joined with a comma",
			"Bearer " + unsignedToken(t, map[string]any{"sub": "alice", "cognito:groups": []string{"ops", "admin"}}), "ops,admin", true},
		{"a group named x,admin, whose claim reads like two groups",
			"Bearer " + unsignedToken(t, map[string]any{"sub": "alice", "cognito:groups": []string{"x,admin"}}), "x,admin", false},
		{"a raw token without the Bearer scheme",
			unsignedToken(t, map[string]any{"sub": "alice", "cognito:groups": []string{"admin"}}), "admin", true},
		{"a token with no groups grants none, whatever the claim says",
			"Bearer " + unsignedToken(t, map[string]any{"sub": "alice"}), "admin", false},
		{"a token of another subject is ignored for the claim",
			"Bearer " + unsignedToken(t, map[string]any{"sub": "mallory", "cognito:groups": []string{"admin"}}), "ops", false},
		{"a header that is no token leaves the claim",
			"Bearer not-a-token", "admin", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := withClaims(get("/things/admin"), map[string]any{"sub": "alice", "cognito:groups": c.claim})
			req.MultiValueHeaders = map[string][]string{"Authorization": {c.header}}
			resp, _ := invoke(t, api, req)
			want := 403
			if c.wantAdmin {
				want = 204
			}
			if resp.StatusCode != want {
				t.Errorf("admin route: %d, want %d", resp.StatusCode, want)
			}
		})
	}
}
