package metering

import (
	"maps"
	"sort"
	"time"
)

// Snapshot is the counters at one moment, as the meter's HTTP handler
// serves them (JSON).
type Snapshot struct {
	// Since is when the counters were last reset; Taken is when they were
	// read.
	Since time.Time `json:"since"`
	Taken time.Time `json:"taken"`
	// Orders is how many orders were placed in between: distinct order
	// events put on the bus (see OrderEvent).
	Orders int64 `json:"orders"`
	// Functions are the counters by function name. The function "" holds
	// what is billed but no function can be charged with (an X-Ray trace
	// whose root names none).
	Functions map[string]Usage `json:"functions"`
}

// Usage is what one function made AWS bill.
type Usage struct {
	// Service is the Conveyor service the function belongs to.
	Service     string           `json:"service"`
	Lambda      LambdaUsage      `json:"lambda"`
	DynamoDB    DynamoDBUsage    `json:"dynamodb"`
	EventBridge EventBridgeUsage `json:"eventbridge"`
	SQS         SQSUsage         `json:"sqs"`
	APIGateway  APIGatewayUsage  `json:"apigateway"`
	XRay        XRayUsage        `json:"xray"`
	Logs        LogsUsage        `json:"logs"`
}

// LambdaUsage counts invocations and their billed duration.
type LambdaUsage struct {
	Invocations int64 `json:"invocations"`
	// BilledMilliseconds sums each invocation's duration rounded up to
	// the millisecond.
	BilledMilliseconds int64 `json:"billedMilliseconds"`
	// MBMilliseconds sums billed milliseconds times declared memory in
	// MB; divided by 1,024,000 it is Lambda's GB-seconds.
	MBMilliseconds int64 `json:"mbMilliseconds"`
	// MemoryMB is the declared memory of the last invocation counted.
	MemoryMB int `json:"memoryMB,omitempty"`
}

// GBSeconds is the duration Lambda bills, in GB-seconds (GB of 1,024 MB).
func (l LambdaUsage) GBSeconds() float64 { return float64(l.MBMilliseconds) / 1024 / 1000 }

// DynamoDBUsage counts request units on-demand tables bill.
type DynamoDBUsage struct {
	// ReadUnits are read request units (RRU).
	ReadUnits float64 `json:"readUnits"`
	// WriteUnits are write request units (WRU) on the tables themselves;
	// IndexWriteUnits those of keeping their secondary indexes.
	WriteUnits      int64 `json:"writeUnits"`
	IndexWriteUnits int64 `json:"indexWriteUnits"`
	// Calls counts requests by operation, e.g. "GetItem".
	Calls map[string]int64 `json:"calls,omitempty"`
	// ConditionFailures counts writes refused by their condition, which
	// consume write units all the same.
	ConditionFailures int64 `json:"conditionFailures,omitempty"`
}

// TotalWriteUnits is the table's and its indexes' write request units.
func (d DynamoDBUsage) TotalWriteUnits() int64 { return d.WriteUnits + d.IndexWriteUnits }

// EventBridgeUsage counts events put on a custom bus.
type EventBridgeUsage struct {
	// Entries are the entries the bus accepted; Events the billed events,
	// one per 64 KB started of each entry.
	Entries int64 `json:"entries"`
	Events  int64 `json:"events"`
	// Bytes are the accepted entries' sizes, as EventBridge counts them,
	// which its archive bills.
	Bytes int64 `json:"bytes"`
}

// SQSUsage counts SQS requests.
type SQSUsage struct {
	// Requests are the billed requests: one per 64 KB started of each
	// request's payload.
	Requests int64 `json:"requests"`
	// Calls counts API calls by action, e.g. "ReceiveMessage"; deliveries
	// by EventBridge count as "SendMessage".
	Calls map[string]int64 `json:"calls,omitempty"`
	// EmptyReceives are the receives that returned no message, which
	// long polling makes while a queue is idle.
	EmptyReceives int64 `json:"emptyReceives"`
	// MessagesSent and MessagesReceived count messages, not requests.
	MessagesSent     int64 `json:"messagesSent"`
	MessagesReceived int64 `json:"messagesReceived"`
}

// APIGatewayUsage counts REST API requests.
type APIGatewayUsage struct {
	Requests int64 `json:"requests"`
}

// XRayUsage counts traces recorded.
type XRayUsage struct {
	// Traces are the traces the function started (their root segment);
	// Segments every segment document the function's traces sent.
	Traces   int64 `json:"traces"`
	Segments int64 `json:"segments"`
}

// LogsUsage counts what CloudWatch Logs ingests.
type LogsUsage struct {
	Lines int64 `json:"lines"`
	Bytes int64 `json:"bytes"`
}

func newUsage(service string) *Usage {
	return &Usage{Service: service, DynamoDB: DynamoDBUsage{Calls: map[string]int64{}}, SQS: SQSUsage{Calls: map[string]int64{}}}
}

func (u *Usage) clone() Usage {
	c := *u
	c.DynamoDB.Calls = maps.Clone(u.DynamoDB.Calls)
	c.SQS.Calls = maps.Clone(u.SQS.Calls)
	return c
}

