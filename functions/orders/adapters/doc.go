// Package adapters implements the orders service's storage on its DynamoDB
// table, each with an in-memory twin that passes the same contract suite:
// the event store (OrderDynamoEventStore: one item per commit, written
// with a condition that its version does not exist), the read model
// (OrderDynamoReadModel, with the customer index for "my orders, newest
// first") and the local copy of the catalog (ProductDynamoCopy). It also
// maps the table's stream: OrderEvents turns a commit into the platform
// events it holds, and CommittedOrder names the order a commit changed.
// DeadlineSQSTimer schedules the checks of saga deadlines as delayed
// messages on the events function's own queue.
package adapters
