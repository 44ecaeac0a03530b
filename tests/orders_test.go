package tests

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/conveyor-dev/conveyor/functions/orders"
	"github.com/conveyor-dev/conveyor/shared/eventbus/eventbustest"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
)

// orderEvents routes the platform's order events to a queue of the test.
func orderEvents(t *testing.T) eventbustest.Route {
	t.Helper()
	c := target.cloud.Clients
	return eventbustest.NewRoute(t, c.Events, c.SQS, "orders-probe-"+kumotest.Prefix(t), eventbustest.Options{
		Bus: target.cloud.Platform.Bus, Pattern: map[string]any{"source": []any{orders.Spec.Source()}},
	})
}

// awaitEvents receives from the probe until it has seen every wanted
// "<type> <orderId>", and returns those messages by that key.
func awaitEvents(t *testing.T, probe eventbustest.Route, want ...string) map[string]eventbustest.Message {
	t.Helper()
	got := map[string]eventbustest.Message{}
	deadline := time.Now().Add(30 * time.Second)
	for len(got) < len(want) {
		left := time.Until(deadline)
		if left <= 0 {
			t.Fatalf("saw %d of the events %v", len(got), want)
		}
		m := eventbustest.Receive(t, target.cloud.Clients.SQS, probe.QueueURL, 1, left)[0]
		var data struct {
			OrderID string `json:"orderId"`
		}
		if err := json.Unmarshal(m.Event.Detail.Data, &data); err != nil {
			t.Fatal(err)
		}
		k := m.Event.DetailType + " " + data.OrderID
		if slices.Contains(want, k) {
			got[k] = m
		}
	}
	return got
}

func TestPlacingAnOrderReservesItsStockExactlyOnce(t *testing.T) {
	localOnly(t)
	// Payments waits, so orders stay PENDING with their stock reserved.
	holdPayments(t)
	probe := orderEvents(t)
	sku := orderableProduct(t, 1250, 5)
	alice, aliceID := customer(t)

	placed := placeOrder(t, alice, fmt.Sprintf(`[{"sku":%q,"quantity":2}]`, sku))
	o := decode[orderView](t, placed.body)
	t.Run("the order is accepted as PENDING with its prices", func(t *testing.T) {
		if placed.status != 202 || placed.header.Get("Location") != "/orders/"+o.ID {
			t.Fatalf("POST /orders: %d %v %s", placed.status, placed.header, placed.body)
		}
		if o.Status != "PENDING" || o.CustomerID != aliceID || len(o.Lines) != 1 || o.Lines[0].UnitPrice.Amount != 1250 ||
			o.Total.Amount != 2500 || o.Total.Currency != "EUR" {
			t.Errorf("order %+v", o)
		}
	})
	t.Run("its stock is reserved", func(t *testing.T) {
		eventually(t, "2 units are reserved", 20*time.Second, func() bool { return stock(t, sku).Reserved == 2 })
		if s := stock(t, sku); s.Available != 3 || s.OnHand != 5 {
			t.Errorf("stock %+v", s)
		}
		if got := order(t, alice, o.ID); got.Status != "PENDING" {
			t.Errorf("status %s", got.Status)
		}
	})
	t.Run("the same OrderPlaced delivered twice reserves once", func(t *testing.T) {
		m := awaitEvents(t, probe, "OrderPlaced "+o.ID)["OrderPlaced "+o.ID]
		detail, err := json.Marshal(m.Event.Detail)
		if err != nil {
			t.Fatal(err)
		}
		out, err := target.cloud.Clients.Events.PutEvents(t.Context(), &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
			EventBusName: aws.String(target.cloud.Platform.Bus), Source: aws.String(m.Event.Source),
			DetailType: aws.String(m.Event.DetailType), Detail: aws.String(string(detail)),
		}}})
		if err != nil || out.FailedEntryCount != 0 {
			t.Fatalf("redeliver: %v %+v", err, out)
		}
		awaitEvents(t, probe, "OrderPlaced "+o.ID)
		inventoryDrained(t)
		if s := stock(t, sku); s.Reserved != 2 {
			t.Errorf("after a redelivery: %+v, want 2 reserved", s)
		}
	})
	t.Run("an order of more than is available is cancelled out_of_stock and reserves nothing", func(t *testing.T) {
		r := placeOrder(t, alice, fmt.Sprintf(`[{"sku":%q,"quantity":4}]`, sku))
		if r.status != 202 {
			t.Fatalf("POST /orders: %d %s", r.status, r.body)
		}
		big := decode[orderView](t, r.body)
		eventually(t, "the order is cancelled", 20*time.Second, func() bool { return order(t, alice, big.ID).Status == "CANCELLED" })
		if got := order(t, alice, big.ID); got.CancelReason != "out_of_stock" {
			t.Errorf("reason %q", got.CancelReason)
		}
		if s := stock(t, sku); s.Reserved != 2 || s.Available != 3 {
			t.Errorf("stock %+v", s)
		}
	})
	t.Run("another customer's order is 404 to you, and visible to an admin", func(t *testing.T) {
		bob, _ := customer(t)
		if r := request(t, "GET", "/orders/"+o.ID, bob, "", nil); r.status != 404 {
			t.Errorf("bob reads alice's order: %d %s", r.status, r.body)
		}
		if r := request(t, "POST", "/orders/"+o.ID+"/cancel", bob, "", nil); r.status != 404 {
			t.Errorf("bob cancels alice's order: %d %s", r.status, r.body)
		}
		if r := request(t, "GET", "/orders/"+o.ID, target.adminToken, "", nil); r.status != 200 {
			t.Errorf("an admin reads alice's order: %d %s", r.status, r.body)
		}
		if r := request(t, "GET", "/orders/not-an-order", alice, "", nil); r.status != 404 {
			t.Errorf("a malformed id: %d", r.status)
		}
	})
}

