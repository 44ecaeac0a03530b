package app

// Application is every use case of the catalog, wired once in service.
type Application struct {
	Commands Commands
	Queries  Queries
	Health   HealthChecker
}

// Commands change the catalog.
type Commands struct {
	PutProduct    PutProductHandler
	DeleteProduct DeleteProductHandler
}

// Queries read the catalog.
type Queries struct {
	ProductBySKU ProductBySKUHandler
	ListProducts ListProductsHandler
}
