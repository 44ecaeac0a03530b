// Package spec holds the types a service uses to declare itself: its table,
// its functions, its HTTP routes, the events it publishes and the events it
// subscribes to. Each function also declares what it does with the table
// and whether it publishes the service's events (TableAccess, Publisher):
// its IAM role grants exactly what the declaration says
// (internal/iampolicy).
//
// A declaration is plain Go data. The CDK app (infra/), the local cloud
// (cmd/conveyor), the event-catalog tests and the generated docs all read the
// same declarations, so they cannot drift apart. This package, and every
// package that holds a declaration, must import no handler code, no AWS SDK
// and no CDK.
//
// The platform passes every function these environment variables on top of
// the ones its declaration names:
//
//	CONVEYOR_SERVICE   the service name, e.g. "catalog"
//	CONVEYOR_STAGE     the stage, e.g. "local", "dev", "prod"
//	TABLE_NAME         the physical name of the service's table
//	EVENT_BUS_NAME     the physical name of the platform event bus
//	LOG_LEVEL          DEBUG, INFO, WARN or ERROR
package spec