func TestOrderInputIsCheckedAtTheDoor(t *testing.T) {
	localOnly(t)
	sku := orderableProduct(t, 100, 1)
	tok, _ := customer(t)
	many := make([]string, 100)
	for i := range many {
		many[i] = fmt.Sprintf(`{"sku":"SKU-%d","quantity":1}`, i)
	}
	cases := []struct {
		name    string
		body    string
		headers map[string]string
		token   string
		status  int
	}{
		{"an order without a token is a 401", `{"lines":[{"sku":"` + sku + `","quantity":1}]}`, map[string]string{"Idempotency-Key": unique("k")}, "", 401},
		{"an order without an Idempotency-Key is a 400", `{"lines":[{"sku":"` + sku + `","quantity":1}]}`, nil, tok, 400},
		{"an order without lines is a 400", `{"lines":[]}`, map[string]string{"Idempotency-Key": unique("k")}, tok, 400},
		{"an order of 100 lines, more than one stock transaction holds, is a 400", `{"lines":[` + strings.Join(many, ",") + `]}`, map[string]string{"Idempotency-Key": unique("k")}, tok, 400},
		{"an order repeating a SKU is a 400", `{"lines":[{"sku":"` + sku + `","quantity":1},{"sku":"` + sku + `","quantity":1}]}`, map[string]string{"Idempotency-Key": unique("k")}, tok, 400},
		{"an order of an unknown SKU is a 422", `{"lines":[{"sku":"NO-SUCH-SKU","quantity":1}]}`, map[string]string{"Idempotency-Key": unique("k")}, tok, 422},
		{"an unknown field is a 400", `{"lines":[{"sku":"` + sku + `","quantity":1}],"coupon":"FREE"}`, map[string]string{"Idempotency-Key": unique("k")}, tok, 400},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := request(t, "POST", "/orders", c.token, c.body, c.headers)
			if r.status != c.status {
				t.Fatalf("got %d %s", r.status, r.body)
			}
		})
	}
	t.Run("an inactive product is a 422", func(t *testing.T) {
		p := request(t, "PUT", "/products/"+sku, target.adminToken, `{"name":"Off sale","price":{"amount":100,"currency":"EUR"},"active":false}`, nil)
		if p.status != 200 {
			t.Fatalf("deactivate: %d %s", p.status, p.body)
		}
		eventually(t, "orders refuses the inactive product", 10*time.Second, func() bool {
			return placeOrder(t, tok, `[{"sku":"`+sku+`","quantity":1}]`).status == 422
		})
	})
}

