package client

import (
	"context"
	"net/http"
)

// WithBearerToken makes every request of the client carry token in its
// Authorization header, as the customer and admin routes require.
func WithBearerToken(token string) ClientOption {
	return WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+token)
		return nil
	})
}
