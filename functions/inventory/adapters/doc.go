// Package adapters holds the inventory's adapters: the StockRepository on
// DynamoDB (transactions with conditions) and in memory, with one contract
// suite run against both. The use cases publish through *eventbus.Publisher
// itself.
package adapters
