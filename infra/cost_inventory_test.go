package infra_test

import (
	"fmt"
	"testing"

	"github.com/conveyor-dev/conveyor/internal/cost"
)

// `conveyor cost` counts a stage's fixed monthly costs from the service
// declarations, by the rules this app follows, without synthesizing it.
// These tests hold its counts to what the synthesized stacks declare.

func TestTheCostModelCountsWhatTheStacksDeclare(t *testing.T) {
	for _, stage := range stages() {
		t.Run(stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			d, err := cost.DeploymentByName(stage.Name)
			if err != nil {
				t.Fatal(err)
			}
			inv, err := cost.InventoryOf(s.services, d)
			if err != nil {
				t.Fatal(err)
			}
			alarms := s.resources("", "AWS::CloudWatch::Alarm")
			metrics := 0
			for _, a := range alarms {
				metrics += alarmMetricCount(a.props)
			}
			count := func(typ string) int { return len(s.resources("", typ)) }
			rules := 0
			for _, acl := range s.resources("", "AWS::WAFv2::WebACL") {
				rules += len(list(acl.props["Rules"]))
			}
			provisioned := 0.0
			for _, alias := range s.resources("", "AWS::Lambda::Alias") {
				n, _ := get(alias.props, "ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions").(float64)
				if n == 0 {
					continue
				}
				fnID, _ := ref(alias.props["FunctionName"])
				fn, ok := s.resourceByID(alias.stack, fnID)
				if !ok {
					t.Fatalf("alias %s: no function %s", alias.id, fnID)
				}
				memory, _ := fn.props["MemorySize"].(float64)
				provisioned += n * memory / 1024 * cost.HoursPerMonth * 3600
			}
			var canaryEvery string
			for _, c := range s.resources("", "AWS::Synthetics::Canary") {
				canaryEvery, _ = get(c.props, "Schedule", "Expression").(string)
			}
			var plan string
			for _, p := range s.resources("", "AWS::Cognito::UserPool") {
				plan, _ = p.props["UserPoolTier"].(string)
			}
			checks := []struct {
				what           string
				counted, model any
			}{
				{"alarms", len(alarms), inv.Alarms},
				{"metrics the alarms watch", metrics, inv.AlarmMetrics},
				{"dashboards", count("AWS::CloudWatch::Dashboard"), inv.Dashboards},
				{"KMS keys", count("AWS::KMS::Key"), inv.KMSKeys},
				{"web ACLs", count("AWS::WAFv2::WebACL"), inv.WebACLs},
				{"WAF rules", rules, inv.WAFRules},
				{"provisioned GB-seconds a month", provisioned, inv.ProvisionedGBSeconds},
				{"the canary's schedule", canaryEvery, fmt.Sprintf("rate(%.0f minutes)", d.CanaryEvery.Minutes())},
				{"Cognito's feature plan", plan, map[string]string{"plus": "PLUS", "essentials": "ESSENTIALS"}[d.CognitoPlan]},
			}
			for _, c := range checks {
				if c.counted != c.model {
					t.Errorf("%s: the stacks declare %v, the cost model counts %v", c.what, c.counted, c.model)
				}
			}
		})
	}
}

// alarmMetricCount is how many metrics an alarm watches, which CloudWatch
// bills it for: one, or each metric of its math expression.
func alarmMetricCount(props map[string]any) int {
	ms := list(props["Metrics"])
	if len(ms) == 0 {
		return 1
	}
	n := 0
	for _, m := range ms {
		if get(m, "MetricStat") != nil {
			n++
		}
	}
	return n
}
