package runtimeapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/conveyor-dev/conveyor/internal/chaos"
)

// MaxResponseBytes is the largest response a synchronous invocation may
// return, as in Lambda.
const MaxResponseBytes = 6 << 20

// Server is a Lambda Runtime API endpoint for every local function.
type Server struct {
	ln   net.Listener
	http *http.Server

	mu        sync.Mutex
	functions map[string]*Function
	instances map[string]*instance
	closed    bool
	closing   chan struct{}
	// chaos, when set, decides which invocations crash (see SetChaos).
	chaos atomic.Pointer[chaos.Injector]
}

// SetChaos makes the server kill the processes of the invocations in
// says crash: after the handler answered (its writes done) and before the
// answer is taken, or a random share of the way through the invocation.
// Lambda reports such an invocation as Runtime.ExitError, and a new
// process takes the next one. nil stops crashing.
func (s *Server) SetChaos(in *chaos.Injector) { s.chaos.Store(in) }

// NewServer listens on addr (e.g. "127.0.0.1:0") and serves the Runtime API.
func NewServer(addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("runtime API listen on %s: %w", addr, err)
	}
	s := &Server{
		ln:        ln,
		functions: map[string]*Function{},
		instances: map[string]*instance{},
		closing:   make(chan struct{}),
	}
	mux := http.NewServeMux()
	const prefix = "/i/{instance}/2018-06-01/runtime"
	mux.HandleFunc("GET "+prefix+"/invocation/next", s.next)
	mux.HandleFunc("POST "+prefix+"/invocation/{request}/response", s.response)
	mux.HandleFunc("POST "+prefix+"/invocation/{request}/error", s.invocationError)
	mux.HandleFunc("POST "+prefix+"/init/error", s.initError)
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.http.Serve(ln) }()
	return s, nil
}

// Addr is the host:port the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Function returns a registered function by name.
func (s *Server) Function(name string) (*Function, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.functions[name]
	return f, ok
}

// Close stops every process, fails the invocations still waiting with
// ErrClosed and stops the server. It returns when every process has
// exited or ctx is done.
func (s *Server) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	insts := make([]*instance, 0, len(s.instances))
	for _, in := range s.instances {
		insts = append(insts, in)
	}
	fns := make([]*Function, 0, len(s.functions))
	for _, f := range s.functions {
		fns = append(fns, f)
	}
	s.mu.Unlock()

	// Kill the processes before telling their pending "next" calls that
	// the server is closing: a runtime told so logs a failure and exits on
	// its own, which is noise when the whole platform is stopping.
	for _, in := range insts {
		in.kill()
	}
	var errs []error
	for _, in := range insts {
		select {
		case <-in.exited:
		case <-ctx.Done():
			errs = append(errs, fmt.Errorf("process %d of %s did not exit: %w", in.pid, in.fn.cfg.Name, ctx.Err()))
		}
	}
	close(s.closing)
	for _, f := range fns {
		f.drain(ErrClosed)
	}
	if err := s.http.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("runtime API shutdown: %w", err))
	}
	return errors.Join(errs...)
}

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

func (s *Server) instance(w http.ResponseWriter, r *http.Request) (*instance, bool) {
	s.mu.Lock()
	in, ok := s.instances[r.PathValue("instance")]
	s.mu.Unlock()
	if !ok {
		writeStatus(w, http.StatusForbidden, "InvalidInstance", "unknown runtime instance")
	}
	return in, ok
}

func (s *Server) next(w http.ResponseWriter, r *http.Request) {
	in, ok := s.instance(w, r)
	if !ok {
		return
	}
	inv, ok := in.awaitInvocation(r.Context())
	if !ok {
		writeStatus(w, http.StatusGone, "ShuttingDown", "no more invocations")
		return
	}
	h := w.Header()
	h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
	h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(inv.deadline.UnixMilli(), 10))
	h.Set("Lambda-Runtime-Invoked-Function-Arn", in.fn.ARN())
	h.Set("Lambda-Runtime-Trace-Id", inv.traceHeader)
	if inv.clientContext != "" {
		h.Set("Lambda-Runtime-Client-Context", inv.clientContext)
	}
	h.Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(inv.payload)
}

func (s *Server) response(w http.ResponseWriter, r *http.Request) {
	in, ok := s.instance(w, r)
	if !ok {
		return
	}
	inv, ok := in.current(r.PathValue("request"))
	if !ok {
		writeStatus(w, http.StatusBadRequest, "InvalidRequestID", "no such invocation in flight")
		return
	}
	if in.crashBeforeAnswer(inv) {
		writeStatus(w, http.StatusAccepted, "", "")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxResponseBytes+1))
	if err != nil {
		writeStatus(w, http.StatusBadRequest, "InvalidRequest", err.Error())
		return
	}
	if len(body) > MaxResponseBytes {
		in.finish(inv, result{err: &FunctionError{
			Type:    ErrorTypeResponseSize,
			Message: fmt.Sprintf("Response payload size exceeded maximum allowed payload size (%d bytes).", MaxResponseBytes),
		}})
		writeStatus(w, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "response too large")
		return
	}
	in.fn.typical.add(time.Since(inv.started))
	in.finish(inv, result{payload: body})
	writeStatus(w, http.StatusAccepted, "", "")
}

func (s *Server) invocationError(w http.ResponseWriter, r *http.Request) {
	in, ok := s.instance(w, r)
	if !ok {
		return
	}
	inv, ok := in.current(r.PathValue("request"))
	if !ok {
		writeStatus(w, http.StatusBadRequest, "InvalidRequestID", "no such invocation in flight")
		return
	}
	if in.crashBeforeAnswer(inv) {
		writeStatus(w, http.StatusAccepted, "", "")
		return
	}
	in.finish(inv, result{err: readFunctionError(r)})
	writeStatus(w, http.StatusAccepted, "", "")
}

func (s *Server) initError(w http.ResponseWriter, r *http.Request) {
	in, ok := s.instance(w, r)
	if !ok {
		return
	}
	fe := readFunctionError(r)
	fe.Init = true
	in.reportInitError(fe)
	writeStatus(w, http.StatusAccepted, "", "")
}

func readFunctionError(r *http.Request) *FunctionError {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxResponseBytes))
	fe := &FunctionError{}
	if err != nil || json.Unmarshal(body, fe) != nil || (fe.Message == "" && fe.Type == "") {
		fe = &FunctionError{Type: ErrorTypeUnknown, Message: string(body)}
	}
	if fe.Type == "" {
		fe.Type = r.Header.Get("Lambda-Runtime-Function-Error-Type")
	}
	return fe
}

func writeStatus(w http.ResponseWriter, code int, errorType, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	if errorType == "" {
		_, _ = io.WriteString(w, `{"status":"OK"}`)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]string{"errorType": errorType, "errorMessage": message})
}
