package emulator_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// The tests in this file check the Query and expression fixes carried in
// third_party/kumo: Query reads only the queried partition, whatever form
// its key condition takes, with results as DynamoDB gives them, and
// expressions with eleven or more placeholders name the right attributes.

var (
	stringKey = func(name string) spec.Key { return spec.Key{Name: name, Type: spec.String} }
	numberKey = func(name string) spec.Key { return spec.Key{Name: name, Type: spec.Number} }
)

// keyCondition is the key condition part of a Query.
type keyCondition struct {
	expr   string
	names  map[string]string
	values map[string]types.AttributeValue
}

// fromBuilder is the key condition the SDK's expression builder writes
// for c: every comparison in parentheses, "(#0 = :0) AND (...)".
func fromBuilder(t *testing.T, c expression.KeyConditionBuilder) keyCondition {
	t.Helper()
	e, err := expression.NewBuilder().WithKeyCondition(c).Build()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(*e.KeyCondition(), "#0 = :0") && !strings.HasPrefix(*e.KeyCondition(), "(#0 = :0)") {
		t.Fatalf("the builder wrote %q", *e.KeyCondition())
	}
	return keyCondition{expr: *e.KeyCondition(), names: e.Names(), values: e.Values()}
}

// queryAll runs the query page by page (limit per page, 0 for one page)
// and returns the sort keys of every item, in the order they came.
func queryAll(t *testing.T, db *dynamodb.Client, in dynamodb.QueryInput, limit int32, sortKey string) []string {
	t.Helper()
	if limit > 0 {
		in.Limit = aws.Int32(limit)
	}
	var got []string
	for page := 0; ; page++ {
		if page > 1000 {
			t.Fatal("the query never ends")
		}
		out, err := db.Query(t.Context(), &in)
		if err != nil {
			t.Fatal(err)
		}
		if limit > 0 && len(out.Items) > int(limit) {
			t.Fatalf("a page of %d items, limit %d", len(out.Items), limit)
		}
		for _, it := range out.Items {
			got = append(got, attrText(it[sortKey]))
		}
		if out.LastEvaluatedKey == nil {
			return got
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// attrText is a string or number attribute's value, "<none>" otherwise.
func attrText(v types.AttributeValue) string {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		return x.Value
	case *types.AttributeValueMemberN:
		return x.Value
	}
	return "<none>"
}

// putAll writes items with BatchWriteItem, 25 at a time.
func putAll(tb testing.TB, db *dynamodb.Client, table string, items []map[string]types.AttributeValue) {
	tb.Helper()
	if err := writeItems(tb.Context(), db, table, items); err != nil {
		tb.Fatal(err)
	}
}

// writeItems writes items with BatchWriteItem, 25 at a time.
func writeItems(ctx context.Context, db *dynamodb.Client, table string, items []map[string]types.AttributeValue) error {
	for len(items) > 0 {
		n := min(25, len(items))
		reqs := make([]types.WriteRequest, n)
		for i, it := range items[:n] {
			reqs[i] = types.WriteRequest{PutRequest: &types.PutRequest{Item: it}}
		}
		out, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{table: reqs}})
		if err != nil {
			return err
		}
		if len(out.UnprocessedItems) > 0 {
			return fmt.Errorf("%d unprocessed items", len(out.UnprocessedItems[table]))
		}
		items = items[n:]
	}
	return nil
}

