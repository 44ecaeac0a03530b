package emulator

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// protocol is how a service answers errors, so a denial reads as AWS's.
type protocol int

const (
	// awsJSON: DynamoDB, DynamoDB Streams, EventBridge, SSM: HTTP 400 and
	// a JSON body whose __type names the error.
	awsJSON protocol = iota
	// sqsJSON: SQS over JSON, HTTP 403 with its Query error code in the
	// X-Amzn-Query-Error header.
	sqsJSON
	// sqsQuery: SQS over the form-encoded Query protocol, HTTP 403 and an
	// XML ErrorResponse.
	sqsQuery
	// restJSON: X-Ray, HTTP 403 with the error in X-Amzn-ErrorType.
	restJSON
)

// check is one authorisation a request needs.
type check struct {
	action   string
	resource string
	context  map[string][]string
}

// resolved is what a request needs authorised, and how to refuse it.
type resolved struct {
	checks   []check
	protocol protocol
	// unresolved says why the request's action or resource is unknown.
	unresolved string
}

// scope is the SigV4 credential scope of a request.
type scope struct {
	accessKey, region, service string
}

// signingScope reads the credential scope from the Authorization header,
// or from a presigned URL's X-Amz-Credential.
func signingScope(r *http.Request) (scope, bool) {
	cred := ""
	if h := r.Header.Get("Authorization"); h != "" {
		_, rest, ok := strings.Cut(h, "Credential=")
		if !ok {
			return scope{}, false
		}
		cred, _, _ = strings.Cut(rest, ",")
	} else {
		cred = r.URL.Query().Get("X-Amz-Credential")
	}
	// AKID/20260101/us-east-1/dynamodb/aws4_request
	parts := strings.Split(strings.TrimSpace(cred), "/")
	if len(parts) < 5 || parts[0] == "" {
		return scope{}, false
	}
	return scope{accessKey: parts[0], region: parts[2], service: parts[3]}, true
}

// The X-Amz-Target prefixes of the JSON protocols the front door resolves.
const (
	targetDynamoDB = "DynamoDB_20120810."
	targetStreams  = "DynamoDBStreams_20120810."
	targetSQS      = "AmazonSQS."
	targetEvents   = "AWSEvents."
	targetSSM      = "AmazonSSM."
)

// xrayActions are X-Ray's REST paths and their IAM actions.
var xrayActions = map[string]string{
	"/TraceSegments":    "xray:PutTraceSegments",
	"/TelemetryRecords": "xray:PutTelemetryRecords",
	"/GetSamplingRules": "xray:GetSamplingRules",
	"/SamplingTargets":  "xray:GetSamplingTargets",
	"/Traces":           "xray:BatchGetTraces",
	"/TraceSummaries":   "xray:GetTraceSummaries",
	"/TraceGraph":       "xray:GetTraceGraph",
	"/ServiceGraph":     "xray:GetServiceGraph",
}

// iamPrefixes are the IAM action prefixes of signing names that differ.
var iamPrefixes = map[string]string{"monitoring": "cloudwatch"}

// resolve finds the action, resource and condition keys of a request.
func resolve(r *http.Request, body []byte, sc scope, account string) resolved {
	a := arns{region: sc.region, account: account}
	target := r.Header.Get("X-Amz-Target")
	res := resolved{protocol: awsJSON}
	var err error
	switch {
	case strings.HasPrefix(target, targetDynamoDB):
		res.checks, err = resolveDynamoDB(strings.TrimPrefix(target, targetDynamoDB), body, a)
	case strings.HasPrefix(target, targetStreams):
		res.checks, err = resolveStreams(strings.TrimPrefix(target, targetStreams), body)
	case strings.HasPrefix(target, targetSQS):
		res.protocol = sqsJSON
		res.checks, err = resolveSQSJSON(strings.TrimPrefix(target, targetSQS), body, a)
	case strings.HasPrefix(target, targetEvents):
		res.checks, err = resolveEvents(strings.TrimPrefix(target, targetEvents), body, a)
	case strings.HasPrefix(target, targetSSM):
		res.checks, err = resolveSSM(strings.TrimPrefix(target, targetSSM), body, a)
	case target != "":
		// Another JSON service: its action, on "*" (a narrower grant
		// cannot match, which errs on the side of refusing).
		_, op, _ := strings.Cut(target, ".")
		res.checks = []check{{action: iamPrefix(sc.service) + ":" + op, resource: "*"}}
	case sc.service == "xray":
		res.protocol = restJSON
		action, ok := xrayActions[r.URL.Path]
		if !ok {
			err = fmt.Errorf("X-Ray %s %s is not an API the local cloud knows", r.Method, r.URL.Path)
			break
		}
		res.checks = []check{{action: action, resource: "*"}}
	case sc.service == "sqs":
		res.protocol = sqsQuery
		res.checks, err = resolveSQSQuery(r, body, a)
	default:
		res.protocol = restJSON
		err = fmt.Errorf("%s %s %s is not an API the local cloud can check", sc.service, r.Method, r.URL.Path)
	}
	if err != nil {
		res.unresolved = err.Error()
	}
	return res
}

