package emulator_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/conveyor-dev/conveyor/shared/kumotest"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// The tests in this file check the per-table locking carried in
// third_party/kumo: calls on different tables run side by side, and a
// transaction or batch over several tables is still one change that no
// other call sees half done.

// ledger is two tables of accounts that money moves between.
type ledger struct {
	db       *dynamodb.Client
	tables   [2]string
	accounts int
	opening  int
}

// accountKey is the key of account i.
func accountKey(i int) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"pk": str(fmt.Sprintf("ACCT#%02d", i)), "sk": str("BALANCE")}
}

// balanceOf reads the balance attribute of an account item.
func balanceOf(t *testing.T, it map[string]types.AttributeValue) int {
	t.Helper()
	n, ok := it["balance"].(*types.AttributeValueMemberN)
	if !ok {
		t.Fatalf("item %v has no numeric balance", it)
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// transfer moves amount from account from of table tables[fromTable] to
// account to of tables[toTable], recording it in a ledger entry of the
// receiving table, all in one transaction that fails when the balance is
// short. It reports whether the money moved.
func (l ledger) transfer(t *testing.T, fromTable, from, toTable, to, amount int, entry string) bool {
	t.Helper()
	amt := map[string]types.AttributeValue{":amount": num(strconv.Itoa(amount))}
	_, err := l.db.TransactWriteItems(t.Context(), &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Update: &types.Update{
			TableName: aws.String(l.tables[fromTable]), Key: accountKey(from),
			UpdateExpression:          aws.String("SET balance = balance - :amount"),
			ConditionExpression:       aws.String("balance >= :amount"),
			ExpressionAttributeValues: amt,
		}},
		{Update: &types.Update{
			TableName: aws.String(l.tables[toTable]), Key: accountKey(to),
			UpdateExpression:          aws.String("SET balance = balance + :amount"),
			ExpressionAttributeValues: amt,
		}},
		{Put: &types.Put{
			TableName: aws.String(l.tables[toTable]),
			Item:      map[string]types.AttributeValue{"pk": str("ENTRY"), "sk": str(entry), "amount": num(strconv.Itoa(amount))},
		}},
	}})
	var canceled *types.TransactionCanceledException
	switch {
	case err == nil:
		return true
	case errors.As(err, &canceled):
		return false
	default:
		t.Errorf("transfer %s: %v", entry, err)
		return false
	}
}

// total reads every account of both tables in one TransactGetItems and
// returns the sum of their balances and the lowest balance.
func (l ledger) total(t *testing.T) (sum, lowest int) {
	t.Helper()
	var gets []types.TransactGetItem
	for _, table := range l.tables {
		for i := range l.accounts {
			gets = append(gets, types.TransactGetItem{Get: &types.Get{TableName: aws.String(table), Key: accountKey(i)}})
		}
	}
	out, err := l.db.TransactGetItems(t.Context(), &dynamodb.TransactGetItemsInput{TransactItems: gets})
	if err != nil {
		t.Fatal(err)
	}
	lowest = l.opening
	for _, r := range out.Responses {
		b := balanceOf(t, r.Item)
		sum += b
		lowest = min(lowest, b)
	}
	return sum, lowest
}