func TestQueryReadsThePartitionWhateverFormItsKeyConditionTakes(t *testing.T) {
	env := kumotest.Start(t)
	db := env.DynamoDB()
	table := kumotest.UniqueName(t, "query")
	kumotest.CreateTable(t, db, table, spec.Table{PartitionKey: stringKey("pk"), SortKey: ptr(stringKey("sk"))})
	sorts := []string{"A#01", "A#02", "A#03", "A#04", "A#05", "AB", "B#01", "B#02", "B#03", "C"}
	var items []map[string]types.AttributeValue
	for _, p := range []string{"P#1", "P#2", "P#3", "P#10"} {
		for _, s := range sorts {
			items = append(items, map[string]types.AttributeValue{"pk": str(p), "sk": str(s), "v": str(p + "/" + s)})
		}
	}
	putAll(t, db, table, items)

	v := func(s string) types.AttributeValue { return str(s) }
	hand := func(expr string, values ...string) keyCondition {
		kc := keyCondition{expr: expr, values: map[string]types.AttributeValue{}}
		for i := 0; i+1 < len(values); i += 2 {
			kc.values[values[i]] = v(values[i+1])
		}
		if strings.Contains(expr, "#") {
			kc.names = map[string]string{"#p": "pk", "#s": "sk"}
		}
		return kc
	}
	pk := expression.Key("pk").Equal(expression.Value("P#1"))
	sk := expression.Key("sk")
	tests := []struct {
		name string
		kc   keyCondition
		want func(s string) bool
	}{
		{"a bare partition key", hand("pk = :p", ":p", "P#1"), func(string) bool { return true }},
		{"the builder's partition key alone", fromBuilder(t, pk), func(string) bool { return true }},
		{"the builder's begins_with in parentheses", fromBuilder(t, pk.And(sk.BeginsWith("A#"))), func(s string) bool { return strings.HasPrefix(s, "A#") }},
		{"a bare begins_with", hand("pk = :p AND begins_with(sk, :s)", ":p", "P#1", ":s", "B#"), func(s string) bool { return strings.HasPrefix(s, "B#") }},
		{"a begins_with with a space before its arguments", hand("pk = :p AND begins_with (sk, :s)", ":p", "P#1", ":s", "A"), func(s string) bool { return strings.HasPrefix(s, "A") }},
		{"a begins_with no item matches", hand("pk = :p AND begins_with(sk, :s)", ":p", "P#1", ":s", "Z"), func(string) bool { return false }},
		{"the sort key condition first", hand("begins_with(sk, :s) AND pk = :p", ":p", "P#1", ":s", "A#"), func(s string) bool { return strings.HasPrefix(s, "A#") }},
		{"names for both keys and BETWEEN", hand("#p = :p AND #s BETWEEN :a AND :b", ":p", "P#1", ":a", "A#03", ":b", "B#01"), func(s string) bool { return s >= "A#03" && s <= "B#01" }},
		{"the builder's BETWEEN", fromBuilder(t, pk.And(sk.Between(expression.Value("A#02"), expression.Value("A#04")))), func(s string) bool { return s >= "A#02" && s <= "A#04" }},
		{"the builder's equality", fromBuilder(t, pk.And(sk.Equal(expression.Value("AB")))), func(s string) bool { return s == "AB" }},
		{"the builder's less than", fromBuilder(t, pk.And(sk.LessThan(expression.Value("A#03")))), func(s string) bool { return s < "A#03" }},
		{"the builder's less than or equal", fromBuilder(t, pk.And(sk.LessThanEqual(expression.Value("A#03")))), func(s string) bool { return s <= "A#03" }},
		{"the builder's greater than", fromBuilder(t, pk.And(sk.GreaterThan(expression.Value("B#01")))), func(s string) bool { return s > "B#01" }},
		{"the builder's greater than or equal", fromBuilder(t, pk.And(sk.GreaterThanEqual(expression.Value("B#01")))), func(s string) bool { return s >= "B#01" }},
		{"the whole condition in parentheses, lower-case and", hand("(pk = :p and sk > :s)", ":p", "P#1", ":s", "B"), func(s string) bool { return s > "B" }},
		{"nested parentheses", hand("((#p = :p)) AND ((#s <= :s))", ":p", "P#1", ":s", "A#02"), func(s string) bool { return s <= "A#02" }},
	}
	for _, tt := range tests {
		var want []string
		for _, s := range sorts {
			if tt.want(s) {
				want = append(want, s)
			}
		}
		for _, forward := range []bool{true, false} {
			for _, limit := range []int32{0, 1, 3} {
				name := fmt.Sprintf("%s, forward %v, %d per page", tt.name, forward, limit)
				t.Run(name, func(t *testing.T) {
					got := queryAll(t, db, dynamodb.QueryInput{
						TableName: aws.String(table), KeyConditionExpression: aws.String(tt.kc.expr),
						ExpressionAttributeNames: tt.kc.names, ExpressionAttributeValues: tt.kc.values,
						ScanIndexForward: aws.Bool(forward),
					}, limit, "sk")
					w := slices.Clone(want)
					if !forward {
						slices.Reverse(w)
					}
					if !slices.Equal(got, w) {
						t.Errorf("got %q, want %q", got, w)
					}
				})
			}
		}
	}

	t.Run("the legacy KeyConditions find the partition too", func(t *testing.T) {
		got := queryAll(t, db, dynamodb.QueryInput{TableName: aws.String(table), KeyConditions: map[string]types.Condition{
			"pk": {ComparisonOperator: types.ComparisonOperatorEq, AttributeValueList: []types.AttributeValue{str("P#10")}},
			"sk": {ComparisonOperator: types.ComparisonOperatorBeginsWith, AttributeValueList: []types.AttributeValue{str("B#")}},
		}}, 0, "sk")
		if want := []string{"B#01", "B#02", "B#03"}; !slices.Equal(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("an item written after the query's first page shows on the next", func(t *testing.T) {
		in := dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :p"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":p": str("P#2")}, Limit: aws.Int32(2)}
		first, err := db.Query(t.Context(), &in)
		if err != nil {
			t.Fatal(err)
		}
		putAll(t, db, table, []map[string]types.AttributeValue{{"pk": str("P#2"), "sk": str("Z")}})
		in.ExclusiveStartKey, in.Limit = first.LastEvaluatedKey, nil
		rest := queryAll(t, db, in, 0, "sk")
		if want := append(slices.Clone(sorts[2:]), "Z"); !slices.Equal(rest, want) {
			t.Errorf("got %q, want %q", rest, want)
		}
	})
}

func TestQueryOrdersNumericSortKeysAsNumbers(t *testing.T) {
	env := kumotest.Start(t)
	db := env.DynamoDB()
	table := kumotest.UniqueName(t, "query-n")
	kumotest.CreateTable(t, db, table, spec.Table{PartitionKey: stringKey("pk"), SortKey: ptr(numberKey("n"))})
	values := []string{"10", "-5", "2.5", "9", "100", "2", "1"}
	var items []map[string]types.AttributeValue
	for _, n := range values {
		items = append(items, map[string]types.AttributeValue{"pk": str("P"), "n": num(n)}, map[string]types.AttributeValue{"pk": str("Q"), "n": num(n)})
	}
	putAll(t, db, table, items)
	query := func(cond string, forward bool, values ...string) []string {
		kc := map[string]types.AttributeValue{":p": str("P")}
		for i, v := range values {
			kc[":v"+strconv.Itoa(i)] = num(v)
		}
		return queryAll(t, db, dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: aws.String("(pk = :p)" + cond),
			ExpressionAttributeValues: kc, ScanIndexForward: aws.Bool(forward)}, 2, "n")
	}
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"every item, ascending", query("", true), []string{"-5", "1", "2", "2.5", "9", "10", "100"}},
		{"every item, descending", query("", false), []string{"100", "10", "9", "2.5", "2", "1", "-5"}},
		{"from 2 up", query(" AND (n >= :v0)", true, "2"), []string{"2", "2.5", "9", "10", "100"}},
		{"below 10, descending", query(" AND (n < :v0)", false, "10"), []string{"9", "2.5", "2", "1", "-5"}},
		{"between 1 and 9.5", query(" AND (n BETWEEN :v0 AND :v1)", true, "1", "9.5"), []string{"1", "2", "2.5", "9"}},
		{"equal to 2.50", query(" AND (n = :v0)", true, "2.50"), []string{"2.5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !slices.Equal(tt.got, tt.want) {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestQueryOnAGlobalSecondaryIndex(t *testing.T) {
	env := kumotest.Start(t)
	db := env.DynamoDB()
	table := kumotest.UniqueName(t, "query-gsi")
	kumotest.CreateTable(t, db, table, spec.Table{
		PartitionKey: stringKey("pk"), SortKey: ptr(stringKey("sk")),
		Indexes: []spec.Index{{Name: "gsi1", PartitionKey: stringKey("gsi1pk"), SortKey: ptr(stringKey("gsi1sk"))}},
	})
	// Orders of two customers; several share a placement time. Commits
	// carry no index keys, and a draft has the index's partition key but
	// not its sort key, so the index holds neither.
	var items []map[string]types.AttributeValue
	want := map[string]string{} // order id → its gsi1sk, for alice
	for i := range 12 {
		id := fmt.Sprintf("o%02d", i)
		at := fmt.Sprintf("2026-01-%02d", 1+i/3)
		customer := "CUST#alice"
		if i%4 == 3 {
			customer = "CUST#bob"
		} else {
			want[id] = at
		}
		items = append(items,
			map[string]types.AttributeValue{"pk": str("ORDER#" + id), "sk": str("VIEW"), "gsi1pk": str(customer), "gsi1sk": str(at), "id": str(id)},
			map[string]types.AttributeValue{"pk": str("ORDER#" + id), "sk": str("COMMIT#1"), "id": str(id)})
	}
	items = append(items, map[string]types.AttributeValue{"pk": str("ORDER#draft"), "sk": str("VIEW"), "gsi1pk": str("CUST#alice"), "id": str("draft")})
	putAll(t, db, table, items)

	for _, forward := range []bool{true, false} {
		for _, limit := range []int32{0, 1, 2, 5} {
			t.Run(fmt.Sprintf("a customer's orders, each once, in placement order (forward %v, %d per page)", forward, limit), func(t *testing.T) {
				kc := fromBuilder(t, expression.Key("gsi1pk").Equal(expression.Value("CUST#alice")))
				ids := queryAll(t, db, dynamodb.QueryInput{
					TableName: aws.String(table), IndexName: aws.String("gsi1"),
					KeyConditionExpression: aws.String(kc.expr), ExpressionAttributeNames: kc.names, ExpressionAttributeValues: kc.values,
					ScanIndexForward: aws.Bool(forward),
				}, limit, "id")
				if got := slices.Sorted(slices.Values(ids)); !slices.Equal(got, slices.Sorted(maps.Keys(want))) {
					t.Fatalf("got orders %q, want each of %q once", ids, slices.Sorted(maps.Keys(want)))
				}
				in := func(i, j int) int {
					c := cmp.Compare(want[ids[i]], want[ids[j]])
					if !forward {
						c = -c
					}
					return c
				}
				for i := 1; i < len(ids); i++ {
					if in(i-1, i) > 0 {
						t.Fatalf("orders out of placement order: %q", ids)
					}
				}
			})
		}
	}
	t.Run("a range on the index's sort key", func(t *testing.T) {
		kc := fromBuilder(t, expression.Key("gsi1pk").Equal(expression.Value("CUST#alice")).
			And(expression.Key("gsi1sk").LessThan(expression.Value("2026-01-03"))))
		ids := queryAll(t, db, dynamodb.QueryInput{
			TableName: aws.String(table), IndexName: aws.String("gsi1"), ScanIndexForward: aws.Bool(false),
			KeyConditionExpression: aws.String(kc.expr), ExpressionAttributeNames: kc.names, ExpressionAttributeValues: kc.values,
		}, 2, "id")
		slices.Sort(ids)
		if want := []string{"o00", "o01", "o02", "o04", "o05"}; !slices.Equal(ids, want) {
			t.Errorf("got %q, want %q", ids, want)
		}
	})
	t.Run("an order that changes customer moves in the index", func(t *testing.T) {
		_, err := db.UpdateItem(t.Context(), &dynamodb.UpdateItemInput{TableName: aws.String(table),
			Key:              map[string]types.AttributeValue{"pk": str("ORDER#o00"), "sk": str("VIEW")},
			UpdateExpression: aws.String("SET gsi1pk = :c"), ExpressionAttributeValues: map[string]types.AttributeValue{":c": str("CUST#carol")}})
		if err != nil {
			t.Fatal(err)
		}
		ids := func(customer string) []string {
			return queryAll(t, db, dynamodb.QueryInput{TableName: aws.String(table), IndexName: aws.String("gsi1"),
				KeyConditionExpression:    aws.String("gsi1pk = :c"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":c": str(customer)}}, 0, "id")
		}
		if got := ids("CUST#carol"); !slices.Equal(got, []string{"o00"}) {
			t.Errorf("carol's orders %q, want [o00]", got)
		}
		if slices.Contains(ids("CUST#alice"), "o00") {
			t.Errorf("alice still has o00")
		}
	})
	t.Run("transactions and batches move, add and remove orders in the index", func(t *testing.T) {
		view := func(id string) map[string]types.AttributeValue {
			return map[string]types.AttributeValue{"pk": str("ORDER#" + id), "sk": str("VIEW")}
		}
		dan := func(id, at string) map[string]types.AttributeValue {
			it := view(id)
			it["gsi1pk"], it["gsi1sk"], it["id"] = str("CUST#dan"), str(at), str(id)
			return it
		}
		_, err := db.TransactWriteItems(t.Context(), &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{TableName: aws.String(table), Item: dan("t1", "2026-02-02")}},
			{Update: &types.Update{TableName: aws.String(table), Key: view("o01"), UpdateExpression: aws.String("SET gsi1pk = :c, gsi1sk = :at"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":c": str("CUST#dan"), ":at": str("2026-02-01")}}},
			{Delete: &types.Delete{TableName: aws.String(table), Key: view("o02")}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.BatchWriteItem(t.Context(), &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{table: {
			{PutRequest: &types.PutRequest{Item: dan("b1", "2026-02-03")}},
			{DeleteRequest: &types.DeleteRequest{Key: view("o04")}},
		}}}); err != nil {
			t.Fatal(err)
		}
		ids := func(customer string) []string {
			return queryAll(t, db, dynamodb.QueryInput{TableName: aws.String(table), IndexName: aws.String("gsi1"),
				KeyConditionExpression:    aws.String("gsi1pk = :c"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":c": str(customer)}}, 0, "id")
		}
		if got, want := ids("CUST#dan"), []string{"o01", "t1", "b1"}; !slices.Equal(got, want) {
			t.Errorf("dan's orders %q, want %q", got, want)
		}
		if got, want := slices.Sorted(slices.Values(ids("CUST#alice"))), []string{"o05", "o06", "o08", "o09", "o10"}; !slices.Equal(got, want) {
			t.Errorf("alice's orders %q, want %q", got, want)
		}
	})
}

func TestQueryPagesEvaluateLimitItemsAndFilterThem(t *testing.T) {
	env := kumotest.Start(t)
	db := env.DynamoDB()
	table := kumotest.UniqueName(t, "query-page")
	kumotest.CreateTable(t, db, table, spec.Table{PartitionKey: stringKey("pk"), SortKey: ptr(stringKey("sk"))})
	var items []map[string]types.AttributeValue
	for i := range 10 {
		items = append(items, map[string]types.AttributeValue{"pk": str("P"), "sk": str(fmt.Sprintf("%02d", i)),
			"even": &types.AttributeValueMemberBOOL{Value: i%2 == 0}, "note": str("n" + strconv.Itoa(i))})
	}
	putAll(t, db, table, items)
	filter, err := expression.NewBuilder().
		WithKeyCondition(expression.Key("pk").Equal(expression.Value("P"))).
		WithFilter(expression.Name("even").Equal(expression.Value(true))).
		WithProjection(expression.NamesList(expression.Name("sk"), expression.Name("note"))).Build()
	if err != nil {
		t.Fatal(err)
	}
	in := dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: filter.KeyCondition(),
		FilterExpression: filter.Filter(), ProjectionExpression: filter.Projection(),
		ExpressionAttributeNames: filter.Names(), ExpressionAttributeValues: filter.Values(), Limit: aws.Int32(3)}

	var got, pages []string
	scanned := 0
	for page := 0; page < 10; page++ {
		out, err := db.Query(t.Context(), &in)
		if err != nil {
			t.Fatal(err)
		}
		scanned += int(out.ScannedCount)
		var sks []string
		for _, it := range out.Items {
			if len(it) != 2 || it["note"] == nil {
				t.Errorf("item %v, want only sk and note", it)
			}
			sks = append(sks, attrText(it["sk"]))
		}
		got = append(got, sks...)
		pages = append(pages, fmt.Sprintf("%d/%d %v", out.Count, out.ScannedCount, sks))
		if out.LastEvaluatedKey == nil {
			break
		}
		if page == 0 {
			// The item the next page starts after goes away: the next
			// page still starts after where it was.
			if _, err := db.DeleteItem(t.Context(), &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: out.LastEvaluatedKey}); err != nil {
				t.Fatal(err)
			}
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
	if want := []string{"00", "02", "04", "06", "08"}; !slices.Equal(got, want) {
		t.Errorf("got %q in pages %q, want %q", got, pages, want)
	}
	if want := []string{"2/3 [00 02]", "1/3 [04]", "2/3 [06 08]", "0/1 []"}; !slices.Equal(pages, want) {
		t.Errorf("pages (count/scanned items) %q, want %q", pages, want)
	}
	if scanned != 10 {
		t.Errorf("%d items scanned, want 10", scanned)
	}
}

// placeholderNames are attribute names that share no text with the
// builder's placeholders, so a wrong substitution cannot land on a right
// name by chance ("#1" + "0" is not the name of "#10").
var placeholderNames = []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett", "kilo", "lima"}

func TestExpressionsWithElevenOrMorePlaceholders(t *testing.T) {
	env := kumotest.Start(t)
	db := env.DynamoDB()
	table := kumotest.UniqueName(t, "placeholders")
	kumotest.CreateTable(t, db, table, spec.Table{PartitionKey: stringKey("pk"), SortKey: ptr(stringKey("sk"))})
	key := map[string]types.AttributeValue{"pk": str("P"), "sk": str("S")}
	var update expression.UpdateBuilder
	var cond expression.ConditionBuilder
	var proj expression.ProjectionBuilder
	for i, n := range placeholderNames {
		update = update.Set(expression.Name(n), expression.Value("value-of-"+n))
		c := expression.Name(n).Equal(expression.Value("value-of-" + n))
		if i == 0 {
			cond = c
		} else {
			cond = cond.And(c)
		}
		proj = proj.AddNames(expression.Name(n))
	}
	e, err := expression.NewBuilder().WithUpdate(update).Build()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := e.Names()["#11"]; !ok {
		t.Fatalf("the builder named %v, want #0 to #11", e.Names())
	}
	if _, err := db.UpdateItem(t.Context(), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: key,
		UpdateExpression: e.Update(), ExpressionAttributeNames: e.Names(), ExpressionAttributeValues: e.Values()}); err != nil {
		t.Fatal(err)
	}
	wantItem := func(t *testing.T, it map[string]types.AttributeValue, extra int) {
		t.Helper()
		for _, n := range placeholderNames {
			if got := attrText(it[n]); got != "value-of-"+n {
				t.Errorf("%s = %q, want %q", n, got, "value-of-"+n)
			}
		}
		if len(it) != len(placeholderNames)+extra {
			t.Errorf("item has attributes %q, want the %d named and %d more", slices.Sorted(maps.Keys(it)), len(placeholderNames), extra)
		}
	}

	t.Run("an update sets each attribute it names", func(t *testing.T) {
		out, err := db.GetItem(t.Context(), &dynamodb.GetItemInput{TableName: aws.String(table), Key: key})
		if err != nil {
			t.Fatal(err)
		}
		wantItem(t, out.Item, 2)
	})
	t.Run("a condition tests each attribute it names", func(t *testing.T) {
		ce, err := expression.NewBuilder().WithCondition(cond).WithUpdate(expression.Set(expression.Name("checked"), expression.Value(true))).Build()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateItem(t.Context(), &dynamodb.UpdateItemInput{TableName: aws.String(table), Key: key,
			ConditionExpression: ce.Condition(), UpdateExpression: ce.Update(),
			ExpressionAttributeNames: ce.Names(), ExpressionAttributeValues: ce.Values()}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("a filter and a projection find and return each attribute they name", func(t *testing.T) {
		qe, err := expression.NewBuilder().WithKeyCondition(expression.Key("pk").Equal(expression.Value("P"))).
			WithFilter(cond).WithProjection(proj).Build()
		if err != nil {
			t.Fatal(err)
		}
		out, err := db.Query(t.Context(), &dynamodb.QueryInput{TableName: aws.String(table),
			KeyConditionExpression: qe.KeyCondition(), FilterExpression: qe.Filter(), ProjectionExpression: qe.Projection(),
			ExpressionAttributeNames: qe.Names(), ExpressionAttributeValues: qe.Values()})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Items) != 1 {
			t.Fatalf("%d items, want the one", len(out.Items))
		}
		wantItem(t, out.Items[0], 0)
	})
}

func ptr[T any](v T) *T { return &v }

// BenchmarkQueryByPartition measures a Query of one partition of ten
// items, written as the SDK's expression builder writes it, in tables of
// growing size: its cost must not grow with the table.
func BenchmarkQueryByPartition(b *testing.B) {
	env := kumotest.Start(b)
	db := env.DynamoDB()
	const perPartition = 10
	for _, size := range []int{1_000, 100_000} {
		table := kumotest.UniqueName(b, fmt.Sprintf("bench-%d", size))
		kumotest.CreateTable(b, db, table, spec.Table{PartitionKey: stringKey("pk"), SortKey: ptr(stringKey("sk"))})
		fillBenchTable(b, db, table, size, perPartition)
		e, err := expression.NewBuilder().WithKeyCondition(
			expression.Key("pk").Equal(expression.Value(benchPartition(size / perPartition / 2))).
				And(expression.Key("sk").BeginsWith("COMMIT#"))).Build()
		if err != nil {
			b.Fatal(err)
		}
		in := &dynamodb.QueryInput{TableName: aws.String(table), KeyConditionExpression: e.KeyCondition(),
			ExpressionAttributeNames: e.Names(), ExpressionAttributeValues: e.Values()}
		runtime.GC() // the writes' garbage is not the queries' to collect
		b.Run(fmt.Sprintf("items=%d", size), func(b *testing.B) {
			defer cpuPerOp(b)()
			for b.Loop() {
				out, err := db.Query(b.Context(), in)
				if err != nil {
					b.Fatal(err)
				}
				if len(out.Items) != perPartition {
					b.Fatalf("%d items, want %d", len(out.Items), perPartition)
				}
			}
		})
	}
}

func benchPartition(i int) string { return fmt.Sprintf("ORDER#%08d", i) }

// fillBenchTable writes size items, perPartition to a partition, from
// two writers.
func fillBenchTable(b *testing.B, db *dynamodb.Client, table string, size, perPartition int) {
	b.Helper()
	const writers = 2
	payload := strings.Repeat("x", 200)
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for w := range writers {
		wg.Go(func() {
			var items []map[string]types.AttributeValue
			for i := w; i < size; i += writers {
				items = append(items, map[string]types.AttributeValue{
					"pk": str(benchPartition(i / perPartition)), "sk": str(fmt.Sprintf("COMMIT#%010d", i%perPartition)),
					"payload": str(payload),
				})
			}
			errs[w] = writeItems(b.Context(), db, table, items)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		b.Fatal(err)
	}
}
