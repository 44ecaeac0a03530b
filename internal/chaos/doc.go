// Package chaos holds the local cloud's fault switches and decides, call by
// call, which fault to inject: the same faults real AWS deals out, at
// random and all at once, so that a run proves the platform loses nothing
// under them.
//
// The faults (Faults), each with a rate and a scope:
//
//   - crash: the runtime kills a function's process inside an invocation,
//     either at a random moment or after the handler finished (its writes
//     done) and before its answer reaches Lambda; Lambda reports it as
//     Runtime.ExitError and the event source retries;
//   - throttle: the emulator's front door answers a DynamoDB call with
//     ProvisionedThroughputExceededException or ThrottlingException (a
//     transaction with TransactionCanceledException naming ThrottlingError),
//     shaped as DynamoDB answers;
//   - putEvents: the front door accepts only part of a PutEvents batch and
//     answers FailedEntryCount > 0 with the failed entries' error codes;
//   - duplicate: the SQS mapping delivers a message twice, in the same
//     batch or in a separate one;
//   - late: the SQS mapping holds a message back so that it arrives after
//     later ones;
//   - latency: the front door delays a call.
//
// Faults hit only what the platform's functions do, through their own
// credentials and event source mappings: the tools that watch a run (the
// load generator, the tests, the operator) see the emulator as it is.
//
// An Injector holds the switches, which change while the cloud runs (Set,
// or PUT /faults on Handler, as the payment provider simulator's do), and
// counts what was injected, by kind. A nil *Injector injects nothing.
package chaos
