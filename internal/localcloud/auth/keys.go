package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The fixed values every local token carries and every verification demands.
const (
	// Issuer is the "iss" claim of local tokens.
	Issuer = "https://auth.conveyor.local"
	// Audience is the "aud" claim of local tokens: the app client of the
	// local user pool.
	Audience = "conveyor-local"
	// KeyID is the "kid" header of local tokens.
	KeyID = "conveyor-local-1"
	// GroupsClaim is the claim that lists a user's groups.
	GroupsClaim = "cognito:groups"
)

// KeyFile is the name of the signing key inside the data directory.
const KeyFile = "jwt-signing-key.pem"

// Keys signs and verifies local tokens with one RSA key pair.
type Keys struct {
	private *rsa.PrivateKey
}

// NewKeys returns Keys around an existing private key.
func NewKeys(private *rsa.PrivateKey) *Keys { return &Keys{private: private} }

// GenerateKeys returns Keys around a fresh 2048-bit RSA key.
func GenerateKeys() (*Keys, error) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generate RSA key: %w", err)
	}
	return &Keys{private: k}, nil
}

// LoadOrCreate reads the PEM-encoded signing key at path, or generates one
// and writes it there (mode 0600) when the file does not exist yet.
func LoadOrCreate(path string) (*Keys, error) {
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		block, _ := pem.Decode(data)
		if block == nil {
			return nil, fmt.Errorf("signing key %s: no PEM block", path)
		}
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("signing key %s: %w", path, err)
		}
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("signing key %s: not an RSA key", path)
		}
		return &Keys{private: rk}, nil
	case errors.Is(err, fs.ErrNotExist):
		keys, err := GenerateKeys()
		if err != nil {
			return nil, err
		}
		der, err := x509.MarshalPKCS8PrivateKey(keys.private)
		if err != nil {
			return nil, fmt.Errorf("encode signing key: %w", err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create key directory: %w", err)
		}
		pemData := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
		if err := os.WriteFile(path, pemData, 0o600); err != nil {
			return nil, fmt.Errorf("write signing key: %w", err)
		}
		return keys, nil
	default:
		return nil, fmt.Errorf("read signing key: %w", err)
	}
}

// Public returns the public half of the signing key.
func (k *Keys) Public() *rsa.PublicKey { return &k.private.PublicKey }

// PublicPEM returns the public key as a PEM block ("PUBLIC KEY").
func (k *Keys) PublicPEM() ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(k.Public())
	if err != nil {
		return nil, fmt.Errorf("encode public key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// Issue signs an ID token for subject sub, member of groups, valid for ttl.
func (k *Keys) Issue(sub string, groups []string, ttl time.Duration) (string, error) {
	if strings.TrimSpace(sub) == "" {
		return "", errors.New("issue token: subject must not be empty")
	}
	if ttl <= 0 {
		return "", fmt.Errorf("issue token: ttl %v must be positive", ttl)
	}
	now := time.Now()
	claims := jwt.MapClaims{
		"iss":              Issuer,
		"aud":              Audience,
		"sub":              sub,
		"cognito:username": sub,
		"token_use":        "id",
		"auth_time":        now.Unix(),
		"iat":              now.Unix(),
		"exp":              now.Add(ttl).Unix(),
	}
	if len(groups) > 0 {
		claims[GroupsClaim] = groups
	}
	return k.Sign(claims)
}

// Sign signs arbitrary claims with the local key (RS256, kid KeyID).
func (k *Keys) Sign(claims jwt.MapClaims) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	t.Header["kid"] = KeyID
	s, err := t.SignedString(k.private)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return s, nil
}
