package infra_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/infra"
	"github.com/conveyor-dev/conveyor/shared/metrics"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// streamMappings returns the table-stream event source mappings of a
// stack by the physical name of the function whose alias they invoke.
func streamMappings(s *synthesized, stack string) map[string]resource {
	out := map[string]resource{}
	for _, m := range s.resources(stack, "AWS::Lambda::EventSourceMapping") {
		if m.props["StartingPosition"] != nil {
			out[aliasFunction(s, stack, m.props["FunctionName"])] = m
		}
	}
	return out
}

// streamConsumers returns every declared stream consumer with its service.
func streamConsumers(services []spec.Service) (out []struct {
	svc spec.Service
	fn  spec.Function
}) {
	for _, svc := range services {
		for _, f := range svc.Functions {
			if f.Stream != nil {
				out = append(out, struct {
					svc spec.Service
					fn  spec.Function
				}{svc, f})
			}
		}
	}
	return out
}

func TestEveryStreamConsumerIsMappedAsDeclared(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			declared := map[string]int{}
			for _, c := range streamConsumers(s.services) {
				stack := stage.ServiceStackName(c.svc.Name)
				declared[stack]++
				t.Run(c.fn.Name, func(t *testing.T) {
					m, ok := streamMappings(s, stack)[stage.FunctionName(c.fn.Name)]
					if !ok {
						t.Fatalf("no stream mapping in %s invokes %s's alias", stack, c.fn.Name)
					}
					retries := float64(c.fn.Stream.RetryAttempts)
					if !c.fn.Stream.GivesUp() {
						retries = -1
					}
					failureID, _ := ref(get(m.props, "DestinationConfig", "OnFailure", "Destination"))
					failures, _ := s.resourceByID(stack, failureID)
					checks := map[string][2]any{
						"StartingPosition (from the oldest record)":  {m.props["StartingPosition"], "TRIM_HORIZON"},
						"BisectBatchOnFunctionError":                 {m.props["BisectBatchOnFunctionError"], true},
						"MaximumRetryAttempts (-1 is without limit)": {m.props["MaximumRetryAttempts"], retries},
						"MaximumRecordAgeInSeconds (-1 is no limit)": {m.props["MaximumRecordAgeInSeconds"], float64(-1)},
						"BatchSize":                  {m.props["BatchSize"], float64(c.fn.Stream.BatchSize)},
						"FunctionResponseTypes":      {fmt.Sprint(m.props["FunctionResponseTypes"]), "[ReportBatchItemFailures]"},
						"on-failure queue":           {failures.props["QueueName"], stage.StreamFailureQueueName(c.fn.Name)},
						"reads its service's stream": {streamTable(m.props["EventSourceArn"]), true},
					}
					for what, check := range checks {
						if check[0] != check[1] {
							t.Errorf("%s: %v, want %v", what, check[0], check[1])
						}
					}
				})
			}
			for _, svc := range s.services {
				stack := stage.ServiceStackName(svc.Name)
				if got := len(streamMappings(s, stack)); got != declared[stack] {
					t.Errorf("%s has %d stream mappings, its declaration %d consumers", stack, got, declared[stack])
				}
			}
		})
	}
}

func TestStreamPublishersNeverGiveUp(t *testing.T) {
	publishers := 0
	for _, c := range streamConsumers(functions.All()) {
		if !strings.HasSuffix(c.fn.Name, "-relay") && !strings.HasSuffix(c.fn.Name, "-publisher") {
			continue
		}
		publishers++
		t.Run(c.fn.Name+" retries forever", func(t *testing.T) {
			if c.fn.Stream.GivesUp() {
				t.Errorf("%s gives up on a record after %d retries: an event stored but never published (declare spec.RetryForever)",
					c.fn.Name, c.fn.Stream.RetryAttempts)
			}
		})
	}
	if publishers < 2 {
		t.Fatalf("found %d stream publishers; orders-relay and catalog-publisher at least are declared", publishers)
	}
}

// alarmsByName returns the alarms of every stack by name.
func alarmsByName(s *synthesized) map[string]resource {
	out := map[string]resource{}
	for _, a := range s.resources("", "AWS::CloudWatch::Alarm") {
		out[fmt.Sprint(a.props["AlarmName"])] = a
	}
	return out
}

