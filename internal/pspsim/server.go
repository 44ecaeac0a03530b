package pspsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// IdempotencyKeyHeader is the request header that makes a POST idempotent.
const IdempotencyKeyHeader = "Idempotency-Key"

// Decline reasons the simulator gives.
const (
	// ReasonAmountLimit: the amount is above Faults.DeclineAbove.
	ReasonAmountLimit = "amount_limit_exceeded"
)

// Money is an amount in minor units and an ISO 4217 currency code.
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// Faults are the switches that make the simulator misbehave.
type Faults struct {
	// LatencyMS delays every answer by this many milliseconds, after the
	// request has been recorded.
	LatencyMS int `json:"latencyMs"`
	// ErrorRate is the share (0 to 1) of requests answered 500 before
	// anything is recorded.
	ErrorRate float64 `json:"errorRate"`
	// DeclineAbove declines authorisations of more than this many minor
	// units; 0 means no limit.
	DeclineAbove int64 `json:"declineAbove"`
	// Outage closes every connection without an answer.
	Outage bool `json:"outage"`
}

// Validate reports a switch out of range.
func (f Faults) Validate() error {
	switch {
	case f.LatencyMS < 0 || f.LatencyMS > 60_000:
		return errors.New("latencyMs must be within 0-60000")
	case f.ErrorRate < 0 || f.ErrorRate > 1:
		return errors.New("errorRate must be within 0-1")
	case f.DeclineAbove < 0:
		return errors.New("declineAbove must not be negative")
	}
	return nil
}

// Entry kinds of the ledger.
const (
	KindAuthorization = "authorization"
	KindRefund        = "refund"
	KindVoid          = "void"
)

// Entry is one line of the ledger: an authorisation, a refund or a void.
type Entry struct {
	Kind string `json:"kind"`
	// ID is the authorisation, refund or void id.
	ID      string `json:"id"`
	OrderID string `json:"orderId"`
	// AuthorizationID is the refunded or voided authorisation, for refunds
	// and voids.
	AuthorizationID string    `json:"authorizationId,omitempty"`
	Amount          Money     `json:"amount"`
	IdempotencyKey  string    `json:"idempotencyKey"`
	At              time.Time `json:"at"`
}

// AuthorizationRequest is the body of POST /authorizations.
type AuthorizationRequest struct {
	OrderID string `json:"orderId"`
	Amount  Money  `json:"amount"`
}

// AuthorizationResponse answers POST /authorizations: status "authorized"
// with an id (201), or "declined" with a reason (402).
type AuthorizationResponse struct {
	Status          string `json:"status"`
	AuthorizationID string `json:"authorizationId,omitempty"`
	Reason          string `json:"reason,omitempty"`
}

// RefundRequest is the body of POST /refunds.
type RefundRequest struct {
	AuthorizationID string `json:"authorizationId"`
	Amount          Money  `json:"amount"`
}

// RefundResponse answers POST /refunds (201).
type RefundResponse struct {
	Status   string `json:"status"`
	RefundID string `json:"refundId"`
}

// VoidRequest is the body of POST /voids: it names the authorisation by
// the idempotency key it was requested under, so a caller that never got
// the authorisation's answer can still cancel it.
type VoidRequest struct {
	AuthorizationKey string `json:"authorizationKey"`
}

// The statuses of a VoidResponse.
const (
	// VoidStatusVoided: the authorisation made under the key is cancelled.
	VoidStatusVoided = "voided"
	// VoidStatusNoAuthorization: no authorisation was made under the key,
	// and none will be.
	VoidStatusNoAuthorization = "no_authorization"
)

// VoidResponse answers POST /voids (200): the authorisation cancelled, or
// that there was none.
type VoidResponse struct {
	Status          string `json:"status"`
	AuthorizationID string `json:"authorizationId,omitempty"`
	VoidID          string `json:"voidId,omitempty"`
}

// answer is a stored response, replayed for a repeated idempotency key.
type answer struct {
	body   []byte
	status int
	reply  []byte
}

