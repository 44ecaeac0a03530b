package auth

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// ErrUnauthorized is the error every rejected token wraps.
var ErrUnauthorized = errors.New("unauthorized")

// Claims are the claims of a verified token.
type Claims struct {
	// Subject is the "sub" claim: the user's ID.
	Subject string
	// Groups are the user's groups ("cognito:groups").
	Groups []string
	// Raw holds every claim as decoded from the token.
	Raw jwt.MapClaims
}

// InGroup reports whether the user belongs to group.
func (c Claims) InGroup(group string) bool {
	for _, g := range c.Groups {
		if g == group {
			return true
		}
	}
	return false
}

// cognitoTime is how API Gateway renders the time claims it passes on.
const cognitoTime = "Mon Jan 02 15:04:05 MST 2006"

// Authorizer returns the claims the way API Gateway REST's Cognito
// authorizer puts them in requestContext.authorizer.claims: every value a
// string, groups joined by commas, exp and iat as dates.
func (c Claims) Authorizer() map[string]any {
	out := make(map[string]any, len(c.Raw))
	keys := make([]string, 0, len(c.Raw))
	for k := range c.Raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := c.Raw[k]
		switch {
		case k == GroupsClaim:
			out[k] = strings.Join(c.Groups, ",")
		case k == "exp" || k == "iat":
			if f, ok := v.(float64); ok {
				out[k] = time.Unix(int64(f), 0).UTC().Format(cognitoTime)
				continue
			}
			out[k] = fmt.Sprint(v)
		default:
			switch x := v.(type) {
			case string:
				out[k] = x
			case float64:
				out[k] = fmt.Sprintf("%.0f", x)
			default:
				out[k] = fmt.Sprint(x)
			}
		}
	}
	return out
}

// Verify checks a token's signature (RS256 with the local key only), its
// expiry, issuer and audience, and returns its claims. Every failure wraps
// ErrUnauthorized.
func (k *Keys) Verify(token string) (Claims, error) { return VerifyWith(k.Public(), token) }

// VerifyWith is Verify with the public key alone, for a verifier that
// never holds the private key (the LocalStack gatekeeper): RS256, the
// local issuer and audience, an expiry, a subject that is not blank, and
// groups as a list of strings.
func VerifyWith(public *rsa.PublicKey, token string) (Claims, error) {
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodRS256.Alg()}),
		jwt.WithIssuer(Issuer),
		jwt.WithAudience(Audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
	)
	mc := jwt.MapClaims{}
	_, err := parser.ParseWithClaims(token, mc, func(*jwt.Token) (any, error) {
		return public, nil
	})
	if err != nil {
		return Claims{}, fmt.Errorf("%w: %w", ErrUnauthorized, err)
	}
	sub, _ := mc["sub"].(string)
	if strings.TrimSpace(sub) == "" {
		return Claims{}, fmt.Errorf("%w: token has no subject", ErrUnauthorized)
	}
	c := Claims{Subject: sub, Raw: mc}
	switch g := mc[GroupsClaim].(type) {
	case nil:
	case []any:
		for _, x := range g {
			s, ok := x.(string)
			if !ok {
				return Claims{}, fmt.Errorf("%w: %s must list strings", ErrUnauthorized, GroupsClaim)
			}
			c.Groups = append(c.Groups, s)
		}
	default:
		return Claims{}, fmt.Errorf("%w: %s must be a list", ErrUnauthorized, GroupsClaim)
	}
	return c, nil
}

// BearerToken extracts the token from an Authorization header value:
// either "Bearer <token>", or the bare token, which is what API Gateway's
// Cognito user-pool authorizer takes, so clients written for AWS work here
// unchanged. A bare value counts only when it has a JWT's three parts; ok is
// false for any other shape.
func BearerToken(header string) (token string, ok bool) {
	header = strings.TrimSpace(header)
	scheme, rest, found := strings.Cut(header, " ")
	if !found {
		return header, strings.Count(header, ".") == 2 && !strings.Contains(header, "..") &&
			!strings.HasPrefix(header, ".") && !strings.HasSuffix(header, ".")
	}
	if !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	return rest, rest != ""
}
