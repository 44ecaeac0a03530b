package metricstest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/shared/metrics/metricstest"
)

func TestValidateEMF(t *testing.T) {
	const good = `{"_aws":{"Timestamp":1740830400000,"CloudWatchMetrics":[{"Namespace":"Conveyor","Dimensions":[["Service"]],"Metrics":[{"Name":"ColdStart","Unit":"Count"}]}]},"Service":"catalog","ColdStart":1}`
	tooManyDims := make([]string, 31)
	members := ""
	for i := range tooManyDims {
		tooManyDims[i] = fmt.Sprintf(`"D%d"`, i)
		members += fmt.Sprintf(`,"D%d":"v"`, i)
	}
	tests := []struct {
		name string
		line string
		want string // "" means valid
	}{
		{"a complete record is valid", good, ""},
		{"a record with its newline is valid", good + "\n", ""},
		{"an array of values is valid", strings.Replace(good, `"ColdStart":1}`, `"ColdStart":[1,0,0]}`, 1), ""},
		{"no dimensions at all is valid", `{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[{"Name":"M"}]}]},"M":2}`, ""},
		{"two lines are refused", strings.Replace(good, `,"Service"`, "\n,\"Service\"", 1), "more than one line"},
		{"text that is not JSON is refused", "ColdStart=1", "not a JSON object"},
		{"a record without _aws is refused", `{"ColdStart":1}`, "no _aws"},
		{"a timestamp in seconds as a fraction is refused", strings.Replace(good, "1740830400000", "1740830400.5", 1), "epoch milliseconds"},
		{"a missing timestamp is refused", strings.Replace(good, `"Timestamp":1740830400000,`, "", 1), "Timestamp"},
		{"no directives are refused", `{"_aws":{"Timestamp":1,"CloudWatchMetrics":[]}}`, "CloudWatchMetrics"},
		{"an empty namespace is refused", strings.Replace(good, `"Conveyor"`, `""`, 1), "Namespace"},
		{"a dimension missing from the record is refused", strings.Replace(good, `"Service":"catalog",`, "", 1), "dimension Service"},
		{"a numeric dimension value is refused", strings.Replace(good, `"Service":"catalog"`, `"Service":7`, 1), "dimension Service"},
		{"a metric missing from the record is refused", strings.Replace(good, `,"ColdStart":1`, "", 1), "no member"},
		{"a metric holding text is refused", strings.Replace(good, `"ColdStart":1}`, `"ColdStart":"1"}`, 1), "not a number"},
		{"an unknown unit is refused", strings.Replace(good, `"Count"`, `"Furlongs"`, 1), "not a CloudWatch unit"},
		{"a bad storage resolution is refused", strings.Replace(good, `"Unit":"Count"`, `"Unit":"Count","StorageResolution":5`, 1), "StorageResolution"},
		{"31 dimensions are refused", strings.Replace(strings.Replace(good, `["Service"]`, "["+strings.Join(tooManyDims, ",")+"]", 1), `"ColdStart":1}`, `"ColdStart":1`+members+"}", 1), "31 dimensions"},
		{"101 values are refused", strings.Replace(good, `"ColdStart":1}`, `"ColdStart":[`+strings.Repeat("1,", 100)+`1]}`, 1), "101 values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := metricstest.ValidateEMF([]byte(tt.line))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("ValidateEMF() = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("ValidateEMF() = %v, want an error mentioning %q", err, tt.want)
			}
		})
	}
	t.Run("101 metrics in one directive are refused", func(t *testing.T) {
		defs, vals := make([]string, 101), ""
		for i := range defs {
			defs[i] = fmt.Sprintf(`{"Name":"M%d"}`, i)
			vals += fmt.Sprintf(`,"M%d":1`, i)
		}
		line := `{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[` + strings.Join(defs, ",") + `]}]}` + vals + "}"
		if err := metricstest.ValidateEMF([]byte(line)); err == nil || !strings.Contains(err.Error(), "101 metrics") {
			t.Errorf("ValidateEMF() = %v, want 101 metrics refused", err)
		}
	})
}
