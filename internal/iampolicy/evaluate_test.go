package iampolicy_test

import (
	"testing"

	"github.com/conveyor-dev/conveyor/internal/iampolicy"
)

const (
	ordersTable  = "arn:aws:dynamodb:us-east-1:000000000000:table/conveyor-orders"
	catalogTable = "arn:aws:dynamodb:us-east-1:000000000000:table/conveyor-catalog"
	bus          = "arn:aws:events:us-east-1:000000000000:event-bus/conveyor"
)

func allow(sid string, actions, resources []string, conds ...iampolicy.Condition) iampolicy.Statement {
	return iampolicy.Statement{Sid: sid, Effect: iampolicy.Allow, Actions: actions, Resources: resources, Conditions: conds}
}

func deny(sid string, actions, resources []string, conds ...iampolicy.Condition) iampolicy.Statement {
	return iampolicy.Statement{Sid: sid, Effect: iampolicy.Deny, Actions: actions, Resources: resources, Conditions: conds}
}

func list(s ...string) []string { return s }

func TestEvaluate(t *testing.T) {
	ownTable := allow("OwnTable", list("dynamodb:GetItem", "dynamodb:Query"), list(catalogTable, catalogTable+"/index/*"))
	publish := allow("Publish", list("events:PutEvents"), list(bus),
		iampolicy.Condition{Operator: "StringEquals", Key: "events:source", Values: list("conveyor.orders")},
		iampolicy.Condition{Operator: "StringEquals", Key: "events:detail-type", Values: list("OrderPlaced", "OrderCancelled")},
	)
	tests := []struct {
		name       string
		statements []iampolicy.Statement
		req        iampolicy.Request
		want       iampolicy.Decision
		wantSid    string
	}{
		{
			name:       "an allowed action on its own table is allowed",
			statements: []iampolicy.Statement{ownTable},
			req:        iampolicy.Request{Action: "dynamodb:GetItem", Resource: catalogTable},
			want:       iampolicy.Allowed, wantSid: "OwnTable",
		},
		{
			name:       "the same action on another table is implicitly denied",
			statements: []iampolicy.Statement{ownTable},
			req:        iampolicy.Request{Action: "dynamodb:GetItem", Resource: ordersTable},
			want:       iampolicy.ImplicitDeny,
		},
		{
			name:       "an action no statement names is implicitly denied",
			statements: []iampolicy.Statement{ownTable},
			req:        iampolicy.Request{Action: "dynamodb:PutItem", Resource: catalogTable},
			want:       iampolicy.ImplicitDeny,
		},
		{
			name:       "no statements at all deny everything",
			statements: nil,
			req:        iampolicy.Request{Action: "dynamodb:GetItem", Resource: catalogTable},
			want:       iampolicy.ImplicitDeny,
		},
		{
			name: "an explicit deny wins over an allow, whatever their order",
			statements: []iampolicy.Statement{
				ownTable,
				deny("NoReads", list("dynamodb:*"), list("*")),
			},
			req:  iampolicy.Request{Action: "dynamodb:GetItem", Resource: catalogTable},
			want: iampolicy.ExplicitDeny, wantSid: "NoReads",
		},
		{
			name: "a deny that does not match leaves the allow in force",
			statements: []iampolicy.Statement{
				deny("NoOrders", list("dynamodb:*"), list(ordersTable)),
				ownTable,
			},
			req:  iampolicy.Request{Action: "dynamodb:GetItem", Resource: catalogTable},
			want: iampolicy.Allowed, wantSid: "OwnTable",
		},
		{
			name:       "actions match without regard to case",
			statements: []iampolicy.Statement{ownTable},
			req:        iampolicy.Request{Action: "DynamoDB:getitem", Resource: catalogTable},
			want:       iampolicy.Allowed, wantSid: "OwnTable",
		},
		{
			name:       "a star in an action matches the rest of its name",
			statements: []iampolicy.Statement{allow("Reads", list("dynamodb:Get*", "dynamodb:BatchGet*"), list(catalogTable))},
			req:        iampolicy.Request{Action: "dynamodb:GetItem", Resource: catalogTable},
			want:       iampolicy.Allowed, wantSid: "Reads",
		},
		{
			name:       "a question mark in an action matches exactly one character",
			statements: []iampolicy.Statement{allow("One", list("sqs:?endMessage"), list("*"))},
			req:        iampolicy.Request{Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:000000000000:q"},
			want:       iampolicy.Allowed, wantSid: "One",
		},
		{
			name:       "a question mark does not match two characters",
			statements: []iampolicy.Statement{allow("One", list("sqs:?Message"), list("*"))},
			req:        iampolicy.Request{Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:000000000000:q"},
			want:       iampolicy.ImplicitDeny,
		},
		{
			name:       "resources match case-sensitively",
			statements: []iampolicy.Statement{ownTable},
			req:        iampolicy.Request{Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:us-east-1:000000000000:table/Conveyor-Catalog"},
			want:       iampolicy.ImplicitDeny,
		},
		{
			name:       "an index of the table matches the index wildcard",
			statements: []iampolicy.Statement{ownTable},
			req:        iampolicy.Request{Action: "dynamodb:Query", Resource: catalogTable + "/index/by-sku"},
			want:       iampolicy.Allowed, wantSid: "OwnTable",
		},
		{
			name:       "the table ARN alone does not cover its indexes",
			statements: []iampolicy.Statement{allow("TableOnly", list("dynamodb:Query"), list(catalogTable))},
			req:        iampolicy.Request{Action: "dynamodb:Query", Resource: catalogTable + "/index/by-sku"},
			want:       iampolicy.ImplicitDeny,
		},
		{
			name:       "a star in the resource part spans slashes",
			statements: []iampolicy.Statement{allow("Streams", list("dynamodb:GetRecords"), list(catalogTable+"/stream/*"))},
			req:        iampolicy.Request{Action: "dynamodb:GetRecords", Resource: catalogTable + "/stream/2026-11-30T06:05:00.000"},
			want:       iampolicy.Allowed, wantSid: "Streams",
		},
		{
			name:       "stars in the region and account segments match them",
			statements: []iampolicy.Statement{allow("AnyRegion", list("dynamodb:GetItem"), list("arn:aws:dynamodb:*:*:table/conveyor-catalog"))},
			req:        iampolicy.Request{Action: "dynamodb:GetItem", Resource: catalogTable},
			want:       iampolicy.Allowed, wantSid: "AnyRegion",
		},
		{
			name:       "a star inside a segment does not run past its colon",
			statements: []iampolicy.Statement{allow("Inside", list("dynamodb:GetItem"), list("arn:aws:dynamodb:us-*1:table/x"))},
			req:        iampolicy.Request{Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:us-east-1:000000000001:table/x"},
			want:       iampolicy.ImplicitDeny,
		},
		{
			name:       "a star that ends a segment runs on past its colon",
			statements: []iampolicy.Statement{allow("Service", list("dynamodb:GetItem"), list("arn:aws:dynamodb:*"))},
			req:        iampolicy.Request{Action: "dynamodb:GetItem", Resource: catalogTable},
			want:       iampolicy.Allowed, wantSid: "Service",
		},
		{
			name:       "a resource of star matches an action without resource-level permissions",
			statements: []iampolicy.Statement{allow("Traces", list("xray:PutTraceSegments", "xray:PutTelemetryRecords"), list("*"))},
			req:        iampolicy.Request{Action: "xray:PutTraceSegments", Resource: "*"},
			want:       iampolicy.Allowed, wantSid: "Traces",
		},
		{
			name:       "an event whose source and detail type are allowed may be put",
			statements: []iampolicy.Statement{publish},
			req: iampolicy.Request{Action: "events:PutEvents", Resource: bus, Context: map[string][]string{
				"events:source": {"conveyor.orders"}, "events:detail-type": {"OrderPlaced"},
			}},
			want: iampolicy.Allowed, wantSid: "Publish",
		},
		{
			name:       "an event from another source is implicitly denied",
			statements: []iampolicy.Statement{publish},
			req: iampolicy.Request{Action: "events:PutEvents", Resource: bus, Context: map[string][]string{
				"events:source": {"conveyor.payments"}, "events:detail-type": {"OrderPlaced"},
			}},
			want: iampolicy.ImplicitDeny,
		},
		{
			name:       "an event of a detail type not declared is implicitly denied",
			statements: []iampolicy.Statement{publish},
			req: iampolicy.Request{Action: "events:PutEvents", Resource: bus, Context: map[string][]string{
				"events:source": {"conveyor.orders"}, "events:detail-type": {"PaymentCaptured"},
			}},
			want: iampolicy.ImplicitDeny,
		},
		{
			name:       "StringEquals compares values case-sensitively",
			statements: []iampolicy.Statement{publish},
			req: iampolicy.Request{Action: "events:PutEvents", Resource: bus, Context: map[string][]string{
				"events:source": {"Conveyor.Orders"}, "events:detail-type": {"OrderPlaced"},
			}},
			want: iampolicy.ImplicitDeny,
		},
		{
			name:       "condition key names match without regard to case",
			statements: []iampolicy.Statement{publish},
			req: iampolicy.Request{Action: "events:PutEvents", Resource: bus, Context: map[string][]string{
				"Events:Source": {"conveyor.orders"}, "EVENTS:DETAIL-TYPE": {"OrderPlaced"},
			}},
			want: iampolicy.Allowed, wantSid: "Publish",
		},
		{
			name:       "a condition on a key the request lacks does not hold",
			statements: []iampolicy.Statement{publish},
			req:        iampolicy.Request{Action: "events:PutEvents", Resource: bus},
			want:       iampolicy.ImplicitDeny,
		},
		{
			name: "StringLike matches with wildcards",
			statements: []iampolicy.Statement{allow("Like", list("events:PutEvents"), list(bus),
				iampolicy.Condition{Operator: "StringLike", Key: "events:detail-type", Values: list("Order*", "Stock?eserved")})},
			req:  iampolicy.Request{Action: "events:PutEvents", Resource: bus, Context: map[string][]string{"events:detail-type": {"StockReserved"}}},
			want: iampolicy.Allowed, wantSid: "Like",
		},
		{
			name: "StringLike refuses a value no pattern matches",
			statements: []iampolicy.Statement{allow("Like", list("events:PutEvents"), list(bus),
				iampolicy.Condition{Operator: "StringLike", Key: "events:detail-type", Values: list("Order*")})},
			req:  iampolicy.Request{Action: "events:PutEvents", Resource: bus, Context: map[string][]string{"events:detail-type": {"StockReserved"}}},
			want: iampolicy.ImplicitDeny,
		},
		{
			name: "a deny with StringNotEquals refuses every other source",
			statements: []iampolicy.Statement{
				allow("Any", list("events:PutEvents"), list("*")),
				deny("OnlyOrders", list("events:PutEvents"), list("*"),
					iampolicy.Condition{Operator: "StringNotEquals", Key: "events:source", Values: list("conveyor.orders")}),
			},
			req:  iampolicy.Request{Action: "events:PutEvents", Resource: bus, Context: map[string][]string{"events:source": {"conveyor.payments"}}},
			want: iampolicy.ExplicitDeny, wantSid: "OnlyOrders",
		},
		{
			name: "a negated condition holds when the request lacks the key",
			statements: []iampolicy.Statement{allow("NotPayments", list("events:PutEvents"), list("*"),
				iampolicy.Condition{Operator: "StringNotEquals", Key: "events:source", Values: list("conveyor.payments")})},
			req:  iampolicy.Request{Action: "events:PutEvents", Resource: bus},
			want: iampolicy.Allowed, wantSid: "NotPayments",
		},
		{
			name: "IfExists holds when the request lacks the key",
			statements: []iampolicy.Statement{allow("IfThere", list("events:PutEvents"), list("*"),
				iampolicy.Condition{Operator: "StringEqualsIfExists", Key: "events:source", Values: list("conveyor.orders")})},
			req:  iampolicy.Request{Action: "events:PutEvents", Resource: bus},
			want: iampolicy.Allowed, wantSid: "IfThere",
		},
		{
			name: "ForAnyValue holds when one value matches",
			statements: []iampolicy.Statement{allow("Tx", list("dynamodb:PutItem"), list("*"),
				iampolicy.Condition{Operator: "ForAnyValue:StringEquals", Key: "dynamodb:EnclosingOperation", Values: list("TransactWriteItems")})},
			req:  iampolicy.Request{Action: "dynamodb:PutItem", Resource: catalogTable, Context: map[string][]string{"dynamodb:EnclosingOperation": {"TransactWriteItems"}}},
			want: iampolicy.Allowed, wantSid: "Tx",
		},
		{
			name: "ForAnyValue does not hold when the key is absent",
			statements: []iampolicy.Statement{allow("Tx", list("dynamodb:PutItem"), list("*"),
				iampolicy.Condition{Operator: "ForAnyValue:StringEquals", Key: "dynamodb:EnclosingOperation", Values: list("TransactWriteItems")})},
			req:  iampolicy.Request{Action: "dynamodb:PutItem", Resource: catalogTable},
			want: iampolicy.ImplicitDeny,
		},
		{
			name: "ForAllValues needs every value to match",
			statements: []iampolicy.Statement{allow("All", list("dynamodb:GetItem"), list("*"),
				iampolicy.Condition{Operator: "ForAllValues:StringEquals", Key: "dynamodb:Attributes", Values: list("pk", "sk")})},
			req:  iampolicy.Request{Action: "dynamodb:GetItem", Resource: catalogTable, Context: map[string][]string{"dynamodb:Attributes": {"pk", "price"}}},
			want: iampolicy.ImplicitDeny,
		},
		{
			name: "Null true holds only when the key is absent",
			statements: []iampolicy.Statement{deny("NoSource", list("events:PutEvents"), list("*"),
				iampolicy.Condition{Operator: "Null", Key: "events:source", Values: list("true")}),
				allow("Any", list("events:PutEvents"), list("*"))},
			req:  iampolicy.Request{Action: "events:PutEvents", Resource: bus},
			want: iampolicy.ExplicitDeny, wantSid: "NoSource",
		},
		{
			name: "ArnLike matches an ARN with wildcards",
			statements: []iampolicy.Statement{allow("Arn", list("sqs:SendMessage"), list("*"),
				iampolicy.Condition{Operator: "ArnLike", Key: "aws:SourceArn", Values: list("arn:aws:events:*:000000000000:rule/conveyor-*")})},
			req: iampolicy.Request{Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:000000000000:q",
				Context: map[string][]string{"aws:SourceArn": {"arn:aws:events:us-east-1:000000000000:rule/conveyor-orders"}}},
			want: iampolicy.Allowed, wantSid: "Arn",
		},
		{
			name: "an unknown operator never lets an allow apply",
			statements: []iampolicy.Statement{allow("Odd", list("events:PutEvents"), list("*"),
				iampolicy.Condition{Operator: "NumericLessThan", Key: "events:source", Values: list("1")})},
			req:  iampolicy.Request{Action: "events:PutEvents", Resource: bus, Context: map[string][]string{"events:source": {"0"}}},
			want: iampolicy.ImplicitDeny,
		},
		{
			name: "an unknown operator always lets a deny apply",
			statements: []iampolicy.Statement{allow("Any", list("events:PutEvents"), list("*")),
				deny("Odd", list("events:PutEvents"), list("*"),
					iampolicy.Condition{Operator: "NumericLessThan", Key: "events:source", Values: list("1")})},
			req:  iampolicy.Request{Action: "events:PutEvents", Resource: bus},
			want: iampolicy.ExplicitDeny, wantSid: "Odd",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := iampolicy.Evaluate(tt.statements, tt.req)
			if got.Decision != tt.want || got.Sid != tt.wantSid {
				t.Fatalf("Evaluate(%s on %s) = %v by %q, want %v by %q", tt.req.Action, tt.req.Resource, got.Decision, got.Sid, tt.want, tt.wantSid)
			}
			if got.Allowed() != (tt.want == iampolicy.Allowed) {
				t.Fatalf("Allowed() = %v for %v", got.Allowed(), got.Decision)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		s       iampolicy.Statement
		wantErr bool
	}{
		{"a plain allow is valid", allow("A", list("sqs:SendMessage"), list("*")), false},
		{"every supported operator is valid with its qualifiers", allow("A", list("events:PutEvents"), list("*"),
			iampolicy.Condition{Operator: "ForAnyValue:StringLikeIfExists", Key: "k", Values: list("v")},
			iampolicy.Condition{Operator: "ForAllValues:ArnNotEquals", Key: "k", Values: list("v")},
			iampolicy.Condition{Operator: "Null", Key: "k", Values: list("false")},
			iampolicy.Condition{Operator: "Bool", Key: "aws:SecureTransport", Values: list("true")},
		), false},
		{"an unknown operator is refused", allow("A", list("events:PutEvents"), list("*"),
			iampolicy.Condition{Operator: "DateGreaterThan", Key: "aws:CurrentTime", Values: list("2026-01-01T00:00:00Z")}), true},
		{"an unknown effect is refused", iampolicy.Statement{Sid: "A", Effect: "Maybe", Actions: list("a:b"), Resources: list("*")}, true},
		{"a statement without resources is refused", allow("A", list("sqs:SendMessage"), nil), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := iampolicy.Validate([]iampolicy.Statement{tt.s})
			if (err != nil) != tt.wantErr {
				t.Fatalf("Validate: %v, want error %v", err, tt.wantErr)
			}
		})
	}
	for _, op := range iampolicy.SupportedOperators() {
		if !iampolicy.Supported(op) {
			t.Errorf("SupportedOperators lists %q, which Supported refuses", op)
		}
	}
}
