// Command program is the fixture of the codecalls tests: it reaches a
// DynamoDB read, a transaction, a query of an index and a send through
// interfaces, and holds a scan and a table query it never calls.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

type db interface {
	GetItem(context.Context, *dynamodb.GetItemInput, ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	Query(context.Context, *dynamodb.QueryInput, ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
	Scan(context.Context, *dynamodb.ScanInput, ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error)
	TransactWriteItems(context.Context, *dynamodb.TransactWriteItemsInput, ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
}

type sender interface {
	SendMessage(context.Context, *sqs.SendMessageInput, ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
}

type store struct{ db db }

func (s store) read(ctx context.Context) {
	_, _ = s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("t")})
	_, _ = s.db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("t"), IndexName: aws.String("gsi1")})
	items := []types.TransactWriteItem{{Put: &types.Put{}}}
	items = append(items, types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{}})
	_, _ = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
}

// unused is never called: its scan and table query are not the program's.
func (s store) unused(ctx context.Context) {
	_, _ = s.db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("t")})
	_, _ = s.db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("t")})
}

func send(ctx context.Context, q sender) {
	_, _ = q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String("q")})
}

func main() {
	ctx := context.Background()
	s := store{db: dynamodb.New(dynamodb.Options{})}
	s.read(ctx)
	send(ctx, sqs.New(sqs.Options{}))
	_ = s.unused
}
