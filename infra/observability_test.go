package infra_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/infra"
	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// metricRef is one metric a dashboard or an alarm names.
type metricRef struct {
	namespace, name string
	dims            []string
}

// dashboardBody returns a dashboard's body with every CloudFormation token
// (a Ref, a GetAtt...) replaced by "TOKEN", decoded.
func dashboardBody(t *testing.T, body any) map[string]any {
	t.Helper()
	var text strings.Builder
	switch b := body.(type) {
	case string:
		text.WriteString(b)
	case map[string]any:
		join := list(b["Fn::Join"])
		if len(join) != 2 {
			t.Fatalf("dashboard body %v is neither a string nor an Fn::Join", body)
		}
		for _, part := range list(join[1]) {
			if s, ok := part.(string); ok {
				text.WriteString(s)
			} else {
				text.WriteString("TOKEN")
			}
		}
	}
	var out map[string]any
	if err := json.Unmarshal([]byte(text.String()), &out); err != nil {
		t.Fatalf("dashboard body is not JSON: %v\n%s", err, text.String())
	}
	return out
}

// dashboardMetrics lists the metrics of every widget of a dashboard body;
// search and math expressions name metrics of AWS namespaces only, so
// they are left out.
func dashboardMetrics(body map[string]any) []metricRef {
	var out []metricRef
	for _, w := range list(body["widgets"]) {
		var prev metricRef
		for _, m := range list(get(w, "properties", "metrics")) {
			parts := list(m)
			var r metricRef
			var strs []string
			for _, p := range parts {
				if s, ok := p.(string); ok {
					strs = append(strs, s)
				}
			}
			if len(strs) < 2 {
				continue // an expression
			}
			r.namespace, r.name = strs[0], strs[1]
			if r.namespace == "." {
				r.namespace = prev.namespace
			}
			for i := 2; i+1 < len(strs); i += 2 {
				r.dims = append(r.dims, strs[i])
			}
			out = append(out, r)
			prev = r
		}
	}
	return out
}

// alarmMetrics lists the metrics an alarm watches, directly or through a
// math expression.
func alarmMetrics(props map[string]any) []metricRef {
	dims := func(v any) []string {
		var out []string
		for _, d := range list(v) {
			out = append(out, fmt.Sprint(get(d, "Name")))
		}
		return out
	}
	if name, ok := props["MetricName"].(string); ok {
		return []metricRef{{namespace: fmt.Sprint(props["Namespace"]), name: name, dims: dims(props["Dimensions"])}}
	}
	var out []metricRef
	for _, m := range list(props["Metrics"]) {
		if metric := get(m, "MetricStat", "Metric"); metric != nil {
			out = append(out, metricRef{namespace: fmt.Sprint(get(metric, "Namespace")), name: fmt.Sprint(get(metric, "MetricName")), dims: dims(get(metric, "Dimensions"))})
		}
	}
	return out
}

// undocumented returns a problem for each metric of the code's namespace
// that the catalogue does not document with that dimension set.
func undocumented(refs []metricRef) []string {
	var problems []string
	for _, r := range refs {
		if r.namespace != metrics.Namespace {
			continue
		}
		def, ok := metrics.Lookup(r.name)
		switch {
		case !ok:
			problems = append(problems, r.name+" is not in the metrics table")
		case !def.HasDimensions(r.dims):
			problems = append(problems, fmt.Sprintf("%s with dimensions %v; the table documents %v", r.name, r.dims, def.DimensionNames()))
		}
	}
	return problems
}

func TestTheMetricCheckCatchesWhatTheCodeDoesNotEmit(t *testing.T) {
	body := map[string]any{"widgets": []any{map[string]any{"properties": map[string]any{"metrics": []any{
		[]any{metrics.Namespace, metrics.MetricOrdersPlaced, metrics.DimService, "orders", map[string]any{"stat": "Sum"}},
		[]any{".", "OrdersTeleported", metrics.DimService, "orders"},
		[]any{metrics.Namespace, metrics.MetricOrdersCancelled, metrics.DimService, "orders", "Colour", "red"},
		[]any{"AWS/SQS", "NumberOfMessagesSent", "QueueName", "q"},
		[]any{map[string]any{"expression": "placed - confirmed", "id": "e1"}},
	}}}}}
	got := undocumented(dashboardMetrics(body))
	if len(got) != 2 || !strings.Contains(got[0], "OrdersTeleported") || !strings.Contains(got[1], "Colour") {
		t.Errorf("problems %q, want the unknown metric and the undocumented dimension", got)
	}
}

