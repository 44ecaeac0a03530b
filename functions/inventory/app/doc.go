// Package app holds the inventory's use cases, one per file: SetStock and
// StockBySKU for the HTTP API, ReserveStock, ReleaseStock and CommitStock
// for the order events. They depend on the StockRepository and Publisher
// interfaces declared here, not on DynamoDB or EventBridge.
package app
