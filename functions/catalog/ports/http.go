package ports

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/conveyor-dev/conveyor/functions/catalog/app"
	"github.com/conveyor-dev/conveyor/functions/catalog/domain"
	"github.com/conveyor-dev/conveyor/shared/apperr"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// HealthTimeout bounds the health check of the catalog's table.
const HealthTimeout = time.Second

// HTTPServer serves the catalog's routes (see functions/catalog/spec.go).
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

// Routes returns the mux with every catalog route.
func (s *HTTPServer) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /products", s.handle(s.listProducts))
	mux.HandleFunc("GET /products/{sku}", s.handle(s.getProduct))
	mux.HandleFunc("PUT /products/{sku}", s.handle(s.putProduct))
	mux.HandleFunc("DELETE /products/{sku}", s.handle(s.deleteProduct))
	mux.HandleFunc("GET /health/catalog", httpapi.Health("catalog", HealthTimeout, s.log,
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

// listCursor is the position a page cursor carries.
type listCursor struct {
	After string `json:"a"`
}

func (s *HTTPServer) listProducts(w http.ResponseWriter, r *http.Request) error {
	q := app.ListProducts{}
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
		sku, err := domain.ParseSKU(c.After)
		if err != nil {
			f.Add("cursor", "is not a cursor this API returned; start again without it")
		}
		q.After = sku
	}
	if err := f.Err(); err != nil {
		return err
	}
	page, err := s.app.Queries.ListProducts.Handle(r.Context(), q)
	if err != nil {
		return err
	}
	resp := productListResponse{Items: make([]productResponse, len(page.Products))}
	for i, p := range page.Products {
		resp.Items[i] = toResponse(p)
	}
	if page.Next != "" {
		if resp.NextCursor, err = httpapi.EncodeCursor(listCursor{After: string(page.Next)}); err != nil {
			return err
		}
	}
	return httpapi.WriteJSON(w, http.StatusOK, resp)
}

func (s *HTTPServer) getProduct(w http.ResponseWriter, r *http.Request) error {
	sku, err := domain.ParseSKU(r.PathValue("sku"))
	if err != nil {
		return err
	}
	p, err := s.app.Queries.ProductBySKU.Handle(r.Context(), sku)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(p.Version()))
	return httpapi.WriteJSON(w, http.StatusOK, toResponse(p))
}

func (s *HTTPServer) putProduct(w http.ResponseWriter, r *http.Request) error {
	sku, pre, err := adminWrite(r)
	if err != nil {
		return err
	}
	var req productRequest
	if err := httpapi.DecodeJSON(r, &req, httpapi.DefaultMaxBodyBytes); err != nil {
		return err
	}
	in, err := req.input(sku)
	if err != nil {
		return err
	}
	res, err := s.app.Commands.PutProduct.Handle(r.Context(), app.PutProduct{SKU: sku, Input: in, Precondition: pre})
	if err != nil {
		return err
	}
	m := metrics.FromContext(r.Context())
	status := http.StatusOK
	switch {
	case res.Created:
		status = http.StatusCreated
		w.Header().Set("Location", "/products/"+string(sku))
		m.Add(metrics.MetricProductsCreated, 1, metrics.Count)
	case res.Changed:
		m.Add(metrics.MetricProductsUpdated, 1, metrics.Count)
	}
	w.Header().Set("ETag", etag(res.Product.Version()))
	return httpapi.WriteJSON(w, status, toResponse(res.Product))
}

// adminWrite checks what every write needs, in this order: an admin
// caller (401/403), a valid SKU in the path and well-formed preconditions.
func adminWrite(r *http.Request) (domain.SKU, app.Precondition, error) {
	if _, err := httpapi.RequireAdmin(r); err != nil {
		return "", app.Precondition{}, err
	}
	sku, err := domain.ParseSKU(r.PathValue("sku"))
	if err != nil {
		return "", app.Precondition{}, err
	}
	pre, err := preconditionFrom(r)
	if err != nil {
		return "", app.Precondition{}, err
	}
	return sku, pre, nil
}

func (s *HTTPServer) deleteProduct(w http.ResponseWriter, r *http.Request) error {
	sku, pre, err := adminWrite(r)
	if err != nil {
		return err
	}
	if pre.MustNotExist {
		return apperr.Validation(apperr.FieldError{Field: "If-None-Match", Reason: "is not allowed on DELETE"})
	}
	if err := s.app.Commands.DeleteProduct.Handle(r.Context(), app.DeleteProduct{SKU: sku, Precondition: pre}); err != nil {
		return err
	}
	metrics.FromContext(r.Context()).Add(metrics.MetricProductsDeleted, 1, metrics.Count)
	w.WriteHeader(http.StatusNoContent)
	return nil
}
