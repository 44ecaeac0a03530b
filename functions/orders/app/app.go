package app

// Application is every use case of orders, wired once in service.
type Application struct {
	Commands Commands
	Queries  Queries
	Health   HealthChecker
}

// Commands change orders, their read model or the catalog copy.
type Commands struct {
	PlaceOrder       PlaceOrderHandler
	CancelOrder      CancelOrderHandler
	ConfirmOrder     ConfirmOrderHandler
	ShipOrder        ShipOrderHandler
	ProjectOrder     ProjectOrderHandler
	RebuildReadModel RebuildReadModelHandler
	SyncProduct      SyncProductHandler
	// StartSagaDeadline and CheckSagaDeadline keep the saga deadline;
	// only a function with a DeadlineTimer has them.
	StartSagaDeadline StartSagaDeadlineHandler
	CheckSagaDeadline CheckSagaDeadlineHandler
}

// Queries read orders.
type Queries struct {
	OrderByID      OrderByIDHandler
	CustomerOrders CustomerOrdersHandler
}
