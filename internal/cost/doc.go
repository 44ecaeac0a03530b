// Package cost puts a price on an order: it applies a versioned table of
// AWS prices (us-east-1, arm64 Lambda, on demand; prices.json, each price
// with the date it was checked and its source) to what the local cloud
// metered (package metering), and reports the cost per order and per
// million orders by AWS service and by Conveyor service, which cost
// dominates, the fixed monthly costs a stage has whatever its orders
// (custom metrics, alarms, dashboards, the health canary, WAF, Cognito
// users, a KMS key, provisioned concurrency), counted from the service
// declarations by the rules the CDK app follows, and a monthly estimate
// at a given volume.
package cost
