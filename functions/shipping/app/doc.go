// Package app holds the shipping use cases, one per file, and the small
// interfaces they need (repository, health), declared by their consumer.
// The use cases publish nothing: a scheduled shipment is stored, and
// Announcement names the event that announces it, which
// shipping-publisher sends from the table's stream.
package app
