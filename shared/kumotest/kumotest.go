package kumotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/sivchari/kumo"

	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
	"github.com/conveyor-dev/conveyor/shared/awsclient"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// The region and static credentials of the emulator's clients. They are
// not secrets: kumo accepts any.
const (
	Region          = "us-east-1"
	AccessKeyID     = "test"
	SecretAccessKey = "test"
)

// Env is a running emulator.
type Env struct {
	// Endpoint is the emulator's base URL, e.g. "http://127.0.0.1:41234";
	// a process pointed at it uses AWS_ENDPOINT_URL=Endpoint.
	Endpoint string
	// Config is an SDK configuration for the emulator, built by
	// awsclient.Load with the static test credentials, region us-east-1
	// and no shared AWS files.
	Config aws.Config
	// Emulator is the front door Main started, for tests of the front
	// door itself (IAM enforcement); nil for the plain server Start runs
	// without Main.
	Emulator *emulator.Emulator
}

var (
	once     sync.Once
	started  Env
	startErr error
)

// Start returns the emulator of this test binary, starting it on first use.
//
// Under Main it returns the emulator Main started, which serves on
// KUMO_PORT, so kumo's cross-service deliveries (EventBridge to SQS or
// Lambda) reach it. Without Main it starts a plain kumo server on a random
// port: every API works, but those deliveries go to a port nothing serves
// and are lost, so a test that waits for one needs Main.
func Start(tb testing.TB) Env {
	tb.Helper()
	once.Do(func() { started, startErr = newEnv(kumo.NewServer().URL) })
	if startErr != nil {
		tb.Fatal(startErr)
	}
	return started
}

// newEnv returns the Env of the emulator at endpoint.
func newEnv(endpoint string) (Env, error) {
	cfg, err := awsclient.Load(context.Background(),
		config.WithRegion(Region),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, "")),
		config.WithBaseEndpoint(endpoint),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
	)
	if err != nil {
		return Env{}, fmt.Errorf("kumotest: %w", err)
	}
	return Env{Endpoint: endpoint, Config: cfg}, nil
}

// DynamoDB returns a DynamoDB client for the emulator. It does not check
// the response CRC32, which kumo does not send.
func (e Env) DynamoDB() *dynamodb.Client { return awsclient.DynamoDB(e.Config) }

// SQS returns an SQS client for the emulator.
func (e Env) SQS() *sqs.Client { return awsclient.SQS(e.Config) }

// EventBridge returns an EventBridge client for the emulator.
func (e Env) EventBridge() *eventbridge.Client { return awsclient.EventBridge(e.Config) }

// Clients returns the set of clients the local cloud's packages take
// (provision.Apply, the pollers): Config, and DynamoDB, DynamoDB Streams,
// SQS and EventBridge clients built from it.
func (e Env) Clients() awsclients.Clients {
	return awsclients.Clients{
		Config:   e.Config,
		DynamoDB: e.DynamoDB(),
		Streams:  dynamodbstreams.NewFromConfig(e.Config),
		SQS:      e.SQS(),
		Events:   e.EventBridge(),
	}
}

// suffixBytes is how many random bytes end every name: 8 hex digits.
const suffixBytes = 4

// UniqueName returns a name for a resource of the current test: prefix,
// the test's name and a random suffix, in lower-case letters, digits and
// hyphens, at most 80 characters (valid for tables, queues, buses and
// rules). A name that gets suffixes of its own needs Prefix.
func UniqueName(tb testing.TB, prefix string) string {
	tb.Helper()
	base := clean(prefix + "-" + tb.Name())
	if base == "" {
		base = "test"
	}
	return withSuffix(tb, base, 80)
}

// MaxPrefixLength is the length of the longest name Prefix returns.
const MaxPrefixLength = 20

// Prefix returns a short name unique to the current test, for callers
// that build several names from it (e.g. provision.Names, or
// eventbustest.NewRoute, which appends "-queue", "-dlq" and "-rule"):
// the start of the test's name and a random suffix, in lower-case letters,
// digits and hyphens, starting with a letter, at most MaxPrefixLength
// characters. What it leaves room for is the callers' to check: a queue
// name has at most 80 characters, a rule name 64.
func Prefix(tb testing.TB) string {
	tb.Helper()
	base := clean(strings.TrimPrefix(tb.Name(), "Test"))
	if base == "" || base[0] < 'a' || base[0] > 'z' {
		base = "t" + base
	}
	return withSuffix(tb, base, MaxPrefixLength)
}

