package idempotency_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator/emulatortest"
	"github.com/conveyor-dev/conveyor/shared/idempotency"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestMain(m *testing.M) { emulatortest.Main(m) }

// serviceTable is the shape every service table has: string pk and sk.
var serviceTable = spec.Table{
	PartitionKey: spec.Key{Name: "pk", Type: spec.String},
	SortKey:      &spec.Key{Name: "sk", Type: spec.String},
	TTLAttribute: "expiresAt",
}

// newStore creates a fresh table in the emulator and a store on it.
func newStore(t *testing.T, change func(*idempotency.Config)) *idempotency.Store {
	t.Helper()
	db := emulatortest.Clients().DynamoDB
	name := emulatortest.Prefix(t) + "-idem"
	_, err := db.CreateTable(t.Context(), &dynamodb.CreateTableInput{
		TableName:   aws.String(name),
		BillingMode: types.BillingModePayPerRequest,
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String("sk"), KeyType: types.KeyTypeRange},
		},
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("sk"), AttributeType: types.ScalarAttributeTypeS},
		},
	})
	if err != nil {
		t.Fatalf("create table: %v", err)
	}
	cfg, err := idempotency.ConfigFor(db, name, serviceTable)
	if err != nil {
		t.Fatal(err)
	}
	if change != nil {
		change(&cfg)
	}
	s, err := idempotency.NewStore(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
