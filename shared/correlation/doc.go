// Package correlation carries a correlation id through a context.
//
// A correlation id names one business flow across every function, queue
// and event it touches: an HTTP request takes it from the Header request
// header or gets a new one, logs show it as correlation_id, and events
// carry it in their envelope so that consumers continue the same flow.
package correlation
