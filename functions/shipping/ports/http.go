package ports

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/conveyor-dev/conveyor/functions/shipping/app"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// HealthTimeout bounds the health check.
const HealthTimeout = time.Second

// HTTPServer serves the shipping routes (see functions/shipping/spec.go).
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

// Routes returns the mux with every shipping route.
func (s *HTTPServer) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /shipments/{orderId}", s.getShipment)
	mux.HandleFunc("GET /health/shipping", s.health)
	return mux
}

// ShipmentResponse is the JSON of one shipment.
type ShipmentResponse struct {
	OrderID     string         `json:"orderId"`
	ShipmentID  string         `json:"shipmentId"`
	Carrier     string         `json:"carrier"`
	TrackingID  string         `json:"trackingId"`
	Lines       []LineResponse `json:"lines"`
	ShipBy      string         `json:"shipBy"`
	ScheduledAt time.Time      `json:"scheduledAt"`
	// Status is SCHEDULED, or CANCELLED when the order was cancelled
	// before it shipped; CancelledAt says when.
	Status      string     `json:"status"`
	CancelledAt *time.Time `json:"cancelledAt,omitempty"`
}

// LineResponse is one line of a shipment.
type LineResponse struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

func (s *HTTPServer) getShipment(w http.ResponseWriter, r *http.Request) {
	id, err := httpapi.RequireSignedIn(r)
	if err != nil {
		httpapi.WriteError(w, r, s.log, err)
		return
	}
	sh, err := s.app.ShipmentByOrder.Handle(r.Context(), app.ShipmentByOrder{OrderID: r.PathValue("orderId"), Subject: id.Subject, Admin: id.IsAdmin()})
	if err != nil {
		httpapi.WriteError(w, r, s.log, err)
		return
	}
	resp := ShipmentResponse{OrderID: sh.OrderID, ShipmentID: sh.ShipmentID, Carrier: sh.Carrier, TrackingID: sh.TrackingID,
		ShipBy: sh.ShipBy, ScheduledAt: sh.ScheduledAt, Status: string(sh.Status), Lines: make([]LineResponse, len(sh.Lines))}
	if !sh.CancelledAt.IsZero() {
		resp.CancelledAt = &sh.CancelledAt
	}
	for i, l := range sh.Lines {
		resp.Lines[i] = LineResponse{SKU: l.SKU, Quantity: l.Quantity}
	}
	if err := httpapi.WriteJSON(w, http.StatusOK, resp); err != nil {
		s.log.WarnContext(r.Context(), "write shipment response", slog.String("error", err.Error()))
	}
}

// healthCheck is one dependency's state in the health report.
type healthCheck struct {
	Name       string `json:"name"`
	Status     string `json:"status"`
	DurationMS int64  `json:"durationMs"`
	Error      string `json:"error,omitempty"`
}

type healthReport struct {
	Service string        `json:"service"`
	Status  string        `json:"status"`
	Checks  []healthCheck `json:"checks"`
}

// health checks the table within HealthTimeout: 200 when it answers, 503
// when it does not.
func (s *HTTPServer) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), HealthTimeout)
	defer cancel()
	start := time.Now()
	err := s.app.Health.Check(ctx)
	check := healthCheck{Name: "table", Status: "ok", DurationMS: time.Since(start).Milliseconds()}
	report := healthReport{Service: "shipping", Status: "ok"}
	status, failures := http.StatusOK, 0.0
	if err != nil {
		s.log.WarnContext(ctx, "health check failed", slog.String("check", "table"), slog.String("error", err.Error()))
		check.Status, check.Error = "unavailable", "the table did not answer within "+HealthTimeout.String()
		report.Status, status, failures = "unavailable", http.StatusServiceUnavailable, 1
	}
	report.Checks = []healthCheck{check}
	metrics.FromContext(r.Context()).Add(metrics.MetricHealthCheckFailures, failures, metrics.Count)
	w.Header().Set("Cache-Control", "no-store")
	if err := httpapi.WriteJSON(w, status, report); err != nil {
		s.log.WarnContext(ctx, "write health response", slog.String("error", err.Error()))
	}
}