// clean lower-cases s, turns every run of other characters than letters
// and digits into one hyphen, and trims hyphens from both ends.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		}
		return '-'
	}, s)
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	return strings.Trim(s, "-")
}

// withSuffix cuts base so that base, a hyphen and the random suffix hold
// in maxLen characters, and returns them joined.
func withSuffix(tb testing.TB, base string, maxLen int) string {
	tb.Helper()
	var suffix [suffixBytes]byte
	if _, err := rand.Read(suffix[:]); err != nil {
		tb.Fatalf("kumotest: random name: %v", err)
	}
	if maxBase := maxLen - 1 - 2*suffixBytes; len(base) > maxBase {
		base = strings.TrimRight(base[:maxBase], "-")
	}
	return base + "-" + hex.EncodeToString(suffix[:])
}

// TableInput returns the CreateTable request for a table declared as t:
// its keys, its global secondary indexes (projecting every attribute), its
// stream, billed per request.
func TableInput(name string, t spec.Table) *dynamodb.CreateTableInput {
	in := &dynamodb.CreateTableInput{
		TableName:   aws.String(name),
		BillingMode: types.BillingModePayPerRequest,
	}
	seen := map[string]bool{}
	define := func(k spec.Key) {
		if !seen[k.Name] {
			seen[k.Name] = true
			in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{
				AttributeName: aws.String(k.Name),
				AttributeType: types.ScalarAttributeType(k.Type),
			})
		}
	}
	schema := func(pk spec.Key, sk *spec.Key) []types.KeySchemaElement {
		define(pk)
		out := []types.KeySchemaElement{{AttributeName: aws.String(pk.Name), KeyType: types.KeyTypeHash}}
		if sk != nil {
			define(*sk)
			out = append(out, types.KeySchemaElement{AttributeName: aws.String(sk.Name), KeyType: types.KeyTypeRange})
		}
		return out
	}
	in.KeySchema = schema(t.PartitionKey, t.SortKey)
	for _, ix := range t.Indexes {
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{
			IndexName:  aws.String(ix.Name),
			KeySchema:  schema(ix.PartitionKey, ix.SortKey),
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		})
	}
	if t.Stream != spec.NoStream {
		in.StreamSpecification = &types.StreamSpecification{
			StreamEnabled:  aws.Bool(true),
			StreamViewType: types.StreamViewType(t.Stream),
		}
	}
	return in
}

// tableTimeout bounds how long CreateTable waits for a table to be usable.
const tableTimeout = 30 * time.Second

// CreateTable creates the table name as t declares it (keys, indexes,
// stream, TTL), and waits until it is ACTIVE, polling until a deadline.
func CreateTable(tb testing.TB, client *dynamodb.Client, name string, t spec.Table) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), tableTimeout)
	defer cancel()
	if _, err := client.CreateTable(ctx, TableInput(name, t)); err != nil {
		tb.Fatalf("kumotest: create table %s: %v", name, err)
	}
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		if err == nil && out.Table != nil && out.Table.TableStatus == types.TableStatusActive {
			break
		}
		select {
		case <-ctx.Done():
			tb.Fatalf("kumotest: table %s not ACTIVE within %v (last error: %v)", name, tableTimeout, err)
		case <-tick.C:
		}
	}
	if t.TTLAttribute != "" {
		_, err := client.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
			TableName: aws.String(name),
			TimeToLiveSpecification: &types.TimeToLiveSpecification{
				AttributeName: aws.String(t.TTLAttribute),
				Enabled:       aws.Bool(true),
			},
		})
		if err != nil {
			tb.Fatalf("kumotest: enable TTL on %s: %v", name, err)
		}
	}
}

// Setenv points the process's AWS configuration at the emulator for the
// rest of the test (t.Setenv): AWS_ENDPOINT_URL, the region and the static
// test credentials, and no shared AWS files. A function constructor that
// loads its configuration with awsclient.Load then talks to the emulator,
// as it does under the local cloud. Tests that call it cannot run in
// parallel.
func (e Env) Setenv(t testing.TB) {
	t.Helper()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL":            e.Endpoint,
		"AWS_REGION":                  Region,
		"AWS_DEFAULT_REGION":          Region,
		"AWS_ACCESS_KEY_ID":           AccessKeyID,
		"AWS_SECRET_ACCESS_KEY":       SecretAccessKey,
		"AWS_SESSION_TOKEN":           "",
		"AWS_PROFILE":                 "",
		"AWS_CONFIG_FILE":             os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
	} {
		t.Setenv(k, v)
	}
}