// Server is the simulator. It is safe for concurrent use.
type Server struct {
	mu       sync.Mutex
	faults   Faults
	ledger   []Entry
	answers  map[string]answer
	auths    map[string]*Entry
	refunded map[string]int64
	// byKey finds an authorisation by the idempotency key it was made
	// under; voidedKeys are keys voided before any authorisation, which
	// refuse every later one.
	byKey      map[string]string
	voided     map[string]bool
	voidedKeys map[string]bool
	seq        int
	rand       func() float64
	once       sync.Once
	mux        *http.ServeMux
}

// New returns a healthy simulator with an empty ledger.
func New() *Server {
	return &Server{
		answers: map[string]answer{}, auths: map[string]*Entry{}, refunded: map[string]int64{},
		byKey: map[string]string{}, voided: map[string]bool{}, voidedKeys: map[string]bool{}, rand: rand.Float64,
	}
}

// SetFaults replaces the fault switches.
func (s *Server) SetFaults(f Faults) error {
	if err := f.Validate(); err != nil {
		return fmt.Errorf("pspsim: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	return nil
}

// Faults returns the current fault switches.
func (s *Server) Faults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

// Ledger returns a copy of every entry, in the order they were made.
func (s *Server) Ledger() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Entry(nil), s.ledger...)
}

// ServeHTTP serves the simulator's routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.once.Do(func() {
		mux := http.NewServeMux()
		mux.HandleFunc("POST /authorizations", s.post(s.authorize))
		mux.HandleFunc("POST /refunds", s.post(s.refund))
		mux.HandleFunc("POST /voids", s.post(s.void))
		mux.HandleFunc("GET /health", s.health)
		// The control routes stay up in an outage, so a test can end it.
		mux.HandleFunc("GET /ledger", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, s.Ledger()) })
		mux.HandleFunc("GET /faults", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, s.Faults()) })
		mux.HandleFunc("PUT /faults", s.putFaults)
		s.mux = mux
	})
	s.mux.ServeHTTP(w, r)
}

