// Package trace finds every X-Ray trace that one order passed through and
// draws its journey as a waterfall: each hop (API stage, function
// invocation, handler, AWS call, outbound HTTP call) with its service,
// function, operation, start offset, duration, outcome and errors.
//
// An order's work spans several traces: a table stream starts a new one,
// for instance. Find gathers the traces annotated with the order's id
// (order_id), then those that share their correlation id
// (correlation_id), such as the API request that placed the order before
// its id existed. It asks the X-Ray API with filter expressions and
// checks every annotation itself as well, so an X-Ray API that ignores
// filters (as the local emulator does) gives the same answer.
package trace
