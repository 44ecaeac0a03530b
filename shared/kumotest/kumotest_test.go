package kumotest_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/conveyor-dev/conveyor/shared/eventbus/eventbustest"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// TestMain runs these tests under Main; the plain server Start makes
// without it is what shared/awsclient's tests use.
func TestMain(m *testing.M) { kumotest.Main(m) }

func TestStartServesOneEmulatorPerProcess(t *testing.T) {
	a, b := kumotest.Start(t), kumotest.Start(t)
	if a.Endpoint == "" || a.Endpoint != b.Endpoint {
		t.Errorf("endpoints %q and %q, want one non-empty endpoint", a.Endpoint, b.Endpoint)
	}
	if a.Config.Region != kumotest.Region {
		t.Errorf("region %q, want %q", a.Config.Region, kumotest.Region)
	}
	if want := "http://127.0.0.1:" + os.Getenv("KUMO_PORT"); a.Endpoint != want {
		t.Errorf("under Main the endpoint is %q, want %q on KUMO_PORT", a.Endpoint, want)
	}
}

func TestUnderMainAnEventReachesAQueueThroughARule(t *testing.T) {
	env := kumotest.Start(t)
	route := eventbustest.NewRoute(t, env.EventBridge(), env.SQS(), kumotest.Prefix(t), eventbustest.Options{})
	out, err := env.EventBridge().PutEvents(t.Context(), &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
		EventBusName: aws.String(route.Bus), Source: aws.String("conveyor.test"), DetailType: aws.String("TestHappened"),
		Detail: aws.String(`{"id":"evt-1"}`),
	}}})
	if err != nil || out.FailedEntryCount != 0 {
		t.Fatalf("PutEvents() = %+v, %v", out, err)
	}
	got := eventbustest.Receive(t, env.SQS(), route.QueueURL, 1, 5*time.Second)
	if got[0].Event.DetailType != "TestHappened" || got[0].Event.Detail.ID != "evt-1" {
		t.Errorf("received %s, want the TestHappened event evt-1", got[0])
	}
}