func (s *Server) health(w http.ResponseWriter, _ *http.Request) {
	if s.Faults().Outage {
		drop(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// drop closes the connection without an answer, as a provider that is
// down does.
func drop(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

func (s *Server) putFaults(w http.ResponseWriter, r *http.Request) {
	var f Faults
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body is not a faults object: " + err.Error()})
		return
	}
	if err := s.SetFaults(f); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, f)
}

// handler decides one POST: it returns the status and reply to store and
// send. It runs under s.mu.
type handler func(body []byte, key string) (int, any)

// post wraps a handler with the idempotency key, the error rate and the
// latency.
func (s *Server) post(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f := s.Faults()
		if f.Outage {
			drop(w)
			return
		}
		key := r.Header.Get(IdempotencyKeyHeader)
		if key == "" || len(key) > 255 {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": IdempotencyKeyHeader + " header of 1-255 characters is required"})
			return
		}
		body, err := readBody(w, r)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		if f.ErrorRate > 0 && s.rand() < f.ErrorRate {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "simulated provider error"})
			return
		}
		status, reply := s.decide(r.URL.Path, key, body, h)
		if f.LatencyMS > 0 {
			select {
			case <-time.After(time.Duration(f.LatencyMS) * time.Millisecond):
			case <-r.Context().Done():
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(reply)
	}
}

func (s *Server) decide(path, key string, body []byte, h handler) (int, []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	scoped := path + " " + key
	if a, ok := s.answers[scoped]; ok {
		if !bytes.Equal(a.body, body) {
			return http.StatusUnprocessableEntity, mustJSON(map[string]string{"error": "idempotency key reused with another request"})
		}
		return a.status, a.reply
	}
	status, v := h(body, key)
	reply := mustJSON(v)
	if status < 400 || status == http.StatusPaymentRequired {
		s.answers[scoped] = answer{body: body, status: status, reply: reply}
	}
	return status, reply
}

func (s *Server) nextID(prefix string) string {
	s.seq++
	return prefix + "_" + strconv.Itoa(s.seq)
}

func (s *Server) authorize(body []byte, key string) (int, any) {
	var req AuthorizationRequest
	if err := strictJSON(body, &req); err != nil {
		return http.StatusBadRequest, map[string]string{"error": err.Error()}
	}
	if req.OrderID == "" || req.Amount.Amount <= 0 || len(req.Amount.Currency) != 3 {
		return http.StatusBadRequest, map[string]string{"error": "orderId, a positive amount and a 3-letter currency are required"}
	}
	if s.voidedKeys[key] {
		return http.StatusConflict, map[string]string{"error": "the idempotency key was voided: no authorisation can be made under it"}
	}
	if s.faults.DeclineAbove > 0 && req.Amount.Amount > s.faults.DeclineAbove {
		return http.StatusPaymentRequired, AuthorizationResponse{Status: "declined", Reason: ReasonAmountLimit}
	}
	e := Entry{Kind: KindAuthorization, ID: s.nextID("auth"), OrderID: req.OrderID, Amount: req.Amount, IdempotencyKey: key, At: time.Now().UTC()}
	s.ledger = append(s.ledger, e)
	s.auths[e.ID] = &e
	s.byKey[key] = e.ID
	return http.StatusCreated, AuthorizationResponse{Status: "authorized", AuthorizationID: e.ID}
}

func (s *Server) refund(body []byte, key string) (int, any) {
	var req RefundRequest
	if err := strictJSON(body, &req); err != nil {
		return http.StatusBadRequest, map[string]string{"error": err.Error()}
	}
	auth, ok := s.auths[req.AuthorizationID]
	if !ok {
		return http.StatusNotFound, map[string]string{"error": "no such authorization"}
	}
	if s.voided[auth.ID] {
		return http.StatusConflict, map[string]string{"error": "the authorization was voided"}
	}
	if req.Amount.Currency != auth.Amount.Currency || req.Amount.Amount <= 0 || s.refunded[auth.ID]+req.Amount.Amount > auth.Amount.Amount {
		return http.StatusConflict, map[string]string{"error": "refund exceeds the authorised amount or changes its currency"}
	}
	s.refunded[auth.ID] += req.Amount.Amount
	e := Entry{Kind: KindRefund, ID: s.nextID("refund"), OrderID: auth.OrderID, AuthorizationID: auth.ID, Amount: req.Amount, IdempotencyKey: key, At: time.Now().UTC()}
	s.ledger = append(s.ledger, e)
	return http.StatusCreated, RefundResponse{Status: "refunded", RefundID: e.ID}
}

// void cancels the authorisation made under an authorisation key, or,
// when there is none, makes sure none will be: a request still on its way
// under that key is refused when it arrives. An authorisation already
// partly or wholly refunded cannot be voided.
func (s *Server) void(body []byte, key string) (int, any) {
	var req VoidRequest
	if err := strictJSON(body, &req); err != nil {
		return http.StatusBadRequest, map[string]string{"error": err.Error()}
	}
	if req.AuthorizationKey == "" || len(req.AuthorizationKey) > 255 {
		return http.StatusBadRequest, map[string]string{"error": "authorizationKey of 1-255 characters is required"}
	}
	id, ok := s.byKey[req.AuthorizationKey]
	if !ok {
		s.voidedKeys[req.AuthorizationKey] = true
		return http.StatusOK, VoidResponse{Status: VoidStatusNoAuthorization}
	}
	auth := s.auths[id]
	if s.refunded[id] > 0 {
		return http.StatusConflict, map[string]string{"error": "the authorization has refunds; refund the rest instead"}
	}
	if s.voided[id] {
		for _, e := range s.ledger {
			if e.Kind == KindVoid && e.AuthorizationID == id {
				return http.StatusOK, VoidResponse{Status: VoidStatusVoided, AuthorizationID: id, VoidID: e.ID}
			}
		}
	}
	s.voided[id] = true
	e := Entry{Kind: KindVoid, ID: s.nextID("void"), OrderID: auth.OrderID, AuthorizationID: id, Amount: auth.Amount, IdempotencyKey: key, At: time.Now().UTC()}
	s.ledger = append(s.ledger, e)
	return http.StatusOK, VoidResponse{Status: VoidStatusVoided, AuthorizationID: id, VoidID: e.ID}
}

func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, 64<<10)); err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	return buf.Bytes(), nil
}

func strictJSON(body []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return fmt.Errorf("body: %w", err)
	}
	return nil
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return []byte(`{"error":"encode"}`)
	}
	return b
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(mustJSON(v))
}
