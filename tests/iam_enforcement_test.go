package tests

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/conveyor-dev/conveyor/functions/catalog"
	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
	"github.com/conveyor-dev/conveyor/shared/awsclient"
)

// signedAs returns the local cloud's SDK configuration signing with the
// access key id a function process gets.
func signedAs(function string) aws.Config {
	cfg := target.cloud.Clients.Config.Copy()
	cfg.Credentials = credentials.NewStaticCredentialsProvider(emulator.FunctionAccessKey(function), "secret", "")
	return cfg
}

// TestTheLocalCloudEnforcesEachFunctionsDeployedPolicy signs requests as
// the catalog API, whose declaration grants it reads and writes of its own
// table and nothing on the bus: the orders table and the bus refuse it as
// AWS would, its own table serves it, and an administrator's key is
// refused nothing.
func TestTheLocalCloudEnforcesEachFunctionsDeployedPolicy(t *testing.T) {
	localOnly(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	fn := awsclient.DynamoDB(signedAs(catalog.APIFunction))
	ordersTable := target.cloud.Platform.Tables[orders.Spec.Name].Name
	catalogTable := target.cloud.Platform.Tables[catalog.Spec.Name].Name
	key := map[string]ddbtypes.AttributeValue{
		"pk": &ddbtypes.AttributeValueMemberS{Value: "IAM#probe"}, "sk": &ddbtypes.AttributeValueMemberS{Value: "IAM#probe"},
	}
	accessDenied := func(t *testing.T, err error, code, action string) {
		t.Helper()
		var ae interface {
			ErrorCode() string
			ErrorMessage() string
		}
		if !errors.As(err, &ae) || ae.ErrorCode() != code {
			t.Fatalf("want %s, got %v", code, err)
		}
		role := target.cloud.Platform.Bus + "-" + catalog.APIFunction // the local naming: <prefix>-<function>
		want := "User: arn:aws:sts::000000000000:assumed-role/" + role + "/" + catalog.APIFunction + " is not authorized to perform: " + action
		if !strings.HasPrefix(ae.ErrorMessage(), want) {
			t.Fatalf("message %q, want it to start %q", ae.ErrorMessage(), want)
		}
	}

	t.Run("reading the orders table is refused with AccessDeniedException", func(t *testing.T) {
		_, err := fn.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(ordersTable), Key: key})
		accessDenied(t, err, "AccessDeniedException", "dynamodb:GetItem")
	})
	t.Run("reading its own table succeeds", func(t *testing.T) {
		if _, err := fn.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(catalogTable), Key: key}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("an action its declaration lacks is refused on its own table", func(t *testing.T) {
		_, err := fn.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(catalogTable), Limit: aws.Int32(1)})
		accessDenied(t, err, "AccessDeniedException", "dynamodb:Scan")
	})
	t.Run("only the publisher may put its service's events on the bus", func(t *testing.T) {
		entry := []ebtypes.PutEventsRequestEntry{{EventBusName: aws.String(target.cloud.Platform.Bus),
			Source: aws.String(catalog.Spec.Source()), DetailType: aws.String("IAMProbe"), Detail: aws.String(`{}`)}}
		_, err := awsclient.EventBridge(signedAs(catalog.APIFunction)).PutEvents(ctx, &eventbridge.PutEventsInput{Entries: entry})
		accessDenied(t, err, "AccessDeniedException", "events:PutEvents")
		// The publisher, too, may put only the event types it declares.
		_, err = awsclient.EventBridge(signedAs(catalog.PublisherFunction)).PutEvents(ctx, &eventbridge.PutEventsInput{Entries: entry})
		var ae interface{ ErrorCode() string }
		if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDeniedException" {
			t.Fatalf("an undeclared event type from the publisher: want AccessDeniedException, got %v", err)
		}
	})
	t.Run("an administrator's key is refused nothing", func(t *testing.T) {
		if _, err := target.cloud.Clients.DynamoDB.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(ordersTable), Key: key}); err != nil {
			t.Fatal(err)
		}
	})
}
