// Package domain holds the orders model: an event-sourced Order whose
// commands (Place, Confirm, Ship, Cancel) return the events they cause,
// and whose state is a fold over those events (Rehydrate, Apply). It also
// holds the rules of an order's lines and the catalog copy's Product. It
// imports no AWS, CDK or tracing package.
package domain
