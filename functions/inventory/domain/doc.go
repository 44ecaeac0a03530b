// Package domain holds the inventory's model: a StockItem per SKU (on hand,
// reserved, available) and a Reservation per order, whose status changes
// each carry the stock changes they make. It imports no AWS, CDK or tracing
// package.
package domain
