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
// DoOptimistic spends one write instead of two: it reads the record, runs
// the work and writes COMPLETED with a condition that keeps a record
// another run wrote meanwhile. It holds no lock, so deliveries that arrive
// together may each run the work; it suits work whose effects are
// conditional writes and idempotent calls, which must survive a second run
// anyway (an attempt that crashes after its effects runs again).
//
// The consumer package runs every event handler through DoOptimistic,
// keyed by event id; HTTP wraps a handler in Do, so commands carrying an
// Idempotency-Key header run once, a concurrent retry is refused, and the
// first response is replayed.
package idempotency