func TestEveryStreamConsumerAlarmsWhenItFallsBehind(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			alarms := alarmsByName(s)
			for _, c := range streamConsumers(s.services) {
				name := stage.FunctionName(c.fn.Name)
				t.Run(c.fn.Name, func(t *testing.T) {
					tests := []struct {
						alarm     string
						threshold float64
					}{
						{name + "-iterator-age", float64(stage.StreamIteratorAgeAlarm.Milliseconds())},
						{name + "-records-expiring", float64(infra.StreamRecordsAtRisk.Milliseconds())},
					}
					for _, tt := range tests {
						a, ok := alarms[tt.alarm]
						if !ok {
							t.Errorf("no alarm %s", tt.alarm)
							continue
						}
						p := a.props
						fnID, _ := ref(get(p, "Dimensions", 0, "Value"))
						fn, _ := s.resourceByID(a.stack, fnID)
						checks := map[string][2]any{
							"metric":       {fmt.Sprint(p["Namespace"], "/", p["MetricName"]), "AWS/Lambda/IteratorAge"},
							"function":     {fn.props["FunctionName"], name},
							"statistic":    {p["Statistic"], "Maximum"},
							"threshold":    {p["Threshold"], tt.threshold},
							"comparison":   {p["ComparisonOperator"], "GreaterThanOrEqualToThreshold"},
							"missing data": {p["TreatMissingData"], "notBreaching"},
						}
						for what, check := range checks {
							if check[0] != check[1] {
								t.Errorf("%s: %s %v, want %v", tt.alarm, what, check[0], check[1])
							}
						}
					}
					if infra.StreamRecordsAtRisk >= infra.StreamRetention {
						t.Errorf("the last iterator-age alarm (%v) must fire before the stream drops records at %v",
							infra.StreamRecordsAtRisk, infra.StreamRetention)
					}
					failures, ok := alarms[name+"-stream-failures-not-empty"]
					if !ok {
						t.Fatalf("no alarm on %s's failure queue", name)
					}
					if c.fn.Stream.GivesUp() {
						rebuild := stage.FunctionName(c.fn.Stream.Rebuild)
						if desc := fmt.Sprint(failures.props["AlarmDescription"]); !strings.Contains(desc, "invoke "+rebuild) {
							t.Errorf("the failure-queue alarm of %s, which gives up on records, does not say to invoke %s: %q", name, rebuild, desc)
						}
					}
				})
			}
		})
	}
}

// watched returns what an alarm watches, whether its properties name one
// metric or one metric statement (a labelled metric): Namespace,
// MetricName, Dimensions, Statistic and Period.
func watched(props map[string]any) map[string]any {
	if props["MetricName"] != nil {
		return props
	}
	for _, m := range list(props["Metrics"]) {
		if stat := get(m, "MetricStat"); stat != nil {
			metric, _ := get(stat, "Metric").(map[string]any)
			return map[string]any{
				"Namespace": metric["Namespace"], "MetricName": metric["MetricName"], "Dimensions": metric["Dimensions"],
				"Statistic": get(stat, "Stat"), "Period": get(stat, "Period"),
			}
		}
	}
	return map[string]any{}
}

func TestSagaDeadlinesAndAbandonedRefundsAlarm(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			alarms := alarmsByName(s)
			tests := []struct {
				alarm, metric, service string
			}{
				{stage.Prefix() + "-saga-deadlines-expired", metrics.MetricSagaDeadlinesExpired, "orders"},
				{stage.Prefix() + "-refunds-abandoned", metrics.MetricRefundsAbandoned, "payments"},
			}
			for _, tt := range tests {
				a, ok := alarms[tt.alarm]
				if !ok {
					t.Errorf("no alarm %s", tt.alarm)
					continue
				}
				p := a.props
				stat := watched(p)
				checks := map[string][2]any{
					"metric":     {fmt.Sprint(stat["Namespace"], "/", stat["MetricName"]), metrics.Namespace + "/" + tt.metric},
					"service":    {fmt.Sprint(get(stat, "Dimensions", 0, "Name"), "=", get(stat, "Dimensions", 0, "Value")), metrics.DimService + "=" + tt.service},
					"statistic":  {stat["Statistic"], "Sum"},
					"period":     {stat["Period"], float64(300)},
					"threshold":  {p["Threshold"], float64(1)},
					"comparison": {p["ComparisonOperator"], "GreaterThanOrEqualToThreshold"},
					"actions":    {len(list(p["AlarmActions"])), 1},
				}
				for what, check := range checks {
					if check[0] != check[1] {
						t.Errorf("%s: %s %v, want %v", tt.alarm, what, check[0], check[1])
					}
				}
			}
		})
	}
}

func TestCancellationsByReasonShowsEveryReason(t *testing.T) {
	s := synth(t, stages()[0])
	want := []string{string(events.CancelOutOfStock), string(events.CancelPaymentDeclined),
		string(events.CancelCustomerRequest), string(events.CancelSagaTimeout)}
	for _, d := range s.resources(s.stage.PlatformStackName(), "AWS::CloudWatch::Dashboard") {
		body := dashboardBody(t, d.props["DashboardBody"])
		for _, w := range list(body["widgets"]) {
			if get(w, "properties", "title") != "Cancellations by reason" {
				continue
			}
			var reasons []string
			for _, m := range list(get(w, "properties", "metrics")) {
				parts := list(m)
				for i := 0; i+1 < len(parts); i++ {
					if parts[i] == metrics.DimReason {
						reasons = append(reasons, fmt.Sprint(parts[i+1]))
					}
				}
			}
			slices.Sort(reasons)
			slices.Sort(want)
			if !slices.Equal(reasons, want) {
				raw, _ := json.Marshal(w)
				t.Fatalf("the widget shows reasons %v, want %v: %s", reasons, want, raw)
			}
			return
		}
	}
	t.Fatal("no \"Cancellations by reason\" widget on the platform dashboard")
}
