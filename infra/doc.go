// Package infra is the AWS CDK app that deploys Conveyor, built from the
// service declarations (see shared/spec and functions.All).
//
// Build adds one platform stack and one stack per declared service to a CDK
// app:
//
//   - The platform stack holds what every service shares: the EventBridge bus
//     with its archive, the REST API (Cognito user pool, app client and
//     authorizer, every declared route, a stage with X-Ray tracing, JSON
//     access logs and throttling), the SNS alarm topic and the platform
//     dashboard. It publishes the names the services need as SSM parameters.
//   - A service stack holds what one service owns: its table, its functions
//     with their aliases and log groups, its subscriptions (rule, queue,
//     DLQ, event source mapping), its stream consumers, its alarms and its
//     dashboard. It finds the platform through the SSM parameters, never
//     through cross-stack references, so each stack deploys on its own.
//
// Stage holds the typed configuration of a deployment stage (Dev, Prod):
// log retention, throttling, provisioned concurrency, table capacity.
//
// Every construct gets its defaults in one place (ServiceFunction,
// QueueWithDLQ), and Suppressions lists each cdk-nag rule the app does not
// satisfy, with the reason.
package infra
