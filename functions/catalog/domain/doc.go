// Package domain holds the catalog's model: a Product with a validated SKU,
// name, description, price and active flag, versioned for optimistic
// concurrency. It imports no AWS, CDK or tracing package.
package domain
