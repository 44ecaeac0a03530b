package infra_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// parcels is a service declared only here. It uses every feature a
// declaration has, and the infra code knows nothing about it.
var parcels = spec.Service{
	Name:        "parcels",
	Description: "Parcels handed to carriers; declared only by the infra tests.",
	Table: spec.Table{
		PartitionKey: spec.Key{Name: "pk", Type: spec.String},
		SortKey:      &spec.Key{Name: "sk", Type: spec.String},
		Indexes: []spec.Index{{
			Name:         "byStatus",
			PartitionKey: spec.Key{Name: "status", Type: spec.String},
			SortKey:      &spec.Key{Name: "updatedAt", Type: spec.Number},
		}},
		Stream:       spec.NewAndOldImages,
		TTLAttribute: "expiresAt",
	},
	Functions: []spec.Function{
		{
			Name: "parcels-api", Entry: "./functions/parcels/cmd/api", Description: "Serves the parcels API.",
			MemoryMB: 512, Timeout: 5 * time.Second, MaxConcurrency: 4,
			Environment: map[string]spec.Var{"CARRIER_URL": spec.Literal("https://carrier.example")},
			Table:       spec.TableAccess{Operations: []spec.TableOperation{spec.GetItem, spec.PutItem}, Indexes: []string{"byStatus"}},
		},
		{
			Name: "parcels-worker", Entry: "./functions/parcels/cmd/worker", Description: "Books a carrier for each confirmed order.",
			MemoryMB: 256, Timeout: 30 * time.Second, ReservedConcurrency: 3,
			Environment: map[string]spec.Var{
				"CARRIER_KEY":     spec.Parameter("parcels/carrier-key"),
				"RETRY_QUEUE_URL": spec.QueueURL("order-confirmed"),
			},
		},
		{
			Name: "parcels-projector", Entry: "./functions/parcels/cmd/projector", Description: "Projects parcel changes.",
			MemoryMB: 256, Timeout: 20 * time.Second,
			Stream: &spec.StreamConsumer{BatchSize: 50, MaxBatchingWindow: 2 * time.Second, RetryAttempts: 4, Rebuild: "parcels-rebuild"},
		},
		{
			Name: "parcels-publisher", Entry: "./functions/parcels/cmd/publisher", Description: "Publishes the parcels' changes from the table's stream.",
			MemoryMB: 256, Timeout: 30 * time.Second, Publisher: true,
			Stream: &spec.StreamConsumer{BatchSize: 100, RetryAttempts: spec.RetryForever},
		},
		{
			Name: "parcels-rebuild", Entry: "./functions/parcels/cmd/rebuild", Description: "Rebuilds the parcels' projection from the table.",
			MemoryMB: 256, Timeout: 15 * time.Minute,
			Table: spec.TableAccess{Operations: []spec.TableOperation{spec.PutItem, spec.Scan}},
		},
	},
	Routes: []spec.Route{
		{Method: http.MethodGet, Path: "/parcels/{id}", Function: "parcels-api", Auth: spec.Customer},
		{Method: http.MethodPost, Path: "/parcels", Function: "parcels-api", Auth: spec.Admin, ThrottleRate: 5, ThrottleBurst: 10},
		{Method: http.MethodGet, Path: "/health/parcels", Function: "parcels-api", Auth: spec.Public},
	},
	Publishes: []string{"ParcelShipped"},
	Subscriptions: []spec.Subscription{{
		Name:        "order-confirmed",
		Function:    "parcels-worker",
		Sources:     []string{"conveyor.orders"},
		DetailTypes: []string{"OrderConfirmed"},
		BatchSize:   5, MaxBatchingWindow: time.Second, MaxReceiveCount: 3, MaxConcurrency: 2,
	}},
}

