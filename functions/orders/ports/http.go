package ports

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/functions/orders/app"
	"github.com/conveyor-dev/conveyor/functions/orders/domain"
	"github.com/conveyor-dev/conveyor/shared/apperr"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
	"github.com/conveyor-dev/conveyor/shared/idempotency"
	"github.com/conveyor-dev/conveyor/shared/metrics"
	"github.com/conveyor-dev/conveyor/shared/tracing"
)

// HealthTimeout bounds the health check of the orders table.
const HealthTimeout = time.Second

// IdempotencyScope separates the API's Idempotency-Key records from the
// other records in the table.
const IdempotencyScope = "orders-api"

// orderIDNamespace seeds the ids of orders placed with an
// Idempotency-Key (see orderIDFor).
var orderIDNamespace = uuid.MustParse("3d6f2b8e-8c41-4f0a-9a57-1e2b7c9d5a34")

// errKeyReused answers a request whose Idempotency-Key placed an order
// with another request, when the key's record no longer says so.
var errKeyReused = &apperr.Error{
	Kind:    apperr.Unprocessable,
	Message: "this Idempotency-Key was already used for a different request; use a new key for a new order",
	Fields:  []apperr.FieldError{{Field: idempotency.Header, Reason: "was already used for a different request"}},
}

// HTTPServer serves the orders routes (see functions/orders/spec.go).
type HTTPServer struct {
	app   app.Application
	log   *slog.Logger
	store *idempotency.Store
	newID func() (domain.OrderID, error)
}

// NewHTTPServer returns the HTTP port of application; store keeps the
// Idempotency-Key records of POST /orders.
func NewHTTPServer(application app.Application, store *idempotency.Store, log *slog.Logger) *HTTPServer {
	if store == nil {
		panic("ports: NewHTTPServer needs an idempotency store")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &HTTPServer{app: application, log: log, store: store, newID: newOrderID}
}

// newOrderID returns a UUID version 7: unique, and in time order.
func newOrderID() (domain.OrderID, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return "", err
	}
	return domain.OrderID(id.String()), nil
}

// orderIDFor returns the id of the order that the caller subject places
// with an Idempotency-Key: a name-based UUID (version 5) of the two, the
// same on every retry. So a retry that the key's record no longer covers
// (its attempt died before completing the key, or the record expired)
// finds the order the first attempt stored, instead of placing another.
func orderIDFor(subject, key string) domain.OrderID {
	return domain.OrderID(uuid.NewSHA1(orderIDNamespace, []byte(subject+"\x00"+key)).String())
}

// Routes returns the mux with every orders route.
func (s *HTTPServer) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	idempotent := idempotency.HTTP(s.store, idempotency.HTTPOptions{
		Scope: IdempotencyScope, Log: s.log,
		Subject: func(r *http.Request) string {
			id, _ := httpapi.IdentityFrom(r)
			return id.Subject
		},
	})
	mux.Handle("POST /orders", s.requireIdempotencyKey(idempotent(s.handle(s.placeOrder))))
	mux.HandleFunc("GET /orders", s.handle(s.listOrders))
	mux.HandleFunc("GET /orders/{id}", s.handle(s.getOrder))
	mux.HandleFunc("POST /orders/{id}/cancel", s.handle(s.cancelOrder))
	mux.HandleFunc("GET /health/orders", httpapi.Health("orders", HealthTimeout, s.log,
		httpapi.Dependency{Name: "table", Check: s.app.Health.CheckHealth}))
	return mux
}

// handle turns a handler that returns an error into an http.HandlerFunc
// that answers errors as problems.
func (s *HTTPServer) handle(h func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			httpapi.WriteError(w, r, s.log, err)
		}
	}
}

