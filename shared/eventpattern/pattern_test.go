package eventpattern_test

import (
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/shared/eventpattern"
)

const event = `{
  "version": "0",
  "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "OrderCancelled",
  "source": "conveyor.orders",
  "account": "000000000000",
  "time": "2026-03-01T10:00:05Z",
  "region": "us-east-1",
  "resources": [],
  "detail": {
    "type": "OrderCancelled",
    "version": 1,
    "causationId": null,
    "data": {
      "orderId": "O-1",
      "reason": "payment-declined",
      "amount": 3299,
      "tags": ["gift", "express"],
      "lines": [{"sku": "MUG-RED-350", "quantity": 2}, {"sku": "TEA", "quantity": 1}]
    }
  }
}`

func TestMatchFollowsEventBridgeSemantics(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		want    bool
	}{
		{"an exact source and detail-type match", `{"source":["conveyor.orders"],"detail-type":["OrderCancelled"]}`, true},
		{"any listed value is enough", `{"detail-type":["OrderPlaced","OrderCancelled"]}`, true},
		{"a different value does not match", `{"detail-type":["OrderPlaced"]}`, false},
		{"values are case sensitive", `{"detail-type":["ordercancelled"]}`, false},
		{"a nested field matches", `{"detail":{"data":{"reason":["payment-declined"]}}}`, true},
		{"a missing field does not match a value", `{"detail":{"data":{"missing":["x"]}}}`, false},
		{"numbers compare by value", `{"detail":{"version":[1.0]}}`, true},
		{"a number does not equal its string", `{"detail":{"version":["1"]}}`, false},
		{"null matches a null field", `{"detail":{"causationId":[null]}}`, true},
		{"prefix matches the start", `{"source":[{"prefix":"conveyor."}]}`, true},
		{"prefix does not match the middle", `{"source":[{"prefix":"orders"}]}`, false},
		{"prefix can ignore case", `{"source":[{"prefix":{"equals-ignore-case":"CONVEYOR."}}]}`, true},
		{"suffix matches the end", `{"detail-type":[{"suffix":"Cancelled"}]}`, true},
		{"suffix does not match the start", `{"detail-type":[{"suffix":"Order"}]}`, false},
		{"equals-ignore-case folds case", `{"detail-type":[{"equals-ignore-case":"ORDERCANCELLED"}]}`, true},
		{"anything-but rejects the listed value", `{"detail-type":[{"anything-but":"OrderCancelled"}]}`, false},
		{"anything-but accepts another value", `{"detail-type":[{"anything-but":["OrderPlaced"]}]}`, true},
		{"anything-but does not match a missing field", `{"detail":{"missing":[{"anything-but":"x"}]}}`, false},
		{"anything-but prefix rejects a prefix", `{"source":[{"anything-but":{"prefix":"conveyor."}}]}`, false},
		{"anything-but suffix accepts other ends", `{"source":[{"anything-but":{"suffix":".catalog"}}]}`, true},
		{"anything-but equals-ignore-case rejects any case", `{"detail-type":[{"anything-but":{"equals-ignore-case":["ordercancelled"]}}]}`, false},
		{"numeric range includes the value", `{"detail":{"data":{"amount":[{"numeric":[">",0,"<=",3299]}]}}}`, true},
		{"numeric range excludes the value", `{"detail":{"data":{"amount":[{"numeric":["<",3299]}]}}}`, false},
		{"numeric equality", `{"detail":{"data":{"amount":[{"numeric":["=",3299]}]}}}`, true},
		{"numeric does not match a string", `{"detail-type":[{"numeric":[">",0]}]}`, false},
		{"exists true matches a present leaf", `{"detail":{"data":{"orderId":[{"exists":true}]}}}`, true},
		{"exists true does not match a missing field", `{"detail":{"data":{"shipBy":[{"exists":true}]}}}`, false},
		{"exists false matches a missing field", `{"detail":{"data":{"shipBy":[{"exists":false}]}}}`, true},
		{"exists false does not match a present leaf", `{"detail":{"data":{"orderId":[{"exists":false}]}}}`, false},
		{"an array field matches when one element does", `{"detail":{"data":{"tags":["express"]}}}`, true},
		{"an array field fails when no element does", `{"detail":{"data":{"tags":["fragile"]}}}`, false},
		{"an array of objects matches when one object does", `{"detail":{"data":{"lines":{"sku":["TEA"]}}}}`, true},
		{"wildcard matches runs of characters", `{"source":[{"wildcard":"conveyor.*s"}]}`, true},
		{"wildcard must match the whole value", `{"source":[{"wildcard":"*.order"}]}`, false},
		{"$or matches when one alternative does", `{"source":["conveyor.orders"],"$or":[{"detail-type":["OrderPlaced"]},{"detail":{"data":{"reason":["payment-declined"]}}}]}`, true},
		{"$or fails when no alternative does", `{"$or":[{"detail-type":["OrderPlaced"]},{"source":["conveyor.catalog"]}]}`, false},
		{"every field must match", `{"source":["conveyor.orders"],"detail-type":["OrderPlaced"]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := eventpattern.CompileJSON([]byte(tt.pattern))
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			got, err := p.Match([]byte(event))
			if err != nil {
				t.Fatalf("match: %v", err)
			}
			if got != tt.want {
				t.Errorf("Match = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCompileRejectsWhatEventBridgeRejects(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		wantErr string
	}{
		{"an empty pattern", `{}`, "non-empty"},
		{"a bare string value", `{"source":"conveyor.orders"}`, "must be an object or an array"},
		{"an empty value list", `{"source":[]}`, "must not be empty"},
		{"an unknown operator", `{"source":[{"cidr":"10.0.0.0/24"}]}`, `operator "cidr" is not supported`},
		{"a filter with two operators", `{"source":[{"prefix":"a","suffix":"b"}]}`, "exactly one operator"},
		{"numeric with a bad operator", `{"n":[{"numeric":["!=",1]}]}`, "is not one of"},
		{"numeric with a string bound", `{"n":[{"numeric":[">","1"]}]}`, "a bound is a number"},
		{"exists with a string", `{"n":[{"exists":"yes"}]}`, "true or false"},
		{"$or with one alternative", `{"$or":[{"source":["a"]}]}`, "at least two"},
		{"a wildcard with **", `{"source":[{"wildcard":"a**b"}]}`, "consecutive"},
		{"trailing data", `{"source":["a"]} {}`, "trailing data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eventpattern.CompileJSON([]byte(tt.pattern))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Compile error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestPatternReportsItsOperatorsAndPaths(t *testing.T) {
	p, err := eventpattern.Compile(map[string]any{
		"source":      []any{"conveyor.orders"},
		"detail-type": []any{map[string]any{"prefix": "Order"}},
		"detail":      map[string]any{"data": map[string]any{"reason": []any{map[string]any{"anything-but": "x"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(p.Operators(), ","), "anything-but,equals,prefix"; got != want {
		t.Errorf("Operators = %s, want %s", got, want)
	}
	if got, want := strings.Join(p.Paths(), ","), "detail-type,detail.data.reason,source"; got != want {
		t.Errorf("Paths = %s, want %s", got, want)
	}
}
