package metrics

import (
	"fmt"
	"slices"
	"strings"

	"github.com/conveyor-dev/conveyor/events"
)

// Namespace is the CloudWatch namespace of every metric Conveyor's code
// emits.
const Namespace = "Conveyor"

// The dimensions of the catalogued metrics. Every record carries
// DimService, the emitting service; the others split a metric further and
// are published next to the Service-only roll-up (see Batch.With).
const (
	// DimService is the service that emitted the metric, e.g. "orders".
	DimService = "Service"
	// DimReason is why an order was cancelled: the reason of the
	// OrderCancelled event (out_of_stock, payment_declined,
	// customer_request).
	DimReason = "Reason"
	// DimOutcome is how an order's saga ended: confirmed or cancelled.
	DimOutcome = "Outcome"
	// DimOperation is the payment provider operation: authorize or refund.
	DimOperation = "Operation"
	// DimState is the state a circuit breaker moved to: open, half-open or
	// closed.
	DimState = "State"
)

// The names of the metrics Conveyor's code emits. Catalogue documents
// each; dashboards and alarms use only these.
const (
	MetricColdStart     = "ColdStart"
	MetricHandlerErrors = "HandlerErrors"

	MetricEventsPublished = "EventsPublished"
	MetricEventsHandled   = "EventsHandled"
	MetricEventsFailed    = "EventsFailed"
	MetricPoisonEvents    = "PoisonEvents"

	MetricProductsCreated = "ProductsCreated"
	MetricProductsUpdated = "ProductsUpdated"
	MetricProductsDeleted = "ProductsDeleted"

	MetricOrdersPlaced      = "OrdersPlaced"
	MetricOrdersConfirmed   = "OrdersConfirmed"
	MetricOrdersCancelled   = "OrdersCancelled"
	MetricSagaDuration      = "SagaDuration"
	MetricOrderViewsWritten = "OrderViewsWritten"

	MetricStockSet                  = "StockSet"
	MetricReservationReserved       = "ReservationReserved"
	MetricReservationRejected       = "ReservationRejected"
	MetricReservationCommitted      = "ReservationCommitted"
	MetricReservationReleased       = "ReservationReleased"
	MetricReservationCancelledFirst = "ReservationCancelledFirst"

	MetricPaymentsAuthorized  = "PaymentsAuthorized"
	MetricPaymentsDeclined    = "PaymentsDeclined"
	MetricPaymentsRefunded    = "PaymentsRefunded"
	MetricProviderLatency     = "ProviderLatency"
	MetricProviderErrors      = "ProviderErrors"
	MetricProviderRetries     = "ProviderRetries"
	MetricBreakerStateChanges = "BreakerStateChanges"
	MetricBreakerOpen         = "BreakerOpen"

	MetricSagaDeadlinesExpired = "SagaDeadlinesExpired"

	MetricRefundsAbandoned = "RefundsAbandoned"

	MetricOrdersShipped = "OrdersShipped"

	MetricHealthCheckFailures = "HealthCheckFailures"
)

// Who emits the metrics recorded by shared code, and the values of the
// extra dimensions, as the catalogue documents them.
const (
	everyFunction   = "every function"
	everyConsumer   = "every event consumer"
	everyPublisher  = "every event publisher"
	everyService    = "every service's health route"
	reasonValues    = string(events.CancelOutOfStock) + ", " + string(events.CancelPaymentDeclined) + ", " + string(events.CancelCustomerRequest) + ", " + string(events.CancelSagaTimeout)
	outcomeValues   = "confirmed, cancelled"
	operationValues = "authorize, refund, void"
	stateValues     = "open, half-open, closed"
)

// Definition documents one metric the code emits.
type Definition struct {
	// Name is the metric name.
	Name string
	// Unit is the unit every value is recorded in.
	Unit Unit
	// Dimensions are the dimension sets the metric is published with,
	// each starting with DimService.
	Dimensions [][]string
	// EmittedBy names the service or shared component that records it.
	EmittedBy string
	// Description says what one value means.
	Description string
}

// DimensionNames returns the dimension sets as "Service" or
// "Service, Reason", one per set.
func (d Definition) DimensionNames() []string {
	out := make([]string, len(d.Dimensions))
	for i, set := range d.Dimensions {
		out[i] = strings.Join(set, ", ")
	}
	return out
}

// HasDimensions reports whether dims (in any order) is one of the
// metric's dimension sets.
func (d Definition) HasDimensions(dims []string) bool {
	want := slices.Sorted(slices.Values(dims))
	for _, set := range d.Dimensions {
		if slices.Equal(slices.Sorted(slices.Values(set)), want) {
			return true
		}
	}
	return false
}

func service() [][]string { return [][]string{{DimService}} }

func serviceAndBy(dim string) [][]string { return [][]string{{DimService}, {DimService, dim}} }

