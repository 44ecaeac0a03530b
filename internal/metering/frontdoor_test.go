package metering_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/conveyor-dev/conveyor/internal/metering"
	"github.com/conveyor-dev/conveyor/shared/awsclient"
	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// harness is the meter's front door in front of the test binary's kumo,
// reached through a reverse proxy, with SDK clients that sign as
// functions ("fn.<name>") or as an operator.
type harness struct {
	meter *metering.Meter
	env   kumotest.Env
	url   string
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	env := kumotest.Start(t)
	target, err := url.Parse(env.Endpoint)
	if err != nil {
		t.Fatal(err)
	}
	m := metering.New()
	srv := httptest.NewServer(m.FrontDoor(httputil.NewSingleHostReverseProxy(target), callerOf))
	t.Cleanup(srv.Close)
	return &harness{meter: m, env: env, url: srv.URL}
}

// callerOf names the function whose key signed r, as the emulator's
// front door does ("fn.<function>/<date>/<region>/<service>/aws4_request").
func callerOf(r *http.Request) string {
	_, cred, ok := strings.Cut(r.Header.Get("Authorization"), "Credential=")
	if !ok {
		return ""
	}
	key, _, _ := strings.Cut(cred, "/")
	function, ok := strings.CutPrefix(key, "fn.")
	if !ok {
		return ""
	}
	return function
}

// as is an SDK configuration reaching the front door, signed as function
// ("" for an operator).
func (h *harness) as(function string) aws.Config {
	key := "operator"
	if function != "" {
		key = "fn." + function
	}
	cfg, err := awsclient.Load(context.Background(),
		config.WithRegion(kumotest.Region),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(key, "secret", "")),
		config.WithBaseEndpoint(h.url),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
	)
	if err != nil {
		panic(err)
	}
	return cfg
}

func (h *harness) dynamo(function string) *dynamodb.Client { return awsclient.DynamoDB(h.as(function)) }

// direct is a DynamoDB client reaching kumo itself, unmetered, for setting
// up and checking what a test meters.
func (h *harness) direct() *dynamodb.Client { return h.env.DynamoDB() }

// moved runs f and returns what it added to function's counters.
func (h *harness) moved(t *testing.T, function string, f func()) metering.Usage {
	t.Helper()
	before := h.meter.Snapshot()
	f()
	return h.meter.Snapshot().Sub(before).Functions[function]
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// sized is an item of exactly size bytes as DynamoDB counts them: key
// attributes pk and sk, and a filler attribute "d".
func sized(pk, sk string, size int) map[string]types.AttributeValue {
	fixed := len("pk") + len(pk) + len("sk") + len(sk) + len("d")
	if size < fixed+1 {
		panic(fmt.Sprintf("an item of %d bytes cannot hold its keys", size))
	}
	return map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: pk},
		"sk": &types.AttributeValueMemberS{Value: sk},
		"d":  &types.AttributeValueMemberS{Value: strings.Repeat("x", size-fixed)},
	}
}

func key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: pk},
		"sk": &types.AttributeValueMemberS{Value: sk},
	}
}

// table creates a table with keys pk and sk and an index gsi1 on gpk and
// gsk (projecting every attribute), and returns its name.
func table(t testing.TB, h *harness) string {
	t.Helper()
	name := kumotest.UniqueName(t, "meter")
	kumotest.CreateTable(t, h.direct(), name, spec.Table{
		PartitionKey: spec.Key{Name: "pk", Type: spec.String},
		SortKey:      &spec.Key{Name: "sk", Type: spec.String},
		Indexes: []spec.Index{{Name: "gsi1",
			PartitionKey: spec.Key{Name: "gpk", Type: spec.String}, SortKey: &spec.Key{Name: "gsk", Type: spec.String}}},
		Stream: spec.NewImage,
	})
	return name
}

func put(t testing.TB, c *dynamodb.Client, table string, it map[string]types.AttributeValue) {
	t.Helper()
	if _, err := c.PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: it}); err != nil {
		t.Fatal(err)
	}
}

// zero reports whether u counts nothing.
func zero(u metering.Usage) bool { return reflect.DeepEqual(u, metering.Usage{}) }
