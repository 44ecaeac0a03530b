package auth_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/conveyor-dev/conveyor/internal/localcloud/auth"
)

func validClaims() jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"iss": auth.Issuer, "aud": auth.Audience, "sub": "alice",
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		auth.GroupsClaim: []string{"admin"},
	}
}

func TestVerify(t *testing.T) {
	keys, err := auth.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	other, err := auth.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	sign := func(t *testing.T, k *auth.Keys, edit func(jwt.MapClaims)) string {
		t.Helper()
		c := validClaims()
		if edit != nil {
			edit(c)
		}
		s, err := k.Sign(c)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := []struct {
		name  string
		token func(t *testing.T) string
		ok    bool
	}{
		{"a token issued by the local key is accepted", func(t *testing.T) string { return sign(t, keys, nil) }, true},
		{"an expired token is rejected", func(t *testing.T) string {
			return sign(t, keys, func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Minute).Unix() })
		}, false},
		{"a token without expiry is rejected", func(t *testing.T) string {
			return sign(t, keys, func(c jwt.MapClaims) { delete(c, "exp") })
		}, false},
		{"a token from another issuer is rejected", func(t *testing.T) string {
			return sign(t, keys, func(c jwt.MapClaims) { c["iss"] = "https://evil.example" })
		}, false},
		{"a token for another audience is rejected", func(t *testing.T) string {
			return sign(t, keys, func(c jwt.MapClaims) { c["aud"] = "someone-else" })
		}, false},
		{"a token without subject is rejected", func(t *testing.T) string {
			return sign(t, keys, func(c jwt.MapClaims) { delete(c, "sub") })
		}, false},
		{"a token signed by another key is rejected", func(t *testing.T) string { return sign(t, other, nil) }, false},
		{"an unsigned alg none token is rejected", func(t *testing.T) string {
			s, err := jwt.NewWithClaims(jwt.SigningMethodNone, validClaims()).SignedString(jwt.UnsafeAllowNoneSignatureType)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}, false},
		{"an HS256 token keyed with the public key is rejected", func(t *testing.T) string {
			pub, err := keys.PublicPEM()
			if err != nil {
				t.Fatal(err)
			}
			s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, validClaims()).SignedString(pub)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}, false},
		{"a token whose payload was tampered with is rejected", func(t *testing.T) string {
			parts := strings.Split(sign(t, keys, func(c jwt.MapClaims) { c[auth.GroupsClaim] = []string{"customer"} }), ".")
			forged := validClaims()
			forged[auth.GroupsClaim] = []string{"admin"}
			payload, err := jsonSegment(forged)
			if err != nil {
				t.Fatal(err)
			}
			return parts[0] + "." + payload + "." + parts[2]
		}, false},
		{"garbage is rejected", func(t *testing.T) string { return "not.a.jwt" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims, err := keys.Verify(tt.token(t))
			if tt.ok {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if claims.Subject != "alice" || !claims.InGroup("admin") {
					t.Fatalf("claims = %+v, want alice in admin", claims)
				}
				return
			}
			if !errors.Is(err, auth.ErrUnauthorized) {
				t.Fatalf("Verify error = %v, want ErrUnauthorized", err)
			}
		})
	}
}

func jsonSegment(c jwt.MapClaims) (string, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func TestIssue(t *testing.T) {
	keys, err := auth.LoadOrCreate(filepath.Join(t.TempDir(), "k", auth.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("an issued token verifies and carries subject and groups", func(t *testing.T) {
		tok, err := keys.Issue("bob", []string{"admin", "ops"}, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		c, err := keys.Verify(tok)
		if err != nil {
			t.Fatal(err)
		}
		if c.Subject != "bob" || !c.InGroup("ops") || c.InGroup("root") {
			t.Fatalf("claims = %+v", c)
		}
		a := c.Authorizer()
		if a["sub"] != "bob" || a[auth.GroupsClaim] != "admin,ops" || a["token_use"] != "id" {
			t.Fatalf("authorizer claims = %v", a)
		}
		if _, err := time.Parse("Mon Jan 02 15:04:05 MST 2006", a["exp"].(string)); err != nil {
			t.Fatalf("exp %q is not a Cognito date: %v", a["exp"], err)
		}
	})
	t.Run("an empty subject is refused", func(t *testing.T) {
		if _, err := keys.Issue(" ", nil, time.Hour); err == nil {
			t.Fatal("want an error")
		}
	})
	t.Run("the key survives a reload", func(t *testing.T) {
		dir := t.TempDir()
		a, err := auth.LoadOrCreate(filepath.Join(dir, auth.KeyFile))
		if err != nil {
			t.Fatal(err)
		}
		tok, err := a.Issue("carol", nil, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		b, err := auth.LoadOrCreate(filepath.Join(dir, auth.KeyFile))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.Verify(tok); err != nil {
			t.Fatalf("reloaded key rejects its own token: %v", err)
		}
	})
}

func TestBearerToken(t *testing.T) {
	tests := []struct {
		header, token string
		ok            bool
	}{
		{"Bearer abc", "abc", true},
		{"bearer abc", "abc", true},
		{"Basic abc", "", false},
		{"Bearer ", "", false},
		{"abc", "abc", false},
		{"aaa.bbb.ccc", "aaa.bbb.ccc", true},
		{"aaa..ccc", "aaa..ccc", false},
		{".bbb.ccc", ".bbb.ccc", false},
	}
	for _, tt := range tests {
		t.Run("header "+tt.header+" parses as expected", func(t *testing.T) {
			tok, ok := auth.BearerToken(tt.header)
			if ok != tt.ok || (ok && tok != tt.token) {
				t.Fatalf("BearerToken(%q) = %q, %v", tt.header, tok, ok)
			}
		})
	}
}
