package ports

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/conveyor-dev/conveyor/functions/inventory/app"
	"github.com/conveyor-dev/conveyor/functions/inventory/domain"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// HealthTimeout bounds the health check of the inventory's table.
const HealthTimeout = time.Second

// maxStockBody is the largest PUT /inventory/{sku} body.
const maxStockBody = 1 << 10

// HTTPServer serves the inventory's routes (see functions/inventory/spec.go).
type HTTPServer struct {
	app app.Application
	log *slog.Logger
}

// NewHTTPServer returns the HTTP port of application.
func NewHTTPServer(application app.Application, log *slog.Logger) *HTTPServer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &HTTPServer{app: application, log: log}
}

// Routes returns the mux with every inventory route.
func (s *HTTPServer) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /inventory/{sku}", s.handle(s.getStock))
	mux.HandleFunc("PUT /inventory/{sku}", s.handle(s.putStock))
	mux.HandleFunc("GET /health/inventory", httpapi.Health("inventory", HealthTimeout, s.log,
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

func toResponse(it *domain.StockItem) stockResponse {
	return stockResponse{SKU: string(it.SKU()), OnHand: it.OnHand(), Reserved: it.Reserved(), Available: it.Available()}
}

func (s *HTTPServer) getStock(w http.ResponseWriter, r *http.Request) error {
	sku, err := domain.ParseSKU(r.PathValue("sku"))
	if err != nil {
		return err
	}
	it, err := s.app.Queries.StockBySKU.Handle(r.Context(), sku)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return httpapi.WriteJSON(w, http.StatusOK, toResponse(it))
}

// putStock checks, in this order: an admin caller (401/403), a valid SKU
// in the path, a valid body; then sets the units on hand.
func (s *HTTPServer) putStock(w http.ResponseWriter, r *http.Request) error {
	if _, err := httpapi.RequireAdmin(r); err != nil {
		return err
	}
	sku, err := domain.ParseSKU(r.PathValue("sku"))
	if err != nil {
		return err
	}
	onHand, err := decodeBody(r)
	if err != nil {
		return err
	}
	res, err := s.app.Commands.SetStock.Handle(r.Context(), app.SetStock{SKU: sku, OnHand: onHand})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
		w.Header().Set("Location", "/inventory/"+string(sku))
	}
	metrics.FromContext(r.Context()).Add(metrics.MetricStockSet, 1, metrics.Count)
	return httpapi.WriteJSON(w, status, toResponse(res.Item))
}

// decodeBody reads the PUT body within the size limit and decodes it.
func decodeBody(r *http.Request) (int64, error) {
	var req stockRequest
	if err := httpapi.DecodeJSON(r, &req, maxStockBody); err != nil {
		return 0, err
	}
	return req.onHand()
}