// TestTransfersBetweenTwoTablesConserveTheSum moves money between the
// accounts of two tables in transactions, while other writers change
// both tables item by item and in batches, and readers sum every balance
// in one TransactGetItems. A transaction seen half applied, or whose
// condition was checked apart from its write, breaks the sum or drives a
// balance below zero; a stream record written out of turn breaks the
// chain of its item's images; a key index out of step with its table
// loses ledger entries from Query.
func TestTransfersBetweenTwoTablesConserveTheSum(t *testing.T) {
	env := kumotest.Start(t)
	l := ledger{db: env.DynamoDB(), accounts: 6, opening: 30}
	for i := range l.tables {
		l.tables[i] = kumotest.UniqueName(t, fmt.Sprintf("ledger-%d", i))
		kumotest.CreateTable(t, l.db, l.tables[i], spec.Table{
			PartitionKey: stringKey("pk"), SortKey: ptr(stringKey("sk")), Stream: spec.NewAndOldImages,
		})
		for a := range l.accounts {
			it := accountKey(a)
			it["balance"] = num(strconv.Itoa(l.opening))
			if _, err := l.db.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: aws.String(l.tables[i]), Item: it}); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := 2 * l.accounts * l.opening

	const movers, moves = 4, 60
	var (
		writers sync.WaitGroup
		readers sync.WaitGroup
		done    = make(chan struct{})
		entries [2]atomic.Int64
		reads   atomic.Int64
	)
	for w := range movers {
		writers.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for n := range moves {
				fromTable, toTable := rng.IntN(2), rng.IntN(2)
				from, to := rng.IntN(l.accounts), rng.IntN(l.accounts)
				if fromTable == toTable && from == to {
					to = (to + 1) % l.accounts
				}
				if l.transfer(t, fromTable, from, toTable, to, 1+rng.IntN(l.opening), fmt.Sprintf("%d-%03d", w, n)) {
					entries[toTable].Add(1)
				}
			}
		})
	}
	// Item writes and batches over both tables, on items of their own.
	writers.Go(func() {
		for n := range moves {
			for _, table := range l.tables {
				it := map[string]types.AttributeValue{"pk": str("NOISE"), "sk": str(strconv.Itoa(n % 5)), "n": num(strconv.Itoa(n))}
				if _, err := l.db.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: aws.String(table), Item: it}); err != nil {
					t.Error(err)
				}
			}
			batch := map[string][]types.WriteRequest{}
			for _, table := range l.tables {
				batch[table] = []types.WriteRequest{
					{PutRequest: &types.PutRequest{Item: map[string]types.AttributeValue{"pk": str("BATCH"), "sk": str(strconv.Itoa(n))}}},
					{DeleteRequest: &types.DeleteRequest{Key: map[string]types.AttributeValue{"pk": str("NOISE"), "sk": str(strconv.Itoa((n + 2) % 5))}}},
				}
			}
			if _, err := l.db.BatchWriteItem(t.Context(), &dynamodb.BatchWriteItemInput{RequestItems: batch}); err != nil {
				t.Error(err)
			}
		}
	})
	for range 2 {
		readers.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				sum, lowest := l.total(t)
				reads.Add(1)
				if sum != want || lowest < 0 {
					t.Errorf("read %d: the balances sum to %d with the lowest at %d; want %d and none below zero", reads.Load(), sum, lowest, want)
					return
				}
			}
		})
	}
	writers.Wait()
	close(done)
	readers.Wait()
	if t.Failed() {
		return
	}
	if sum, lowest := l.total(t); sum != want || lowest < 0 {
		t.Fatalf("after every transfer the balances sum to %d with the lowest at %d; want %d and none below zero", sum, lowest, want)
	}
	t.Logf("%d reads of every balance while %d transactions ran", reads.Load(), movers*moves)

	for i, table := range l.tables {
		checkEntries(t, l.db, table, int(entries[i].Load()))
		checkImageChains(t, env, l, table)
	}
}