func TestTheSameIdempotencyKeyPlacesOneOrder(t *testing.T) {
	localOnly(t)
	// Payments waits, so orders stay PENDING with their stock reserved.
	holdPayments(t)
	sku := orderableProduct(t, 700, 10)
	tok, _ := customer(t)
	body := fmt.Sprintf(`{"lines":[{"sku":%q,"quantity":1}]}`, sku)
	key := map[string]string{"Idempotency-Key": unique("key")}
	first := request(t, "POST", "/orders", tok, body, key)
	second := request(t, "POST", "/orders", tok, body, key)
	if first.status != 202 || second.status != 202 || first.body != second.body || first.header.Get("Location") != second.header.Get("Location") {
		t.Fatalf("first %d %s\nsecond %d %s", first.status, first.body, second.status, second.body)
	}
	if second.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("the repeat is not marked as replayed: %v", second.header)
	}
	if r := request(t, "POST", "/orders", tok, strings.Replace(body, `"quantity":1`, `"quantity":2`, 1), key); r.status != 422 {
		t.Errorf("the key with another body: %d %s", r.status, r.body)
	}
	id := decode[orderView](t, first.body).ID
	eventually(t, "the order is listed", 10*time.Second, func() bool {
		return len(decode[orderPage](t, request(t, "GET", "/orders", tok, "", nil).body).Items) > 0
	})
	// The reservation follows the relay's publication: wait for it, then
	// let inventory drain, and check it was made once.
	eventually(t, "one unit is reserved", 20*time.Second, func() bool { return stock(t, sku).Reserved >= 1 })
	inventoryDrained(t)
	list := decode[orderPage](t, request(t, "GET", "/orders", tok, "", nil).body)
	if len(list.Items) != 1 || list.Items[0].ID != id {
		t.Errorf("the customer has %d orders, want the one: %+v", len(list.Items), list.Items)
	}
	if s := stock(t, sku); s.Reserved != 1 {
		t.Errorf("stock %+v, want 1 reserved", s)
	}
}

func TestFiftyConcurrentOrdersForTenUnits(t *testing.T) {
	localOnly(t)
	// Payments waits, so orders stay PENDING with their stock reserved.
	holdPayments(t)
	sku := orderableProduct(t, 300, 10)
	tok, _ := customer(t)
	const n = 50
	var wg sync.WaitGroup
	statuses := make([]int, n)
	sem := make(chan struct{}, 10)
	start := time.Now()
	for i := range n {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			statuses[i] = placeOrder(t, tok, fmt.Sprintf(`[{"sku":%q,"quantity":1}]`, sku)).status
		})
	}
	// The invariant holds throughout: poll the stock while the orders
	// are placed and reserved.
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for placing := true; placing; {
		select {
		case <-done:
			placing = false
		default:
			if s := stock(t, sku); s.Reserved > 10 {
				t.Fatalf("overbooked: %+v", s)
			}
		}
	}
	t.Logf("50 orders placed in %v", time.Since(start))
	for i, s := range statuses {
		if s != 202 {
			t.Fatalf("order %d: status %d", i, s)
		}
	}
	count := func() (pending, cancelled int) {
		page := decode[orderPage](t, request(t, "GET", "/orders?limit=100", tok, "", nil).body)
		for _, o := range page.Items {
			switch {
			case o.Status == "PENDING":
				pending++
			case o.Status == "CANCELLED" && o.CancelReason == "out_of_stock":
				cancelled++
			}
		}
		return pending, cancelled
	}
	eventually(t, "10 orders are pending and 40 cancelled", 60*time.Second, func() bool {
		if s := stock(t, sku); s.Reserved > 10 {
			t.Fatalf("overbooked: %+v", s)
		}
		p, c := count()
		return p == 10 && c == 40
	})
	t.Logf("50 orders settled %v after the first was placed", time.Since(start))
	if s := stock(t, sku); s.Reserved != 10 || s.Available != 0 || s.OnHand != 10 {
		t.Errorf("stock %+v, want 10 reserved and none available", s)
	}
	t.Run("the customer's orders page newest first", func(t *testing.T) {
		var all []orderView
		path, pages := "/orders?limit=20", 0
		for {
			r := request(t, "GET", path, tok, "", nil)
			if r.status != 200 {
				t.Fatalf("GET %s: %d %s", path, r.status, r.body)
			}
			page := decode[orderPage](t, r.body)
			all = append(all, page.Items...)
			if pages++; page.NextCursor == "" || pages > 5 {
				break
			}
			path = "/orders?limit=20&cursor=" + page.NextCursor
		}
		seen := map[string]bool{}
		placedAt := func(o orderView) time.Time {
			at, err := time.Parse(time.RFC3339Nano, o.PlacedAt)
			if err != nil {
				t.Fatal(err)
			}
			return at
		}
		for i, o := range all {
			if seen[o.ID] || (i > 0 && placedAt(o).After(placedAt(all[i-1]))) {
				t.Fatalf("order %d (%s at %s) repeats or is out of order", i, o.ID, o.PlacedAt)
			}
			seen[o.ID] = true
		}
		if pages != 3 || len(all) != n {
			t.Errorf("%d pages of %d orders, want 3 pages of %d", pages, len(all), n)
		}
		if r := request(t, "GET", "/orders?cursor=forged", tok, "", nil); r.status != 400 {
			t.Errorf("a forged cursor: %d", r.status)
		}
	})
}

