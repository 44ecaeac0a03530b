// Package docgen writes docs/events.md, the event catalog, from the code:
// the service declarations (who publishes what, who subscribes with which
// pattern) and package events (every event, its description and its JSON
// Schema). A consumer is a subscription whose pattern matches the event's
// sample as its producer publishes it, evaluated with EventBridge's
// semantics, so the catalog shows what the rules really route.
//
// `make docs` regenerates the file; a test fails when the committed file
// is stale.
package docgen
