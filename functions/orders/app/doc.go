// Package app holds the orders use cases, one per file: PlaceOrder,
// CancelOrder, ConfirmOrder, ShipOrder, OrderByID, CustomerOrders,
// ProjectOrder, RebuildReadModel, SyncProduct, and the saga deadline's
// StartSagaDeadline and CheckSagaDeadline. They depend on the EventStore,
// ReadModel, ProductCopy and DeadlineTimer interfaces declared here, not
// on DynamoDB or SQS.
package app
