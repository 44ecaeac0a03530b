package emulator

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// decodedDynamoRequest is how kumo's encoding/json decoding reads the
// members the front door authorises on.
type decodedDynamoRequest struct {
	TableName     string
	IndexName     string
	ResourceArn   string
	RequestItems  map[string]json.RawMessage
	TransactItems []map[string]struct{ TableName string }
}

// decodeWithEncodingJSON reads body as encoding/json does, into the form
// readDynamoRequest returns.
func decodeWithEncodingJSON(body []byte) (dynamoRequest, error) {
	if len(strings.TrimSpace(string(body))) == 0 {
		body = []byte("{}")
	}
	var d decodedDynamoRequest
	if err := json.Unmarshal(body, &d); err != nil {
		return dynamoRequest{}, err
	}
	out := dynamoRequest{TableName: d.TableName, IndexName: d.IndexName, ResourceArn: d.ResourceArn}
	if d.RequestItems != nil {
		out.RequestItems = map[string]bool{}
		for k := range d.RequestItems {
			out.RequestItems[k] = true
		}
	}
	for _, it := range d.TransactItems {
		m := map[string]string{}
		for k, v := range it {
			m[k] = v.TableName
		}
		out.TransactItems = append(out.TransactItems, m)
	}
	return out, nil
}

// TestReadDynamoRequestReadsAsEncodingJSON checks that the front door's
// reading of a body names the same tables as kumo's decoding of it: on
// hand-picked bodies, and on many generated ones (fixed seed) mixing the
// members it reads with the ones it skips, names in any case, nulls,
// escapes and nesting.
func TestReadDynamoRequestReadsAsEncodingJSON(t *testing.T) {
	bodies := []string{
		``, `{}`, ` { } `, `{"TableName":"orders","Item":{"pk":{"S":"a\"}"}}}`,
		`{"tablename":"lower"}`, `{"TableName":null}`,
		`{"TableName":"t\u00e9\/\\x"}`,
		`{"Item":{"l":{"L":[{"M":{"TableName":{"S":"nested"}}}]}},"TableName":"outer"}`,
		`{"RequestItems":{"a":[],"b":[{"PutRequest":{"Item":{}}}],"a":{}}}`,
		`{"RequestItems":null}`,
		`{"TransactItems":[{"Put":{"TableName":"a","Item":{}}},{"Update":{"tablename":"b"}},null,{"Delete":null}]}`,
		`{"TransactItems":[{"ConditionCheck":{"TableName":"a"},"Get":{"TableName":"b"}}]}`,
		`{"TableName":5}`, `{"TransactItems":{}}`, `{"RequestItems":[]}`, `[]`, `"x"`,
		`{"IndexName":"by-customer","TableName":"orders","ExclusiveStartKey":{"n":{"N":"-1.5e+3"}},"Limit":10,"ScanIndexForward":false}`,
	}
	rng := rand.New(rand.NewPCG(14, 2026))
	for range 3000 {
		bodies = append(bodies, randomRequestBody(rng))
	}
	for _, body := range bodies {
		want, wantErr := decodeWithEncodingJSON([]byte(body))
		got, gotErr := readDynamoRequest([]byte(body))
		if (gotErr != nil) != (wantErr != nil) {
			t.Fatalf("body %s\nerror %v, encoding/json's %v", body, gotErr, wantErr)
		}
		if wantErr == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("body %s\nread  %+v\nwant %+v", body, got, want)
		}
	}
}

