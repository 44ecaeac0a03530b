// Package tests holds the end-to-end tests: they drive the platform only
// through its HTTP API, as a client would.
//
// By default they start a local cloud of their own (see
// internal/localcloud) and stop it at the end. To run them against another
// deployment, LocalStack or a deployed stage, set:
//
//	CONVEYOR_E2E_API_URL          the API's base URL, e.g. https://abc.execute-api.eu-west-1.amazonaws.com/prod
//	CONVEYOR_E2E_ADMIN_TOKEN      a token of a user in the admin group
//	CONVEYOR_E2E_CUSTOMER_TOKEN   a token of a user in no group
//
// Tests that need the local machine (killing a function process, running
// the conveyor command) are skipped then.
package tests
