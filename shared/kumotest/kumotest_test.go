package kumotest_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestStartServesOneEmulatorPerProcess(t *testing.T) {
	a, b := kumotest.Start(t), kumotest.Start(t)
	if a.Endpoint == "" || a.Endpoint != b.Endpoint {
		t.Errorf("endpoints %q and %q, want one non-empty endpoint", a.Endpoint, b.Endpoint)
	}
	if a.Config.Region != kumotest.Region {
		t.Errorf("region %q, want %q", a.Config.Region, kumotest.Region)
	}
}

func TestUniqueName(t *testing.T) {
	valid := regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,78}[a-z0-9]$`)
	long := strings.Repeat("Very Long Prefix ", 10)
	tests := []struct {
		name   string
		prefix string
	}{
		{"a short prefix keeps the test name", "orders"},
		{"a prefix with capitals and spaces is cleaned", "Order Events"},
		{"a long prefix is cut to 80 characters", long},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := kumotest.UniqueName(t, tt.prefix), kumotest.UniqueName(t, tt.prefix)
			if !valid.MatchString(a) {
				t.Errorf("UniqueName() = %q, want lower-case letters, digits and hyphens, at most 80", a)
			}
			if a == b {
				t.Errorf("UniqueName() returned %q twice", a)
			}
			if tt.prefix == "orders" && !strings.HasPrefix(a, "orders-testuniquename-a-short-prefix-keeps") {
				t.Errorf("UniqueName() = %q, want the prefix and the test name", a)
			}
		})
	}
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
