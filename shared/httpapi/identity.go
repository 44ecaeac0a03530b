package httpapi

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"unicode"

	"github.com/awslabs/aws-lambda-go-api-proxy/core"

	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// AdminGroup is the user-pool group whose members are administrators. It
// matches spec.AdminGroup.
const AdminGroup = "admin"

// Identity is the signed-in caller, as the API Gateway authorizer saw them.
type Identity struct {
	// Subject is the user's stable id (the token's "sub").
	Subject string
	// Groups are the user-pool groups the user belongs to.
	Groups []string
}

// IsAdmin reports whether the caller is in the admin group.
func (id Identity) IsAdmin() bool { return slices.Contains(id.Groups, AdminGroup) }

var (
	errSignInRequired = apperr.New(apperr.Unauthenticated, "sign in to use this operation")
	errAdminRequired  = apperr.New(apperr.Forbidden, "only administrators may use this operation")
)

// IdentityFrom returns the caller's identity from the authorizer claims of
// the API Gateway request context, and false when there is none.
//
// A Cognito user-pool authorizer on a REST API passes the claims as strings
// under requestContext.authorizer.claims, and a list claim such as
// "cognito:groups" loses its shape on the way: group names may hold
// commas and brackets, so no rendering of the list can be split back
// exactly. The groups are therefore read from the token the authorizer
// verified, in the request's Authorization header, where they are a JSON
// array (see tokenGroups); only when the header holds no token of the same
// subject are they read from the claim (see parseGroups).
func IdentityFrom(r *http.Request) (Identity, bool) {
	rc, ok := core.GetAPIGatewayContextFromContext(r.Context())
	if !ok || rc.Authorizer == nil {
		return Identity{}, false
	}
	claims, ok := rc.Authorizer["claims"].(map[string]any)
	if !ok {
		return Identity{}, false
	}
	sub, _ := claims["sub"].(string)
	if strings.TrimSpace(sub) == "" {
		return Identity{}, false
	}
	groups, ok := tokenGroups(r.Header.Get("Authorization"), sub)
	if !ok {
		groups = parseGroups(claims["cognito:groups"])
	}
	return Identity{Subject: sub, Groups: groups}, true
}

// tokenGroups returns the "cognito:groups" of the JWT in an Authorization
// header value (the token, or "Bearer <token>"), and false when the value
// is no readable JWT or the token's subject is not sub.
//
// The signature is not checked here: API Gateway's authorizer checked it
// before the request reached the function, and the subject check ties the
// token to the claims the authorizer passed.
func tokenGroups(header, sub string) ([]string, bool) {
	token := strings.TrimSpace(header)
	if scheme, rest, found := strings.Cut(token, " "); found && strings.EqualFold(scheme, "Bearer") {
		token = strings.TrimSpace(rest)
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil, false
	}
	var claims struct {
		Sub    string          `json:"sub"`
		Groups json.RawMessage `json:"cognito:groups"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Sub != sub {
		return nil, false
	}
	if len(claims.Groups) == 0 {
		return nil, true
	}
	var list []any
	if json.Unmarshal(claims.Groups, &list) != nil {
		return nil, true
	}
	return parseGroups(list), true
}

// parseGroups reads a "cognito:groups" claim in exactly one of these
// shapes:
//
//   - a JSON array of strings, as the token holds it: one group each;
//   - a string in brackets, "[ops, admin]": the names joined by ", ";
//   - any other string: one group name, as it is.
//
// Cognito group names hold no whitespace (their pattern is
// [\p{L}\p{M}\p{S}\p{N}\p{P}]+) but may hold commas and brackets, so ", "
// separates names exactly, and "x,admin" is one group, not admin. A claim
// that does not read as valid names in its shape (an empty name, a name
// with whitespace, a non-string element, another type) yields no groups
// at all: an unreadable claim grants nothing.
func parseGroups(v any) []string {
	var raw []string
	switch g := v.(type) {
	case string:
		if inner, listed := strings.CutPrefix(g, "["); listed && strings.HasSuffix(inner, "]") {
			if inner = strings.TrimSuffix(inner, "]"); inner != "" {
				raw = strings.Split(inner, ", ")
			}
		} else {
			raw = []string{g}
		}
	case []any:
		for _, x := range g {
			s, ok := x.(string)
			if !ok {
				return nil
			}
			raw = append(raw, s)
		}
	case []string:
		raw = g
	}
	var groups []string
	for _, s := range raw {
		if !groupName(s) {
			return nil
		}
		if !slices.Contains(groups, s) {
			groups = append(groups, s)
		}
	}
	return groups
}

// groupName reports whether s can be a Cognito group name: not empty, and
// no whitespace or control characters.
func groupName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// RequireSignedIn returns the caller's identity, or an Unauthenticated
// error (401) when the request carries none.
func RequireSignedIn(r *http.Request) (Identity, error) {
	id, ok := IdentityFrom(r)
	if !ok {
		return Identity{}, errSignInRequired
	}
	return id, nil
}

// RequireAdmin returns the caller's identity when they are an
// administrator, an Unauthenticated error (401) when the request carries no
// identity, and a Forbidden error (403) otherwise.
func RequireAdmin(r *http.Request) (Identity, error) {
	id, err := RequireSignedIn(r)
	if err != nil {
		return Identity{}, err
	}
	if !id.IsAdmin() {
		return Identity{}, errAdminRequired
	}
	return id, nil
}
