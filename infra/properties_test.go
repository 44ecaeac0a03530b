package infra_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/infra"
)

func TestEveryFunctionRunsGoOnGravitonWithTracingAndRetainedJSONLogs(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			var fns []resource
			for _, fn := range s.resources("", "AWS::Lambda::Function") {
				// The CDK's own handler that empties the canary's
				// buckets when a dev stack is deleted.
				if strings.HasPrefix(fn.id, "CustomS3AutoDeleteObjectsCustomResourceProvider") && !stage.Production {
					continue
				}
				fns = append(fns, fn)
			}
			declared := 0
			for _, svc := range s.services {
				declared += len(svc.Functions)
			}
			if len(fns) != declared {
				t.Errorf("%d functions in the templates, %d declared", len(fns), declared)
			}
			for _, fn := range fns {
				p := fn.props
				name := p["FunctionName"]
				checks := map[string][2]any{
					"architecture": {get(p, "Architectures", 0), "arm64"},
					"runtime":      {p["Runtime"], "provided.al2023"},
					"handler":      {p["Handler"], "bootstrap"},
					"tracing":      {get(p, "TracingConfig", "Mode"), "Active"},
					"log format":   {get(p, "LoggingConfig", "LogFormat"), "JSON"},
				}
				for what, c := range checks {
					if c[0] != c[1] {
						t.Errorf("%v: %s is %v, want %v", name, what, c[0], c[1])
					}
				}
				groupID, _ := ref(get(p, "LoggingConfig", "LogGroup"))
				group, ok := s.resourceByID(fn.stack, groupID)
				if !ok || group.typ != "AWS::Logs::LogGroup" {
					t.Errorf("%v: logs to %q, not a log group of its stack", name, groupID)
				} else if got := group.props["RetentionInDays"]; got != float64(stage.LogRetentionDays) {
					t.Errorf("%v: log retention %v days, want %d", name, got, stage.LogRetentionDays)
				}
				vars, _ := get(p, "Environment", "Variables").(map[string]any)
				for _, k := range []string{"CONVEYOR_SERVICE", "CONVEYOR_STAGE", "TABLE_NAME", "EVENT_BUS_NAME", "LOG_LEVEL"} {
					if vars[k] == nil {
						t.Errorf("%v: platform variable %s is not set", name, k)
					}
				}
				if vars["CONVEYOR_STAGE"] != stage.Name {
					t.Errorf("%v: CONVEYOR_STAGE %v, want %s", name, vars["CONVEYOR_STAGE"], stage.Name)
				}
			}
		})
	}
}

func TestEveryQueueHasADLQAndEncryption(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			queues := s.resources("", "AWS::SQS::Queue")
			if len(queues) == 0 {
				t.Fatal("no queue at all: the throwaway service declares a subscription and a stream consumer")
			}
			// Failure destinations: DLQs named by a redrive policy and
			// stream on-failure queues.
			ends := map[string]bool{}
			for _, q := range queues {
				if id, ok := ref(get(q.props, "RedrivePolicy", "deadLetterTargetArn")); ok {
					ends[q.stack+"/"+id] = true
				}
			}
			for _, m := range s.resources("", "AWS::Lambda::EventSourceMapping") {
				if id, ok := ref(get(m.props, "DestinationConfig", "OnFailure", "Destination")); ok {
					ends[m.stack+"/"+id] = true
				}
			}
			tlsOnly := secureTransportQueues(s)
			for _, q := range queues {
				name := q.props["QueueName"]
				if q.props["SqsManagedSseEnabled"] != true && q.props["KmsMasterKeyId"] == nil {
					t.Errorf("queue %v is not encrypted at rest", name)
				}
				if !tlsOnly[q.stack+"/"+q.id] {
					t.Errorf("queue %v accepts requests without TLS", name)
				}
				switch {
				case ends[q.stack+"/"+q.id]:
					if got := q.props["MessageRetentionPeriod"]; got != float64(14*24*3600) {
						t.Errorf("failure queue %v keeps messages %v s, want 14 days", name, got)
					}
				case q.props["RedrivePolicy"] == nil:
					t.Errorf("queue %v has no DLQ", name)
				}
			}
		})
	}
}

