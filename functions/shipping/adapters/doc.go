// Package adapters stores shipments: in DynamoDB and in memory, with one
// contract suite run against both.
package adapters
