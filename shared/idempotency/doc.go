// Package idempotency makes a unit of work run once per key, however often
// it is delivered, with the semantics of Powertools for AWS Lambda's
// idempotency utility, on the service's own DynamoDB table.
//
// For each key the Store keeps one record:
//
//	pk           "IDEMPOTENCY#<scope>#<sha256 of the key>"
//	sk           "IDEMPOTENCY" (when the table has a sort key)
//	status       "INPROGRESS" or "COMPLETED"
//	lockExpiresAt  epoch milliseconds after which an INPROGRESS record is
//	             free to take: the attempt that wrote it crashed
//	payloadHash  sha256 of the payload the key was first used with
//	result       what the work returned, replayed on repeats
//	<ttl>        epoch seconds after which the record is void (and TTL
//	             deletes it)
//
// A first delivery writes INPROGRESS with a conditional put, runs the work
// and stores COMPLETED with its result; if the work fails the record is
// deleted so a retry runs it again. A repeat while the work runs gets
// ErrInProgress; a repeat after it gets the stored result; a repeat with
// the same key but a different payload gets ErrPayloadMismatch. Records
// expire after Config.Expires.
//
// The consumer package runs every event handler through a Store, keyed by
// event id; HTTP wraps a handler so commands carrying an Idempotency-Key
// header run once, replaying the first response.
package idempotency