func TestAThrowawayDeclarationAppearsWithoutInfraChanges(t *testing.T) {
	s := synth(t, stages()[0])
	stack := s.stage.ServiceStackName(parcels.Name)
	platform := s.stage.PlatformStackName()
	tmpl, ok := s.templates[stack]
	if !ok {
		t.Fatalf("no stack %s among %v", stack, keys(s.templates))
	}

	t.Run("its table has the declared keys, index, stream and TTL", func(t *testing.T) {
		cdkAssert(t, func() {
			tmpl.HasResourceProperties(jsii.String("AWS::DynamoDB::Table"), map[string]any{
				"TableName": "conveyor-dev-parcels",
				"KeySchema": []any{
					map[string]any{"AttributeName": "pk", "KeyType": "HASH"},
					map[string]any{"AttributeName": "sk", "KeyType": "RANGE"},
				},
				"GlobalSecondaryIndexes": []any{assertions.Match_ObjectLike(&map[string]any{
					"IndexName": "byStatus",
					"KeySchema": []any{
						map[string]any{"AttributeName": "status", "KeyType": "HASH"},
						map[string]any{"AttributeName": "updatedAt", "KeyType": "RANGE"},
					},
				})},
				"AttributeDefinitions":    assertions.Match_ArrayWith(&[]any{map[string]any{"AttributeName": "updatedAt", "AttributeType": "N"}}),
				"StreamSpecification":     map[string]any{"StreamViewType": "NEW_AND_OLD_IMAGES"},
				"TimeToLiveSpecification": map[string]any{"AttributeName": "expiresAt", "Enabled": true},
			})
		})
	})

	t.Run("its functions carry their declared settings", func(t *testing.T) {
		cdkAssert(t, func() {
			tmpl.ResourceCountIs(jsii.String("AWS::Lambda::Function"), jsii.Number(len(parcels.Functions)))
			tmpl.HasResourceProperties(jsii.String("AWS::Lambda::Function"), map[string]any{
				"FunctionName": "conveyor-dev-parcels-api",
				"MemorySize":   512,
				"Timeout":      5,
				"Environment": map[string]any{"Variables": assertions.Match_ObjectLike(&map[string]any{
					"CARRIER_URL":      "https://carrier.example",
					"CONVEYOR_SERVICE": "parcels",
					"CONVEYOR_STAGE":   "dev",
				})},
			})
			// Dev reserves no concurrency: TestReservedConcurrencyIsTheStagesChoice.
			tmpl.HasResourceProperties(jsii.String("AWS::Lambda::Function"), map[string]any{
				"FunctionName":                 "conveyor-dev-parcels-worker",
				"ReservedConcurrentExecutions": assertions.Match_Absent(),
			})
		})
	})

	t.Run("its routes are on the shared API with the declared auth", func(t *testing.T) {
		want := map[string]string{
			"GET /parcels/{id}":   "COGNITO_USER_POOLS",
			"POST /parcels":       "COGNITO_USER_POOLS",
			"GET /health/parcels": "NONE",
		}
		got := methods(s, platform)
		for route, auth := range want {
			m, ok := got[route]
			if !ok {
				t.Errorf("route %s is missing from the API; it has %v", route, keys(got))
				continue
			}
			if m.props["AuthorizationType"] != auth {
				t.Errorf("route %s: authorization %v, want %s", route, m.props["AuthorizationType"], auth)
			}
			if auth != "NONE" && m.props["AuthorizerId"] == nil {
				t.Errorf("route %s: no authorizer", route)
			}
			uri := strings.Join(strs(get(m.props, "Integration", "Uri")), "")
			if !strings.Contains(uri, ":function:conveyor-dev-parcels-api:live/invocations") {
				t.Errorf("route %s: integration %q does not invoke the parcels-api alias", route, uri)
			}
		}
		if _, ok := got["GET /health/catalog"]; !ok {
			t.Error("the catalog's /health/catalog route disappeared next to /health/parcels")
		}
	})

	t.Run("API Gateway may invoke it on each declared route only", func(t *testing.T) {
		var arns []string
		for _, p := range s.resources(stack, "AWS::Lambda::Permission") {
			if p.props["Principal"] == "apigateway.amazonaws.com" {
				arns = append(arns, strings.Join(strs(p.props["SourceArn"]), ""))
			}
		}
		want := []string{"/dev/GET/parcels/*", "/dev/POST/parcels", "/dev/GET/health/parcels"}
		if len(arns) != len(want) {
			t.Errorf("%d API permissions, want %d: %v", len(arns), len(want), arns)
		}
		for _, w := range want {
			if !contains(arns, w) {
				t.Errorf("no permission for %s among %v", w, arns)
			}
		}
	})

	t.Run("its subscription is a rule with the declared pattern feeding a queue", func(t *testing.T) {
		rules := s.resources(stack, "AWS::Events::Rule")
		if len(rules) != 1 {
			t.Fatalf("%d rules, want 1", len(rules))
		}
		rule := rules[0]
		want := roundTripAny(t, parcels.Subscriptions[0].Pattern())
		if !reflect.DeepEqual(rule.props["EventPattern"], want) {
			t.Errorf("pattern %v, want %v", rule.props["EventPattern"], want)
		}
		queueID, _ := ref(get(rule.props, "Targets", 0, "Arn"))
		queue, ok := s.resourceByID(stack, queueID)
		if !ok || queue.props["QueueName"] != "conveyor-dev-parcels-order-confirmed" {
			t.Fatalf("rule target %q is not the subscription queue", queueID)
		}
		dlqID, _ := ref(get(queue.props, "RedrivePolicy", "deadLetterTargetArn"))
		if targetDLQ, _ := ref(get(rule.props, "Targets", 0, "DeadLetterConfig", "Arn")); targetDLQ != dlqID {
			t.Errorf("events EventBridge cannot deliver go to %q, want the DLQ %q", targetDLQ, dlqID)
		}
		if got := get(queue.props, "RedrivePolicy", "maxReceiveCount"); got != float64(3) {
			t.Errorf("max receive count %v, want 3", got)
		}
		// Six times the worker's 30 s timeout plus the 1 s batching window.
		if got := queue.props["VisibilityTimeout"]; got != float64(181) {
			t.Errorf("visibility timeout %v, want 181", got)
		}

		mappings := esms(s, stack, queueID)
		if len(mappings) != 1 {
			t.Fatalf("%d event source mappings read the queue, want 1", len(mappings))
		}
		m := mappings[0].props
		checks := map[string][2]any{
			"batch size":       {m["BatchSize"], float64(5)},
			"batching window":  {m["MaximumBatchingWindowInSeconds"], float64(1)},
			"max concurrency":  {get(m, "ScalingConfig", "MaximumConcurrency"), float64(2)},
			"response types":   {get(m, "FunctionResponseTypes", 0), "ReportBatchItemFailures"},
			"consumer (alias)": {aliasFunction(s, stack, m["FunctionName"]), "conveyor-dev-parcels-worker"},
		}
		for what, c := range checks {
			if c[0] != c[1] {
				t.Errorf("%s: %v, want %v", what, c[0], c[1])
			}
		}
	})

	t.Run("its stream consumers bisect, retry as declared and keep what they give up on", func(t *testing.T) {
		mappings := streamMappings(s, stack)
		if len(mappings) != 2 {
			t.Fatalf("%d stream mappings, want 2: %v", len(mappings), keys(mappings))
		}
		tests := []struct {
			function, failureQueue string
			retries, batch, window float64
		}{
			{"conveyor-dev-parcels-projector", "conveyor-dev-parcels-projector-stream-failures", 4, 50, 2},
			{"conveyor-dev-parcels-publisher", "conveyor-dev-parcels-publisher-stream-failures", -1, 100, 0},
		}
		for _, tt := range tests {
			m, ok := mappings[tt.function]
			if !ok {
				t.Errorf("no stream mapping invokes %s", tt.function)
				continue
			}
			failureID, _ := ref(get(m.props, "DestinationConfig", "OnFailure", "Destination"))
			failures, _ := s.resourceByID(stack, failureID)
			window, _ := m.props["MaximumBatchingWindowInSeconds"].(float64)
			checks := map[string][2]any{
				"starting position":   {m.props["StartingPosition"], "TRIM_HORIZON"},
				"bisect on error":     {m.props["BisectBatchOnFunctionError"], true},
				"retry attempts":      {m.props["MaximumRetryAttempts"], tt.retries},
				"maximum record age":  {m.props["MaximumRecordAgeInSeconds"], float64(-1)},
				"batch size":          {m.props["BatchSize"], tt.batch},
				"batching window":     {window, tt.window},
				"response types":      {get(m.props, "FunctionResponseTypes", 0), "ReportBatchItemFailures"},
				"on-failure queue":    {failures.props["QueueName"], tt.failureQueue},
				"reads its own table": {streamTable(m.props["EventSourceArn"]), true},
			}
			for what, c := range checks {
				if c[0] != c[1] {
					t.Errorf("%s: %s: %v, want %v", tt.function, what, c[0], c[1])
				}
			}
		}
	})

	t.Run("only its publisher may publish, and only its own declared events", func(t *testing.T) {
		found := 0
		for _, st := range statements(s, stack) {
			if !containsAction(st, "events:PutEvents") {
				continue
			}
			found++
			cond := get(st, "Condition", "StringEquals")
			if !reflect.DeepEqual(get(cond, "events:source"), []any{"conveyor.parcels"}) ||
				!reflect.DeepEqual(get(cond, "events:detail-type"), []any{"ParcelShipped"}) {
				t.Errorf("put-events condition %v, want source conveyor.parcels and detail-type ParcelShipped", cond)
			}
		}
		if found != 1 {
			t.Errorf("%d put-events grants, want one, its publisher's", found)
		}
	})

	t.Run("its alarms cover errors, throttles, duration, DLQ, queue age, the stream, the error rate and poison events", func(t *testing.T) {
		var names []string
		for _, a := range s.resources(stack, "AWS::CloudWatch::Alarm") {
			names = append(names, a.props["AlarmName"].(string))
			if len(list(a.props["AlarmActions"])) != 1 {
				t.Errorf("alarm %v notifies %d topics, want the alarm topic", a.props["AlarmName"], len(list(a.props["AlarmActions"])))
			}
		}
		var want []string
		for _, f := range parcels.Functions {
			for _, kind := range []string{"errors", "throttles", "duration-p99"} {
				want = append(want, "conveyor-dev-"+f.Name+"-"+kind)
			}
		}
		for _, f := range []string{"projector", "publisher"} {
			for _, kind := range []string{"stream-failures-not-empty", "iterator-age", "records-expiring"} {
				want = append(want, "conveyor-dev-parcels-"+f+"-"+kind)
			}
		}
		want = append(want,
			"conveyor-dev-parcels-order-confirmed-dlq-not-empty",
			"conveyor-dev-parcels-order-confirmed-oldest-message",
			"conveyor-dev-parcels-error-rate",
			"conveyor-dev-parcels-poison-events",
		)
		if len(names) != len(want) {
			t.Errorf("%d alarms, want %d: %v", len(names), len(want), names)
		}
		for _, w := range want {
			if !contains(names, w) {
				t.Errorf("no alarm %s among %v", w, names)
			}
		}
	})

	t.Run("it has its own dashboard", func(t *testing.T) {
		cdkAssert(t, func() {
			tmpl.HasResourceProperties(jsii.String("AWS::CloudWatch::Dashboard"), map[string]any{"DashboardName": "conveyor-dev-parcels"})
		})
	})
}

