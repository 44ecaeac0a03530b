package provision

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Queue is a provisioned subscription queue.
type Queue struct {
	Name, URL, ARN          string
	DLQName, DLQURL, DLQARN string
	// RuleARN is the EventBridge rule that feeds the queue.
	RuleARN string
	// VisibilityTimeout is the queue's visibility timeout.
	VisibilityTimeout time.Duration
}

// Table is a provisioned service table.
type Table struct {
	Name string
	// StreamARN is the table's latest stream; empty when it has none.
	StreamARN string
}

// FailureQueue is a queue at the end of the line: a stream consumer's
// on-failure destination.
type FailureQueue struct {
	Name, URL, ARN string
}

// Platform is what Apply provisioned, by service name; for queues, by
// "<service>/<subscription>"; for stream failure queues, by function name.
type Platform struct {
	Bus            string
	BusARN         string
	Tables         map[string]Table
	Queues         map[string]Queue
	StreamFailures map[string]FailureQueue
}

// QueueKey is the key of a subscription's queue in Platform.Queues.
func QueueKey(s spec.Service, sub spec.Subscription) string { return s.Name + "/" + sub.Name }

// Apply provisions every service. It is safe to run again.
func Apply(ctx context.Context, c awsclients.Clients, names Names, services []spec.Service) (Platform, error) {
	if err := spec.ValidateAll(services); err != nil {
		return Platform{}, fmt.Errorf("provision: %w", err)
	}
	p := Platform{Bus: names.Bus(), Tables: map[string]Table{}, Queues: map[string]Queue{}, StreamFailures: map[string]FailureQueue{}}
	busARN, err := ensureBus(ctx, c.Events, names.Bus())
	if err != nil {
		return Platform{}, err
	}
	p.BusARN = busARN
	for _, s := range services {
		t, err := ensureTable(ctx, c.DynamoDB, names.Table(s), s.Table)
		if err != nil {
			return Platform{}, err
		}
		p.Tables[s.Name] = t
		for _, f := range s.Functions {
			if f.Stream == nil {
				continue
			}
			q := FailureQueue{Name: names.StreamFailureQueue(f.Name)}
			if q.URL, q.ARN, err = ensureQueue(ctx, c.SQS, q.Name, spec.FailureQueueRetention); err != nil {
				return Platform{}, err
			}
			p.StreamFailures[f.Name] = q
		}
		for _, sub := range s.Subscriptions {
			fn, _ := s.Function(sub.Function)
			q, err := ensureSubscription(ctx, c, names, s, sub, fn)
			if err != nil {
				return Platform{}, err
			}
			p.Queues[QueueKey(s, sub)] = q
		}
	}
	return p, nil
}

func ensureBus(ctx context.Context, ev *eventbridge.Client, name string) (string, error) {
	out, err := ev.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String(name)})
	if err == nil {
		return aws.ToString(out.EventBusArn), nil
	}
	var exists *ebtypes.ResourceAlreadyExistsException
	if !errors.As(err, &exists) {
		return "", fmt.Errorf("create event bus %s: %w", name, err)
	}
	d, err := ev.DescribeEventBus(ctx, &eventbridge.DescribeEventBusInput{Name: aws.String(name)})
	if err != nil {
		return "", fmt.Errorf("describe event bus %s: %w", name, err)
	}
	return aws.ToString(d.Arn), nil
}

func ensureTable(ctx context.Context, db *dynamodb.Client, name string, t spec.Table) (Table, error) {
	attrs := map[string]spec.AttributeType{}
	keySchema := func(pk spec.Key, sk *spec.Key) []ddbtypes.KeySchemaElement {
		attrs[pk.Name] = pk.Type
		ks := []ddbtypes.KeySchemaElement{{AttributeName: aws.String(pk.Name), KeyType: ddbtypes.KeyTypeHash}}
		if sk != nil {
			attrs[sk.Name] = sk.Type
			ks = append(ks, ddbtypes.KeySchemaElement{AttributeName: aws.String(sk.Name), KeyType: ddbtypes.KeyTypeRange})
		}
		return ks
	}
	in := &dynamodb.CreateTableInput{
		TableName:   aws.String(name),
		BillingMode: ddbtypes.BillingModePayPerRequest,
		KeySchema:   keySchema(t.PartitionKey, t.SortKey),
	}
	for _, ix := range t.Indexes {
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, ddbtypes.GlobalSecondaryIndex{
			IndexName:  aws.String(ix.Name),
			KeySchema:  keySchema(ix.PartitionKey, ix.SortKey),
			Projection: &ddbtypes.Projection{ProjectionType: ddbtypes.ProjectionTypeAll},
		})
	}
	for n, typ := range attrs {
		in.AttributeDefinitions = append(in.AttributeDefinitions, ddbtypes.AttributeDefinition{
			AttributeName: aws.String(n), AttributeType: ddbtypes.ScalarAttributeType(typ),
		})
	}
	if t.Stream != spec.NoStream {
		in.StreamSpecification = &ddbtypes.StreamSpecification{
			StreamEnabled: aws.Bool(true), StreamViewType: ddbtypes.StreamViewType(t.Stream),
		}
	}
	created := true
	if _, err := db.CreateTable(ctx, in); err != nil {
		var inUse *ddbtypes.ResourceInUseException
		if !errors.As(err, &inUse) {
			return Table{}, fmt.Errorf("create table %s: %w", name, err)
		}
		created = false
	}
	d, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		return Table{}, fmt.Errorf("describe table %s: %w", name, err)
	}
	out := Table{Name: name, StreamARN: aws.ToString(d.Table.LatestStreamArn)}
	if t.Stream != spec.NoStream && out.StreamARN == "" {
		return Table{}, fmt.Errorf("table %s exists without the declared stream; delete it (or the data dir) to recreate it", name)
	}
	if t.TTLAttribute != "" && created {
		_, err := db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
			TableName: aws.String(name),
			TimeToLiveSpecification: &ddbtypes.TimeToLiveSpecification{
				AttributeName: aws.String(t.TTLAttribute), Enabled: aws.Bool(true),
			},
		})
		if err != nil {
			return Table{}, fmt.Errorf("enable TTL on %s: %w", name, err)
		}
	}
	return out, nil
}

