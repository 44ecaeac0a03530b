package adapters_test

import (
	"maps"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions/payments"
	"github.com/conveyor-dev/conveyor/functions/payments/adapters"
	"github.com/conveyor-dev/conveyor/shared/changecapture"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
)

func strAV(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func numAV(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }
func boolAV(v bool) types.AttributeValue  { return &types.AttributeValueMemberBOOL{Value: v} }

var paymentKeys = map[string]types.AttributeValue{"pk": strAV("PAYMENT#order-1"), "sk": strAV("PAYMENT")}

// paymentImage is a payment item of order-1 as the table stores it, in
// status, with the fields of that status and the flow of the write that
// stored it, changed by extra.
func paymentImage(status string, extra map[string]types.AttributeValue) map[string]types.AttributeValue {
	img := map[string]types.AttributeValue{
		"pk": strAV("PAYMENT#order-1"), "sk": strAV("PAYMENT"), "type": strAV("Payment"), "orderId": strAV("order-1"),
		"amount": numAV("1250"), "currency": strAV("EUR"), "status": strAV(status), "attempts": numAV("0"),
		"cancelled": boolAV(false), "uncertain": boolAV(false), "settleAttempts": numAV("0"), "settlementAbandoned": boolAV(false),
		"updatedAt": strAV("2026-11-25T12:00:00Z"), "version": numAV("2"),
		"correlationId": strAV("corr-1"), "causationId": strAV("ev-reserved"),
	}
	switch status {
	case "AUTHORIZED":
		img["authorizationId"], img["authorizedAt"] = strAV("auth_1"), strAV("2026-11-25T12:00:01Z")
	case "DECLINED":
		img["declineReason"], img["declinedAt"] = strAV("amount_limit_exceeded"), strAV("2026-11-25T12:00:02Z")
	case "REFUNDED":
		img["authorizationId"], img["authorizedAt"] = strAV("auth_1"), strAV("2026-11-25T12:00:01Z")
		img["refundId"], img["refundedAt"], img["cancelled"] = strAV("refund_1"), strAV("2026-11-25T12:00:03Z"), boolAV(true)
	}
	maps.Copy(img, extra)
	return img
}

func TestPaymentEventsAnnounceEachStoredDecisionOnce(t *testing.T) {
	cancelled := map[string]types.AttributeValue{"cancelled": boolAV(true)}
	tests := []struct {
		name     string
		change   changecapture.Change
		wantType string
		wantErr  bool
	}{
		{"a payment authorised is PaymentAuthorized",
			changecapture.Change{Kind: changecapture.Modify, Keys: paymentKeys, OldImage: paymentImage("PENDING", nil), NewImage: paymentImage("AUTHORIZED", nil)}, events.TypePaymentAuthorized, false},
		{"a payment authorised after being parked is PaymentAuthorized",
			changecapture.Change{Kind: changecapture.Modify, Keys: paymentKeys, OldImage: paymentImage("PARKED", nil), NewImage: paymentImage("AUTHORIZED", nil)}, events.TypePaymentAuthorized, false},
		{"a payment inserted authorised is PaymentAuthorized",
			changecapture.Change{Kind: changecapture.Insert, Keys: paymentKeys, NewImage: paymentImage("AUTHORIZED", nil)}, events.TypePaymentAuthorized, false},
		{"a payment declined is PaymentDeclined",
			changecapture.Change{Kind: changecapture.Modify, Keys: paymentKeys, OldImage: paymentImage("PARKED", nil), NewImage: paymentImage("DECLINED", nil)}, events.TypePaymentDeclined, false},
		{"a payment inserted declined is PaymentDeclined",
			changecapture.Change{Kind: changecapture.Insert, Keys: paymentKeys, NewImage: paymentImage("DECLINED", map[string]types.AttributeValue{"declineReason": strAV("invalid_amount"), "amount": numAV("0")})}, events.TypePaymentDeclined, false},
		{"a payment refunded is PaymentRefunded",
			changecapture.Change{Kind: changecapture.Modify, Keys: paymentKeys, OldImage: paymentImage("AUTHORIZED", cancelled), NewImage: paymentImage("REFUNDED", nil)}, events.TypePaymentRefunded, false},
		{"an authorisation that landed after the cancel announces nothing",
			changecapture.Change{Kind: changecapture.Modify, Keys: paymentKeys, OldImage: paymentImage("VOIDED", cancelled), NewImage: paymentImage("AUTHORIZED", cancelled)}, "", false},
		{"the cancel of an authorised payment announces nothing",
			changecapture.Change{Kind: changecapture.Modify, Keys: paymentKeys, OldImage: paymentImage("AUTHORIZED", nil), NewImage: paymentImage("AUTHORIZED", cancelled)}, "", false},
		{"a later change of a declined payment announces nothing again",
			changecapture.Change{Kind: changecapture.Modify, Keys: paymentKeys, OldImage: paymentImage("DECLINED", map[string]types.AttributeValue{"uncertain": boolAV(true)}),
				NewImage: paymentImage("DECLINED", map[string]types.AttributeValue{"voidedAuthorizationId": strAV("auth_1"), "voidedAt": strAV("2026-11-25T12:05:00Z")})}, "", false},
		{"a parked payment announces nothing",
			changecapture.Change{Kind: changecapture.Modify, Keys: paymentKeys, OldImage: paymentImage("PENDING", nil), NewImage: paymentImage("PARKED", map[string]types.AttributeValue{"attempts": numAV("1")})}, "", false},
		{"a voided payment announces nothing",
			changecapture.Change{Kind: changecapture.Modify, Keys: paymentKeys, OldImage: paymentImage("PARKED", nil), NewImage: paymentImage("VOIDED", cancelled)}, "", false},
		{"a removed payment announces nothing",
			changecapture.Change{Kind: changecapture.Remove, Keys: paymentKeys, OldImage: paymentImage("AUTHORIZED", nil)}, "", false},
		{"an idempotency record is ignored",
			changecapture.Change{Kind: changecapture.Insert, Keys: map[string]types.AttributeValue{"pk": strAV("IDEMPOTENCY#payments-saga#x"), "sk": strAV("IDEMPOTENCY")}}, "", false},
		{"the shared breaker is ignored",
			changecapture.Change{Kind: changecapture.Insert, Keys: map[string]types.AttributeValue{"pk": strAV("BREAKER#payment-provider"), "sk": strAV("OPEN")}}, "", false},
		{"a change without its new image is an error",
			changecapture.Change{Kind: changecapture.Insert, Keys: paymentKeys}, "", true},
		{"an image that is no payment is an error",
			changecapture.Change{Kind: changecapture.Insert, Keys: paymentKeys, NewImage: paymentImage("LOST", nil)}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := adapters.PaymentEvents(tt.change)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if tt.wantType == "" {
				if len(got) != 0 {
					t.Fatalf("emitted %+v, want nothing", got)
				}
				return
			}
			if len(got) != 1 || got[0].Event.EventType() != tt.wantType {
				t.Fatalf("emitted %+v, want one %s", got, tt.wantType)
			}
			e := got[0]
			if want := eventbus.StableID(payments.Spec.Source(), tt.wantType, "order-1"); e.ID != want {
				t.Errorf("id %s, want %s: the id the saga gave the same fact", e.ID, want)
			}
			if e.CorrelationID != "corr-1" || e.CausationID != "ev-reserved" {
				t.Errorf("flow %s caused by %s, want the stored corr-1 caused by ev-reserved", e.CorrelationID, e.CausationID)
			}
		})
	}
}

