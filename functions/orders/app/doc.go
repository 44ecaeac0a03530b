// Package app holds the orders use cases, one per file: PlaceOrder,
// CancelOrder, OrderByID, CustomerOrders, ProjectOrder, RebuildReadModel
// and SyncProduct. They depend on the EventStore, ReadModel and
// ProductCopy interfaces declared here, not on DynamoDB.
package app