func TestDashboardsAndAlarmsUseOnlyTheDocumentedMetrics(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			used := map[string]bool{}
			for _, d := range s.resources("", "AWS::CloudWatch::Dashboard") {
				refs := dashboardMetrics(dashboardBody(t, d.props["DashboardBody"]))
				for _, p := range undocumented(refs) {
					t.Errorf("dashboard %s/%s shows %s", d.stack, d.id, p)
				}
				for _, r := range refs {
					if r.namespace == metrics.Namespace {
						used[r.name] = true
					}
				}
			}
			for _, a := range s.resources("", "AWS::CloudWatch::Alarm") {
				for _, p := range undocumented(alarmMetrics(a.props)) {
					t.Errorf("alarm %v watches %s", a.props["AlarmName"], p)
				}
			}
			var missing []string
			for _, d := range metrics.Catalogue() {
				if !used[d.Name] {
					missing = append(missing, d.Name)
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("no dashboard shows %v", missing)
			}
		})
	}
}

func TestEveryAlarmSaysWhatHappenedAndWhatToDo(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			alarms := s.resources("", "AWS::CloudWatch::Alarm")
			if len(alarms) == 0 {
				t.Fatal("no alarms")
			}
			var names []string
			for _, a := range alarms {
				names = append(names, fmt.Sprint(a.props["AlarmName"]))
				desc, _ := a.props["AlarmDescription"].(string)
				what, runbook, ok := strings.Cut(desc, infra.RunbookPrefix)
				if !ok || len(strings.TrimSpace(what)) < 20 || len(strings.TrimSpace(runbook)) < 40 {
					t.Errorf("alarm %v: description %q lacks what happened or a runbook line", a.props["AlarmName"], desc)
				}
			}
			for _, want := range []string{"-saga-stuck", "-payment-breaker-open", "-saga-deadlines-expired", "-refunds-abandoned", "-orders-error-rate", "-health-canary"} {
				if !slices.ContainsFunc(names, func(n string) bool { return strings.HasSuffix(n, want) }) {
					t.Errorf("no alarm ending in %s among %v", want, names)
				}
			}
		})
	}
}

func TestTheHealthCanaryCallsEveryDeclaredHealthRoute(t *testing.T) {
	var want []string
	for _, s := range testServices() {
		for _, r := range s.Routes {
			if r.Method == "GET" && strings.HasPrefix(r.Path, "/health/") {
				want = append(want, r.Path)
			}
		}
	}
	sort.Strings(want)
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			canaries := s.resources(stage.PlatformStackName(), "AWS::Synthetics::Canary")
			if len(canaries) != 1 {
				t.Fatalf("%d canaries in the platform stack, want 1", len(canaries))
			}
			c := canaries[0].props
			if got := get(c, "Schedule", "Expression"); got != "rate(5 minutes)" {
				t.Errorf("schedule %v, want rate(5 minutes)", got)
			}
			if got := get(c, "RunConfig", "EnvironmentVariables", "HEALTH_PATHS"); got != strings.Join(want, ",") {
				t.Errorf("HEALTH_PATHS %v, want %s", got, strings.Join(want, ","))
			}
			if get(c, "RunConfig", "EnvironmentVariables", "API_URL") == nil {
				t.Error("the canary is not told the API's URL")
			}
			found := false
			for _, a := range s.resources(stage.PlatformStackName(), "AWS::CloudWatch::Alarm") {
				if a.props["MetricName"] == "SuccessPercent" && a.props["Namespace"] == "CloudWatchSynthetics" {
					found = true
				}
			}
			if !found {
				t.Error("no alarm watches the canary's SuccessPercent")
			}
		})
	}
}
