// Command conveyor-demo runs a scripted scenario against the platform
// `make run` started — a happy order, an out-of-stock order, a declined
// payment and an order placed during a payment provider outage — and
// prints each order's events across services as a timeline, and each
// order's payment. It fails when an order does not settle within -wait.
//
// It listens to the platform bus through a rule and queue of its own on
// the emulator, signs its tokens with the local cloud's key, and drives
// the payment provider simulator through its fault switches.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/client"
	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/internal/localcloud"
	"github.com/conveyor-dev/conveyor/internal/localcloud/auth"
	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
)

func main() {
	api := flag.String("api", "http://127.0.0.1:8080", "the local cloud's API URL")
	emulator := flag.String("emulator", "http://127.0.0.1:4566", "the local cloud's emulator URL")
	stateDir := flag.String("state-dir", "", "the local cloud's state directory (default build/local)")
	wait := flag.Duration("wait", 90*time.Second, "how long to wait for every order to settle")
	flag.Parse()
	if err := run(*api, *emulator, *stateDir, *wait); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

// demo drives the API through its generated client, signed in as an
// admin and as a customer, and the payment provider simulator over HTTP.
type demo struct {
	psp          string
	admin, buyer *client.ClientWithResponses
	http         *http.Client
}

type scenario struct {
	name  string
	sku   string
	qty   int
	order string
}

func run(api, endpoint, stateDir string, wait time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), wait+time.Minute)
	defer cancel()
	if stateDir == "" {
		root, err := localcloud.FindModuleRoot(".")
		if err != nil {
			return err
		}
		stateDir = localcloud.StateDirFor(root)
	}
	pspURL, err := os.ReadFile(filepath.Join(stateDir, localcloud.PSPURLFile))
	if err != nil {
		return fmt.Errorf("is `make run` running? %w", err)
	}
	keys, err := auth.LoadOrCreate(filepath.Join(stateDir, auth.KeyFile))
	if err != nil {
		return err
	}
	d := demo{psp: strings.TrimSpace(string(pspURL)), http: &http.Client{Timeout: 15 * time.Second}}
	adminToken, err := keys.Issue("demo-admin", []string{"admin"}, time.Hour)
	if err != nil {
		return err
	}
	buyerToken, err := keys.Issue(fmt.Sprintf("demo-customer-%d", time.Now().Unix()), nil, time.Hour)
	if err != nil {
		return err
	}
	api = strings.TrimSuffix(api, "/")
	if d.admin, err = client.NewClientWithResponses(api, client.WithHTTPClient(d.http), client.WithBearerToken(adminToken)); err != nil {
		return err
	}
	if d.buyer, err = client.NewClientWithResponses(api, client.WithHTTPClient(d.http), client.WithBearerToken(buyerToken)); err != nil {
		return err
	}
	clients, err := awsclients.New(ctx, endpoint)
	if err != nil {
		return err
	}
	queueURL, cleanup, err := listen(ctx, clients)
	if err != nil {
		return err
	}
	defer cleanup()

	run := fmt.Sprintf("%d", time.Now().Unix()%100000)
	products := []struct {
		sku          string
		price, stock int
	}{{"DEMO-MUG-" + run, 1200, 10}, {"DEMO-LAMP-" + run, 4500, 1}, {"DEMO-PIANO-" + run, 990000, 3}}
	for _, p := range products {
		product, err := d.admin.PutProductWithResponse(ctx, p.sku, nil, client.ProductRequest{
			Name: "Demo " + p.sku, Price: client.PriceRequest{Amount: int64(p.price), Currency: "EUR"},
		})
		if err := answered(product, err, "PUT /products/"+p.sku); err != nil {
			return err
		}
		stock, err := d.admin.SetStockWithResponse(ctx, p.sku, client.StockRequest{OnHand: int64(p.stock)})
		if err := answered(stock, err, "PUT /inventory/"+p.sku); err != nil {
			return err
		}
	}
	fmt.Println("products and stock are set; the payment provider declines amounts above 5000.00 EUR")
	if err := d.setFaults(ctx, pspsim.Faults{DeclineAbove: 500000}); err != nil {
		return err
	}
	defer func() { _ = d.setFaults(context.Background(), pspsim.Faults{}) }()

	scenarios := []*scenario{
		{name: "happy order", sku: products[0].sku, qty: 2},
		{name: "out of stock", sku: products[1].sku, qty: 5},
		{name: "payment declined", sku: products[2].sku, qty: 1},
	}
	for _, s := range scenarios {
		// Orders learns the new products from the catalog's events, a
		// moment after they were created.
		if s.order, err = d.placeOnceKnown(ctx, s.sku, s.qty, 15*time.Second); err != nil {
			return err
		}
		fmt.Printf("placed %-18s order %s\n", s.name, s.order)
	}
	timeline := map[string][]events.Envelope{}
	deadline := time.Now().Add(wait)
	if err := follow(ctx, clients.SQS, queueURL, timeline, scenarios, deadline, nil); err != nil {
		return err
	}

	fmt.Println("payment provider down for 10 s")
	if err := d.setFaults(ctx, pspsim.Faults{DeclineAbove: 500000, Outage: true}); err != nil {
		return err
	}
	outage := &scenario{name: "during an outage", sku: products[0].sku, qty: 1}
	if outage.order, err = d.placeOnceKnown(ctx, outage.sku, outage.qty, 0); err != nil {
		return err
	}
	fmt.Printf("placed %-18s order %s\n", outage.name, outage.order)
	scenarios = append(scenarios, outage)
	healAt := time.Now().Add(10 * time.Second)
	heal := func() error {
		if healAt.IsZero() || time.Now().Before(healAt) {
			return nil
		}
		healAt = time.Time{}
		fmt.Println("payment provider is back; the parked payment is retried")
		return d.setFaults(ctx, pspsim.Faults{DeclineAbove: 500000})
	}
	if err := follow(ctx, clients.SQS, queueURL, timeline, scenarios, deadline, heal); err != nil {
		return err
	}
	print(os.Stdout, scenarios, timeline)
	fmt.Println("\npayments, as GET /payments/{orderId} tells them:")
	for _, s := range scenarios {
		resp, err := d.admin.GetPaymentWithResponse(ctx, s.order)
		switch {
		case err == nil && resp.StatusCode() == http.StatusNotFound:
			fmt.Printf("  %-18s none: the order never reached payments\n", s.name)
		case err != nil:
			return answered(resp, err, "GET /payments/"+s.order)
		case resp.JSON200 == nil:
			return refused(resp, "GET /payments/"+s.order)
		default:
			p := resp.JSON200
			line := string(p.Status)
			if p.DeclineReason != nil && *p.DeclineReason != "" {
				line += " (" + *p.DeclineReason + ")"
			}
			if p.Attempts > 0 {
				line += fmt.Sprintf(", parked %d time(s) while the provider was down", p.Attempts)
			}
			fmt.Printf("  %-18s %s\n", s.name, line)
		}
	}
	return nil
}

