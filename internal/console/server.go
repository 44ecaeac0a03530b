package console

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Server is a console listening on a local address.
type Server struct {
	*Console
	// URL is the console's address, e.g. "http://127.0.0.1:9000".
	URL string
	srv *http.Server
}

// Listen serves a console over deps on addr. An address without a host
// ("":9000") listens on 127.0.0.1: the console mints admin tokens and
// flips fault switches, so it is reachable from elsewhere only when addr
// names another host. On loopback it answers only requests addressed to
// a loopback name, so that a web page cannot reach it by rebinding a
// name of its own to 127.0.0.1.
func Listen(addr string, deps Deps) (*Server, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("console: address %q: %w", addr, err)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	c, err := New(deps)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, fmt.Errorf("console: listen on %s: %w", addr, err)
	}
	var h http.Handler = c
	if isLoopback(host) {
		h = loopbackOnly(c)
	}
	s := &Server{Console: c, URL: "http://" + ln.Addr().String(),
		srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = ln.Close()
		}
	}()
	return s, nil
}

// Close ends the live streams and stops the server, waiting for the
// requests in flight until ctx ends.
func (s *Server) Close(ctx context.Context) error {
	s.Console.Close()
	if err := s.srv.Shutdown(ctx); err != nil {
		_ = s.srv.Close()
		return fmt.Errorf("console: stop: %w", err)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loopbackOnly refuses requests whose Host is not a loopback name.
func loopbackOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.Host)
		if err != nil {
			host = r.Host
		}
		if !isLoopback(host) {
			http.Error(w, "the console answers on loopback names only", http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}