func iamPrefix(signingName string) string {
	if p, ok := iamPrefixes[signingName]; ok {
		return p
	}
	return signingName
}

// arns builds the ARNs of one region and account.
type arns struct{ region, account string }

func (a arns) table(name string) string {
	if strings.HasPrefix(name, "arn:") {
		return name
	}
	return fmt.Sprintf("arn:aws:dynamodb:%s:%s:table/%s", a.region, a.account, name)
}

func (a arns) queue(account, name string) string {
	if account == "" {
		account = a.account
	}
	return fmt.Sprintf("arn:aws:sqs:%s:%s:%s", a.region, account, name)
}

// queueURL is the ARN of the queue at url ("http://host/<account>/<name>").
func (a arns) queueURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("queue URL %q: %w", raw, err)
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) != 2 || parts[1] == "" {
		return "", fmt.Errorf("queue URL %q does not end in /<account>/<queue>", raw)
	}
	return a.queue(parts[0], parts[1]), nil
}

func (a arns) bus(name string) string {
	if name == "" {
		name = "default"
	}
	if strings.HasPrefix(name, "arn:") {
		return name
	}
	return fmt.Sprintf("arn:aws:events:%s:%s:event-bus/%s", a.region, a.account, name)
}

func (a arns) parameter(name string) string {
	if strings.HasPrefix(name, "arn:") {
		return name
	}
	return fmt.Sprintf("arn:aws:ssm:%s:%s:parameter/%s", a.region, a.account, strings.TrimPrefix(name, "/"))
}

// readStrings reads the string members of the JSON object body that
// fields name (regardless of case) into their strings; other members are
// skipped, not decoded (see jsonscan.go).
func readStrings(body []byte, fields ...field) error {
	r := &jsonReader{data: body}
	if r.space(); r.pos == len(body) {
		return nil
	}
	if err := r.readStrings(fields...); err != nil {
		return err
	}
	if r.space(); r.pos != len(body) {
		return fmt.Errorf("%w: data after the object at %d", errJSON, r.pos)
	}
	return nil
}

// dynamoRequest holds the fields of a DynamoDB request that name tables.
type dynamoRequest struct {
	TableName   string
	IndexName   string
	ResourceArn string
	// RequestItems are the tables of a batch.
	RequestItems map[string]bool
	// TransactItems are a transaction's items, each the table its kinds
	// (Put, Update, ...) name, by kind.
	TransactItems []map[string]string
}

// readDynamoRequest reads the members of a DynamoDB request body that
// name tables, skipping the items, keys and expressions.
func readDynamoRequest(body []byte) (dynamoRequest, error) {
	var in dynamoRequest
	seen := onlyOnce{}
	err := readJSONObject(body, func(r *jsonReader, name string) error {
		for _, field := range []string{"TableName", "IndexName", "ResourceArn", "RequestItems", "TransactItems"} {
			if fieldIs(name, field) {
				if err := seen.check(field); err != nil {
					return err
				}
			}
		}
		switch {
		case fieldIs(name, "TableName"):
			return r.str(&in.TableName)
		case fieldIs(name, "IndexName"):
			return r.str(&in.IndexName)
		case fieldIs(name, "ResourceArn"):
			return r.str(&in.ResourceArn)
		case fieldIs(name, "RequestItems"):
			if r.null() {
				return nil
			}
			in.RequestItems = map[string]bool{}
			return r.object(func(table string) error {
				in.RequestItems[table] = true
				return r.skip()
			})
		case fieldIs(name, "TransactItems"):
			return r.array(func() error {
				item := map[string]string{}
				in.TransactItems = append(in.TransactItems, item)
				kinds := onlyOnce{}
				return r.object(func(kind string) error {
					if err := kinds.check(kind); err != nil {
						return err
					}
					table := ""
					if err := r.readStrings(field{"TableName", &table}); err != nil {
						return err
					}
					item[kind] = table
					return nil
				})
			})
		}
		return r.skip()
	})
	if err != nil {
		return in, fmt.Errorf("request body: %w", err)
	}
	return in, nil
}

