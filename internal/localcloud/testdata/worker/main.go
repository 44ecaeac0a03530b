// Command worker is a function for the local cloud tests. Through the API
// it publishes events (POST /events) and reads what it stored (GET
// /things/{id}); from its queue it stores each event's id, failing those
// whose id starts with "fail".
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

type worker struct {
	db    *dynamodb.Client
	bus   *eventbridge.Client
	table string
	name  string
}

func (w worker) handle(ctx context.Context, raw json.RawMessage) (any, error) {
	var probe struct {
		Records    []json.RawMessage `json:"Records"`
		HTTPMethod string            `json:"httpMethod"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, err
	}
	if probe.HTTPMethod != "" {
		var req events.APIGatewayProxyRequest
		if err := json.Unmarshal(raw, &req); err != nil {
			return nil, err
		}
		return w.api(ctx, req)
	}
	var ev events.SQSEvent
	if err := json.Unmarshal(raw, &ev); err != nil {
		return nil, err
	}
	return w.consume(ctx, ev)
}

func (w worker) api(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	switch {
	case req.HTTPMethod == "POST" && req.Resource == "/events":
		_, err := w.bus.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{{
			EventBusName: aws.String(w.name), Source: aws.String("conveyor.worker"),
			DetailType: aws.String("ThingHappened"), Detail: aws.String(req.Body),
		}}})
		if err != nil {
			return events.APIGatewayProxyResponse{}, err
		}
		return events.APIGatewayProxyResponse{StatusCode: 202, Body: `{"accepted":true}`}, nil
	case req.HTTPMethod == "GET" && req.Resource == "/things/{id}":
		out, err := w.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(w.table),
			Key: map[string]ddbtypes.AttributeValue{"pk": &ddbtypes.AttributeValueMemberS{Value: req.PathParameters["id"]}}})
		if err != nil {
			return events.APIGatewayProxyResponse{}, err
		}
		if out.Item == nil {
			return events.APIGatewayProxyResponse{StatusCode: 404, Body: `{"found":false}`}, nil
		}
		sub := ""
		if claims, ok := req.RequestContext.Authorizer["claims"].(map[string]any); ok {
			sub, _ = claims["sub"].(string)
		}
		return events.APIGatewayProxyResponse{StatusCode: 200, Body: fmt.Sprintf(`{"found":true,"caller":%q}`, sub)}, nil
	}
	return events.APIGatewayProxyResponse{StatusCode: 400}, nil
}

func (w worker) consume(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	for _, m := range ev.Records {
		var envelope struct {
			Detail struct {
				ID string `json:"id"`
			} `json:"detail"`
		}
		if err := json.Unmarshal([]byte(m.Body), &envelope); err != nil || envelope.Detail.ID == "" {
			return resp, errors.New("message is not an event with an id")
		}
		if strings.HasPrefix(envelope.Detail.ID, "fail") {
			fmt.Fprintf(os.Stderr, "refusing %s\n", envelope.Detail.ID)
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
			continue
		}
		_, err := w.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(w.table),
			Item: map[string]ddbtypes.AttributeValue{"pk": &ddbtypes.AttributeValueMemberS{Value: envelope.Detail.ID}}})
		if err != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
		}
	}
	return resp, nil
}

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "load AWS config:", err)
		os.Exit(1)
	}
	w := worker{
		db:  dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.DisableValidateResponseChecksum = true }),
		bus: eventbridge.NewFromConfig(cfg), table: os.Getenv("TABLE_NAME"), name: os.Getenv("EVENT_BUS_NAME"),
	}
	if w.table == "" || w.name == "" {
		fmt.Fprintln(os.Stderr, "TABLE_NAME and EVENT_BUS_NAME are required")
		os.Exit(1)
	}
	lambda.Start(w.handle)
}
