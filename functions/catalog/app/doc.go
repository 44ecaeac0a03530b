// Package app holds the catalog's use cases, one per file: PutProduct,
// DeleteProduct, ProductBySKU and ListProducts. They depend on the
// ProductRepository interface declared here, not on DynamoDB.
package app
