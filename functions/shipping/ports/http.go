package ports

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/conveyor-dev/conveyor/functions/shipping/app"
	"github.com/conveyor-dev/conveyor/shared/httpapi"
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
	mux.HandleFunc("GET /health/shipping", httpapi.Health("shipping", HealthTimeout, s.log,
		httpapi.Dependency{Name: "table", Check: s.app.Health.Check}))
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
	lines := sh.Lines()
	resp := ShipmentResponse{OrderID: sh.OrderID(), ShipmentID: sh.ShipmentID(), Carrier: sh.Carrier(), TrackingID: sh.TrackingID(),
		ShipBy: sh.ShipBy(), ScheduledAt: sh.ScheduledAt(), Status: string(sh.Status()), Lines: make([]LineResponse, len(lines))}
	if at := sh.CancelledAt(); !at.IsZero() {
		resp.CancelledAt = &at
	}
	for i, l := range lines {
		resp.Lines[i] = LineResponse{SKU: l.SKU, Quantity: l.Quantity}
	}
	if err := httpapi.WriteJSON(w, http.StatusOK, resp); err != nil {
		s.log.WarnContext(r.Context(), "write shipment response", slog.String("error", err.Error()))
	}
}
