package localcloud

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
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/internal/settings"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Settings describes the local cloud's resources and what runs on them,
// in the form settings.FromTemplates gives a synthesized app, so the two
// can be compared (settings.Diff).
func (c *Cloud) Settings(ctx context.Context) (settings.Snapshot, error) {
	return Describe(ctx, c.Clients, c.names, c.Platform, c.Plan, c.Canon())
}

// Canon is the local cloud's canonical form: its prefix, stage, log level
// and stage parameter values.
func (c *Cloud) Canon() settings.Canon {
	params := map[string]string{}
	for _, fp := range c.Plan.Functions {
		for _, v := range fp.Decl.Environment {
			if v.Parameter != "" {
				params[v.Parameter] = c.parameter(v.Parameter)
			}
		}
	}
	return settings.Canon{Prefix: c.names.Prefix, Stage: Stage, LogLevel: c.logLevel, Parameters: params}
}

// Describe reads the settings of the provisioned resources from the
// emulator (tables, queues, rules) and those of the functions, mappings
// and routes from the plan that runs them. canon names the local cloud's
// canonical form.
func Describe(ctx context.Context, clients awsclients.Clients, names provision.Names, p provision.Platform, plan Plan, canon settings.Canon) (settings.Snapshot, error) {
	s := settings.Snapshot{}
	var errs []error
	for service, t := range p.Tables {
		if err := describeTable(ctx, clients.DynamoDB, s, service, t.Name); err != nil {
			errs = append(errs, err)
		}
	}
	for _, q := range p.Queues {
		for _, name := range []string{q.Name, q.DLQName} {
			url := q.URL
			if name == q.DLQName {
				url = q.DLQURL
			}
			if err := describeQueue(ctx, clients.SQS, s, canon, name, url); err != nil {
				errs = append(errs, err)
			}
		}
		if err := describeRule(ctx, clients.Events, s, canon, names.Bus(), lastSegment(q.RuleARN)); err != nil {
			errs = append(errs, err)
		}
	}
	for _, q := range p.StreamFailures {
		if err := describeQueue(ctx, clients.SQS, s, canon, q.Name, q.URL); err != nil {
			errs = append(errs, err)
		}
	}
	for _, fp := range plan.Functions {
		env := map[string]string{}
		for k, v := range fp.Env {
			env[k] = canon.Value(k, v)
		}
		s.AddFunction(fp.Decl.Name, settings.Function{
			Environment: env, MemoryMB: fp.Decl.MemoryMB, Timeout: fp.Decl.Timeout,
			ReservedConcurrency: fp.ReservedConcurrency,
		})
	}
	for _, qm := range plan.Queues {
		sub := qm.Subscription
		s.AddQueueMapping(settings.QueueMapping{
			Function: sub.Function, Queue: canon.Name(qm.Queue.Name),
			BatchSize: sub.BatchSize, Window: sub.MaxBatchingWindow, MaxConcurrency: qm.MaxConcurrency,
			// poller.RunSQS deletes only what the answer's
			// batchItemFailures leave out, whatever the function says.
			ReportBatchItemFailures: true,
		})
	}
	for _, sm := range plan.Streams {
		st := sm.Function.Stream
		failure := ""
		if sm.OnFailure.URL != "" {
			failure = canon.Name(sm.OnFailure.Name)
		}
		s.AddStreamMapping(settings.StreamMapping{
			Function: sm.Function.Name, Table: sm.Service.Name,
			BatchSize: st.BatchSize, Window: st.MaxBatchingWindow, RetryAttempts: st.RetryAttempts,
			// poller.RunStream gives up after RetryAttempts only, never
			// for a record's age; it halves a failing batch, honours
			// batchItemFailures and reads a new shard from its oldest
			// record.
			MaxRecordAge: -1, Bisect: true, ReportBatchItemFailures: true,
			OnFailure: failure, StartingPosition: "TRIM_HORIZON",
		})
	}
	for _, rp := range plan.Routes {
		r := rp.Route
		auth := settings.BearerToken // the gateway verifies the token's signature (gateway.New)
		if r.Auth == spec.Public {
			auth = settings.NoAuth
		}
		s.AddRoute(settings.Route{Method: r.Method, Path: r.Path, Auth: auth, Function: r.Function})
	}
	return s, errors.Join(errs...)
}

