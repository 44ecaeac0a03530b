package tests

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
)

// ordersCopy is the orders service's copy of a catalog product.
type ordersCopy struct {
	found   bool
	name    string
	deleted bool
	version int64
}

// ordersCopyOf reads the orders service's copy of the SKU.
func ordersCopyOf(t *testing.T, sku string) ordersCopy {
	t.Helper()
	out, err := target.cloud.Clients.DynamoDB.GetItem(t.Context(), &dynamodb.GetItemInput{
		TableName: aws.String(target.cloud.Platform.Tables[orders.Spec.Name].Name), ConsistentRead: aws.Bool(true),
		Key: map[string]types.AttributeValue{
			"pk": &types.AttributeValueMemberS{Value: "PRODUCT#" + sku},
			"sk": &types.AttributeValueMemberS{Value: "PRODUCT"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if out.Item == nil {
		return ordersCopy{}
	}
	c := ordersCopy{found: true}
	if v, ok := out.Item["name"].(*types.AttributeValueMemberS); ok {
		c.name = v.Value
	}
	if v, ok := out.Item["deleted"].(*types.AttributeValueMemberBOOL); ok {
		c.deleted = v.Value
	}
	if v, ok := out.Item["productVersion"].(*types.AttributeValueMemberN); ok {
		c.version, _ = strconv.ParseInt(v.Value, 10, 64)
	}
	return c
}

// queueHoldsNothing reports whether a queue holds no message, visible or in
// flight.
func queueHoldsNothing(t *testing.T, url string) bool {
	t.Helper()
	out, err := target.cloud.Clients.SQS.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{
		QueueUrl: aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{
			sqstypes.QueueAttributeNameApproximateNumberOfMessages,
			sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.Attributes[string(sqstypes.QueueAttributeNameApproximateNumberOfMessages)] == "0" &&
		out.Attributes[string(sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible)] == "0"
}

// TestADeletedAndRecreatedProductCanBeOrdered deletes a product and
// creates it again under the same SKU: the orders service takes up the new
// product, an order for it is accepted, and no catalog event fails in the
// orders service.
func TestADeletedAndRecreatedProductCanBeOrdered(t *testing.T) {
	localOnly(t)
	sub, ok := findSubscription(orders.Spec.Subscriptions, "products")
	if !ok {
		t.Fatal("orders declares no products subscription")
	}
	productQueue := target.cloud.Platform.Queues[provision.QueueKey(orders.Spec, sub)]

	sku := orderableProduct(t, 1250, 5)
	first := ordersCopyOf(t, sku)

	t.Run("the deleted product is gone from the catalog and deleted in the orders copy", func(t *testing.T) {
		if r := request(t, "DELETE", "/products/"+sku, target.adminToken, "", nil); r.status != 204 {
			t.Fatalf("DELETE: %d %s", r.status, r.body)
		}
		if r := request(t, "GET", "/products/"+sku, "", "", nil); r.status != 404 {
			t.Errorf("GET after the delete: %d %s", r.status, r.body)
		}
		put := request(t, "PUT", "/products/"+sku, target.adminToken, `{"name":"x","price":{"amount":1,"currency":"EUR"}}`,
			map[string]string{"If-Match": fmt.Sprintf(`"%d"`, first.version)})
		if put.status != 412 {
			t.Errorf("PUT with If-Match of the deleted version: %d %s", put.status, put.body)
		}
		eventually(t, "orders marks its copy deleted", 10*time.Second, func() bool { return ordersCopyOf(t, sku).deleted })
	})

	name := "Re-created " + sku
	t.Run("re-creating the SKU creates a product at a higher version", func(t *testing.T) {
		r := request(t, "PUT", "/products/"+sku, target.adminToken,
			fmt.Sprintf(`{"name":%q,"price":{"amount":1250,"currency":"EUR"}}`, name), map[string]string{"If-None-Match": "*"})
		if r.status != 201 {
			t.Fatalf("PUT: %d %s", r.status, r.body)
		}
		v, err := strconv.ParseInt(strings.Trim(r.header.Get("ETag"), `"`), 10, 64)
		if err != nil || v <= first.version {
			t.Errorf("re-created with ETag %q; want a version above the deleted %d", r.header.Get("ETag"), first.version)
		}
	})

	t.Run("the orders service takes up the re-created product", func(t *testing.T) {
		eventually(t, "orders holds the re-created product", 10*time.Second, func() bool {
			c := ordersCopyOf(t, sku)
			return !c.deleted && c.name == name
		})
	})

	t.Run("an order for the re-created product is accepted", func(t *testing.T) {
		alice, _ := customer(t)
		r := placeOrder(t, alice, fmt.Sprintf(`[{"sku":%q,"quantity":1}]`, sku))
		if r.status != 202 {
			t.Fatalf("POST /orders: %d %s", r.status, r.body)
		}
	})

	t.Run("no catalog event fails in the orders service", func(t *testing.T) {
		eventually(t, "orders' product queue is drained", 20*time.Second, func() bool { return queueHoldsNothing(t, productQueue.URL) })
		if !queueHoldsNothing(t, productQueue.DLQURL) {
			t.Error("the dead-letter queue of orders' product events holds messages")
		}
	})
}