func TestCancellingReleasesTheStock(t *testing.T) {
	localOnly(t)
	// Payments waits, so orders stay PENDING with their stock reserved.
	holdPayments(t)
	sku := orderableProduct(t, 990, 4)
	tok, _ := customer(t)
	t.Run("a customer cancels a reserved order and its stock is released", func(t *testing.T) {
		o := decode[orderView](t, placeOrder(t, tok, fmt.Sprintf(`[{"sku":%q,"quantity":3}]`, sku)).body)
		eventually(t, "3 units are reserved", 20*time.Second, func() bool { return stock(t, sku).Reserved == 3 })
		r := request(t, "POST", "/orders/"+o.ID+"/cancel", tok, "", nil)
		if r.status != 200 {
			t.Fatalf("cancel: %d %s", r.status, r.body)
		}
		if got := decode[orderView](t, r.body); got.Status != "CANCELLED" || got.CancelReason != "customer_request" {
			t.Errorf("cancelled order %+v", got)
		}
		eventually(t, "the stock is released", 20*time.Second, func() bool { return stock(t, sku).Reserved == 0 })
		if again := request(t, "POST", "/orders/"+o.ID+"/cancel", tok, "", nil); again.status != 409 {
			t.Errorf("a second cancel: %d %s", again.status, again.body)
		}
	})
	t.Run("cancels racing their reservations end with the stock released", func(t *testing.T) {
		probe := orderEvents(t)
		var want []string
		var ids []string
		var wg sync.WaitGroup
		var mu sync.Mutex
		for range 5 {
			wg.Go(func() {
				o := decode[orderView](t, placeOrder(t, tok, fmt.Sprintf(`[{"sku":%q,"quantity":1}]`, sku)).body)
				if r := request(t, "POST", "/orders/"+o.ID+"/cancel", tok, "", nil); r.status != 200 {
					t.Errorf("cancel: %d %s", r.status, r.body)
				}
				mu.Lock()
				defer mu.Unlock()
				ids = append(ids, o.ID)
				want = append(want, "OrderPlaced "+o.ID, "OrderCancelled "+o.ID)
			})
		}
		wg.Wait()
		awaitEvents(t, probe, want...)
		inventoryDrained(t)
		if s := stock(t, sku); s.Reserved != 0 || s.Available != 4 {
			t.Errorf("stock %+v, want everything released", s)
		}
		for _, id := range ids {
			if o := order(t, tok, id); o.Status != "CANCELLED" || o.CancelReason != "customer_request" {
				t.Errorf("order %s: %s %s", id, o.Status, o.CancelReason)
			}
		}
	})
}

