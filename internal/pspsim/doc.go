// Package pspsim is a payment service provider simulator: a small HTTP
// server standing for the third-party provider that payments calls. It is a
// test double, so it is simple; it is still strict about the contract a
// real provider keeps.
//
// Routes:
//
//	POST /authorizations   {"orderId", "amount": {"amount", "currency"}}
//	POST /refunds          {"authorizationId", "amount": {"amount", "currency"}}
//	POST /voids            {"authorizationKey"}
//	GET  /ledger           every authorisation, refund and void, in order
//	GET  /faults           the current fault switches
//	PUT  /faults           replace the fault switches
//	GET  /health           200 while the provider is up
//
// Every POST route requires an Idempotency-Key header: a request repeated
// with the same key gets the first answer again and changes nothing; the
// same key with another body is refused with 422.
//
// A void names an authorisation by the idempotency key it was requested
// under (as a provider's cancel by merchant reference does), so a caller
// whose authorisation request timed out can settle it without its id: the
// authorisation made under that key is cancelled and can no longer be
// refunded; when there is none, the key is closed and a request still on
// its way under it is refused with 409 when it arrives.
//
// The fault switches (Faults) play the provider's bad days, settable while
// it runs: added latency (applied after the request is recorded, so a
// caller that gives up has still been charged and must retry with the same
// key), a rate of 500 answers (before anything is recorded), declines of
// amounts above a limit, and a full outage in which every connection is
// closed without an answer.
package pspsim
