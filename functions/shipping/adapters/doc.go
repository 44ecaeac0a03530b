// Package adapters stores shipments: in DynamoDB and in memory, with one
// contract suite run against both. Both offer a generic optimistic update
// (read, decide, conditional write); the rules of what to write are the
// domain's.
package adapters