// checkEntries checks that a Query of the ledger entries of table finds
// as many as the transfers that committed one there.
func checkEntries(t *testing.T, db *dynamodb.Client, table string, want int) {
	t.Helper()
	got := queryAll(t, db, dynamodb.QueryInput{
		TableName: aws.String(table), KeyConditionExpression: aws.String("pk = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str("ENTRY")},
	}, 7, "sk")
	if len(got) != want {
		t.Errorf("%s: Query finds %d ledger entries, want the %d committed", table, len(got), want)
	}
}

// checkImageChains checks the stream of one ledger table: for each
// account, each record's old image is the previous record's new image,
// and the last new image is the account as it is.
func checkImageChains(t *testing.T, env kumotest.Env, l ledger, table string) {
	t.Helper()
	last := map[string]int{}
	for _, rec := range streamRecords(t, env.Clients().Streams, table, l.db) {
		d := rec.Dynamodb
		pk := attrStreamText(d.Keys["pk"])
		if len(pk) < 5 || pk[:5] != "ACCT#" {
			continue
		}
		next := streamBalance(t, d.NewImage)
		if prev, seen := last[pk]; seen {
			if old := streamBalance(t, d.OldImage); old != prev {
				t.Fatalf("%s: record %s of %s has old balance %d, but the record before left it at %d",
					table, aws.ToString(d.SequenceNumber), pk, old, prev)
			}
		}
		last[pk] = next
	}
	for i := range l.accounts {
		out, err := l.db.GetItem(t.Context(), &dynamodb.GetItemInput{TableName: aws.String(table), Key: accountKey(i)})
		if err != nil {
			t.Fatal(err)
		}
		pk := fmt.Sprintf("ACCT#%02d", i)
		if got, want := last[pk], balanceOf(t, out.Item); got != want {
			t.Errorf("%s: the stream's last image of %s has balance %d, the table %d", table, pk, got, want)
		}
	}
}

// attrStreamText is a stream string attribute's value.
func attrStreamText(v streamtypes.AttributeValue) string {
	if s, ok := v.(*streamtypes.AttributeValueMemberS); ok {
		return s.Value
	}
	return ""
}

// streamBalance reads the balance of an account image of a stream record.
func streamBalance(t *testing.T, image map[string]streamtypes.AttributeValue) int {
	t.Helper()
	n, ok := image["balance"].(*streamtypes.AttributeValueMemberN)
	if !ok {
		t.Fatalf("stream image %v has no numeric balance", image)
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// BenchmarkPutItemBesideABusyTable measures PutItem on one table, from
// eight concurrent clients, while another table is idle, scanned without
// pause (each Scan reads 20,000 items), or written by four other clients.
// Calls on one table must not wait for calls on another: besides the
// time per call, which on two cores also counts the other table's calls'
// CPU, it reports mutex-wait-ns/op, the time the process's goroutines
// spent blocked on a mutex per call.
func BenchmarkPutItemBesideABusyTable(b *testing.B) {
	env := kumotest.Start(b)
	db := env.DynamoDB()
	quiet := kumotest.UniqueName(b, "quiet")
	busy := kumotest.UniqueName(b, "busy")
	for _, table := range []string{quiet, busy} {
		kumotest.CreateTable(b, db, table, spec.Table{PartitionKey: stringKey("pk"), SortKey: ptr(stringKey("sk"))})
	}
	fillBenchTable(b, db, busy, 20_000, 10)
	load := map[string]func(stop <-chan struct{}) error{
		"idle": nil,
		"scanned": func(stop <-chan struct{}) error {
			in := &dynamodb.ScanInput{TableName: aws.String(busy), FilterExpression: aws.String("attribute_exists(nothing)")}
			for {
				select {
				case <-stop:
					return nil
				default:
				}
				if _, err := db.Scan(b.Context(), in); err != nil {
					return err
				}
			}
		},
		"written": func(stop <-chan struct{}) error {
			var g sync.WaitGroup
			errs := make([]error, 4)
			for w := range errs {
				g.Go(func() {
					for n := 0; ; n++ {
						select {
						case <-stop:
							return
						default:
						}
						it := map[string]types.AttributeValue{"pk": str(fmt.Sprintf("W%d", w)), "sk": str(strconv.Itoa(n % 100)), "n": num(strconv.Itoa(n))}
						if _, err := db.PutItem(b.Context(), &dynamodb.PutItemInput{TableName: aws.String(busy), Item: it}); err != nil {
							errs[w] = err
							return
						}
					}
				})
			}
			g.Wait()
			return errors.Join(errs...)
		},
	}
	for _, name := range []string{"idle", "scanned", "written"} {
		b.Run("other="+name, func(b *testing.B) {
			stop := make(chan struct{})
			loadErr := make(chan error, 1)
			if run := load[name]; run != nil {
				go func() { loadErr <- run(stop) }()
			} else {
				loadErr <- nil
			}
			var next atomic.Int64
			b.SetParallelism(4)
			b.ResetTimer()
			defer mutexWaitPerOp(b)()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					n := next.Add(1)
					it := map[string]types.AttributeValue{"pk": str(fmt.Sprintf("P%d", n%64)), "sk": str(strconv.FormatInt(n, 10))}
					if _, err := db.PutItem(b.Context(), &dynamodb.PutItemInput{TableName: aws.String(quiet), Item: it}); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			close(stop)
			if err := <-loadErr; err != nil {
				b.Fatal(err)
			}
		})
	}
}

// mutexWaitPerOp starts counting the time the process's goroutines spend
// blocked on sync.Mutex and sync.RWMutex; the function it returns reports
// it per operation, as mutex-wait-ns/op.
func mutexWaitPerOp(b *testing.B) func() {
	start := mutexWait()
	return func() { b.ReportMetric(float64(mutexWait()-start)/float64(b.N), "mutex-wait-ns/op") }
}

// mutexWait is the time the process's goroutines have spent blocked on
// sync.Mutex and sync.RWMutex, in nanoseconds.
func mutexWait() float64 {
	sample := []metrics.Sample{{Name: "/sync/mutex/wait/total:seconds"}}
	metrics.Read(sample)
	return sample[0].Value.Float64() * 1e9
}