func TestClients(t *testing.T) {
	env := kumotest.Start(t)
	c := env.Clients()
	if c.DynamoDB == nil || c.Streams == nil || c.SQS == nil || c.Events == nil {
		t.Fatalf("Clients() = %+v, want every client", c)
	}
	t.Run("the DynamoDB client does not check the CRC32 kumo does not send", func(t *testing.T) {
		if !c.DynamoDB.Options().DisableValidateResponseChecksum {
			t.Error("DisableValidateResponseChecksum is false")
		}
	})
	t.Run("the streams client reads the stream of a table", func(t *testing.T) {
		name := kumotest.UniqueName(t, "streams")
		kumotest.CreateTable(t, c.DynamoDB, name, spec.Table{PartitionKey: spec.Key{Name: "pk", Type: spec.String}, Stream: spec.NewImage})
		d, err := c.DynamoDB.DescribeTable(t.Context(), &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		if err != nil {
			t.Fatal(err)
		}
		s, err := c.Streams.DescribeStream(t.Context(), &dynamodbstreams.DescribeStreamInput{StreamArn: d.Table.LatestStreamArn})
		if err != nil || s.StreamDescription == nil || aws.ToString(s.StreamDescription.TableName) != name {
			t.Errorf("DescribeStream() = %+v, %v; want the stream of %s", s, err, name)
		}
	})
}

func TestPrefix(t *testing.T) {
	valid := regexp.MustCompile(`^[a-z][a-z0-9-]*[a-z0-9]-[0-9a-f]{8}$`)
	a, b := kumotest.Prefix(t), kumotest.Prefix(t)
	if !valid.MatchString(a) || len(a) > kumotest.MaxPrefixLength {
		t.Errorf("Prefix() = %q, want lower-case letters, digits and hyphens, at most %d", a, kumotest.MaxPrefixLength)
	}
	if a == b {
		t.Errorf("Prefix() returned %q twice", a)
	}
	t.Run("a long test name is cut, without Test", func(t *testing.T) {
		if p := kumotest.Prefix(t); !strings.HasPrefix(p, "prefix-a-lo-") || len(p) != kumotest.MaxPrefixLength {
			t.Errorf("Prefix() = %q, want %d characters starting with the test name", p, kumotest.MaxPrefixLength)
		}
	})
}

func TestCreateTableFollowsTheDeclaration(t *testing.T) {
	env := kumotest.Start(t)
	db := env.DynamoDB()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	declared := spec.Table{
		PartitionKey: spec.Key{Name: "pk", Type: spec.String},
		SortKey:      &spec.Key{Name: "sk", Type: spec.String},
		Indexes: []spec.Index{{
			Name:         "gsi1",
			PartitionKey: spec.Key{Name: "gsi1pk", Type: spec.String},
			SortKey:      &spec.Key{Name: "gsi1sk", Type: spec.Number},
		}},
		Stream:       spec.NewAndOldImages,
		TTLAttribute: "expires_at",
	}
	name := kumotest.UniqueName(t, "table")
	kumotest.CreateTable(t, db, name, declared)

	out, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	tbl := out.Table
	keys := func(ks []types.KeySchemaElement) string {
		var s []string
		for _, k := range ks {
			s = append(s, aws.ToString(k.AttributeName)+":"+string(k.KeyType))
		}
		return strings.Join(s, ",")
	}
	checks := []struct {
		name      string
		got, want string
	}{
		{"the table is active", string(tbl.TableStatus), "ACTIVE"},
		{"the table keys are the declared ones", keys(tbl.KeySchema), "pk:HASH,sk:RANGE"},
		{"the index is created", func() string {
			if len(tbl.GlobalSecondaryIndexes) != 1 {
				return ""
			}
			return aws.ToString(tbl.GlobalSecondaryIndexes[0].IndexName) + " " + keys(tbl.GlobalSecondaryIndexes[0].KeySchema)
		}(), "gsi1 gsi1pk:HASH,gsi1sk:RANGE"},
		{"the stream has the declared view", func() string {
			if tbl.StreamSpecification == nil {
				return ""
			}
			return string(tbl.StreamSpecification.StreamViewType)
		}(), "NEW_AND_OLD_IMAGES"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %q, want %q", c.got, c.want)
			}
		})
	}

	t.Run("the index answers queries with its number sort key", func(t *testing.T) {
		_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(name), Item: map[string]types.AttributeValue{
			"pk": &types.AttributeValueMemberS{Value: "a"}, "sk": &types.AttributeValueMemberS{Value: "b"},
			"gsi1pk": &types.AttributeValueMemberS{Value: "ALL"}, "gsi1sk": &types.AttributeValueMemberN{Value: "7"},
		}})
		if err != nil {
			t.Fatal(err)
		}
		q, err := db.Query(ctx, &dynamodb.QueryInput{
			TableName: aws.String(name), IndexName: aws.String("gsi1"),
			KeyConditionExpression:    aws.String("gsi1pk = :p"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":p": &types.AttributeValueMemberS{Value: "ALL"}},
		})
		if err != nil || q.Count != 1 {
			t.Errorf("Query on gsi1: %v, %d items; want 1", err, q.Count)
		}
	})
	t.Run("TTL is enabled on the declared attribute", func(t *testing.T) {
		ttl, err := db.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(name)})
		if err != nil {
			t.Fatal(err)
		}
		d := ttl.TimeToLiveDescription
		if d == nil || aws.ToString(d.AttributeName) != "expires_at" || d.TimeToLiveStatus != types.TimeToLiveStatusEnabled {
			t.Errorf("TTL = %+v, want enabled on expires_at", d)
		}
	})
}

func TestTableInputDefinesEachAttributeOnce(t *testing.T) {
	in := kumotest.TableInput("t", spec.Table{
		PartitionKey: spec.Key{Name: "pk", Type: spec.String},
		Indexes:      []spec.Index{{Name: "bypk", PartitionKey: spec.Key{Name: "pk", Type: spec.String}}},
	})
	if len(in.AttributeDefinitions) != 1 || in.StreamSpecification != nil || in.BillingMode != types.BillingModePayPerRequest {
		t.Errorf("input = %+v, want one attribute, no stream, billed per request", in)
	}
}
