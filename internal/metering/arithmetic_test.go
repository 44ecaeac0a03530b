package metering

import (
	"encoding/json"
	"testing"
	"time"
)

// The worked examples of AWS's pages the arithmetic must reproduce:
// DynamoDB's "Capacity unit consumption for read/write operations" and
// "Item sizes and formats", SQS and EventBridge pricing (64 KB chunks) and
// Lambda pricing (1 ms rounding, GB-seconds).

func TestReadUnitsFollowDynamoDBsWorkedExamples(t *testing.T) {
	const kb = 1024
	tests := []struct {
		name string
		size int
		c    Consistency
		want float64
	}{
		{"a 3,500-byte item read strongly is rounded up to 4 KB: one unit", 3500, Strong, 1},
		{"the same read eventually consistent is half a unit", 3500, Eventual, 0.5},
		{"an 8 KB item read strongly takes two units", 8 * kb, Strong, 2},
		{"an 8 KB item read eventually takes one", 8 * kb, Eventual, 1},
		{"an 8 KB item read in a transaction takes four", 8 * kb, Transactional, 4},
		{"exactly 4 KB is one unit", 4 * kb, Strong, 1},
		{"one byte over 4 KB is two units", 4*kb + 1, Strong, 2},
		{"a 10 KB item is rounded up to 12 KB", 10 * kb, Strong, 3},
		{"a Query returning 40.8 KB in all is rounded up to 44 KB", 41779, Strong, 11},
		{"a Query returning 1,500 items of 64 bytes reads 96 KB", 1500 * 64, Strong, 24},
		{"a read that finds nothing still takes the minimum", 0, Strong, 1},
		{"an eventually consistent read that finds nothing takes half a unit", 0, Eventual, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReadUnits(tt.size, tt.c); got != tt.want {
				t.Errorf("ReadUnits(%d, %v) = %v, want %v", tt.size, tt.c, got, tt.want)
			}
		})
	}
}

func TestWriteUnitsFollowDynamoDBsWorkedExamples(t *testing.T) {
	tests := []struct {
		name string
		size int
		want int64
	}{
		{"a 1.6 KB put is rounded up to 2 KB", 1638, 2},
		{"exactly 1 KB is one unit", 1024, 1},
		{"one byte over 1 KB is two units", 1025, 2},
		{"a 500-byte item is one unit", 500, 1},
		{"a 3.5 KB item is four units", 3584, 4},
		{"a write that fails its condition with no item there takes one unit", 0, 1},
		{"a 300 KB item is 300 units", 300 * 1024, 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WriteUnits(tt.size); got != tt.want {
				t.Errorf("WriteUnits(%d) = %d, want %d", tt.size, got, tt.want)
			}
		})
	}
	t.Run("a batch of a 500-byte and a 3.5 KB item is 5 KB, each rounded on its own, not 4 KB", func(t *testing.T) {
		if got := WriteUnits(500) + WriteUnits(3584); got != 5 {
			t.Errorf("got %d units, want 5", got)
		}
	})
	t.Run("a batch read of 1.5 KB and 6.5 KB items is 12 KB, not 8 KB", func(t *testing.T) {
		if got := ReadUnits(1536, Strong) + ReadUnits(6656, Strong); got != 3 {
			t.Errorf("got %v units, want 3", got)
		}
	})
}