func TestTheRebuiltReadModelEqualsTheLiveOne(t *testing.T) {
	localOnly(t)
	// Payments waits, so orders stay PENDING with their stock reserved.
	holdPayments(t)
	sku := orderableProduct(t, 450, 2)
	tok, _ := customer(t)
	var ids []string
	for _, q := range []int{1, 5, 1} {
		ids = append(ids, decode[orderView](t, placeOrder(t, tok, fmt.Sprintf(`[{"sku":%q,"quantity":%d}]`, sku, q)).body).ID)
	}
	if r := request(t, "POST", "/orders/"+ids[2]+"/cancel", tok, "", nil); r.status != 200 {
		t.Fatalf("cancel: %d %s", r.status, r.body)
	}
	want := map[string]string{ids[0]: "PENDING", ids[1]: "CANCELLED", ids[2]: "CANCELLED"}
	eventually(t, "the read model shows every order's last state", 20*time.Second, func() bool {
		page := decode[orderPage](t, request(t, "GET", "/orders", tok, "", nil).body)
		settled := 0
		for _, o := range page.Items {
			if want[o.ID] == o.Status {
				settled++
			}
		}
		return settled == len(want)
	})

	db := target.cloud.Clients.DynamoDB
	table := target.cloud.Platform.Tables[orders.Spec.Name].Name
	live := views(t, db, table)
	for _, id := range ids {
		if live["ORDER#"+id] == nil {
			t.Fatalf("no view of %s", id)
		}
	}
	for pk := range live {
		if _, err := db.DeleteItem(t.Context(), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: map[string]types.AttributeValue{
			"pk": &types.AttributeValueMemberS{Value: pk}, "sk": &types.AttributeValueMemberS{Value: "VIEW"},
		}}); err != nil {
			t.Fatal(err)
		}
	}
	if r := request(t, "GET", "/orders", tok, "", nil); !strings.Contains(r.body, `"items":[]`) {
		t.Fatalf("the read model was not wiped: %s", r.body)
	}
	out, err := target.cloud.Functions[orders.RebuildFunction].Invoke(t.Context(), []byte(`{}`))
	if err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	t.Logf("rebuild: %s", out)
	rebuilt := views(t, db, table)
	for _, id := range ids {
		if !equalItems(live["ORDER#"+id], rebuilt["ORDER#"+id]) {
			t.Errorf("order %s:\nlive    %v\nrebuilt %v", id, live["ORDER#"+id], rebuilt["ORDER#"+id])
		}
	}
	for pk, v := range live {
		if rebuilt[pk] == nil || version(rebuilt[pk]) < version(v) {
			t.Errorf("%s is missing or older after the rebuild", pk)
		}
	}
}

// views scans the read model: every order view by its pk.
func views(t *testing.T, db *dynamodb.Client, table string) map[string]map[string]types.AttributeValue {
	t.Helper()
	out := map[string]map[string]types.AttributeValue{}
	var start map[string]types.AttributeValue
	for {
		page, err := db.Scan(t.Context(), &dynamodb.ScanInput{
			TableName: aws.String(table), ConsistentRead: aws.Bool(true), ExclusiveStartKey: start,
			FilterExpression:          aws.String("sk = :v"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":v": &types.AttributeValueMemberS{Value: "VIEW"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			out[it["pk"].(*types.AttributeValueMemberS).Value] = it
		}
		if page.LastEvaluatedKey == nil {
			return out
		}
		start = page.LastEvaluatedKey
	}
}

func version(item map[string]types.AttributeValue) string {
	if v, ok := item["version"].(*types.AttributeValueMemberN); ok {
		return fmt.Sprintf("%020s", v.Value)
	}
	return ""
}

func equalItems(a, b map[string]types.AttributeValue) bool {
	if a == nil || b == nil {
		return false
	}
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}
