// Package load drives an open-loop order load against a running Conveyor
// platform and reports what it measured: the achieved rate, the accept
// and saga latencies, every order's final status, and the invariants the
// saga promises, checked once the run has settled.
//
// Arrivals follow a fixed schedule (Config.Rate) and never wait for
// earlier answers, so a slow platform shows as growing latency, not as a
// lower offered rate. The mix holds multi-line orders, out-of-stock
// orders, orders the payment provider declines and orders their customer
// cancels. The run seeds products and stock of its own through the API,
// tagged with its run id, so it works on a fresh platform and its checks
// count only its own.
//
// It calls the API through the client generated from its contract
// (package client), as any client of the API would. An order goes with
// an Idempotency-Key of its own, the same on every try, which is also the
// X-Correlation-Id of its requests, so its log lines and events are found
// by it.
//
// Each order's saga is timed from its final event on the platform bus,
// heard through an EventBridge rule and SQS queue that the run creates
// and deletes: the run never asks the API for an order's status, so the
// measurement adds no load to the services it measures.
package load
