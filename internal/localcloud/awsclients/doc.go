// Package awsclients builds the AWS SDK v2 clients the local cloud uses to
// talk to the emulator: DynamoDB, DynamoDB Streams, SQS and EventBridge,
// with fixed local credentials and no retries hidden from the caller's
// context.
package awsclients