// add adds v's counters to u's.
func (u *Usage) add(v Usage) {
	u.Lambda.Invocations += v.Lambda.Invocations
	u.Lambda.BilledMilliseconds += v.Lambda.BilledMilliseconds
	u.Lambda.MBMilliseconds += v.Lambda.MBMilliseconds
	u.DynamoDB.ReadUnits += v.DynamoDB.ReadUnits
	u.DynamoDB.WriteUnits += v.DynamoDB.WriteUnits
	u.DynamoDB.IndexWriteUnits += v.DynamoDB.IndexWriteUnits
	u.DynamoDB.ConditionFailures += v.DynamoDB.ConditionFailures
	u.DynamoDB.Calls = addCounts(u.DynamoDB.Calls, v.DynamoDB.Calls)
	u.EventBridge.Entries += v.EventBridge.Entries
	u.EventBridge.Events += v.EventBridge.Events
	u.EventBridge.Bytes += v.EventBridge.Bytes
	u.SQS.Requests += v.SQS.Requests
	u.SQS.Calls = addCounts(u.SQS.Calls, v.SQS.Calls)
	u.SQS.EmptyReceives += v.SQS.EmptyReceives
	u.SQS.MessagesSent += v.SQS.MessagesSent
	u.SQS.MessagesReceived += v.SQS.MessagesReceived
	u.APIGateway.Requests += v.APIGateway.Requests
	u.XRay.Traces += v.XRay.Traces
	u.XRay.Segments += v.XRay.Segments
	u.Logs.Lines += v.Logs.Lines
	u.Logs.Bytes += v.Logs.Bytes
}

func addCounts(into, from map[string]int64) map[string]int64 {
	if len(from) == 0 {
		return into
	}
	if into == nil {
		into = map[string]int64{}
	}
	for k, v := range from {
		into[k] += v
	}
	return into
}

// Total is the sum of every function's counters.
func (s Snapshot) Total() Usage {
	var t Usage
	for _, u := range s.Functions {
		t.add(u)
	}
	return t
}

// ByService sums the functions' counters by service; what no function
// can be charged with is under "".
func (s Snapshot) ByService() map[string]Usage {
	out := map[string]Usage{}
	for _, name := range s.FunctionNames() {
		u := s.Functions[name]
		t := out[u.Service]
		t.Service = u.Service
		t.add(u)
		out[u.Service] = t
	}
	return out
}

// FunctionNames lists the functions counted, sorted.
func (s Snapshot) FunctionNames() []string {
	names := make([]string, 0, len(s.Functions))
	for n := range s.Functions {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Sub returns the counters that moved from earlier to s, function by
// function: what happened in between, when neither was reset meanwhile.
func (s Snapshot) Sub(earlier Snapshot) Snapshot {
	d := Snapshot{Since: earlier.Taken, Taken: s.Taken, Orders: s.Orders - earlier.Orders, Functions: map[string]Usage{}}
	for name, u := range s.Functions {
		e := earlier.Functions[name]
		var neg Usage
		neg.add(e)
		neg.negate()
		diff := u.clone()
		diff.add(neg)
		diff.DynamoDB.Calls = nonZero(diff.DynamoDB.Calls)
		diff.SQS.Calls = nonZero(diff.SQS.Calls)
		if diff.Lambda.Invocations == 0 {
			diff.Lambda.MemoryMB = 0
		}
		if !diff.isZero() {
			d.Functions[name] = diff
		}
	}
	return d
}

func (u *Usage) negate() {
	u.Lambda.Invocations, u.Lambda.BilledMilliseconds, u.Lambda.MBMilliseconds = -u.Lambda.Invocations, -u.Lambda.BilledMilliseconds, -u.Lambda.MBMilliseconds
	u.DynamoDB.ReadUnits, u.DynamoDB.WriteUnits, u.DynamoDB.IndexWriteUnits = -u.DynamoDB.ReadUnits, -u.DynamoDB.WriteUnits, -u.DynamoDB.IndexWriteUnits
	u.DynamoDB.ConditionFailures = -u.DynamoDB.ConditionFailures
	for k, v := range u.DynamoDB.Calls {
		u.DynamoDB.Calls[k] = -v
	}
	u.EventBridge.Entries, u.EventBridge.Events, u.EventBridge.Bytes = -u.EventBridge.Entries, -u.EventBridge.Events, -u.EventBridge.Bytes
	u.SQS.Requests, u.SQS.EmptyReceives = -u.SQS.Requests, -u.SQS.EmptyReceives
	u.SQS.MessagesSent, u.SQS.MessagesReceived = -u.SQS.MessagesSent, -u.SQS.MessagesReceived
	for k, v := range u.SQS.Calls {
		u.SQS.Calls[k] = -v
	}
	u.APIGateway.Requests = -u.APIGateway.Requests
	u.XRay.Traces, u.XRay.Segments = -u.XRay.Traces, -u.XRay.Segments
	u.Logs.Lines, u.Logs.Bytes = -u.Logs.Lines, -u.Logs.Bytes
}

func nonZero(m map[string]int64) map[string]int64 {
	for k, v := range m {
		if v == 0 {
			delete(m, k)
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

func (u Usage) isZero() bool {
	l := u.Lambda
	l.MemoryMB = 0
	d, q := u.DynamoDB, u.SQS
	return l == LambdaUsage{} && len(d.Calls) == 0 && len(q.Calls) == 0 &&
		d.ReadUnits == 0 && d.WriteUnits == 0 && d.IndexWriteUnits == 0 && d.ConditionFailures == 0 &&
		u.EventBridge == EventBridgeUsage{} && q.Requests == 0 && q.EmptyReceives == 0 &&
		q.MessagesSent == 0 && q.MessagesReceived == 0 &&
		u.APIGateway == APIGatewayUsage{} && u.XRay == XRayUsage{} && u.Logs == LogsUsage{}
}
