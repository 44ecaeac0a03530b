// Package metering counts what the platform's calls would be billed on
// AWS, per function and per Conveyor service, as the local cloud serves
// them: Lambda invocations and their billed duration times declared
// memory; DynamoDB read and write request units worked out from item
// sizes the way DynamoDB counts them; EventBridge events and SQS requests
// in 64 KB chunks; API Gateway requests; X-Ray traces recorded;
// CloudWatch Logs bytes ingested; and the orders placed, so that a cost
// can be put on one order.
//
// A Meter is fed at four places. Its front door middleware (FrontDoor)
// sees every AWS call the functions make, with the request and the
// answer, and meters DynamoDB, EventBridge, SQS and X-Ray; the local
// cloud reports each finished invocation (Invocation), each API request
// that reached a function (APIRequest) and each log line a function
// wrote (LogBytes). Snapshot reads the counters and Reset zeroes them;
// the middleware serves both over HTTP under Path, on the emulator's
// port, where `conveyor cost` reads them (Fetch, ResetAt).
//
// What is free on AWS is not counted: a Lambda trigger's reads of a
// table's stream, the calls of operators and tests (signed with any key
// other than a function's), and requests the front door refused or
// throttled before they reached the emulator.
package metering
