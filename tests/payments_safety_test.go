package tests

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/internal/poll"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
)

// settlementView is the settlement part of GET /payments/{orderId}.
type settlementView struct {
	Status                string `json:"status"`
	Cancelled             bool   `json:"cancelled"`
	Uncertain             bool   `json:"uncertain"`
	VoidedAuthorizationID string `json:"voidedAuthorizationId"`
	SettleAttempts        int    `json:"settleAttempts"`
	SettlementAbandoned   bool   `json:"settlementAbandoned"`
}

// settlement reads the settlement of an order's payment as an admin.
func settlement(t *testing.T, orderID string) settlementView {
	t.Helper()
	r := request(t, "GET", "/payments/"+orderID, target.adminToken, "", nil)
	if r.status != 200 {
		t.Fatalf("GET /payments/%s: %d %s", orderID, r.status, r.body)
	}
	return decode[settlementView](t, r.body)
}

// awaitSagaIdle waits until payments-saga's queue holds no message,
// visible, in flight or delayed: no payment of an earlier test is still
// being authorised, retried or settled, so provider faults set next touch
// only what the test places.
func awaitSagaIdle(t *testing.T, timeout time.Duration) {
	t.Helper()
	sub, _ := payments.Spec.Subscription(payments.SagaSubscription)
	q := target.cloud.Platform.Queues[provision.QueueKey(payments.Spec, sub)]
	names := []sqstypes.QueueAttributeName{
		sqstypes.QueueAttributeNameApproximateNumberOfMessages,
		sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
		sqstypes.QueueAttributeNameApproximateNumberOfMessagesDelayed,
	}
	eventually(t, "payments-saga's queue is idle", timeout, func() bool {
		out, err := target.cloud.Clients.SQS.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(q.URL), AttributeNames: names})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if out.Attributes[string(n)] != "0" {
				return false
			}
		}
		return breakerState(t) == "closed"
	})
}

// sagaDLQIsEmpty fails the test when payments-saga's dead-letter queue
// holds a message.
func sagaDLQIsEmpty(t *testing.T) {
	t.Helper()
	sub, _ := payments.Spec.Subscription(payments.SagaSubscription)
	q := target.cloud.Platform.Queues[provision.QueueKey(payments.Spec, sub)]
	out, err := target.cloud.Clients.SQS.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{
		QueueUrl:       aws.String(q.DLQURL),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameApproximateNumberOfMessages},
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := out.Attributes[string(sqstypes.QueueAttributeNameApproximateNumberOfMessages)]; n != "0" {
		// Say what they are, and why they were given up when EventBridge
		// put them there, without taking them off the queue.
		got, _ := target.cloud.Clients.SQS.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(q.DLQURL), MaxNumberOfMessages: 10, VisibilityTimeout: 0,
			MessageAttributeNames: []string{"All"}, MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll},
		})
		var what []string
		if got != nil {
			for _, m := range got.Messages {
				attrs := map[string]string{}
				for k, v := range m.MessageAttributes {
					attrs[k] = aws.ToString(v.StringValue)
				}
				what = append(what, fmt.Sprintf("%.300s %v receives=%s", aws.ToString(m.Body), attrs, m.Attributes["ApproximateReceiveCount"]))
			}
		}
		t.Errorf("payments-saga's DLQ holds %s messages:\n%s", n, strings.Join(what, "\n"))
	}
}

func TestACancelWhileThePaymentIsParkedVoidsWhatTheSlowProviderAuthorised(t *testing.T) {
	localOnly(t)
	// The provider answers after the saga's call timeout: it authorises
	// the first try, and the saga never learns the authorisation's id.
	awaitSagaIdle(t, 3*time.Minute)
	providerFaults(t, pspsim.Faults{LatencyMS: 2500})
	tok, id, sku := placedOne(t, 1900, 5)
	// A breaker another test left open parks the first attempts without a
	// call; the parked retry that follows reaches the provider.
	var auths []pspsim.Entry
	eventually(t, "a timed-out authorisation is parked", 30*time.Second, func() bool {
		p, _ := payment(t, id)
		auths = ledger(id, pspsim.KindAuthorization)
		return p.Status == "PARKED" && len(auths) > 0
	})
	if len(auths) != 1 {
		t.Fatalf("the slow provider recorded %d authorisations, want one under the order's key", len(auths))
	}
	if r := request(t, "POST", "/orders/"+id+"/cancel", tok, "", nil); r.status >= 300 {
		t.Fatalf("cancel: %d %s", r.status, r.body)
	}
	awaitOrder(t, id, statusCancelled, 10*time.Second)
	awaitPayment(t, id, "VOIDED", 10*time.Second)
	if err := target.cloud.PSP.SetFaults(pspsim.Faults{}); err != nil {
		t.Fatal(err)
	}
	// The voids tried while the provider was slow are parked, each retry
	// twice as late as the one before (SETTLE_FIRST_DELAY 5 s): a few
	// failed ones put the next a minute or more away.
	if !poll.Within(150*time.Second, func() bool {
		voids := ledger(id, pspsim.KindVoid)
		return len(voids) == 1 && voids[0].AuthorizationID == auths[0].ID && settlement(t, id).VoidedAuthorizationID == auths[0].ID
	}) {
		t.Fatalf("the authorisation %s of order %s was not voided at the provider within 150s: payment %+v, voids %+v",
			auths[0].ID, id, settlement(t, id), ledger(id, pspsim.KindVoid))
	}
	if s := settlement(t, id); s.Status != "VOIDED" || s.Uncertain {
		t.Errorf("payment %+v, want VOIDED and settled", s)
	}
	if n := len(ledger(id, pspsim.KindAuthorization)); n != 1 {
		t.Errorf("%d authorisations, want the one", n)
	}
	if n := len(ledger(id, pspsim.KindRefund)); n != 0 {
		t.Errorf("%d refunds of a voided authorisation", n)
	}
	awaitStock(t, sku, stockLevel{OnHand: 5, Reserved: 0, Available: 5}, 10*time.Second)
	sagaDLQIsEmpty(t)
}

func TestARefundDuringAProviderOutageIsMadeOnceTheProviderIsBack(t *testing.T) {
	localOnly(t)
	awaitSagaIdle(t, 3*time.Minute)
	holdShipping(t)
	tok, id, sku := placedOne(t, 2300, 5)
	awaitOrder(t, id, statusConfirmed, 30*time.Second)
	providerFaults(t, pspsim.Faults{Outage: true})
	if r := request(t, "POST", "/orders/"+id+"/cancel", tok, "", nil); r.status >= 300 {
		t.Fatalf("cancel: %d %s", r.status, r.body)
	}
	awaitOrder(t, id, statusCancelled, 10*time.Second)
	eventually(t, "the refund is parked, the cancellation handled", 30*time.Second, func() bool {
		s := settlement(t, id)
		return s.Status == "AUTHORIZED" && s.Cancelled && s.SettleAttempts >= 1
	})
	if err := target.cloud.PSP.SetFaults(pspsim.Faults{}); err != nil {
		t.Fatal(err)
	}
	p := awaitPayment(t, id, "REFUNDED", 90*time.Second)
	if refunds := ledger(id, pspsim.KindRefund); len(refunds) != 1 || refunds[0].ID != p.RefundID || refunds[0].Amount.Amount != 2300 {
		t.Errorf("ledger %+v, want one refund %s of 2300", refunds, p.RefundID)
	}
	awaitStock(t, sku, stockLevel{OnHand: 5, Reserved: 0, Available: 5}, 10*time.Second)
	sagaDLQIsEmpty(t)
}