// transactActions are the IAM actions of a transaction's item kinds:
// DynamoDB authorises each item as the single-item action.
var transactActions = map[string]string{
	"Put": "dynamodb:PutItem", "Update": "dynamodb:UpdateItem", "Delete": "dynamodb:DeleteItem",
	"ConditionCheck": "dynamodb:ConditionCheckItem", "Get": "dynamodb:GetItem",
}

func resolveDynamoDB(op string, body []byte, a arns) ([]check, error) {
	in, err := readDynamoRequest(body)
	if err != nil {
		return nil, err
	}
	action := "dynamodb:" + op
	switch op {
	case "BatchGetItem", "BatchWriteItem":
		if len(in.RequestItems) == 0 {
			return nil, fmt.Errorf("%s names no table", op)
		}
		var out []check
		for _, name := range sortedKeys(in.RequestItems) {
			out = append(out, check{action: action, resource: a.table(name)})
		}
		return out, nil
	case "TransactWriteItems", "TransactGetItems":
		if len(in.TransactItems) == 0 {
			return nil, fmt.Errorf("%s holds no item", op)
		}
		var out []check
		for i, item := range in.TransactItems {
			if len(item) != 1 {
				return nil, fmt.Errorf("%s item %d has %d kinds, want one", op, i, len(item))
			}
			for kind, table := range item {
				itemAction, ok := transactActions[kind]
				if !ok || table == "" {
					return nil, fmt.Errorf("%s item %d: kind %q with table %q", op, i, kind, table)
				}
				out = append(out, check{action: itemAction, resource: a.table(table),
					context: map[string][]string{"dynamodb:EnclosingOperation": {op}}})
			}
		}
		return out, nil
	}
	switch {
	case in.TableName != "" && in.IndexName != "":
		return []check{{action: action, resource: a.table(in.TableName) + "/index/" + in.IndexName}}, nil
	case in.TableName != "":
		return []check{{action: action, resource: a.table(in.TableName)}}, nil
	case in.ResourceArn != "":
		return []check{{action: action, resource: in.ResourceArn}}, nil
	case op == "ListTables" || op == "DescribeLimits" || op == "DescribeEndpoints":
		return []check{{action: action, resource: "*"}}, nil
	}
	return nil, fmt.Errorf("DynamoDB %s: the local cloud cannot tell its table", op)
}

func resolveStreams(op string, body []byte) ([]check, error) {
	var in struct{ StreamArn, ShardIterator string }
	if err := readStrings(body, field{"StreamArn", &in.StreamArn}, field{"ShardIterator", &in.ShardIterator}); err != nil {
		return nil, fmt.Errorf("request body: %w", err)
	}
	action := "dynamodb:" + op
	switch {
	case op == "ListStreams":
		return []check{{action: action, resource: "*"}}, nil
	case in.StreamArn != "":
		return []check{{action: action, resource: in.StreamArn}}, nil
	case in.ShardIterator != "":
		stream, err := iteratorStream(in.ShardIterator)
		if err != nil {
			return nil, err
		}
		return []check{{action: action, resource: stream}}, nil
	}
	return nil, fmt.Errorf("DynamoDB Streams %s: the local cloud cannot tell its stream", op)
}

// iteratorStream is the stream ARN inside one of kumo's shard iterators:
// base64 of "<stream ARN>:<shard id>:<position>:<nanoseconds>".
func iteratorStream(iterator string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(iterator)
	if err != nil {
		return "", fmt.Errorf("shard iterator is not one the emulator issued: %w", err)
	}
	s := string(raw)
	for range 3 {
		i := strings.LastIndexByte(s, ':')
		if i < 0 {
			return "", fmt.Errorf("shard iterator %q is not one the emulator issued", raw)
		}
		s = s[:i]
	}
	if !strings.HasPrefix(s, "arn:aws:dynamodb:") || !strings.Contains(s, "/stream/") {
		return "", fmt.Errorf("shard iterator %q names no stream", raw)
	}
	return s, nil
}

// sqsActions maps SQS operations to their IAM action where the names
// differ: a batch is authorised as the single action.
var sqsActions = map[string]string{
	"SendMessageBatch":             "SendMessage",
	"DeleteMessageBatch":           "DeleteMessage",
	"ChangeMessageVisibilityBatch": "ChangeMessageVisibility",
}

func sqsAction(op string) string {
	if a, ok := sqsActions[op]; ok {
		op = a
	}
	return "sqs:" + op
}

func resolveSQSJSON(op string, body []byte, a arns) ([]check, error) {
	var in struct{ QueueURL, QueueName, QueueOwnerAWSAccountID string }
	if err := readStrings(body, field{"QueueUrl", &in.QueueURL}, field{"QueueName", &in.QueueName},
		field{"QueueOwnerAWSAccountId", &in.QueueOwnerAWSAccountID}); err != nil {
		return nil, fmt.Errorf("request body: %w", err)
	}
	return sqsChecks(op, in.QueueURL, in.QueueName, in.QueueOwnerAWSAccountID, a)
}

