package metering

import (
	"encoding/json"
	"testing"
)

var scannerSamples = []string{
	`{"pk":{"S":"ORDER#1"},"n":{"N":"-0012.3400"},"ok":{"BOOL":false},"x":{"NULL":true}}`,
	`{"b":{"B":"AQIDBAU="},"bs":{"BS":["AQ==","AQID"]},"ss":{"SS":["a","bc"]},"ns":{"NS":["1","100","-3.5"]}}`,
	`{"l":{"L":[{"S":"a"},{"L":[]},{"M":{"k":{"N":"1"}}}]},"m":{"M":{"in":{"M":{}}}}}`,
	`{"esc":{"S":"a\"b\\c\n\u00e9\u20ac\ud83d\ude00"},"na\u00efve":{"S":"x"}}`,
	`{ "spaced" : { "S" : "v" } , "e" : { "L" : [ ] } }`,
	`{}`,
}

func TestTheScannerSizesItemsAsDecodingDoes(t *testing.T) {
	for _, sample := range scannerSamples {
		t.Run(sample, func(t *testing.T) {
			checkScanner(t, []byte(sample))
		})
	}
	t.Run("a surrogate pair is one 4-byte character", func(t *testing.T) {
		s := &sizeScanner{data: []byte(`{"s":{"S":"\ud83d\ude00"}}`)}
		if n, err := s.item(); err != nil || n != 1+4 {
			t.Errorf("size %d, %v; want 5", n, err)
		}
	})
}

func checkScanner(t *testing.T, data []byte) {
	t.Helper()
	var it item
	if err := json.Unmarshal(data, &it); err != nil {
		t.Fatalf("sample %s is not an item: %v", data, err)
	}
	s := &sizeScanner{data: data}
	got, err := s.item()
	if err != nil {
		t.Fatalf("scanner: %v", err)
	}
	if want := it.size(); got != want {
		t.Errorf("scanner sized %s as %d, decoding as %d", data, got, want)
	}
}

func FuzzTheScannerSizesItemsAsDecodingDoes(f *testing.F) {
	for _, s := range scannerSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var it item
		if json.Unmarshal(data, &it) != nil {
			return
		}
		// Only items DynamoDB could hold: one type per value.
		for _, v := range it {
			if !wellFormed(v) {
				return
			}
		}
		canonical, err := json.Marshal(it)
		if err != nil {
			return
		}
		s := &sizeScanner{data: canonical}
		got, err := s.item()
		if err != nil {
			t.Fatalf("scanner on %s: %v", canonical, err)
		}
		if want := it.size(); got != want {
			t.Errorf("scanner sized %s as %d, decoding as %d", canonical, got, want)
		}
	})
}

// wellFormed reports whether v sets exactly one member, recursively, and
// none an encoder would drop (an empty set or binary).
func wellFormed(v attributeValue) bool {
	n := 0
	if v.S != nil {
		n++
	}
	if v.N != nil {
		n++
	}
	if len(v.B) > 0 {
		n++
	}
	if v.BOOL != nil {
		n++
	}
	if v.NULL != nil {
		n++
	}
	if len(v.SS) > 0 {
		n++
	}
	if len(v.NS) > 0 {
		n++
	}
	if len(v.BS) > 0 {
		n++
	}
	if len(v.L) > 0 {
		n++
		for _, e := range v.L {
			if !wellFormed(e) {
				return false
			}
		}
	}
	if len(v.M) > 0 {
		n++
		for _, e := range v.M {
			if !wellFormed(e) {
				return false
			}
		}
	}
	return n == 1
}

func TestReadAnswerSizes(t *testing.T) {
	body := `{"Items":[{"a":{"S":"xy"}},{"b":{"N":"12"}}],"Count":2,"ScannedCount": 7,` +
		`"Responses":{"t1":[{"k":{"S":"v"}}]},"UnprocessedKeys":{"t1":{"Keys":[{"k":{"S":"w"}},{"k":{"S":"z"}}]}}}`
	a, err := readAnswerSizes([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.items) != 2 || a.items[0] != 3 || a.items[1] != 3 || a.scanned != 7 || a.byTable["t1"][0] != 2 || a.unprocessed["t1"] != 2 {
		t.Errorf("read %+v", a)
	}
	t.Run("GetItem's answer without an item finds none", func(t *testing.T) {
		a, err := readAnswerSizes([]byte(`{}`))
		if err != nil || a.found || a.item != 0 {
			t.Errorf("%+v, %v", a, err)
		}
	})
}

func TestKeyOfTakesTheKeyAttributesAsTheyAre(t *testing.T) {
	raw := []byte(`{"d":{"S":"x"},"sk":{"S":"COMMIT#1"}, "pk" : {"S":"ORDER#\u00e9"},"n":{"N":"1"}}`)
	if got := string(keyOf(raw, "pk", "sk")); got != `{"sk":{"S":"COMMIT#1"},"pk":{"S":"ORDER#\u00e9"}}` {
		t.Errorf("keyOf = %s", got)
	}
	if got := keyOf(raw, "pk", "missing"); got != nil {
		t.Errorf("keyOf with a missing attribute = %s, want nil", got)
	}
	if got := string(keyOf(raw, "pk", "")); got != `{"pk":{"S":"ORDER#\u00e9"}}` {
		t.Errorf("keyOf of a table without a sort key = %s", got)
	}
}

func TestDecodeRequestReadsTheMembersTheMeterNeeds(t *testing.T) {
	body := `{"TableName":"orders","Key":{"pk":{"S":"a"}},"ConsistentRead": true,"ConditionExpression":"attribute_not_exists(#p)",` +
		`"ExpressionAttributeNames":{"#p":"pk"},"ProjectionExpression":"a\u002cb","Item":{"pk":{"S":"a"}},"Limit":3,"Select":"COUNT"}`
	var req dynamoRequest
	if err := decodeRequest([]byte(body), &req); err != nil {
		t.Fatal(err)
	}
	if req.TableName != "orders" || !req.ConsistentRead || req.ConditionExpression != "attribute_not_exists(#p)" ||
		req.ProjectionExpression != "a,b" || req.Select != "COUNT" || string(req.Key) != `{"pk":{"S":"a"}}` ||
		string(req.Item) != `{"pk":{"S":"a"}}` || string(req.ExpressionAttributeNames) != `{"#p":"pk"}` {
		t.Errorf("decoded %+v", req)
	}
	if err := decodeRequest([]byte(`{"TableName":`), &req); err == nil {
		t.Error("a cut request decoded without an error")
	}
}
