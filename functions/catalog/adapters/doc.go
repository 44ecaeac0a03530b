// Package adapters implements the catalog's ProductRepository twice: on
// DynamoDB (ProductDynamoRepository) and in memory
// (ProductMemoryRepository). One contract suite runs against both.
package adapters
