package localcloud_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/iampolicy"
	"github.com/conveyor-dev/conveyor/internal/localcloud"
	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// lines keeps what the printer writes, and logs it.
type lines struct {
	t  *testing.T
	mu sync.Mutex
	b  strings.Builder
}

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	l.b.Write(p)
	l.mu.Unlock()
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func (l *lines) find(part string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range strings.Split(l.b.String(), "\n") {
		if strings.Contains(line, part) {
			return line
		}
	}
	return ""
}

// workerPolicy grants the worker (testdata/worker) what it does: reading
// and writing its table, publishing its event from its API (which a
// service declaration does only from its stream publisher, so the
// declared policy would not allow it), and its mapping's reads of its
// queue.
func workerPolicy(s spec.Service, _ spec.Function, at localcloud.Resources) ([]iampolicy.Statement, error) {
	sub, _ := s.Subscription("things")
	queue := at.Platform.Queues[s.Name+"/"+sub.Name]
	return []iampolicy.Statement{
		{Sid: "OwnTable", Effect: iampolicy.Allow, Actions: []string{"dynamodb:GetItem", "dynamodb:PutItem"}, Resources: []string{at.TableARN(s)}},
		{Sid: "PublishOwnEvents", Effect: iampolicy.Allow, Actions: []string{"events:PutEvents"}, Resources: []string{at.Platform.BusARN},
			Conditions: []iampolicy.Condition{{Operator: "StringEquals", Key: "events:source", Values: []string{"conveyor.worker"}}}},
		{Sid: "ConsumeOwnQueue", Effect: iampolicy.Allow,
			Actions:   []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"},
			Resources: []string{queue.ARN}},
	}, nil
}

// workerPolicyWithout is workerPolicy with one action fewer.
func workerPolicyWithout(action string) localcloud.Policies {
	return func(s spec.Service, f spec.Function, at localcloud.Resources) ([]iampolicy.Statement, error) {
		statements, err := workerPolicy(s, f, at)
		for i, st := range statements {
			statements[i].Actions = slices.DeleteFunc(slices.Clone(st.Actions), func(a string) bool { return a == action })
		}
		return statements, err
	}
}

// TestFunctionMissingOneActionFailsAsOnAWS runs a function whose policy
// lacks dynamodb:GetItem: what its policy grants works, through its own
// calls and its event source mapping's, and the read fails with
// AccessDeniedException and one log line naming the function, the action
// and the table.
func TestFunctionMissingOneActionFailsAsOnAWS(t *testing.T) {
	ctx := context.Background()
	prefix := "iam-" + kumotest.Prefix(t)
	out := &lines{t: t}
	cloud, api := startWorkerCloud(t, prefix, out, workerPolicyWithout("dynamodb:GetItem"))
	table := prefix + "-worker"

	t.Run("what the policy grants works: publish, the mapping's receive, the write", func(t *testing.T) {
		if code, body := api.do("POST", "/events", `{"id":"thing-1"}`); code != 202 {
			t.Fatalf("POST /events: %d %s", code, body)
		}
		eventually(t, "thing-1 is stored", func() bool {
			got, err := cloud.Clients.DynamoDB.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(table),
				Key: map[string]ddbtypes.AttributeValue{"pk": &ddbtypes.AttributeValueMemberS{Value: "thing-1"}}})
			if err != nil {
				t.Fatal(err)
			}
			return got.Item != nil
		})
	})
	t.Run("the action the policy lacks is refused, with one log line", func(t *testing.T) {
		if code, body := api.do("GET", "/things/thing-1", ""); code < 500 {
			t.Fatalf("GET /things/thing-1 without dynamodb:GetItem: %d %s", code, body)
		}
		want := fmt.Sprintf("AccessDenied: worker-fn (role %s-worker-fn) may not dynamodb:GetItem on arn:aws:dynamodb:us-east-1:000000000000:table/%s: no statement", prefix, table)
		eventually(t, "the denial is logged", func() bool { return out.find(want) != "" })
		eventually(t, "the function saw AccessDeniedException", func() bool { return out.find("AccessDeniedException") != "" })
	})
}

// TestDeclaredPoliciesNameTheLocalResources checks that the statements
// the CDK app deploys, built for the local cloud, can be enforced and name
// the tables, indexes, streams, queues and bus the local cloud provisions
// under its naming convention.
func TestDeclaredPoliciesNameTheLocalResources(t *testing.T) {
	names := provision.Names{Prefix: provision.DefaultPrefix}
	at := localcloud.Resources{Region: awsclients.Region, AccountID: awsclients.AccountID, Names: names}
	arn := func(service, resource string) string {
		return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, awsclients.Region, awsclients.AccountID, resource)
	}
	local := map[string]bool{"*": true, arn("events", "event-bus/"+names.Bus()): true}
	for _, s := range functions.All() {
		table := at.TableARN(s)
		local[table], local[table+"/stream/*"] = true, true
		for _, ix := range s.Table.Indexes {
			local[table+"/index/"+ix.Name] = true
		}
		for _, sub := range s.Subscriptions {
			local[arn("sqs", names.Queue(s, sub))] = true
		}
	}
	for _, s := range functions.All() {
		for _, f := range s.Functions {
			statements, err := localcloud.DeclaredPolicies(s, f, at)
			if err != nil {
				t.Fatal(err)
			}
			if err := iampolicy.Validate(statements); err != nil {
				t.Errorf("%s: %v", f.Name, err)
			}
			for _, st := range statements {
				for _, r := range st.Resources {
					// Logs and stream failure queues are AWS's only: the
					// local cloud prints logs and keeps failures in memory.
					if strings.HasPrefix(r, "arn:aws:logs:") || strings.HasSuffix(r, "-stream-failures") {
						continue
					}
					if !local[r] {
						t.Errorf("%s: statement %s names %s, which the local cloud does not provision", f.Name, st.Sid, r)
					}
				}
			}
		}
	}
}