// catalogue is the single source of metric names: the README's table, the
// dashboards and the tests read it.
var catalogue = []Definition{
	{MetricColdStart, Count, service(), everyFunction, "1 for an invocation that started a new process, 0 otherwise: Sum counts cold starts, SampleCount invocations."},
	{MetricHandlerErrors, Count, service(), everyFunction, "1 for an invocation that failed or panicked, 0 otherwise: Average is the error rate."},
	{MetricEventsPublished, Count, service(), everyPublisher, "Events put on the platform bus and accepted by it."},
	{MetricEventsHandled, Count, service(), everyConsumer, "Events a consumer handled (or had handled before: a redelivery)."},
	{MetricEventsFailed, Count, service(), everyConsumer, "Events whose handling failed and will be retried."},
	{MetricPoisonEvents, Count, service(), everyConsumer, "Events no retry can handle: each goes to its subscription's DLQ after its last receive."},
	{MetricProductsCreated, Count, service(), "catalog", "Products created by PUT /products/{sku}."},
	{MetricProductsUpdated, Count, service(), "catalog", "Products replaced by PUT /products/{sku}."},
	{MetricProductsDeleted, Count, service(), "catalog", "Products deleted."},
	{MetricOrdersPlaced, Count, service(), "orders", "Orders placed (POST /orders): the funnel's first step."},
	{MetricOrdersConfirmed, Count, service(), "orders", "Orders confirmed after their payment was authorised."},
	{MetricOrdersCancelled, Count, serviceAndBy(DimReason), "orders", "Orders cancelled; Reason is " + reasonValues + "."},
	{MetricSagaDuration, Milliseconds, serviceAndBy(DimOutcome), "orders", "Time from an order's placement to its final state; Outcome is " + outcomeValues + "."},
	{MetricSagaDeadlinesExpired, Count, service(), "orders", "Orders still pending at their saga deadline, cancelled with reason saga_timeout."},
	{MetricOrderViewsWritten, Count, service(), "orders", "Order read-model items the projector wrote."},
	{MetricStockSet, Count, service(), "inventory", "Stock levels set through the API."},
	{MetricReservationReserved, Count, service(), "inventory", "Orders whose lines were all reserved."},
	{MetricReservationRejected, Count, service(), "inventory", "Stock rejections: orders inventory could not reserve."},
	{MetricReservationCommitted, Count, service(), "inventory", "Reservations turned into sales on confirmation."},
	{MetricReservationReleased, Count, service(), "inventory", "Reservations released on cancellation."},
	{MetricReservationCancelledFirst, Count, service(), "inventory", "Cancellations that arrived before the order's reservation."},
	{MetricPaymentsAuthorized, Count, service(), "payments", "Payments the provider authorised."},
	{MetricPaymentsDeclined, Count, service(), "payments", "Payments the provider declined."},
	{MetricPaymentsRefunded, Count, service(), "payments", "Payments refunded after a cancellation."},
	{MetricProviderLatency, Milliseconds, serviceAndBy(DimOperation), "payments", "Duration of one payment provider call, retries apart; Operation is " + operationValues + "."},
	{MetricProviderErrors, Count, serviceAndBy(DimOperation), "payments", "Payment provider calls that failed: timeout, transport error or 5xx."},
	{MetricProviderRetries, Count, serviceAndBy(DimOperation), "payments", "Payment provider calls retried after a failure."},
	{MetricBreakerStateChanges, Count, serviceAndBy(DimState), "payments", "Moves of the payment provider's circuit breaker; State is the new state: " + stateValues + "."},
	{MetricBreakerOpen, None, service(), "payments", "1 while the payment provider's circuit breaker is open, 0 otherwise, recorded at each provider call."},
	{MetricRefundsAbandoned, Count, service(), "payments", "Refunds or voids given up after their last parked retry: money the provider may still hold for a cancelled order."},
	{MetricOrdersShipped, Count, service(), "shipping", "Orders shipping scheduled a shipment for: the funnel's last step."},
	{MetricHealthCheckFailures, Count, service(), everyService, "Dependencies a health check found failing (0 when all answered)."},
}

// Catalogue returns every metric the code emits, in a stable order.
func Catalogue() []Definition {
	out := make([]Definition, len(catalogue))
	for i, d := range catalogue {
		d.Dimensions = slices.Clone(d.Dimensions)
		out[i] = d
	}
	return out
}

// Lookup returns the definition of the metric name.
func Lookup(name string) (Definition, bool) {
	for _, d := range catalogue {
		if d.Name == name {
			return d, true
		}
	}
	return Definition{}, false
}

// MarkdownTable returns the catalogue as the Markdown table the README
// shows.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| Metric | Unit | Dimensions | Emitted by | Meaning |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, d := range catalogue {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", d.Name, d.Unit,
			strings.Join(d.DimensionNames(), "; "), d.EmittedBy, d.Description)
	}
	return b.String()
}