// secureTransportQueues returns the queues whose policy denies requests
// without TLS, as "stack/logicalID".
func secureTransportQueues(s *synthesized) map[string]bool {
	out := map[string]bool{}
	for _, p := range s.resources("", "AWS::SQS::QueuePolicy") {
		denies := false
		for _, st := range list(get(p.props, "PolicyDocument", "Statement")) {
			if get(st, "Effect") == "Deny" && get(st, "Condition", "Bool", "aws:SecureTransport") == "false" {
				denies = true
			}
		}
		if !denies {
			continue
		}
		for _, q := range list(p.props["Queues"]) {
			if id, ok := ref(q); ok {
				out[p.stack+"/"+id] = true
			}
		}
	}
	return out
}

func TestEveryTableHasPITREncryptionAndTheStagesProtection(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			tables := s.resources("", "AWS::DynamoDB::Table")
			if len(tables) != len(s.services) {
				t.Errorf("%d tables for %d services", len(tables), len(s.services))
			}
			for _, tbl := range tables {
				p := tbl.props
				name := p["TableName"].(string)
				if get(p, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled") != true {
					t.Errorf("table %s has no point-in-time recovery", name)
				}
				if get(p, "SSESpecification", "SSEEnabled") != true {
					t.Errorf("table %s is not encrypted with a KMS key", name)
				}
				if got := p["DeletionProtectionEnabled"] == true; got != stage.Production {
					t.Errorf("table %s: deletion protection %v, want %v", name, got, stage.Production)
				}
				wantPolicy := "Delete"
				if stage.Production {
					wantPolicy = "Retain"
				}
				if got := tbl.raw["DeletionPolicy"]; got != wantPolicy {
					t.Errorf("table %s: deletion policy %v, want %s", name, got, wantPolicy)
				}
				service := strings.TrimPrefix(name, stage.Prefix()+"-")
				_, provisioned := stage.Tables[service]
				if provisioned {
					if p["ProvisionedThroughput"] == nil || p["BillingMode"] == "PAY_PER_REQUEST" {
						t.Errorf("table %s: the stage gives it provisioned capacity, the template does not", name)
					}
				} else if p["BillingMode"] != "PAY_PER_REQUEST" {
					t.Errorf("table %s: billing %v, want on-demand", name, p["BillingMode"])
				}
			}
		})
	}
}

func TestProvisionedTableCapacityScalesByTargetTracking(t *testing.T) {
	s := synth(t, stages()[1])
	stack := s.stage.ServiceStackName(parcels.Name)
	capacity := s.stage.Tables[parcels.Name]
	dims := map[string][2]float64{}
	for _, st := range s.resources(stack, "AWS::ApplicationAutoScaling::ScalableTarget") {
		if st.props["ServiceNamespace"] != "dynamodb" {
			continue
		}
		resource := strings.Join(strs(st.props["ResourceId"]), "")
		key := st.props["ScalableDimension"].(string)
		if strings.Contains(resource, "/index/") {
			key = "index:" + key
		}
		dims[key] = [2]float64{st.props["MinCapacity"].(float64), st.props["MaxCapacity"].(float64)}
	}
	want := map[string][2]float64{
		"dynamodb:table:ReadCapacityUnits":        {float64(capacity.ReadMin), float64(capacity.ReadMax)},
		"dynamodb:table:WriteCapacityUnits":       {float64(capacity.WriteMin), float64(capacity.WriteMax)},
		"index:dynamodb:index:ReadCapacityUnits":  {float64(capacity.ReadMin), float64(capacity.ReadMax)},
		"index:dynamodb:index:WriteCapacityUnits": {float64(capacity.WriteMin), float64(capacity.WriteMax)},
	}
	for k, w := range want {
		if dims[k] != w {
			t.Errorf("%s scales within %v, want %v (all: %v)", k, dims[k], w, dims)
		}
	}
	for _, p := range s.resources(stack, "AWS::ApplicationAutoScaling::ScalingPolicy") {
		cfg := p.props["TargetTrackingScalingPolicyConfiguration"]
		metric, _ := get(cfg, "PredefinedMetricSpecification", "PredefinedMetricType").(string)
		if strings.HasPrefix(metric, "DynamoDB") && get(cfg, "TargetValue") != float64(70) {
			t.Errorf("table scaling on %s targets %v %%, want 70", metric, get(cfg, "TargetValue"))
		}
	}
}

