package metricstest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// maxNameLength is EMF's limit on the length of a namespace or a metric
// name.
const maxNameLength = 255

// ValidateEMF checks that line (with or without its final newline) is one
// valid EMF record: a single-line JSON object whose _aws member holds a
// Timestamp in epoch milliseconds and CloudWatchMetrics directives, each
// with a Namespace, Dimensions (sets of at most 30 names, each a string
// member of the record) and Metrics (at most 100, each a number or an
// array of at most 100 numbers in the record, with a CloudWatch unit). It
// reports every problem found.
func ValidateEMF(line []byte) error {
	line = bytes.TrimSuffix(line, []byte("\n"))
	if bytes.ContainsAny(line, "\r\n") {
		return errors.New("emf: the record spans more than one line")
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		return fmt.Errorf("emf: not a JSON object: %w", err)
	}
	if dec.More() {
		return errors.New("emf: data after the JSON object")
	}

	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("emf: "+format, args...)) }

	meta, ok := root["_aws"].(map[string]any)
	if !ok {
		return errors.New("emf: no _aws object")
	}
	if ts, ok := meta["Timestamp"].(json.Number); !ok {
		bad("_aws.Timestamp is missing or not a number")
	} else if ms, err := ts.Int64(); err != nil || ms < 0 {
		bad("_aws.Timestamp %s is not epoch milliseconds", ts)
	}
	directives, ok := meta["CloudWatchMetrics"].([]any)
	if !ok || len(directives) == 0 {
		bad("_aws.CloudWatchMetrics is missing or empty")
	}
	for i, d := range directives {
		dir, ok := d.(map[string]any)
		if !ok {
			bad("directive %d is not an object", i)
			continue
		}
		if ns, ok := dir["Namespace"].(string); !ok || ns == "" || len(ns) > maxNameLength {
			bad("directive %d: Namespace must be a string of 1-255 characters", i)
		}
		sets, ok := dir["Dimensions"].([]any)
		if !ok {
			bad("directive %d: Dimensions must be an array of dimension sets", i)
		}
		for j, s := range sets {
			set, ok := s.([]any)
			if !ok {
				bad("directive %d: dimension set %d is not an array", i, j)
				continue
			}
			if len(set) > metrics.MaxDimensions {
				bad("directive %d: dimension set %d has %d dimensions, at most %d allowed", i, j, len(set), metrics.MaxDimensions)
			}
			for _, n := range set {
				name, ok := n.(string)
				if !ok {
					bad("directive %d: dimension set %d holds a non-string name", i, j)
					continue
				}
				if _, ok := root[name].(string); !ok {
					bad("dimension %s is not a string member of the record", name)
				}
			}
		}
		defs, ok := dir["Metrics"].([]any)
		if !ok {
			bad("directive %d: Metrics must be an array", i)
		}
		if len(defs) > metrics.MaxMetricsPerDirective {
			bad("directive %d: %d metrics, at most %d allowed", i, len(defs), metrics.MaxMetricsPerDirective)
		}
		seen := map[string]bool{}
		for _, m := range defs {
			def, ok := m.(map[string]any)
			if !ok {
				bad("directive %d: a metric definition is not an object", i)
				continue
			}
			name, ok := def["Name"].(string)
			if !ok || name == "" || len(name) > maxNameLength {
				bad("directive %d: metric Name must be a string of 1-255 characters", i)
				continue
			}
			if seen[name] {
				bad("directive %d: metric %s defined twice", i, name)
			}
			seen[name] = true
			if u, present := def["Unit"]; present {
				if s, ok := u.(string); !ok || !metrics.Unit(s).Valid() {
					bad("metric %s: unit %v is not a CloudWatch unit", name, u)
				}
			}
			if r, present := def["StorageResolution"]; present {
				if n, ok := r.(json.Number); !ok || (n.String() != "1" && n.String() != "60") {
					bad("metric %s: StorageResolution must be 1 or 60", name)
				}
			}
			if err := checkValue(root[name]); err != nil {
				bad("metric %s: %v", name, err)
			}
		}
	}
	return errors.Join(errs...)
}

// checkValue checks the member that holds a metric's value or values.
func checkValue(v any) error {
	switch v := v.(type) {
	case json.Number:
		return checkNumber(v)
	case []any:
		if len(v) == 0 || len(v) > metrics.MaxValuesPerMetric {
			return fmt.Errorf("%d values, want 1-%d", len(v), metrics.MaxValuesPerMetric)
		}
		for _, e := range v {
			n, ok := e.(json.Number)
			if !ok {
				return fmt.Errorf("value %v is not a number", e)
			}
			if err := checkNumber(n); err != nil {
				return err
			}
		}
		return nil
	case nil:
		return errors.New("no member of that name in the record")
	default:
		return fmt.Errorf("value %v is not a number or an array of numbers", v)
	}
}

func checkNumber(n json.Number) error {
	f, err := n.Float64()
	if err != nil || math.IsInf(f, 0) {
		return fmt.Errorf("value %s is not a finite number", n)
	}
	return nil
}
