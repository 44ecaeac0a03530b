package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FromTemplates describes what a synthesized app deploys: templates are
// its CloudFormation templates (decoded JSON) by stack name, and c is the
// stage's canonical form. References between resources (Ref, Fn::GetAtt,
// Fn::Join, Fn::Select, Fn::Split, SSM parameters one stack writes and
// another reads) are resolved to physical names first.
func FromTemplates(templates map[string]map[string]any, c Canon) (Snapshot, error) {
	a := newApp(templates)
	s := Snapshot{}
	var errs []error
	for _, stack := range slices.Sorted(mapKeys(templates)) {
		for _, id := range slices.Sorted(mapKeys(a.resources[stack])) {
			res := a.resources[stack][id]
			if err := a.describe(s, c, stack, id, res); err != nil {
				errs = append(errs, fmt.Errorf("%s/%s: %w", stack, id, err))
			}
		}
	}
	return s, errors.Join(errs...)
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// resource is one template resource.
type resource struct {
	Type       string
	Properties map[string]any
}

// app is every stack's resources and parameters, and the SSM parameters
// the stacks write, for resolving references.
type app struct {
	resources  map[string]map[string]resource
	parameters map[string]map[string]any
	// ssm are the values of the SSM parameters the app writes, by name,
	// with the stack that writes them.
	ssm map[string]ssmValue
}

type ssmValue struct {
	stack string
	value any
}

func newApp(templates map[string]map[string]any) *app {
	a := &app{resources: map[string]map[string]resource{}, parameters: map[string]map[string]any{}, ssm: map[string]ssmValue{}}
	for stack, t := range templates {
		a.resources[stack] = map[string]resource{}
		rs, _ := t["Resources"].(map[string]any)
		for id, raw := range rs {
			m, _ := raw.(map[string]any)
			typ, _ := m["Type"].(string)
			props, _ := m["Properties"].(map[string]any)
			a.resources[stack][id] = resource{Type: typ, Properties: props}
			if typ == "AWS::SSM::Parameter" {
				if name, ok := props["Name"].(string); ok {
					a.ssm[name] = ssmValue{stack: stack, value: props["Value"]}
				}
			}
		}
		ps, _ := t["Parameters"].(map[string]any)
		a.parameters[stack] = ps
	}
	return a
}

// The pseudo parameters' values. Only their shape matters: the common
// form drops account and region.
const (
	pseudoRegion  = "us-east-1"
	pseudoAccount = "123456789012"
)

// str resolves an expression of stack to a string.
func (a *app) str(stack string, v any) (string, error) {
	switch t := v.(type) {
	case string:
		return t, nil
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(t), nil
	case map[string]any:
		if len(t) != 1 {
			break
		}
		for fn, arg := range t {
			switch fn {
			case "Ref":
				name, _ := arg.(string)
				return a.ref(stack, name)
			case "Fn::GetAtt":
				parts, _ := arg.([]any)
				if len(parts) != 2 {
					break
				}
				id, _ := parts[0].(string)
				attr, _ := parts[1].(string)
				return a.getAtt(stack, id, attr)
			case "Fn::Join":
				parts, _ := arg.([]any)
				if len(parts) != 2 {
					break
				}
				sep, _ := parts[0].(string)
				items, _ := parts[1].([]any)
				out := make([]string, len(items))
				for i, item := range items {
					s, err := a.str(stack, item)
					if err != nil {
						return "", err
					}
					out[i] = s
				}
				return strings.Join(out, sep), nil
			case "Fn::Select":
				parts, _ := arg.([]any)
				if len(parts) != 2 {
					break
				}
				idx, _ := parts[0].(float64)
				list, err := a.list(stack, parts[1])
				if err != nil {
					return "", err
				}
				if int(idx) < 0 || int(idx) >= len(list) {
					return "", fmt.Errorf("an Fn::Select of item %d of %d", int(idx), len(list))
				}
				return list[int(idx)], nil
			}
		}
	}
	b, _ := json.Marshal(v)
	return "", fmt.Errorf("cannot resolve %s", b)
}

func (a *app) list(stack string, v any) ([]string, error) {
	if m, ok := v.(map[string]any); ok {
		if arg, ok := m["Fn::Split"].([]any); ok && len(arg) == 2 {
			sep, _ := arg[0].(string)
			s, err := a.str(stack, arg[1])
			if err != nil {
				return nil, err
			}
			return strings.Split(s, sep), nil
		}
	}
	items, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("not a list: %v", v)
	}
	out := make([]string, len(items))
	for i, item := range items {
		s, err := a.str(stack, item)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

func (a *app) ref(stack, name string) (string, error) {
	switch name {
	case "AWS::Region":
		return pseudoRegion, nil
	case "AWS::AccountId":
		return pseudoAccount, nil
	case "AWS::Partition":
		return "aws", nil
	case "AWS::URLSuffix":
		return "amazonaws.com", nil
	}
	if p, ok := a.parameters[stack][name].(map[string]any); ok {
		typ, _ := p["Type"].(string)
		def, _ := p["Default"].(string)
		if typ == "AWS::SSM::Parameter::Value<String>" {
			v, ok := a.ssm[def]
			if !ok {
				return "", fmt.Errorf("parameter %s reads SSM parameter %s, which no stack writes", name, def)
			}
			return a.str(v.stack, v.value)
		}
		return def, nil
	}
	r, ok := a.resources[stack][name]
	if !ok {
		return "", fmt.Errorf("unknown resource %s named by a Ref", name)
	}
	p := r.Properties
	switch r.Type {
	case "AWS::DynamoDB::Table":
		return a.str(stack, p["TableName"])
	case "AWS::SQS::Queue":
		n, err := a.str(stack, p["QueueName"])
		return "https://sqs." + pseudoRegion + ".amazonaws.com/" + pseudoAccount + "/" + n, err
	case "AWS::Events::EventBus":
		return a.str(stack, p["Name"])
	case "AWS::Lambda::Function":
		return a.str(stack, p["FunctionName"])
	case "AWS::Lambda::Alias":
		fn, err := a.str(stack, p["FunctionName"])
		if err != nil {
			return "", err
		}
		alias, err := a.str(stack, p["Name"])
		return "arn:aws:lambda:" + pseudoRegion + ":" + pseudoAccount + ":function:" + lastColon(fn) + ":" + alias, err
	}
	return "{" + r.Type + " " + name + "}", nil
}

func (a *app) getAtt(stack, id, attr string) (string, error) {
	r, ok := a.resources[stack][id]
	if !ok {
		return "", fmt.Errorf("unknown resource %s named by an Fn::GetAtt", id)
	}
	switch {
	case r.Type == "AWS::SQS::Queue" && attr == "Arn":
		n, err := a.str(stack, r.Properties["QueueName"])
		return "arn:aws:sqs:" + pseudoRegion + ":" + pseudoAccount + ":" + n, err
	case r.Type == "AWS::SQS::Queue" && attr == "QueueName":
		return a.str(stack, r.Properties["QueueName"])
	case r.Type == "AWS::DynamoDB::Table" && (attr == "Arn" || attr == "StreamArn"):
		n, err := a.str(stack, r.Properties["TableName"])
		arn := "arn:aws:dynamodb:" + pseudoRegion + ":" + pseudoAccount + ":table/" + n
		if attr == "StreamArn" {
			arn += "/stream/*"
		}
		return arn, err
	case r.Type == "AWS::Lambda::Function" && attr == "Arn":
		n, err := a.str(stack, r.Properties["FunctionName"])
		return "arn:aws:lambda:" + pseudoRegion + ":" + pseudoAccount + ":function:" + n, err
	case r.Type == "AWS::Events::EventBus" && attr == "Arn":
		n, err := a.str(stack, r.Properties["Name"])
		return "arn:aws:events:" + pseudoRegion + ":" + pseudoAccount + ":event-bus/" + n, err
	}
	return "{" + r.Type + " " + id + "." + attr + "}", nil
}

func lastColon(s string) string { return s[strings.LastIndex(s, ":")+1:] }

// tableOfStream is the table name in a stream or table ARN.
var tableOfStream = regexp.MustCompile(`:table/([^/]+)`)

// functionOfURI is the function name in a Lambda ARN or an API Gateway
// integration URI.
var functionOfURI = regexp.MustCompile(`:function:([^:/]+)`)

func seconds(v any) time.Duration {
	f, _ := v.(float64)
	return time.Duration(f) * time.Second
}

func integer(v any, none int) int {
	f, ok := v.(float64)
	if !ok {
		return none
	}
	return int(f)
}

// describe adds one resource to s, when it is of a kind Snapshot covers.
func (a *app) describe(s Snapshot, c Canon, stack, id string, r resource) error {
	p := r.Properties
	switch r.Type {
	case "AWS::DynamoDB::Table":
		return a.table(s, c, stack, p)
	case "AWS::SQS::Queue":
		name, err := a.str(stack, p["QueueName"])
		if err != nil {
			return err
		}
		q := Queue{Visibility: 30 * time.Second, Retention: 4 * 24 * time.Hour}
		if v, ok := p["VisibilityTimeout"]; ok {
			q.Visibility = seconds(v)
		}
		if v, ok := p["MessageRetentionPeriod"]; ok {
			q.Retention = seconds(v)
		}
		if rp, ok := p["RedrivePolicy"].(map[string]any); ok {
			arn, err := a.str(stack, rp["deadLetterTargetArn"])
			if err != nil {
				return err
			}
			q.DeadLetter = c.Name(lastColon(arn))
			q.MaxReceiveCount = integer(rp["maxReceiveCount"], 0)
		}
		s.AddQueue(c.Name(name), q)
	case "AWS::Events::Rule":
		name, err := a.str(stack, p["Name"])
		if err != nil {
			return err
		}
		pattern, err := json.Marshal(p["EventPattern"])
		if err != nil {
			return err
		}
		rule := Rule{Pattern: string(pattern), Enabled: p["State"] == nil || p["State"] == "ENABLED"}
		targets, _ := p["Targets"].([]any)
		for _, t := range targets {
			tm, _ := t.(map[string]any)
			arn, err := a.str(stack, tm["Arn"])
			if err != nil {
				return err
			}
			target := RuleTarget{Queue: c.Name(lastColon(arn))}
			if dl, _ := tm["DeadLetterConfig"].(map[string]any); dl != nil {
				dlArn, err := a.str(stack, dl["Arn"])
				if err != nil {
					return err
				}
				target.DeadLetter = c.Name(lastColon(dlArn))
			}
			if rp, _ := tm["RetryPolicy"].(map[string]any); rp != nil {
				target.RetryAttempts = integer(rp["MaximumRetryAttempts"], 0)
				target.MaxEventAge = time.Duration(integer(rp["MaximumEventAgeInSeconds"], 0)) * time.Second
			}
			rule.Targets = append(rule.Targets, target)
		}
		return s.AddRule(c.Name(name), rule)
	case "AWS::Lambda::EventSourceMapping":
		return a.mapping(s, c, stack, p)
	case "AWS::Lambda::Function":
		return a.function(s, c, stack, p)
	case "AWS::ApiGateway::Method":
		return a.method(s, c, stack, p)
	}
	return nil
}

func (a *app) keySchema(stack string, schema any, types map[string]string) ([]Key, error) {
	items, _ := schema.([]any)
	out := make([]Key, 0, len(items))
	for _, it := range items {
		m, _ := it.(map[string]any)
		name, err := a.str(stack, m["AttributeName"])
		if err != nil {
			return nil, err
		}
		role, _ := m["KeyType"].(string)
		out = append(out, Key{Name: name, Type: types[name], Role: role})
	}
	return out, nil
}

func (a *app) table(s Snapshot, c Canon, stack string, p map[string]any) error {
	name, err := a.str(stack, p["TableName"])
	if err != nil {
		return err
	}
	types := map[string]string{}
	defs, _ := p["AttributeDefinitions"].([]any)
	for _, d := range defs {
		m, _ := d.(map[string]any)
		n, _ := m["AttributeName"].(string)
		t, _ := m["AttributeType"].(string)
		types[n] = t
	}
	t := Table{Indexes: map[string][]Key{}, Projection: map[string]string{}}
	if t.Keys, err = a.keySchema(stack, p["KeySchema"], types); err != nil {
		return err
	}
	gsis, _ := p["GlobalSecondaryIndexes"].([]any)
	for _, g := range gsis {
		m, _ := g.(map[string]any)
		n, _ := m["IndexName"].(string)
		if t.Indexes[n], err = a.keySchema(stack, m["KeySchema"], types); err != nil {
			return err
		}
		proj, _ := m["Projection"].(map[string]any)
		t.Projection[n], _ = proj["ProjectionType"].(string)
	}
	if ss, ok := p["StreamSpecification"].(map[string]any); ok {
		t.Stream, _ = ss["StreamViewType"].(string)
	}
	if ttl, ok := p["TimeToLiveSpecification"].(map[string]any); ok && ttl["Enabled"] == true {
		t.TTL, _ = ttl["AttributeName"].(string)
	}
	s.AddTable(c.Name(name), t)
	return nil
}

func (a *app) mapping(s Snapshot, c Canon, stack string, p map[string]any) error {
	fnRef, err := a.str(stack, p["FunctionName"])
	if err != nil {
		return err
	}
	fn := fnRef
	if m := functionOfURI.FindStringSubmatch(fnRef); m != nil {
		fn = m[1]
	} else if i := strings.Index(fnRef, ":"); i >= 0 {
		fn = fnRef[:i] // "<function>:<alias>"
	}
	source, err := a.str(stack, p["EventSourceArn"])
	if err != nil {
		return err
	}
	reports := false
	types, _ := p["FunctionResponseTypes"].([]any)
	for _, t := range types {
		reports = reports || t == "ReportBatchItemFailures"
	}
	batch := integer(p["BatchSize"], 0)
	window := seconds(p["MaximumBatchingWindowInSeconds"])
	if strings.HasPrefix(source, "arn:aws:sqs:") {
		if batch == 0 {
			batch = 10
		}
		m := QueueMapping{Function: c.Name(fn), Queue: c.Name(lastColon(source)), BatchSize: batch, Window: window,
			ReportBatchItemFailures: reports}
		if sc, ok := p["ScalingConfig"].(map[string]any); ok {
			m.MaxConcurrency = integer(sc["MaximumConcurrency"], 0)
		}
		s.AddQueueMapping(m)
		return nil
	}
	t := tableOfStream.FindStringSubmatch(source)
	if t == nil {
		return fmt.Errorf("event source %s is neither a queue nor a table stream", source)
	}
	if batch == 0 {
		batch = 100
	}
	m := StreamMapping{Function: c.Name(fn), Table: c.Name(t[1]), BatchSize: batch, Window: window,
		RetryAttempts: integer(p["MaximumRetryAttempts"], -1), MaxRecordAge: -1,
		Bisect: p["BisectBatchOnFunctionError"] == true, ReportBatchItemFailures: reports}
	if age := integer(p["MaximumRecordAgeInSeconds"], -1); age >= 0 {
		m.MaxRecordAge = time.Duration(age) * time.Second
	}
	m.StartingPosition, _ = p["StartingPosition"].(string)
	if dc, ok := p["DestinationConfig"].(map[string]any); ok {
		of, _ := dc["OnFailure"].(map[string]any)
		arn, err := a.str(stack, of["Destination"])
		if err != nil {
			return err
		}
		m.OnFailure = c.Name(lastColon(arn))
	}
	s.AddStreamMapping(m)
	return nil
}

// runtimeVariables are set by Lambda or CDK itself, or by a stage for a
// service of AWS the local cloud stands in for otherwise (the FIS
// extension's, where the local cloud injects its own faults), not by the
// declarations.
var runtimeVariables = map[string]bool{
	"AWS_NODEJS_CONNECTION_REUSE_ENABLED": true,
	"AWS_FIS_CONFIGURATION_LOCATION":      true,
	"AWS_LAMBDA_EXEC_WRAPPER":             true,
}

func (a *app) function(s Snapshot, c Canon, stack string, p map[string]any) error {
	if _, named := p["FunctionName"]; !named {
		// Functions CDK adds for itself (custom resource handlers) have
		// no physical name and run no declared code.
		return nil
	}
	name, err := a.str(stack, p["FunctionName"])
	if err != nil {
		return err
	}
	f := Function{Environment: map[string]string{}, MemoryMB: integer(p["MemorySize"], 128),
		Timeout: seconds(p["Timeout"]), ReservedConcurrency: integer(p["ReservedConcurrentExecutions"], 0)}
	if f.Timeout == 0 {
		f.Timeout = 3 * time.Second
	}
	env, _ := p["Environment"].(map[string]any)
	vars, _ := env["Variables"].(map[string]any)
	for k, v := range vars {
		if runtimeVariables[k] {
			continue
		}
		text, err := a.str(stack, v)
		if err != nil {
			return fmt.Errorf("environment %s: %w", k, err)
		}
		f.Environment[k] = c.Value(k, text)
	}
	s.AddFunction(c.Name(name), f)
	return nil
}

func (a *app) method(s Snapshot, c Canon, stack string, p map[string]any) error {
	method, _ := p["HttpMethod"].(string)
	if method == "OPTIONS" {
		return nil // CORS preflight, answered by API Gateway itself
	}
	path, err := a.path(stack, p["ResourceId"])
	if err != nil {
		return err
	}
	integration, _ := p["Integration"].(map[string]any)
	uri, err := a.str(stack, integration["Uri"])
	if err != nil {
		return err
	}
	fn := ""
	if m := functionOfURI.FindStringSubmatch(uri); m != nil {
		fn = c.Name(m[1])
	}
	auth := BearerToken
	if t, _ := p["AuthorizationType"].(string); t == "" || t == "NONE" {
		auth = NoAuth
	}
	s.AddRoute(Route{Method: method, Path: path, Auth: auth, Function: fn})
	return nil
}

// path is the full path of an API Gateway resource.
func (a *app) path(stack string, ref any) (string, error) {
	m, _ := ref.(map[string]any)
	id, _ := m["Ref"].(string)
	if id == "" {
		return "/", nil // the root resource, named by Fn::GetAtt RootResourceId
	}
	r, ok := a.resources[stack][id]
	if !ok || r.Type != "AWS::ApiGateway::Resource" {
		return "", fmt.Errorf("resource %s is no API resource", id)
	}
	part, _ := r.Properties["PathPart"].(string)
	parent, err := a.path(stack, r.Properties["ParentId"])
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(parent, "/") + "/" + part, nil
}
