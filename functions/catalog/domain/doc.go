// Package domain holds the catalog's model: a Product with a validated SKU,
// name, description, price above zero and active flag, versioned for
// optimistic concurrency. A deleted product stays as a tombstone that keeps
// its version, so the SKU's versions keep rising when it is created again.
// It imports no AWS, CDK or tracing package.
package domain
