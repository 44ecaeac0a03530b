// Package domain is the payments model: one Payment per order, the
// states it moves through, and the rules that keep an order from being
// charged twice. It imports no AWS, HTTP or tracing package.
package domain
