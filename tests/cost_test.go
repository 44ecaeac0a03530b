package tests

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/xray"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/cost"
	"github.com/conveyor-dev/conveyor/internal/metering"
	"github.com/conveyor-dev/conveyor/internal/trace"
	"github.com/conveyor-dev/conveyor/shared/eventbus/eventbustest"
)

// meterOrSkip returns the local cloud's counters, or skips the test when
// the local cloud serves no meter.
func meterOrSkip(t *testing.T) metering.Snapshot {
	t.Helper()
	localOnly(t)
	s, err := metering.Fetch(t.Context(), target.cloud.Endpoint)
	if errors.Is(err, metering.ErrNoMeter) {
		t.Skipf("the local cloud serves no meter at %s%s: its emulator's front door does not run metering.FrontDoor yet", target.cloud.Endpoint, metering.Path)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// idle reports whether d holds nothing but the empty receives idle queue
// pollers make.
func idle(d metering.Snapshot) bool {
	if d.Orders != 0 {
		return false
	}
	for _, u := range d.Functions {
		receives := u.SQS.Calls["ReceiveMessage"]
		rest := u
		rest.Service, rest.SQS = "", metering.SQSUsage{}
		if len(u.SQS.Calls) > 1 || u.SQS.EmptyReceives != receives || u.SQS.Requests != receives ||
			u.SQS.MessagesSent != 0 || u.SQS.MessagesReceived != 0 || !usageIsZero(rest) {
			return false
		}
	}
	return true
}

func usageIsZero(u metering.Usage) bool {
	return u.Lambda == metering.LambdaUsage{} && len(u.DynamoDB.Calls) == 0 && u.DynamoDB.ReadUnits == 0 &&
		u.DynamoDB.TotalWriteUnits() == 0 && u.EventBridge == metering.EventBridgeUsage{} &&
		u.APIGateway == metering.APIGatewayUsage{} && u.XRay == metering.XRayUsage{} && u.Logs == metering.LogsUsage{}
}

// quietMeter waits until the counters hold still for a second but for
// idle long polls, and returns them. A counter that moves while nothing
// happens (a free call metered, say) makes it time out.
func quietMeter(t *testing.T) metering.Snapshot {
	t.Helper()
	var start, quiet metering.Snapshot
	eventually(t, "the platform idles and its counters hold still", 90*time.Second, func() bool {
		s, err := metering.Fetch(t.Context(), target.cloud.Endpoint)
		if err != nil {
			t.Fatal(err)
		}
		if start.Functions == nil || !idle(s.Sub(start)) {
			start = s
			return false
		}
		quiet = s
		return s.Taken.Sub(start.Taken) >= time.Second
	})
	return quiet
}

// tracesBetween returns the segment documents of the traces started
// between from and to (trace id to documents).
func tracesBetween(t *testing.T, from, to time.Time) map[string][]string {
	t.Helper()
	client := xray.NewFromConfig(target.cloud.Clients.Config)
	var ids []string
	var next *string
	for {
		out, err := client.GetTraceSummaries(t.Context(), &xray.GetTraceSummariesInput{
			StartTime: aws.Time(from.Add(-time.Minute)), EndTime: aws.Time(to.Add(time.Minute)), NextToken: next})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range out.TraceSummaries {
			// An X-Ray trace id starts with the epoch second it began:
			// "1-<8 hex digits>-...".
			parts := strings.Split(aws.ToString(s.Id), "-")
			if len(parts) < 3 {
				continue
			}
			sec, err := strconv.ParseInt(parts[1], 16, 64)
			if err == nil && sec >= from.Unix() && sec <= to.Unix() {
				ids = append(ids, aws.ToString(s.Id))
			}
		}
		if next = out.NextToken; next == nil || *next == "" {
			break
		}
	}
	traces := map[string][]string{}
	for batch := range slices.Chunk(ids, 5) {
		out, err := client.BatchGetTraces(t.Context(), &xray.BatchGetTracesInput{TraceIds: batch})
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range out.Traces {
			for _, seg := range tr.Segments {
				traces[aws.ToString(tr.Id)] = append(traces[aws.ToString(tr.Id)], aws.ToString(seg.Document))
			}
		}
	}
	return traces
}

// deliveries is how many queues the platform's rules deliver an event of
// source and type to.
func deliveries(source, detailType string) int64 {
	var n int64
	for _, s := range functions.All() {
		for _, sub := range s.Subscriptions {
			if slices.Contains(sub.Sources, source) && slices.Contains(sub.DetailTypes, detailType) {
				n++
			}
		}
	}
	return n
}

func TestEveryCounterMovesByExactlyWhatTheOrdersCaused(t *testing.T) {
	meterOrSkip(t)
	happyA, happyB := orderableProduct(t, 1200, 10), orderableProduct(t, 800, 10)
	soldOut := orderableProduct(t, 500, 0)
	tok, _ := customer(t)
	c := target.cloud.Clients
	bus := eventbustest.NewRoute(t, c.Events, c.SQS, unique("e2e-cost"), eventbustest.Options{Bus: target.cloud.Platform.Bus})

	// The counts are compared with what the orders caused only over a
	// window in which nothing else ran: what earlier tests left behind
	// (a parked payment's retry, say) shows as events of other orders on
	// the bus, and the window is taken again.
	var (
		s        metering.Snapshot
		heard    []eventbustest.Message
		from, to time.Time
	)
	for attempt := 1; ; attempt++ {
		var foreign int
		s, heard, from, to, foreign = measureThreeOrders(t, bus.QueueURL, tok, happyA, happyB, soldOut)
		if foreign == 0 {
			break
		}
		if attempt == 3 {
			t.Fatalf("other work ran on the platform in each of %d windows (%d events of other orders in the last): the counters cannot be compared", attempt, foreign)
		}
		t.Logf("window %d: %d events of other orders on the bus; measuring again", attempt, foreign)
	}
	total := s.Total()

	t.Run("three orders placed are three orders", func(t *testing.T) {
		if s.Orders != 3 {
			t.Errorf("the meter counted %d orders, want 3", s.Orders)
		}
	})
	t.Run("each order is one API request, to orders-api", func(t *testing.T) {
		if total.APIGateway.Requests != 3 || s.Functions["orders-api"].APIGateway.Requests != 3 {
			t.Errorf("API requests %d (orders-api %d), want 3", total.APIGateway.Requests, s.Functions["orders-api"].APIGateway.Requests)
		}
	})
	t.Run("every event put on the bus is one event, as the bus delivered them", func(t *testing.T) {
		if total.EventBridge.Entries != int64(len(heard)) || total.EventBridge.Events != int64(len(heard)) {
			t.Errorf("the meter counted %d entries, %d events; the bus delivered %d", total.EventBridge.Entries, total.EventBridge.Events, len(heard))
		}
	})
	traces := tracesBetween(t, from, to)
	j, err := trace.Build("", traces)
	if err != nil {
		t.Fatal(err)
	}
	invocations, calls, roots, sends := map[string]int64{}, map[string]map[string]int64{}, int64(0), int64(0)
	for _, sp := range j.Spans {
		if sp.Start.Before(from) || sp.Start.After(to) {
			continue
		}
		if sp.ParentID == "" {
			roots++
		}
		switch {
		case sp.Kind == trace.KindFunction:
			invocations[sp.Function]++
		case sp.Kind == trace.KindAWS && strings.HasPrefix(sp.Operation, "DynamoDB "):
			if calls[sp.Function] == nil {
				calls[sp.Function] = map[string]int64{}
			}
			calls[sp.Function][strings.TrimPrefix(sp.Operation, "DynamoDB ")]++
		case sp.Kind == trace.KindAWS && sp.Operation == "SQS SendMessage":
			sends++
		}
	}
	t.Run("each function's invocations are those its traces record", func(t *testing.T) {
		for _, name := range s.FunctionNames() {
			if got := s.Functions[name].Lambda.Invocations; got != invocations[name] {
				t.Errorf("%s: metered %d invocations, traced %d", name, got, invocations[name])
			}
		}
		for name, n := range invocations {
			if s.Functions[name].Lambda.Invocations != n {
				t.Errorf("%s: traced %d invocations, metered %d", name, n, s.Functions[name].Lambda.Invocations)
			}
		}
	})
	t.Run("each invocation is billed at its function's declared memory", func(t *testing.T) {
		for _, svc := range functions.All() {
			for _, f := range svc.Functions {
				if l := s.Functions[f.Name].Lambda; l.Invocations > 0 && (l.MemoryMB != f.MemoryMB || l.MBMilliseconds != int64(f.MemoryMB)*l.BilledMilliseconds) {
					t.Errorf("%s: %+v, declared %d MB", f.Name, l, f.MemoryMB)
				}
			}
		}
	})
	t.Run("each function's DynamoDB calls are those its traces record, by operation", func(t *testing.T) {
		for _, name := range s.FunctionNames() {
			metered := s.Functions[name].DynamoDB.Calls
			for op, n := range metered {
				if calls[name][op] != n {
					t.Errorf("%s %s: metered %d calls, traced %d", name, op, n, calls[name][op])
				}
			}
			for op, n := range calls[name] {
				if metered[op] != n {
					t.Errorf("%s %s: traced %d calls, metered %d", name, op, n, metered[op])
				}
			}
		}
		if total.DynamoDB.ReadUnits <= 0 || total.DynamoDB.WriteUnits <= 0 {
			t.Errorf("orders read %v and wrote %d units", total.DynamoDB.ReadUnits, total.DynamoDB.WriteUnits)
		}
	})
	t.Run("every message sent is a rule's delivery or a function's send", func(t *testing.T) {
		var want int64
		for _, m := range heard {
			want += deliveries(m.Event.Source, m.Event.DetailType)
		}
		want += sends
		if total.SQS.MessagesSent != want {
			t.Errorf("metered %d messages sent; the bus delivered %d and the functions sent %d", total.SQS.MessagesSent, want-sends, sends)
		}
	})
	t.Run("every trace recorded is one, each counted at its root", func(t *testing.T) {
		if total.XRay.Traces != roots {
			t.Errorf("metered %d traces, X-Ray holds %d root segments in the window", total.XRay.Traces, roots)
		}
	})
	t.Run("each function's log bytes are the lines it wrote", func(t *testing.T) {
		bytes, lines := map[string]int64{}, map[string]int64{}
		for _, l := range target.cloud.FunctionLogs(from) {
			if l.Time.After(to) {
				continue
			}
			bytes[l.Function] += int64(len(l.Line))
			lines[l.Function]++
		}
		for _, name := range s.FunctionNames() {
			if lg := s.Functions[name].Logs; lg.Bytes != bytes[name] || lg.Lines != lines[name] {
				t.Errorf("%s: metered %d lines of %d bytes, wrote %d of %d", name, lg.Lines, lg.Bytes, lines[name], bytes[name])
			}
		}
	})
	t.Run("the cost report rests on those orders and gives a figure per 1M", func(t *testing.T) {
		prices, err := cost.Prices()
		if err != nil {
			t.Fatal(err)
		}
		r, err := cost.New(s, prices, functions.All(), cost.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Orders != 3 || r.PerMillionOrdersUSD.Total <= 0 || r.PerMillionOrdersUSD.ByConveyorService["orders"] <= 0 {
			t.Errorf("orders %d, per 1M %+v", r.Orders, r.PerMillionOrdersUSD)
		}
		for _, k := range cost.AWSServices {
			if k != cost.XRay && r.PerMillionOrdersUSD.ByAWSService[k] <= 0 {
				t.Errorf("%s costs nothing per order", k)
			}
		}
	})
}

// receiveEvents takes the events waiting on the queue, waiting a second
// at most for the first.
func receiveEvents(t *testing.T, queueURL string) []eventbustest.Message {
	t.Helper()
	q := target.cloud.Clients.SQS
	out, err := q.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{QueueUrl: aws.String(queueURL), MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
	if err != nil {
		t.Fatal(err)
	}
	var got []eventbustest.Message
	for _, m := range out.Messages {
		var ev eventbustest.Event
		if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &ev); err != nil {
			t.Fatalf("not an EventBridge event: %v\n%s", err, aws.ToString(m.Body))
		}
		if _, err := q.DeleteMessage(t.Context(), &sqs.DeleteMessageInput{QueueUrl: aws.String(queueURL), ReceiptHandle: m.ReceiptHandle}); err != nil {
			t.Fatal(err)
		}
		got = append(got, eventbustest.Message{Message: m, Event: ev})
	}
	return got
}

// measureThreeOrders places three orders one after the other, each waited
// for until it settles (two ship, one is cancelled for want of stock),
// between two quiet points of the meter, and returns the meter's counts,
// the events the bus delivered meanwhile, the window, and how many of
// those events were about other orders or products.
func measureThreeOrders(t *testing.T, queueURL, tok, happyA, happyB, soldOut string) (metering.Snapshot, []eventbustest.Message, time.Time, time.Time, int) {
	t.Helper()
	quietMeter(t)
	for more := receiveEvents(t, queueURL); len(more) > 0; more = receiveEvents(t, queueURL) {
	}
	from := time.Now()
	if _, err := metering.ResetAt(t.Context(), target.cloud.Endpoint); err != nil {
		t.Fatal(err)
	}
	var heard []eventbustest.Message
	ours := map[string]bool{happyA: true, happyB: true, soldOut: true}
	for _, o := range []struct{ sku, ends string }{{happyA, "OrderShipped"}, {happyB, "OrderShipped"}, {soldOut, "OrderCancelled"}} {
		placed := placeOrder(t, tok, fmt.Sprintf(`[{"sku":%q,"quantity":1}]`, o.sku))
		if placed.status != 202 {
			t.Fatalf("place order: %d %s", placed.status, placed.body)
		}
		id := decode[orderView](t, placed.body).ID
		ours[id] = true
		settled := false
		eventually(t, "order "+id+" ends "+o.ends, time.Minute, func() bool {
			for _, m := range receiveEvents(t, queueURL) {
				heard = append(heard, m)
				var data struct {
					OrderID string `json:"orderId"`
				}
				_ = json.Unmarshal(m.Event.Detail.Data, &data)
				settled = settled || (data.OrderID == id && m.Event.DetailType == o.ends)
			}
			return settled
		})
	}
	s := quietMeter(t)
	to := time.Now()
	// The events published after the last settling one (shipping's own,
	// say) are on the listener's queue by now.
	for more := receiveEvents(t, queueURL); len(more) > 0; more = receiveEvents(t, queueURL) {
		heard = append(heard, more...)
	}
	foreign := 0
	for _, m := range heard {
		var data struct {
			OrderID string `json:"orderId"`
			SKU     string `json:"sku"`
		}
		_ = json.Unmarshal(m.Event.Detail.Data, &data)
		if !ours[data.OrderID] && !ours[data.SKU] {
			foreign++
		}
	}
	return s, heard, from, to, foreign
}
