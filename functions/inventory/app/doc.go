// Package app holds the inventory's use cases, one per file: SetStock and
// StockBySKU for the HTTP API, ReserveStock, ReleaseStock and CommitStock
// for the order events. They depend on the StockRepository interface
// declared here, not on DynamoDB. They publish nothing: each decision is
// the order's stored reservation record, and Announcement names the event
// that announces it, which inventory-publisher sends from the table's
// stream.
package app
