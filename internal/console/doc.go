// Package console is the local cloud's web console: the platform as a
// person sees it, in a browser, while `conveyor local up` runs.
//
// Pages, all rendered on the server (html/template) and kept live with
// htmx, which is embedded (static/VENDORED.md), as everything else is:
//
//	/                     the architecture: every service, its table, routes,
//	                      functions (running instances, invocations, errors,
//	                      cold starts), subscriptions (queue and dead-letter
//	                      depths), and which service's events feed which function
//	/events               every event put on the bus, live (server-sent
//	                      events), filtered by type, order id or correlation id
//	/orders, /orders/{id} recent orders and their status; an order's saga
//	                      timeline, its payment, and its trace waterfall, each
//	                      function hop linked to its log lines
//	/functions[/{name}]   per function: instances, recent invocations, last
//	                      errors, log lines
//	/queues[/{key}]       depths; a dead-letter queue's messages with the
//	                      failure their consumer logged, and redrive
//	/explorer             every route: pick one and who calls (a customer or
//	                      an admin, with a token the console signs), send, and
//	                      see the answer, the events it caused and its trace
//	/switches             the payment provider's switches and any other
//	                      Switchboard, each with its state
//
// The console reads only what the local cloud keeps: the declarations,
// the events its emulator receives (Feed, fed by the emulator's PutEvents
// observer), the functions' log lines (its log store), traces through the
// emulator's X-Ray API, running processes, and queue depths, which it asks
// the emulator for at most every 3 s and only while a page shows them.
// It polls nothing while no page is open.
//
// Listen serves it on loopback unless told another host; requests that
// change something must come from its own pages.
package console