func TestNoFunctionPolicyNamesAnotherServicesResources(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			busARN := stage.ParameterName(infra.ParamEventBusARN)
			for _, svc := range s.services {
				stack := stage.ServiceStackName(svc.Name)
				var others []string
				for _, o := range s.services {
					if o.Name != svc.Name {
						others = append(others, stage.Prefix()+"-"+o.Name)
					}
				}
				for _, st := range statements(s, stack) {
					for _, res := range list(st["Resource"]) {
						for _, lit := range strs(res) {
							for _, other := range others {
								if strings.Contains(lit, other) {
									t.Errorf("%s: a policy names %q, which belongs to another service", svc.Name, lit)
								}
							}
						}
						checkPolicyReferences(t, s, stack, svc.Name, res, busARN)
					}
				}
			}
		})
	}
}

// checkPolicyReferences fails when a policy resource refers to anything but
// the stack's own tables, queues and log groups, or the bus ARN parameter.
func checkPolicyReferences(t *testing.T, s *synthesized, stack, service string, v any, busARN string) {
	t.Helper()
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			checkPolicyReferences(t, s, stack, service, e, busARN)
		}
	case map[string]any:
		if id, ok := ref(x); ok {
			if strings.HasPrefix(id, "AWS::") {
				return
			}
			if param, ok := get(s.json[stack], "Parameters", id).(map[string]any); ok {
				if param["Default"] != busARN {
					t.Errorf("%s: a policy names the parameter %v; only the event bus ARN may be read", service, param["Default"])
				}
				return
			}
			r, ok := s.resourceByID(stack, id)
			if !ok {
				t.Errorf("%s: a policy refers to %q, which is not in its stack", service, id)
				return
			}
			switch r.typ {
			case "AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::Logs::LogGroup":
			default:
				t.Errorf("%s: a policy grants access to %s %s", service, r.typ, id)
			}
			return
		}
		for k, e := range x {
			if k == "Fn::ImportValue" {
				t.Errorf("%s: a policy imports %v from another stack", service, e)
			}
			checkPolicyReferences(t, s, stack, service, e, busARN)
		}
	}
}

func TestWildcardResourcesOnlyWhereAWSAllowsNothingNarrower(t *testing.T) {
	for action, reason := range infra.WildcardActions {
		if len(reason) < 20 {
			t.Errorf("wildcard action %s has no real reason: %q", action, reason)
		}
	}
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			for stack := range s.json {
				for _, st := range statements(s, stack) {
					for _, a := range list(st["Action"]) {
						if strings.Contains(a.(string), "*") && !strings.HasPrefix(a.(string), "kms:GenerateDataKey") {
							t.Errorf("%s: wildcard action %v", stack, a)
						}
					}
					for _, res := range list(st["Resource"]) {
						lit, isString := res.(string)
						if !isString || !strings.Contains(lit, "*") {
							continue
						}
						for _, a := range list(st["Action"]) {
							if _, ok := infra.WildcardActions[a.(string)]; !ok {
								t.Errorf("%s: %v is granted on %q; AWS allows a narrower resource", stack, a, lit)
							}
						}
					}
				}
			}
		})
	}
}