func TestItemSizesFollowDynamoDBsRules(t *testing.T) {
	tests := []struct {
		name string
		item string
		want int
	}{
		{"a string is its name's and its value's UTF-8 bytes", `{"name":{"S":"Bob"}}`, 4 + 3},
		{"multi-byte characters count as their UTF-8 bytes", `{"n":{"S":"é€"}}`, 1 + 5},
		{"a number is one byte per two significant digits plus one", `{"n":{"N":"123"}}`, 1 + 2 + 1},
		{"leading and trailing zeros are trimmed from a number", `{"n":{"N":"000100"}}`, 1 + 1 + 1},
		{"a decimal point does not count", `{"n":{"N":"12.34"}}`, 1 + 2 + 1},
		{"a negative number takes one byte more", `{"n":{"N":"-12"}}`, 1 + 1 + 1 + 1},
		{"a binary is its raw bytes, not its base64", `{"b":{"B":"AQIDBA=="}}`, 1 + 4},
		{"a Boolean is one byte", `{"ok":{"BOOL":true}}`, 2 + 1},
		{"a null is one byte", `{"x":{"NULL":true}}`, 1 + 1},
		{"an empty list is three bytes", `{"l":{"L":[]}}`, 1 + 3},
		{"an empty map is three bytes", `{"m":{"M":{}}}`, 1 + 3},
		{"each list element takes one byte more than its value", `{"l":{"L":[{"S":"ab"},{"N":"7"}]}}`, 1 + 3 + (1 + 2) + (1 + 2)},
		{"each map element takes its name and one byte more than its value", `{"m":{"M":{"k":{"S":"v"}}}}`, 1 + 3 + (1 + 1 + 1)},
		{"nested maps count at every level", `{"m":{"M":{"in":{"M":{"k":{"S":"v"}}}}}}`, 1 + 3 + (1 + 2 + (3 + (1 + 1 + 1)))},
		{"a string set is its strings", `{"s":{"SS":["ab","cde"]}}`, 1 + 5},
		{"a number set is its numbers", `{"s":{"NS":["1","22"]}}`, 1 + 2 + 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var it item
			if err := json.Unmarshal([]byte(tt.item), &it); err != nil {
				t.Fatal(err)
			}
			if got := it.size(); got != tt.want {
				t.Errorf("size of %s = %d, want %d", tt.item, got, tt.want)
			}
		})
	}
}

func TestChunksOf64KB(t *testing.T) {
	tests := []struct {
		name string
		size int
		want int64
	}{
		{"a small payload is one", 200, 1},
		{"an empty payload (a receive with nothing) is one", 0, 1},
		{"exactly 64 KB is one", 65536, 1},
		{"one byte over 64 KB is two", 65537, 2},
		{"a 256 KB payload is billed as 4", 256 * 1024, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Chunks(tt.size); got != tt.want {
				t.Errorf("Chunks(%d) = %d, want %d", tt.size, got, tt.want)
			}
		})
	}
}

func TestEntrySizeFollowsEventBridgesRule(t *testing.T) {
	// EventBridge's "Calculating PutEvents event entry size": 14 bytes
	// for Time, plus the UTF-8 bytes of Source, DetailType, Detail and
	// each resource.
	detail := `{ "key1": "value1", "key2": "value2" }`
	got := EntrySize(true, "com.mycompany.myapp", "myDetailType", detail, "resource1", "resource2")
	want := 14 + len("com.mycompany.myapp") + len("myDetailType") + len(detail) + len("resource1") + len("resource2")
	if got != want {
		t.Errorf("EntrySize = %d, want %d", got, want)
	}
	if got := EntrySize(false, "s", "t", "{}"); got != 4 {
		t.Errorf("without Time: EntrySize = %d, want 4", got)
	}
}

func TestLambdaBillsEachMillisecondStarted(t *testing.T) {
	tests := []struct {
		name string
		d    time.Duration
		want int64
	}{
		{"a whole millisecond is itself", 120 * time.Millisecond, 120},
		{"a fraction over rounds up", 120*time.Millisecond + time.Microsecond, 121},
		{"under a millisecond is one", 300 * time.Microsecond, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := BilledMilliseconds(tt.d); got != tt.want {
				t.Errorf("BilledMilliseconds(%v) = %d, want %d", tt.d, got, tt.want)
			}
		})
	}
	t.Run("3 million invocations of 1 s at 512 MB are 1.5 million GB-seconds", func(t *testing.T) {
		m := New()
		for range 3 {
			m.Invocation("f-api", 512, time.Second)
		}
		l := m.Snapshot().Functions["f-api"].Lambda
		if got := l.GBSeconds() * 1e6; got != 1.5e6 {
			t.Errorf("GB-seconds of 3 million = %v, want 1.5e6", got)
		}
		if l.Invocations != 3 || l.BilledMilliseconds != 3000 {
			t.Errorf("invocations %d, billed %d ms; want 3, 3000", l.Invocations, l.BilledMilliseconds)
		}
	})
}
