// Package domain is the shipping model: one Shipment per confirmed order,
// with its carrier, tracking id and lines. It imports no AWS, HTTP or
// tracing package.
package domain
