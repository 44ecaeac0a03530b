package poller

import "testing"

func TestFailedItems(t *testing.T) {
	batch := map[string]bool{"m1": true, "m2": true}
	tests := []struct {
		name   string
		out    string
		failed []string
		whole  bool
	}{
		{"an empty response is a full success", ``, nil, false},
		{"a null response is a full success", `null`, nil, false},
		{"an empty object is a full success", `{}`, nil, false},
		{"an empty failure list is a full success", `{"batchItemFailures":[]}`, nil, false},
		{"a null failure list is a full success", `{"batchItemFailures":null}`, nil, false},
		{"named failures fail only those items", `{"batchItemFailures":[{"itemIdentifier":"m2"}]}`, []string{"m2"}, false},
		{"invalid JSON fails the whole batch", `{"batchItemFailures":`, nil, true},
		{"an empty identifier fails the whole batch", `{"batchItemFailures":[{"itemIdentifier":""}]}`, nil, true},
		{"a null identifier fails the whole batch", `{"batchItemFailures":[{"itemIdentifier":null}]}`, nil, true},
		{"a misnamed key fails the whole batch", `{"batchItemFailures":[{"itemId":"m1"}]}`, nil, true},
		{"an identifier outside the batch fails the whole batch", `{"batchItemFailures":[{"itemIdentifier":"m9"}]}`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			failed, whole, _ := failedItems([]byte(tt.out), batch)
			if whole != tt.whole {
				t.Fatalf("whole = %v, want %v", whole, tt.whole)
			}
			if len(failed) != len(tt.failed) {
				t.Fatalf("failed = %v, want %v", failed, tt.failed)
			}
			for _, id := range tt.failed {
				if !failed[id] {
					t.Fatalf("failed = %v, want %v", failed, tt.failed)
				}
			}
		})
	}
}