func TestPaymentEventsCarryTheStoredFacts(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	emitted := func(t *testing.T, img map[string]types.AttributeValue) changecapture.Emit {
		t.Helper()
		got, err := adapters.PaymentEvents(changecapture.Change{Kind: changecapture.Insert, Keys: paymentKeys, NewImage: img})
		if err != nil || len(got) != 1 {
			t.Fatalf("emitted %+v, %v", got, err)
		}
		return got[0]
	}
	money := events.Money{Amount: 1250, Currency: "EUR"}
	t.Run("PaymentAuthorized", func(t *testing.T) {
		e := emitted(t, paymentImage("AUTHORIZED", nil))
		want := events.PaymentAuthorized{OrderID: "order-1", PaymentID: "auth_1", Amount: money, AuthorizedAt: at("2026-11-25T12:00:01Z")}
		if got, ok := e.Event.(events.PaymentAuthorized); !ok || got != want || !e.Time.Equal(want.AuthorizedAt) {
			t.Errorf("event %#v at %s, want %#v", e.Event, e.Time, want)
		}
	})
	t.Run("PaymentDeclined", func(t *testing.T) {
		e := emitted(t, paymentImage("DECLINED", nil))
		want := events.PaymentDeclined{OrderID: "order-1", Reason: "amount_limit_exceeded", DeclinedAt: at("2026-11-25T12:00:02Z")}
		if got, ok := e.Event.(events.PaymentDeclined); !ok || got != want || !e.Time.Equal(want.DeclinedAt) {
			t.Errorf("event %#v at %s, want %#v", e.Event, e.Time, want)
		}
	})
	t.Run("PaymentRefunded", func(t *testing.T) {
		e := emitted(t, paymentImage("REFUNDED", nil))
		want := events.PaymentRefunded{OrderID: "order-1", PaymentID: "auth_1", Amount: money, RefundedAt: at("2026-11-25T12:00:03Z")}
		if got, ok := e.Event.(events.PaymentRefunded); !ok || got != want || !e.Time.Equal(want.RefundedAt) {
			t.Errorf("event %#v at %s, want %#v", e.Event, e.Time, want)
		}
	})
}
