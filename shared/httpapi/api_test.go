package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
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
		{"comma-separated groups", "ops,admin", []any{"ops", "admin"}, true},
		{"a bracketed list", "[ops admin]", []any{"ops", "admin"}, true},
		{"a JSON array", []any{"ops"}, []any{"ops"}, false},
		{"a group that only contains the word", "administrators", []any{"administrators"}, false},
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
			if body.Sub != "alice" || body.Admin != c.wantAdmin || len(body.Groups) != len(c.wantGroups) {
				t.Errorf("got %+v", body)
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