// follow collects the platform's events into timeline until every
// scenario's order has settled, calling tick between receives; it fails
// at the deadline.
func follow(ctx context.Context, client *sqs.Client, queueURL string, timeline map[string][]events.Envelope,
	scenarios []*scenario, deadline time.Time, tick func() error) error {
	for !settled(timeline, scenarios) {
		if time.Now().After(deadline) {
			print(os.Stdout, scenarios, timeline)
			return errors.New("not every order settled in time")
		}
		if tick != nil {
			if err := tick(); err != nil {
				return err
			}
		}
		if err := receive(ctx, client, queueURL, timeline); err != nil {
			return err
		}
	}
	return nil
}

// listen routes every platform event to a queue of the demo's own.
func listen(ctx context.Context, c awsclients.Clients) (string, func(), error) {
	name := fmt.Sprintf("conveyor-demo-%d", time.Now().UnixNano()%1_000_000)
	q, err := c.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name)})
	if err != nil {
		return "", nil, fmt.Errorf("create the demo's queue: %w", err)
	}
	attrs, err := c.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	if err != nil {
		return "", nil, err
	}
	bus := provision.DefaultPrefix
	pattern := `{"source":[{"prefix":"conveyor."}]}`
	if _, err := c.Events.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String(name), EventBusName: aws.String(bus), EventPattern: aws.String(pattern), State: ebtypes.RuleStateEnabled}); err != nil {
		return "", nil, fmt.Errorf("listen on bus %s: %w", bus, err)
	}
	arn := attrs.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]
	if _, err := c.Events.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String(name), EventBusName: aws.String(bus), Targets: []ebtypes.Target{{Id: aws.String("demo"), Arn: aws.String(arn)}}}); err != nil {
		return "", nil, err
	}
	cleanup := func() {
		bg := context.Background()
		_, _ = c.Events.RemoveTargets(bg, &eventbridge.RemoveTargetsInput{Rule: aws.String(name), EventBusName: aws.String(bus), Ids: []string{"demo"}})
		_, _ = c.Events.DeleteRule(bg, &eventbridge.DeleteRuleInput{Name: aws.String(name), EventBusName: aws.String(bus)})
		_, _ = c.SQS.DeleteQueue(bg, &sqs.DeleteQueueInput{QueueUrl: q.QueueUrl})
	}
	return aws.ToString(q.QueueUrl), cleanup, nil
}

func receive(ctx context.Context, client *sqs.Client, url string, timeline map[string][]events.Envelope) error {
	out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
	if err != nil {
		return fmt.Errorf("receive events: %w", err)
	}
	for _, m := range out.Messages {
		var ev struct {
			Detail events.Envelope `json:"detail"`
		}
		if json.Unmarshal([]byte(aws.ToString(m.Body)), &ev) == nil {
			var data struct {
				OrderID string `json:"orderId"`
			}
			if json.Unmarshal(ev.Detail.Data, &data) == nil && data.OrderID != "" {
				timeline[data.OrderID] = append(timeline[data.OrderID], ev.Detail)
			}
		}
		_, _ = client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle})
	}
	return nil
}

