package tests

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/functions/orders/ports"
	"github.com/conveyor-dev/conveyor/shared/idempotency"
)

// keyRecord returns the key of the orders API's Idempotency-Key record of
// subject's key, as shared/idempotency lays it out.
func keyRecord(subject, key string) map[string]types.AttributeValue {
	sum := sha256.Sum256([]byte(subject + "\x00" + key))
	return map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: "IDEMPOTENCY#" + ports.IdempotencyScope + "#" + hex.EncodeToString(sum[:])},
		"sk": &types.AttributeValueMemberS{Value: idempotency.SortKeyValue},
	}
}

// damageKeyRecord reads the key's record in the orders table, lets damage
// change it, and writes it back: the state a crash or time leaves behind.
func damageKeyRecord(t *testing.T, subject, key string, damage func(map[string]types.AttributeValue)) {
	t.Helper()
	db := target.cloud.Clients.DynamoDB
	table := target.cloud.Platform.Tables[orders.Spec.Name].Name
	out, err := db.GetItem(t.Context(), &dynamodb.GetItemInput{
		TableName: aws.String(table), Key: keyRecord(subject, key), ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	if out.Item == nil {
		t.Fatalf("no Idempotency-Key record for %s's key %s", subject, key)
	}
	damage(out.Item)
	if _, err := db.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: aws.String(table), Item: out.Item}); err != nil {
		t.Fatal(err)
	}
}

// lapsedLock turns a completed record into the one an attempt leaves when
// it committed the order and died before completing the key: in progress,
// with a lock that has lapsed.
func lapsedLock(rec map[string]types.AttributeValue) {
	rec["status"] = &types.AttributeValueMemberS{Value: idempotency.StatusInProgress}
	rec["attempt"] = &types.AttributeValueMemberS{Value: "an attempt that died"}
	rec["lockExpiresAt"] = &types.AttributeValueMemberN{Value: strconv.FormatInt(time.Now().Add(-time.Second).UnixMilli(), 10)}
	delete(rec, "result")
}

// expired makes the record one whose time is up, as it is once its TTL
// passed and before DynamoDB sweeps it away.
func expired(rec map[string]types.AttributeValue) {
	rec["expiresAt"] = &types.AttributeValueMemberN{Value: strconv.FormatInt(time.Now().Add(-time.Second).Unix(), 10)}
}

func TestOneIdempotencyKeyPlacesOneOrderWhateverBecameOfItsRecord(t *testing.T) {
	localOnly(t)
	// Payments waits, so orders stay PENDING with their stock reserved:
	// the reserved units count the orders placed.
	holdPayments(t)
	cases := []struct {
		name   string
		damage func(map[string]types.AttributeValue)
	}{
		{"a retry once the lock of an attempt that committed and died has lapsed", lapsedLock},
		{"a retry after the key's record expired", expired},
	}
	for _, c := range cases {
		t.Run(c.name+" answers the first order and places no second one", func(t *testing.T) {
			sku := orderableProduct(t, 900, 10)
			tok, sub := customer(t)
			key := unique("key")
			body := fmt.Sprintf(`{"lines":[{"sku":%q,"quantity":2}]}`, sku)
			first := request(t, "POST", "/orders", tok, body, map[string]string{"Idempotency-Key": key})
			if first.status != 202 {
				t.Fatalf("first: %d %s", first.status, first.body)
			}
			id := decode[orderView](t, first.body).ID

			damageKeyRecord(t, sub, key, c.damage)
			retry := request(t, "POST", "/orders", tok, body, map[string]string{"Idempotency-Key": key})
			if retry.status != 202 || retry.header.Get("Location") != first.header.Get("Location") || decode[orderView](t, retry.body).ID != id {
				t.Errorf("retry: %d %v %s; want 202 with the first order %s", retry.status, retry.header.Get("Location"), retry.body, id)
			}
			if retry.header.Get(idempotency.ReplayedHeader) != "true" {
				t.Errorf("the retry is not marked as replayed: %v", retry.header)
			}

			damageKeyRecord(t, sub, key, c.damage)
			other := request(t, "POST", "/orders", tok, strings.Replace(body, `"quantity":2`, `"quantity":3`, 1), map[string]string{"Idempotency-Key": key})
			if other.status != 422 || other.header.Get("Content-Type") != "application/problem+json" || !strings.Contains(other.body, "different request") {
				t.Errorf("the key with another body: %d %s %s; want a 422 problem saying the key was used for a different request",
					other.status, other.header.Get("Content-Type"), other.body)
			}

			eventually(t, "the order's units are reserved", 20*time.Second, func() bool { return stock(t, sku).Reserved >= 2 })
			inventoryDrained(t)
			if s := stock(t, sku); s.Reserved != 2 {
				t.Errorf("stock %+v, want the one order's 2 units reserved", s)
			}
			eventually(t, "the order is listed", 10*time.Second, func() bool {
				return len(decode[orderPage](t, request(t, "GET", "/orders", tok, "", nil).body).Items) > 0
			})
			if list := decode[orderPage](t, request(t, "GET", "/orders", tok, "", nil).body); len(list.Items) != 1 || list.Items[0].ID != id {
				t.Errorf("the customer has %d orders, want the one %s: %+v", len(list.Items), id, list.Items)
			}
		})
	}
}