func TestTheAPIStageTracesLogsAndThrottles(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			stages := s.resources(stage.PlatformStackName(), "AWS::ApiGateway::Stage")
			if len(stages) != 1 {
				t.Fatalf("%d API stages, want 1", len(stages))
			}
			p := stages[0].props
			if p["StageName"] != stage.Name || p["TracingEnabled"] != true {
				t.Errorf("stage %v: tracing %v, want stage %s with tracing", p["StageName"], p["TracingEnabled"], stage.Name)
			}
			if ids := refsIn(get(p, "AccessLogSetting", "DestinationArn")); len(ids) != 1 || !isLogGroup(s, stage.PlatformStackName(), ids[0]) {
				t.Errorf("access logs go to %v, want the access log group", get(p, "AccessLogSetting", "DestinationArn"))
			}
			var format map[string]string
			if err := json.Unmarshal([]byte(get(p, "AccessLogSetting", "Format").(string)), &format); err != nil {
				t.Errorf("access log format is not JSON: %v", err)
			}
			for _, k := range []string{"requestId", "status", "xrayTraceId", "resourcePath", "integrationLatency"} {
				if format[k] == "" {
					t.Errorf("access log has no %s", k)
				}
			}
			settings := map[string]map[string]any{}
			for _, m := range list(p["MethodSettings"]) {
				mm := m.(map[string]any)
				settings[mm["ResourcePath"].(string)+" "+mm["HttpMethod"].(string)] = mm
			}
			all := settings["/* *"]
			if all["ThrottlingRateLimit"] != stage.Throttle.RatePerSecond || all["ThrottlingBurstLimit"] != float64(stage.Throttle.Burst) {
				t.Errorf("stage throttling %v/%v, want %v/%v", all["ThrottlingRateLimit"], all["ThrottlingBurstLimit"], stage.Throttle.RatePerSecond, stage.Throttle.Burst)
			}
			if all["LoggingLevel"] != "ERROR" || all["MetricsEnabled"] != true {
				t.Errorf("stage logging %v, metrics %v; want ERROR and metrics", all["LoggingLevel"], all["MetricsEnabled"])
			}
			post := settings["/~1parcels POST"]
			if post["ThrottlingRateLimit"] != float64(5) || post["ThrottlingBurstLimit"] != float64(10) {
				t.Errorf("POST /parcels throttling %v/%v, want the declared 5/10", post["ThrottlingRateLimit"], post["ThrottlingBurstLimit"])
			}
			if len(settings) != 2 {
				t.Errorf("method settings %v, want the stage's and the one declared override", keys(settings))
			}
			acls := s.resources(stage.PlatformStackName(), "AWS::WAFv2::WebACLAssociation")
			if (len(acls) == 1) != stage.WAF {
				t.Errorf("%d WAF associations, stage WAF %v", len(acls), stage.WAF)
			}
		})
	}
}

func TestProdScalesProvisionedConcurrencyAndDevDoesNot(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			scaled := map[string][2]float64{}
			for _, st := range s.resources("", "AWS::ApplicationAutoScaling::ScalableTarget") {
				if st.props["ScalableDimension"] != "lambda:function:ProvisionedConcurrency" {
					continue
				}
				resource := strings.Join(strs(st.props["ResourceId"]), "")
				if !strings.HasSuffix(resource, ":live") {
					t.Errorf("provisioned concurrency scales %q, not the live alias", resource)
				}
				policies := 0
				for _, p := range s.resources(st.stack, "AWS::ApplicationAutoScaling::ScalingPolicy") {
					cfg := p.props["TargetTrackingScalingPolicyConfiguration"]
					if id, _ := ref(p.props["ScalingTargetId"]); id == st.id &&
						get(cfg, "PredefinedMetricSpecification", "PredefinedMetricType") == "LambdaProvisionedConcurrencyUtilization" &&
						get(cfg, "TargetValue") == 0.7 {
						policies++
					}
				}
				if policies != 1 {
					t.Errorf("%s: %d target-tracking policies at 0.7 utilisation, want 1", st.id, policies)
				}
				scaled[st.stack+"/"+st.id] = [2]float64{st.props["MinCapacity"].(float64), st.props["MaxCapacity"].(float64)}
			}
			provisionedAliases := 0
			for _, a := range s.resources("", "AWS::Lambda::Alias") {
				if a.props["ProvisionedConcurrencyConfig"] != nil {
					provisionedAliases++
				}
			}
			if stage.Name != "prod" {
				if len(scaled) != 0 || provisionedAliases != 0 {
					t.Errorf("%s has provisioned concurrency: %d scaled aliases, %d provisioned", stage.Name, len(scaled), provisionedAliases)
				}
				return
			}
			// One per function that serves a route: catalog-api and parcels-api.
			apiFunctions := 0
			for _, svc := range s.services {
				var fns []string
				for _, r := range svc.Routes {
					if !slices.Contains(fns, r.Function) {
						fns = append(fns, r.Function)
					}
				}
				apiFunctions += len(fns)
			}
			if len(scaled) != apiFunctions || provisionedAliases != apiFunctions {
				t.Errorf("%d scaled and %d provisioned aliases, want one per API function (%d)", len(scaled), provisionedAliases, apiFunctions)
			}
			// parcels-api declares MaxConcurrency 4: that is its ceiling.
			found := false
			for id, mm := range scaled {
				if strings.HasPrefix(id, stage.ServiceStackName(parcels.Name)+"/") {
					found = true
					if mm != [2]float64{1, 4} {
						t.Errorf("parcels-api scales within %v, want [1 4]", mm)
					}
				}
			}
			if !found {
				t.Error("parcels-api has no provisioned concurrency")
			}
		})
	}
}

