package pspsim

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Running is a simulator serving on a local address.
type Running struct {
	*Server
	// URL is the simulator's base URL, e.g. "http://127.0.0.1:41234".
	URL string
	srv *http.Server
}

// Listen serves a new simulator on addr ("127.0.0.1:0" picks a free port).
func Listen(addr string) (*Running, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("pspsim: listen on %s: %w", addr, err)
	}
	s := New()
	r := &Running{Server: s, URL: "http://" + ln.Addr().String(), srv: &http.Server{Handler: s, ReadHeaderTimeout: 5 * time.Second}}
	go func() {
		if err := r.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = ln.Close()
		}
	}()
	return r, nil
}

// Close stops the simulator, waiting for answers in flight until ctx ends.
func (r *Running) Close(ctx context.Context) error {
	if err := r.srv.Shutdown(ctx); err != nil {
		_ = r.srv.Close()
		return fmt.Errorf("pspsim: stop: %w", err)
	}
	return nil
}