// randomRequestBody is a DynamoDB request body, valid JSON, with random
// members among those the front door reads and those it skips.
func randomRequestBody(rng *rand.Rand) string {
	// Each member the front door reads appears at most once; the others
	// may repeat.
	read := []string{[]string{"TableName", "tablename", "TABLENAME"}[rng.IntN(3)], "IndexName", "ResourceArn", "RequestItems", "TransactItems"}
	rng.Shuffle(len(read), func(i, j int) { read[i], read[j] = read[j], read[i] })
	read = read[:rng.IntN(len(read)+1)]
	skipped := []string{"Item", "Key", "ExpressionAttributeValues", "ConditionExpression", "Limit"}
	var names []string
	for range rng.IntN(4) {
		names = append(names, skipped[rng.IntN(len(skipped))])
	}
	names = append(names, read...)
	rng.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	var b strings.Builder
	b.WriteString(space(rng) + "{")
	for i, name := range names {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%s%q%s:%s", space(rng), name, space(rng), space(rng))
		switch {
		case fieldIs(name, "RequestItems") && rng.IntN(5) > 0:
			b.WriteString("{")
			for j := range rng.IntN(3) {
				if j > 0 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, "%s:%s", randomString(rng), randomValue(rng, 2))
			}
			b.WriteString("}")
		case fieldIs(name, "TransactItems") && rng.IntN(5) > 0:
			b.WriteString("[")
			for j := range rng.IntN(3) {
				if j > 0 {
					b.WriteString(",")
				}
				kinds := []string{"Put", "Update", "Delete", "ConditionCheck"}
				fmt.Fprintf(&b, `{%q:{"tableName":%s,"Item":%s}}`, kinds[rng.IntN(len(kinds))], randomString(rng), randomValue(rng, 2))
			}
			b.WriteString("]")
		case strings.HasSuffix(strings.ToLower(name), "name") || name == "ResourceArn":
			if rng.IntN(6) == 0 {
				b.WriteString("null")
			} else {
				b.WriteString(randomString(rng))
			}
		default:
			b.WriteString(randomValue(rng, 3))
		}
		b.WriteString(space(rng))
	}
	b.WriteString("}" + space(rng))
	return b.String()
}

func space(rng *rand.Rand) string { return []string{"", " ", "\n\t", "\r\n  "}[rng.IntN(4)] }

// randomString is a JSON string with escapes, quotes and brackets in it.
func randomString(rng *rand.Rand) string {
	parts := []string{"orders", "a", `\"`, `\\`, `\/`, `\u00e9`, `\n`, "{", "]", ":", ",", " ", "é"}
	var b strings.Builder
	b.WriteString(`"`)
	for range rng.IntN(5) {
		b.WriteString(parts[rng.IntN(len(parts))])
	}
	b.WriteString(`"`)
	return b.String()
}

// randomValue is any JSON value, nested up to depth.
func randomValue(rng *rand.Rand, depth int) string {
	switch n := rng.IntN(8); {
	case n == 0:
		return "null"
	case n == 1:
		return []string{"true", "false", "0", "-12.5e+3", "7"}[rng.IntN(5)]
	case n < 4 || depth == 0:
		return randomString(rng)
	case n < 6:
		var parts []string
		for range rng.IntN(4) {
			parts = append(parts, randomValue(rng, depth-1))
		}
		return "[" + strings.Join(parts, ","+space(rng)) + "]"
	default:
		var parts []string
		for range rng.IntN(4) {
			parts = append(parts, randomString(rng)+":"+randomValue(rng, depth-1))
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
}

func TestReadDynamoRequestRefusesBodiesItCannotReadAsKumoWould(t *testing.T) {
	for _, body := range []string{
		`[1]`, `"TableName"`, `{"TableName":"a"`, `{"TableName" "a"}`, `{"a":1}x`, `{"a":tru}`, `{"a":"x}`,
		`{"TableName":"first","TableName":"second"}`, `{"tablename":"lower","TABLENAME":"upper"}`, `{"TableName":"kept","TableName":null}`,
		`{"RequestItems":{"a":[]},"RequestItems":{"c":[]}}`,
		`{"TransactItems":[{"Put":{"TableName":"a"}}],"TransactItems":[{"Update":{"TableName":"b"}}]}`,
		`{"TransactItems":[{"Put":{"TableName":"a"},"Put":{"TableName":"b"}}]}`,
		`{"TransactItems":[{"Put":{"TableName":"a","tableName":"b"}}]}`,
	} {
		if _, err := readDynamoRequest([]byte(body)); err == nil {
			t.Errorf("%s read without error", body)
		}
	}
}