func resolveSQSQuery(r *http.Request, body []byte, a arns) ([]check, error) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("SQS query body: %w", err)
	}
	for k, v := range r.URL.Query() {
		if _, ok := form[k]; !ok {
			form[k] = v
		}
	}
	op := form.Get("Action")
	if op == "" {
		return nil, fmt.Errorf("SQS %s %s names no Action", r.Method, r.URL.Path)
	}
	queueURL := form.Get("QueueUrl")
	if queueURL == "" && strings.Count(strings.Trim(r.URL.Path, "/"), "/") == 1 {
		queueURL = r.URL.String()
	}
	return sqsChecks(op, queueURL, form.Get("QueueName"), form.Get("QueueOwnerAWSAccountId"), a)
}

func sqsChecks(op, queueURL, queueName, owner string, a arns) ([]check, error) {
	action := sqsAction(op)
	switch {
	case queueURL != "":
		arn, err := a.queueURL(queueURL)
		if err != nil {
			return nil, err
		}
		return []check{{action: action, resource: arn}}, nil
	case queueName != "":
		return []check{{action: action, resource: a.queue(owner, queueName)}}, nil
	case op == "ListQueues":
		return []check{{action: action, resource: "*"}}, nil
	}
	return nil, fmt.Errorf("SQS %s: the local cloud cannot tell its queue", op)
}

func resolveEvents(op string, body []byte, a arns) ([]check, error) {
	if op != "PutEvents" {
		// Not called by the functions: its action, on "*".
		return []check{{action: "events:" + op, resource: "*"}}, nil
	}
	type entry struct{ Source, DetailType, EventBusName string }
	var in struct{ Entries []entry }
	seen := onlyOnce{}
	err := readJSONObject(body, func(r *jsonReader, name string) error {
		if !fieldIs(name, "Entries") {
			return r.skip()
		}
		if err := seen.check("Entries"); err != nil {
			return err
		}
		return r.array(func() error {
			var e entry
			if err := r.readStrings(field{"Source", &e.Source}, field{"DetailType", &e.DetailType}, field{"EventBusName", &e.EventBusName}); err != nil {
				return err
			}
			in.Entries = append(in.Entries, e)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("request body: %w", err)
	}
	if len(in.Entries) == 0 {
		return nil, errors.New("PutEvents holds no entry")
	}
	// One check per entry, with its own source and detail type, as
	// EventBridge authorises them.
	out := make([]check, 0, len(in.Entries))
	for _, e := range in.Entries {
		ctx := map[string][]string{}
		if e.Source != "" {
			ctx["events:source"] = []string{e.Source}
		}
		if e.DetailType != "" {
			ctx["events:detail-type"] = []string{e.DetailType}
		}
		out = append(out, check{action: "events:PutEvents", resource: a.bus(e.EventBusName), context: ctx})
	}
	return out, nil
}

func resolveSSM(op string, body []byte, a arns) ([]check, error) {
	var in struct {
		Name  string
		Names []string
		Path  string
	}
	seen := onlyOnce{}
	err := readJSONObject(body, func(r *jsonReader, name string) error {
		for _, field := range []string{"Name", "Names", "Path"} {
			if fieldIs(name, field) {
				if err := seen.check(field); err != nil {
					return err
				}
			}
		}
		switch {
		case fieldIs(name, "Name"):
			return r.str(&in.Name)
		case fieldIs(name, "Path"):
			return r.str(&in.Path)
		case fieldIs(name, "Names"):
			return r.array(func() error {
				var n string
				if err := r.str(&n); err != nil {
					return err
				}
				in.Names = append(in.Names, n)
				return nil
			})
		}
		return r.skip()
	})
	if err != nil {
		return nil, fmt.Errorf("request body: %w", err)
	}
	action := "ssm:" + op
	switch {
	case in.Name != "":
		return []check{{action: action, resource: a.parameter(in.Name)}}, nil
	case len(in.Names) > 0:
		out := make([]check, 0, len(in.Names))
		for _, n := range in.Names {
			out = append(out, check{action: action, resource: a.parameter(n)})
		}
		return out, nil
	case in.Path != "":
		return []check{{action: action, resource: a.parameter(in.Path)}}, nil
	case op == "DescribeParameters":
		return []check{{action: action, resource: "*"}}, nil
	}
	return nil, fmt.Errorf("SSM %s: the local cloud cannot tell its parameter", op)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