func describeTable(ctx context.Context, db *dynamodb.Client, s settings.Snapshot, service, name string) error {
	d, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		return fmt.Errorf("describe table %s: %w", name, err)
	}
	td := d.Table
	types := map[string]string{}
	for _, a := range td.AttributeDefinitions {
		types[aws.ToString(a.AttributeName)] = string(a.AttributeType)
	}
	keys := func(ks []ddbtypes.KeySchemaElement) []settings.Key {
		out := make([]settings.Key, len(ks))
		for i, k := range ks {
			n := aws.ToString(k.AttributeName)
			out[i] = settings.Key{Name: n, Type: types[n], Role: string(k.KeyType)}
		}
		return out
	}
	t := settings.Table{Keys: keys(td.KeySchema), Indexes: map[string][]settings.Key{}, Projection: map[string]string{}}
	for _, g := range td.GlobalSecondaryIndexes {
		n := aws.ToString(g.IndexName)
		t.Indexes[n] = keys(g.KeySchema)
		if g.Projection != nil {
			t.Projection[n] = string(g.Projection.ProjectionType)
		}
	}
	if ss := td.StreamSpecification; ss != nil && aws.ToBool(ss.StreamEnabled) {
		t.Stream = string(ss.StreamViewType)
	}
	ttl, err := db.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(name)})
	if err != nil {
		return fmt.Errorf("describe the TTL of table %s: %w", name, err)
	}
	if d := ttl.TimeToLiveDescription; d != nil && d.TimeToLiveStatus == ddbtypes.TimeToLiveStatusEnabled {
		t.TTL = aws.ToString(d.AttributeName)
	}
	s.AddTable(service, t)
	return nil
}

func describeQueue(ctx context.Context, q *sqs.Client, s settings.Snapshot, canon settings.Canon, name, url string) error {
	a, err := q.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll},
	})
	if err != nil {
		return fmt.Errorf("queue %s attributes: %w", name, err)
	}
	attr := a.Attributes
	secs := func(key string) time.Duration {
		n, _ := strconv.Atoi(attr[key])
		return time.Duration(n) * time.Second
	}
	qs := settings.Queue{
		Visibility: secs(string(sqstypes.QueueAttributeNameVisibilityTimeout)),
		Retention:  secs(string(sqstypes.QueueAttributeNameMessageRetentionPeriod)),
	}
	if rp := attr[string(sqstypes.QueueAttributeNameRedrivePolicy)]; rp != "" {
		var policy struct {
			Target   string `json:"deadLetterTargetArn"`
			MaxCount any    `json:"maxReceiveCount"`
		}
		if err := json.Unmarshal([]byte(rp), &policy); err != nil {
			return fmt.Errorf("queue %s redrive policy %q: %w", name, rp, err)
		}
		qs.DeadLetter = canon.Name(lastSegment(policy.Target))
		// SQS answers maxReceiveCount as a number or a string.
		qs.MaxReceiveCount, _ = strconv.Atoi(fmt.Sprint(policy.MaxCount))
	}
	s.AddQueue(canon.Name(name), qs)
	return nil
}

func describeRule(ctx context.Context, ev *eventbridge.Client, s settings.Snapshot, canon settings.Canon, bus, name string) error {
	d, err := ev.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String(name), EventBusName: aws.String(bus)})
	if err != nil {
		return fmt.Errorf("describe rule %s: %w", name, err)
	}
	targets, err := ev.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String(name), EventBusName: aws.String(bus)})
	if err != nil {
		return fmt.Errorf("targets of rule %s: %w", name, err)
	}
	r := settings.Rule{Pattern: aws.ToString(d.EventPattern), Enabled: d.State == "ENABLED"}
	for _, t := range targets.Targets {
		target := settings.RuleTarget{Queue: canon.Name(lastSegment(aws.ToString(t.Arn)))}
		if t.DeadLetterConfig != nil {
			target.DeadLetter = canon.Name(lastSegment(aws.ToString(t.DeadLetterConfig.Arn)))
		}
		if t.RetryPolicy != nil {
			target.RetryAttempts = int(aws.ToInt32(t.RetryPolicy.MaximumRetryAttempts))
			target.MaxEventAge = time.Duration(aws.ToInt32(t.RetryPolicy.MaximumEventAgeInSeconds)) * time.Second
		}
		r.Targets = append(r.Targets, target)
	}
	return s.AddRule(canon.Name(name), r)
}

// lastSegment is what follows the last ':' or '/' of an ARN.
func lastSegment(arn string) string {
	for i := len(arn) - 1; i >= 0; i-- {
		if arn[i] == ':' || arn[i] == '/' {
			return arn[i+1:]
		}
	}
	return arn
}
