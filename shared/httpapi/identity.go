package httpapi

import (
	"context"
	"net/http"
	"slices"
	"strings"

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
// under requestContext.authorizer.claims; "cognito:groups" holds one group,
// several separated by commas, or a bracketed list ("[a b]"), depending on
// the caller. All three forms are read, as is a JSON array.
func IdentityFrom(ctx context.Context) (Identity, bool) {
	rc, ok := core.GetAPIGatewayContextFromContext(ctx)
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
	return Identity{Subject: sub, Groups: parseGroups(claims["cognito:groups"])}, true
}

func parseGroups(v any) []string {
	var raw []string
	switch g := v.(type) {
	case string:
		s := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(g), "["), "]")
		raw = strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
	case []any:
		for _, x := range g {
			if s, ok := x.(string); ok {
				raw = append(raw, s)
			}
		}
	case []string:
		raw = g
	}
	var groups []string
	for _, s := range raw {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(groups, s) {
			groups = append(groups, s)
		}
	}
	return groups
}

// RequireSignedIn returns the caller's identity, or an Unauthenticated
// error (401) when the request carries none.
func RequireSignedIn(r *http.Request) (Identity, error) {
	id, ok := IdentityFrom(r.Context())
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