// settled reports whether every scenario's saga has nothing left to do:
// the order shipped, or it was cancelled with its stock released (when
// some was reserved) and its payment refunded (when it was authorised).
func settled(timeline map[string][]events.Envelope, scenarios []*scenario) bool {
	for _, s := range scenarios {
		seen := map[string]bool{}
		for _, e := range timeline[s.order] {
			seen[e.Type] = true
		}
		done := seen[events.TypeOrderShipped] || (seen[events.TypeOrderCancelled] &&
			(!seen[events.TypeStockReserved] || seen[events.TypeStockReleased]) &&
			(!seen[events.TypePaymentAuthorized] || seen[events.TypePaymentRefunded]))
		if !done {
			return false
		}
	}
	return true
}

func print(w io.Writer, scenarios []*scenario, timeline map[string][]events.Envelope) {
	for _, s := range scenarios {
		evs := timeline[s.order]
		sort.SliceStable(evs, func(i, j int) bool { return evs[i].Time.Before(evs[j].Time) })
		fmt.Fprintf(w, "\n%s — order %s → %s\n", s.name, s.order, outcome(evs))
		if len(evs) == 0 {
			fmt.Fprintln(w, "  (no events seen)")
			continue
		}
		start := evs[0].Time
		for _, e := range evs {
			fmt.Fprintf(w, "  +%6.2fs  %-10s %-18s %s\n", e.Time.Sub(start).Seconds(), strings.TrimPrefix(e.Source, events.SourcePrefix), e.Type, detail(e))
		}
	}
}

// outcome is where the order's events leave it: SHIPPED, or CANCELLED
// with the reason.
func outcome(evs []events.Envelope) string {
	for _, e := range evs {
		switch e.Type {
		case events.TypeOrderShipped:
			return "SHIPPED"
		case events.TypeOrderCancelled:
			var c events.OrderCancelled
			if json.Unmarshal(e.Data, &c) == nil {
				return fmt.Sprintf("CANCELLED (%s)", c.Reason)
			}
			return "CANCELLED"
		}
	}
	return "not settled"
}

// detail picks the fields that say what happened.
func detail(e events.Envelope) string {
	var d map[string]json.RawMessage
	if json.Unmarshal(e.Data, &d) != nil {
		return ""
	}
	var parts []string
	for _, k := range []string{"reason", "total", "amount", "paymentId", "shortages", "carrier", "trackingNumber"} {
		v, ok := d[k]
		if !ok {
			continue
		}
		var m events.Money
		var text string
		switch {
		case (k == "total" || k == "amount") && json.Unmarshal(v, &m) == nil:
			parts = append(parts, fmt.Sprintf("%s %d.%02d %s", k, m.Amount/100, m.Amount%100, m.Currency))
		case json.Unmarshal(v, &text) == nil:
			parts = append(parts, k+" "+text)
		default:
			parts = append(parts, k+" "+string(v))
		}
	}
	return strings.Join(parts, ", ")
}

func (d demo) place(ctx context.Context, sku string, qty int) (*client.PlaceOrderResponse, error) {
	resp, err := d.buyer.PlaceOrderWithResponse(ctx, &client.PlaceOrderParams{IdempotencyKey: fmt.Sprintf("demo-%d", time.Now().UnixNano())},
		client.PlaceOrderRequest{Lines: []client.LineRequest{{Sku: sku, Quantity: qty}}})
	if err != nil {
		return nil, fmt.Errorf("POST /orders: %w", err)
	}
	return resp, nil
}

// placeOnceKnown places the order, trying again while orders does not
// know the product yet (422), until the timeout.
func (d demo) placeOnceKnown(ctx context.Context, sku string, qty int, timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	for {
		resp, err := d.place(ctx, sku, qty)
		if err != nil {
			return "", err
		}
		if resp.JSON202 != nil {
			return resp.JSON202.Id.String(), nil
		}
		if resp.StatusCode() != http.StatusUnprocessableEntity || time.Now().After(deadline) {
			return "", refused(resp, "POST /orders")
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// answer is what every response of the generated client tells.
type answer interface {
	StatusCode() int
	GetBody() []byte
}

// answered is nil when the call succeeded with a 2xx, and otherwise an
// error naming the call, its status and its body.
func answered(resp answer, err error, call string) error {
	if err != nil {
		return fmt.Errorf("%s: %w", call, err)
	}
	if code := resp.StatusCode(); code < 200 || code > 299 {
		return refused(resp, call)
	}
	return nil
}

// refused is the error of a call whose answer is not the one wanted: it
// names the call, the answer's status and its body.
func refused(resp answer, call string) error {
	return fmt.Errorf("%s: %d %s", call, resp.StatusCode(), bytes.TrimSpace(resp.GetBody()))
}

func (d demo) setFaults(ctx context.Context, f pspsim.Faults) error {
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, d.psp+"/faults", bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := d.http.Do(req)
	if err != nil {
		return fmt.Errorf("PUT %s/faults: %w", d.psp, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("PUT %s/faults: %w", d.psp, err)
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("PUT %s/faults: %d %s", d.psp, resp.StatusCode, bytes.TrimSpace(body))
	}
	return nil
}
