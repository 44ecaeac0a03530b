// Package events is the platform's published language: the envelope every
// event travels in, and one Go type per event and version.
//
// An event crosses the platform as an EventBridge event on the platform bus.
// Its detail-type is the event type (e.g. "OrderPlaced"), its source is
// "conveyor.<service>" of the producer, and its detail is an Envelope whose
// Data holds the event's own fields:
//
//	{
//	  "id": "0190b6a4-7c1e-7d38-9b4f-3c2f1d7e8a10",
//	  "type": "OrderPlaced",
//	  "version": 1,
//	  "source": "conveyor.orders",
//	  "time": "2026-03-01T10:00:00Z",
//	  "correlationId": "5f0c…",
//	  "causationId": "…",
//	  "data": { "orderId": "…", … }
//	}
//
// Every event and version has a JSON Schema (2020-12) in schemas/ and a
// sample in testdata/; the package schemas validates against them. The
// contract tests in this package prove that each sample validates, decodes
// into its Go type and encodes back unchanged, that every published event
// is known here, and that every subscription matches an event somebody
// publishes.
//
// A compatible change (a new optional field) keeps the version. A breaking
// change adds a new type and version side by side, e.g. OrderPlacedV2 in
// order_placed_v2.go with schemas/OrderPlaced.v2.json, and producers publish
// both until no consumer reads the old one.
package events