// requireIdempotencyKey answers 401 to a caller who is not signed in and
// 400 to a request without an Idempotency-Key, before the key is used.
func (s *HTTPServer) requireIdempotencyKey(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := httpapi.RequireSignedIn(r); err != nil {
			httpapi.WriteError(w, r, s.log, err)
			return
		}
		if len(r.Header.Values(idempotency.Header)) == 0 {
			httpapi.WriteError(w, r, s.log, apperr.Validation(apperr.FieldError{
				Field: idempotency.Header, Reason: "is required: a key of your choice, the same on every retry of this order",
			}))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *HTTPServer) placeOrder(w http.ResponseWriter, r *http.Request) error {
	caller, err := httpapi.RequireSignedIn(r)
	if err != nil {
		return err
	}
	var req placeOrderRequest
	if err := httpapi.DecodeJSON(r, &req, httpapi.DefaultMaxBodyBytes); err != nil {
		return err
	}
	lines := make([]domain.LineRequest, len(req.Lines))
	for i, l := range req.Lines {
		lines[i] = domain.LineRequest{SKU: l.SKU, Quantity: l.Quantity}
	}
	var id domain.OrderID
	if key := r.Header.Get(idempotency.Header); key != "" {
		id = orderIDFor(caller.Subject, key)
	} else if id, err = s.newID(); err != nil {
		return err
	}
	placed, err := s.app.Commands.PlaceOrder.Handle(r.Context(), app.PlaceOrder{ID: id, CustomerID: caller.Subject, Lines: lines})
	if errors.Is(err, app.ErrOrderExists) {
		// The key's record, had it survived, would have refused this
		// request; keeping this answer in it instead would refuse the
		// retries of the request the key does belong to.
		idempotency.Discard(r)
		return errKeyReused
	}
	if err != nil {
		return err
	}
	o := placed.Order
	if placed.Existed {
		// A retry of a request whose answer was lost: answer the order
		// it placed, as a replay of the key's record would.
		w.Header().Set(idempotency.ReplayedHeader, "true")
	} else {
		metrics.FromContext(r.Context()).Add(metrics.MetricOrdersPlaced, 1, metrics.Count)
	}
	tracing.Annotate(r.Context(), "order_id", string(o.ID()))
	w.Header().Set("Location", "/orders/"+string(o.ID()))
	return httpapi.WriteJSON(w, http.StatusAccepted, toResponse(o))
}

// orderID reads the {id} path value; an id that is not an order id names
// no order, so it is a 404 like any other unknown id.
func orderID(r *http.Request) (domain.OrderID, error) {
	id, err := domain.ParseOrderID(r.PathValue("id"))
	if err != nil {
		return "", domain.ErrOrderNotFound
	}
	return id, nil
}

func (s *HTTPServer) getOrder(w http.ResponseWriter, r *http.Request) error {
	caller, err := httpapi.RequireSignedIn(r)
	if err != nil {
		return err
	}
	id, err := orderID(r)
	if err != nil {
		return err
	}
	o, err := s.app.Queries.OrderByID.Handle(r.Context(), app.OrderByID{ID: id, Subject: caller.Subject, Admin: caller.IsAdmin()})
	if err != nil {
		return err
	}
	return httpapi.WriteJSON(w, http.StatusOK, toResponse(o))
}

func (s *HTTPServer) cancelOrder(w http.ResponseWriter, r *http.Request) error {
	caller, err := httpapi.RequireSignedIn(r)
	if err != nil {
		return err
	}
	id, err := orderID(r)
	if err != nil {
		return err
	}
	o, err := s.app.Commands.CancelOrder.Handle(r.Context(), app.CancelOrder{
		ID: id, Reason: domain.ReasonCustomerRequest, CustomerID: caller.Subject,
	})
	if err != nil {
		return err
	}
	recordCancelled(r.Context(), o)
	return httpapi.WriteJSON(w, http.StatusOK, toResponse(o))
}

// listCursor is the position a page cursor carries.
type listCursor struct {
	After string `json:"a"`
}

func (s *HTTPServer) listOrders(w http.ResponseWriter, r *http.Request) error {
	caller, err := httpapi.RequireSignedIn(r)
	if err != nil {
		return err
	}
	q := app.CustomerOrders{CustomerID: caller.Subject}
	var f apperr.Fields
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > app.MaxPageSize {
			f.Add("limit", "must be a whole number within 1-100")
		}
		q.Limit = n
	}
	if v := r.URL.Query().Get("cursor"); v != "" {
		var c listCursor
		if err := httpapi.DecodeCursor(v, &c); err != nil {
			return err
		}
		if c.After == "" {
			f.Add("cursor", "is not a cursor this API returned; start again without it")
		}
		q.After = c.After
	}
	if err := f.Err(); err != nil {
		return err
	}
	page, err := s.app.Queries.CustomerOrders.Handle(r.Context(), q)
	if err != nil {
		return err
	}
	resp := orderListResponse{Items: make([]orderResponse, len(page.Orders))}
	for i, o := range page.Orders {
		resp.Items[i] = toResponse(o)
	}
	if page.Next != "" {
		if resp.NextCursor, err = httpapi.EncodeCursor(listCursor{After: page.Next}); err != nil {
			return err
		}
	}
	return httpapi.WriteJSON(w, http.StatusOK, resp)
}
