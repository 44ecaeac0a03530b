// Package localcloud starts the whole platform on one machine, with no
// Docker and no AWS account: the emulator (kumo), the resources the
// service declarations ask for, every function as real processes behind
// the Lambda Runtime API, the event source mappings and the HTTP gateway.
//
// `conveyor local up` (make run) and the end-to-end tests both use Start.
// Start needs the emulator's port in KUMO_PORT before the program starts:
// call emulator.Reexec first (see package emulator).
//
// Local physical names follow provision.Names: with the default prefix the
// catalog's table is "conveyor-local-catalog" and the event bus
// "conveyor-local". Functions receive them as TABLE_NAME and
// EVENT_BUS_NAME, with CONVEYOR_SERVICE, CONVEYOR_STAGE=local, LOG_LEVEL,
// and AWS_ENDPOINT_URL, AWS_REGION and local credentials for the emulator.
package localcloud