func TestStacksFindThePlatformThroughSSMNotExports(t *testing.T) {
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			published := map[string]bool{}
			for _, p := range s.resources(stage.PlatformStackName(), "AWS::SSM::Parameter") {
				published[p.props["Name"].(string)] = true
			}
			for _, p := range infra.Parameters {
				if !published[stage.ParameterName(p)] {
					t.Errorf("the platform does not publish %s", stage.ParameterName(p))
				}
			}
			for stack, tmpl := range s.json {
				raw, _ := json.Marshal(tmpl)
				if strings.Contains(string(raw), "Fn::ImportValue") {
					t.Errorf("%s imports a value from another stack", stack)
				}
				for name, out := range asMap(tmpl["Outputs"]) {
					if get(out, "Export") != nil {
						t.Errorf("%s exports output %s", stack, name)
					}
				}
				if stack == stage.PlatformStackName() {
					continue
				}
				for name, p := range asMap(tmpl["Parameters"]) {
					def, _ := get(p, "Default").(string)
					if name == "BootstrapVersion" || strings.HasPrefix(def, "/aws/service/") {
						// AWS's own public parameters (the FIS
						// extension's layer) are published by AWS.
						continue
					}
					if !published[def] {
						t.Errorf("%s reads %s, which the platform does not publish", stack, def)
					}
				}
			}
		})
	}
}

func TestCDKNagAwsSolutionsFindsNoUnsuppressedError(t *testing.T) {
	reasons := map[string]bool{}
	for _, sup := range infra.Suppressions {
		reasons[sup.Rule] = true
		if len(sup.Reason) < 40 || sup.Where == "" {
			t.Errorf("suppression of %s lacks a reason or a place: %+v", sup.Rule, sup)
		}
	}
	for _, stage := range stages() {
		t.Run("in "+stage.Name, func(t *testing.T) {
			s := synth(t, stage)
			for stack, errs := range s.nagErrors {
				for _, e := range errs {
					t.Errorf("%s: %s", stack, e)
				}
			}
			for stack, tmpl := range s.json {
				for id, r := range asMap(tmpl["Resources"]) {
					for _, sup := range list(get(r, "Metadata", "cdk_nag", "rules_to_suppress")) {
						rule, _ := get(sup, "id").(string)
						reason, _ := get(sup, "reason").(string)
						if !reasons[rule] {
							t.Errorf("%s/%s suppresses %s, which infra.Suppressions does not list", stack, id, rule)
						}
						if len(reason) < 40 {
							t.Errorf("%s/%s suppresses %s without a reason", stack, id, rule)
						}
					}
				}
			}
		})
	}
}

func isLogGroup(s *synthesized, stack, id string) bool {
	r, ok := s.resourceByID(stack, id)
	return ok && r.typ == "AWS::Logs::LogGroup"
}

func TestTheREADMEListsEverySuppressionWildcardAndParameter(t *testing.T) {
	raw, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	var want []string
	for _, s := range infra.Suppressions {
		want = append(want, s.Rule)
	}
	for action := range infra.WildcardActions {
		want = append(want, "`"+action+"`")
	}
	for _, p := range infra.Parameters {
		want = append(want, "/conveyor/<stage>/platform/"+string(p))
	}
	for _, w := range want {
		if !strings.Contains(readme, w) {
			t.Errorf("infra/README.md does not mention %s", w)
		}
	}
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