// ensureQueue creates the queue, or finds it, and sets its retention.
func ensureQueue(ctx context.Context, q *sqs.Client, name string, retention time.Duration) (url, arn string, err error) {
	retentionAttr := map[string]string{
		string(sqstypes.QueueAttributeNameMessageRetentionPeriod): strconv.Itoa(int(retention / time.Second)),
	}
	out, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: retentionAttr})
	if err != nil {
		var exists *sqstypes.QueueNameExists
		if !errors.As(err, &exists) {
			return "", "", fmt.Errorf("create queue %s: %w", name, err)
		}
		u, err := q.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
		if err != nil {
			return "", "", fmt.Errorf("queue %s: %w", name, err)
		}
		out = &sqs.CreateQueueOutput{QueueUrl: u.QueueUrl}
		if _, err := q.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: u.QueueUrl, Attributes: retentionAttr}); err != nil {
			return "", "", fmt.Errorf("queue %s retention: %w", name, err)
		}
	}
	a, err := q.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: out.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn},
	})
	if err != nil {
		return "", "", fmt.Errorf("queue %s attributes: %w", name, err)
	}
	return aws.ToString(out.QueueUrl), a.Attributes[string(sqstypes.QueueAttributeNameQueueArn)], nil
}

func ensureSubscription(ctx context.Context, c awsclients.Clients, names Names, s spec.Service, sub spec.Subscription, fn spec.Function) (Queue, error) {
	q := Queue{Name: names.Queue(s, sub), DLQName: names.DLQ(s, sub)}
	var err error
	if q.DLQURL, q.DLQARN, err = ensureQueue(ctx, c.SQS, q.DLQName, spec.FailureQueueRetention); err != nil {
		return Queue{}, err
	}
	if q.URL, q.ARN, err = ensureQueue(ctx, c.SQS, q.Name, spec.QueueRetention); err != nil {
		return Queue{}, err
	}
	q.VisibilityTimeout = sub.QueueVisibility(fn)
	pattern, err := json.Marshal(sub.Pattern())
	if err != nil {
		return Queue{}, fmt.Errorf("subscription %s: pattern: %w", q.Name, err)
	}
	rule, err := c.Events.PutRule(ctx, &eventbridge.PutRuleInput{
		Name:         aws.String(names.Rule(s, sub)),
		EventBusName: aws.String(names.Bus()),
		EventPattern: aws.String(string(pattern)),
		State:        ebtypes.RuleStateEnabled,
		Description:  aws.String(fmt.Sprintf("%s consumes %s", sub.Function, sub.Name)),
	})
	if err != nil {
		return Queue{}, fmt.Errorf("put rule %s: %w", q.Name, err)
	}
	q.RuleARN = aws.ToString(rule.RuleArn)
	redrive, err := json.Marshal(map[string]string{
		"deadLetterTargetArn": q.DLQARN,
		"maxReceiveCount":     strconv.Itoa(sub.MaxReceiveCount),
	})
	if err != nil {
		return Queue{}, err
	}
	policy, err := json.Marshal(map[string]any{
		"Version": "2012-10-17",
		"Statement": []map[string]any{{
			"Sid":       "AllowRule",
			"Effect":    "Allow",
			"Principal": map[string]string{"Service": "events.amazonaws.com"},
			"Action":    "sqs:SendMessage",
			"Resource":  q.ARN,
			"Condition": map[string]any{"ArnEquals": map[string]string{"aws:SourceArn": q.RuleARN}},
		}},
	})
	if err != nil {
		return Queue{}, err
	}
	_, err = c.SQS.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{
		QueueUrl: aws.String(q.URL),
		Attributes: map[string]string{
			string(sqstypes.QueueAttributeNameVisibilityTimeout): strconv.Itoa(int(q.VisibilityTimeout / time.Second)),
			string(sqstypes.QueueAttributeNameRedrivePolicy):     string(redrive),
			string(sqstypes.QueueAttributeNamePolicy):            string(policy),
		},
	})
	if err != nil {
		return Queue{}, fmt.Errorf("configure queue %s: %w", q.Name, err)
	}
	_, err = c.Events.PutTargets(ctx, &eventbridge.PutTargetsInput{
		Rule:         aws.String(names.Rule(s, sub)),
		EventBusName: aws.String(names.Bus()),
		// As the stacks deploy it: EventBridge retries a refused delivery,
		// then sends the event to the subscription's dead-letter queue.
		Targets: []ebtypes.Target{{
			Id: aws.String("queue"), Arn: aws.String(q.ARN),
			DeadLetterConfig: &ebtypes.DeadLetterConfig{Arn: aws.String(q.DLQARN)},
			RetryPolicy: &ebtypes.RetryPolicy{
				MaximumRetryAttempts:     aws.Int32(spec.DeliveryRetryAttempts),
				MaximumEventAgeInSeconds: aws.Int32(int32(spec.DeliveryMaxEventAge / time.Second)),
			},
		}},
	})
	if err != nil {
		return Queue{}, fmt.Errorf("put target of rule %s: %w", q.Name, err)
	}
	return q, nil
}
