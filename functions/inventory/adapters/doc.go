// Package adapters holds the inventory's adapters: the StockRepository on
// DynamoDB (transactions with conditions) and in memory, one contract suite
// run against both, and the Publisher on the platform's event bus.
package adapters
