package app

// Application is every use case of the inventory, wired once in service.
type Application struct {
	Commands Commands
	Queries  Queries
	Health   HealthChecker
}

// Commands change the inventory.
type Commands struct {
	SetStock     SetStockHandler
	ReserveStock ReserveStockHandler
	ReleaseStock ReleaseStockHandler
	CommitStock  CommitStockHandler
}

// Queries read the inventory.
type Queries struct {
	StockBySKU StockBySKUHandler
}