// methods returns the API methods of a stack by "METHOD /path", the path
// rebuilt from the resource tree.
func methods(s *synthesized, stack string) map[string]resource {
	out := map[string]resource{}
	for _, m := range s.resources(stack, "AWS::ApiGateway::Method") {
		out[m.props["HttpMethod"].(string)+" "+resourcePath(s, stack, m.props["ResourceId"])] = m
	}
	return out
}

func resourcePath(s *synthesized, stack string, id any) string {
	rid, ok := ref(id)
	if !ok {
		return ""
	}
	r, ok := s.resourceByID(stack, rid)
	if !ok || r.typ != "AWS::ApiGateway::Resource" {
		return "" // the API's root
	}
	return resourcePath(s, stack, r.props["ParentId"]) + "/" + r.props["PathPart"].(string)
}

// esms returns the event source mappings that read the given queue.
func esms(s *synthesized, stack, queueID string) []resource {
	var out []resource
	for _, m := range s.resources(stack, "AWS::Lambda::EventSourceMapping") {
		if id, _ := ref(m.props["EventSourceArn"]); id == queueID {
			out = append(out, m)
		}
	}
	return out
}

// aliasFunction returns the physical function name behind a reference to
// a "live" alias (the ARN, or the name taken from it), or "" when v refers
// to no alias.
func aliasFunction(s *synthesized, stack string, v any) string {
	for _, id := range refsIn(v) {
		alias, ok := s.resourceByID(stack, id)
		if !ok || alias.typ != "AWS::Lambda::Alias" || alias.props["Name"] != "live" {
			continue
		}
		if _, direct := ref(v); !direct && !contains(strs(v), ":live") {
			return ""
		}
		fnID, _ := ref(alias.props["FunctionName"])
		fn, _ := s.resourceByID(stack, fnID)
		name, _ := fn.props["FunctionName"].(string)
		return name
	}
	return ""
}

// streamTable reports whether v is the StreamArn of a table.
func streamTable(v any) bool {
	att, ok := get(v, "Fn::GetAtt").([]any)
	return ok && len(att) == 2 && att[1] == "StreamArn"
}

// statements returns every IAM policy statement of a stack.
func statements(s *synthesized, stack string) []map[string]any {
	var out []map[string]any
	for _, p := range s.resources(stack, "AWS::IAM::Policy") {
		for _, st := range list(get(p.props, "PolicyDocument", "Statement")) {
			out = append(out, st.(map[string]any))
		}
	}
	for _, r := range s.resources(stack, "AWS::IAM::Role") {
		for _, p := range list(r.props["Policies"]) {
			for _, st := range list(get(p, "PolicyDocument", "Statement")) {
				out = append(out, st.(map[string]any))
			}
		}
	}
	return out
}

func containsAction(st map[string]any, action string) bool {
	for _, a := range list(st["Action"]) {
		if a == action {
			return true
		}
	}
	return false
}

func roundTripAny(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
