package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/internal/chaos"
)

// SetChaos makes the front door inject the faults in decides into the
// requests the functions sign (see FunctionKeyPrefix): added latency on
// any call, throttling of DynamoDB calls and partial failures of
// PutEvents, each answered as AWS answers it. Requests signed with any
// other key (the platform's own, an operator's, a test's) are left alone.
// nil stops injecting.
func (e *Emulator) SetChaos(in *chaos.Injector) { e.chaos.Store(in) }

// The DynamoDB operations the front door may throttle: those that read or
// write items. The control plane (CreateTable, DescribeTable, ...) is left
// alone.
var throttledOperations = map[string]bool{
	"GetItem": true, "PutItem": true, "UpdateItem": true, "DeleteItem": true, "Query": true, "Scan": true,
	"BatchGetItem": true, "BatchWriteItem": true, "TransactWriteItems": true, "TransactGetItems": true,
}

// readOperations are the throttled operations that only read, for the
// throttling reason (TableRead... or TableWrite...).
var readOperations = map[string]bool{"GetItem": true, "Query": true, "Scan": true, "BatchGetItem": true, "TransactGetItems": true}

// injecting injects the chaos faults into the functions' requests; it
// runs after IAM, as AWS authorises a request before throttling it.
func (e *Emulator) injecting(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		in := e.chaos.Load()
		if in == nil || !in.Faults().Any() {
			next.ServeHTTP(w, r)
			return
		}
		sc, ok := signingScope(r)
		function, isFunction := strings.CutPrefix(sc.accessKey, FunctionKeyPrefix)
		if !ok || !isFunction {
			next.ServeHTTP(w, r)
			return
		}
		if d := in.Latency(function); d > 0 {
			in.Record(chaos.KindLatency, 1)
			if !sleepFor(r.Context(), d) {
				return
			}
		}
		target := r.Header.Get("X-Amz-Target")
		switch {
		case strings.HasPrefix(target, targetDynamoDB):
			op := strings.TrimPrefix(target, targetDynamoDB)
			if throttledOperations[op] && in.Faults().Throttle.Rate > 0 && e.throttle(w, r, in, function, op) {
				return
			}
		case target == targetEvents+"PutEvents" && in.Faults().PutEvents.Rate > 0:
			e.putEventsPartially(w, r, next, in, function)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// sleepFor waits d, or until ctx ends; it reports whether d passed.
func sleepFor(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// rereadBody reads the request's body and puts it back for the next
// handler.
func rereadBody(r *http.Request) ([]byte, error) {
	body, err := readBody(r.Body, r.ContentLength, maxAuthorizedBody+1)
	_ = r.Body.Close()
	if err != nil {
		return nil, err
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body, nil
}

// throttle answers the DynamoDB request with a throttling error when in
// says so, and reports whether it did.
func (e *Emulator) throttle(w http.ResponseWriter, r *http.Request, in *chaos.Injector, function, op string) bool {
	body, err := rereadBody(r)
	if err != nil {
		return false
	}
	req, err := readDynamoRequest(body)
	if err != nil {
		return false // kumo answers a body it cannot read
	}
	table, index, items := req.TableName, req.IndexName, len(req.TransactItems)
	if table == "" {
		for _, name := range sortedKeys(req.RequestItems) {
			table = name
			break
		}
	}
	for _, item := range req.TransactItems {
		for _, t := range item {
			if table == "" {
				table = t
			}
		}
	}
	if table == "" || !in.Throttle(function, table) {
		return false
	}
	sc, _ := signingScope(r)
	account := DefaultAccountID
	if en := e.enforcement.Load(); en != nil {
		account = en.AccountID
	}
	resource := arns{region: sc.region, account: account}.table(table)
	kind := "Table"
	if index != "" {
		resource += "/index/" + index
		kind = "Index"
	}
	access := "Write"
	if readOperations[op] {
		access = "Read"
	}
	shapes := 2
	if items > 0 {
		shapes = 3
	}
	switch in.Choose(shapes) {
	case 0:
		in.Record(chaos.KindThrottleProvisioned, 1)
		writeDynamoError(w, dynamoErrorType+"ProvisionedThroughputExceededException", map[string]any{
			"message":           throughputExceeded,
			"ThrottlingReasons": []map[string]string{{"reason": kind + access + "KeyRangeThroughputExceeded", "resource": resource}},
		})
	case 1:
		in.Record(chaos.KindThrottleThrottling, 1)
		// DynamoDB's ThrottlingException is the shared availability
		// shape: another namespace, and its list in lower camel case.
		writeDynamoError(w, "com.amazon.coral.availability#ThrottlingException", map[string]any{
			"message":           "Throughput exceeds the maximum OnDemandThroughput configured on table or index",
			"throttlingReasons": []map[string]string{{"reason": kind + access + "MaxOnDemandThroughputExceeded", "resource": resource}},
		})
	default:
		// One item of the transaction is throttled; DynamoDB cancels the
		// whole of it and says which.
		in.Record(chaos.KindThrottleTransaction, 1)
		throttled := in.Choose(items)
		reasons := make([]map[string]string, items)
		codes := make([]string, items)
		for i := range reasons {
			reasons[i], codes[i] = map[string]string{"Code": "None"}, "None"
			if i == throttled {
				reasons[i] = map[string]string{"Code": "ThrottlingError", "Message": throughputExceeded}
				codes[i] = "ThrottlingError"
			}
		}
		writeDynamoError(w, dynamoErrorType+"TransactionCanceledException", map[string]any{
			"Message":             "Transaction cancelled, please refer cancellation reasons for specific reasons [" + strings.Join(codes, ", ") + "]",
			"CancellationReasons": reasons,
		})
	}
	return true
}

// throughputExceeded is DynamoDB's message when a partition or an
// on-demand table cannot keep up.
const throughputExceeded = "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html."

// dynamoErrorType starts the __type of DynamoDB's own errors.
const dynamoErrorType = "com.amazonaws.dynamodb.v20120810#"

// writeDynamoError answers as DynamoDB does: HTTP 400, the error's type in
// __type, its members, a request id and the body's CRC32.
func writeDynamoError(w http.ResponseWriter, errorType string, members map[string]any) {
	doc := map[string]any{"__type": errorType}
	for k, v := range members {
		doc[k] = v
	}
	body, _ := json.Marshal(doc)
	h := w.Header()
	h.Set("Content-Type", "application/x-amz-json-1.0")
	h.Set("X-Amzn-Requestid", strings.ToUpper(strings.ReplaceAll(uuid.NewString(), "-", "")))
	h.Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10))
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write(body)
}

// The error codes of failed PutEvents entries the front door plays, both
// transient on AWS, with EventBridge's messages.
var putEventsFailures = []struct{ code, message string }{
	{"ThrottlingException", "Rate exceeded"},
	{"InternalFailure", "Internal Service Failure"},
}

// putEventsPartially hands kumo only the entries that in lets through and
// answers for the whole batch as EventBridge does when it accepts part of
// one: HTTP 200, FailedEntryCount, and each entry's result in order, an
// EventId for those put and an ErrorCode for the others.
func (e *Emulator) putEventsPartially(w http.ResponseWriter, r *http.Request, next http.Handler, in *chaos.Injector, function string) {
	body, err := rereadBody(r)
	if err != nil {
		next.ServeHTTP(w, r)
		return
	}
	var req map[string]json.RawMessage
	var entries []json.RawMessage
	if json.Unmarshal(body, &req) != nil || json.Unmarshal(req["Entries"], &entries) != nil || len(entries) == 0 {
		next.ServeHTTP(w, r)
		return
	}
	failed := in.FailEntries(function, len(entries))
	if failed == nil {
		next.ServeHTTP(w, r)
		return
	}
	var kept []json.RawMessage
	for i, entry := range entries {
		if !failed[i] {
			kept = append(kept, entry)
		}
	}
	var put []json.RawMessage
	if len(kept) > 0 {
		req["Entries"], _ = json.Marshal(kept)
		sub, _ := json.Marshal(req)
		rec := httptest.NewRecorder()
		r2 := r.Clone(r.Context())
		r2.Body, r2.ContentLength = io.NopCloser(bytes.NewReader(sub)), int64(len(sub))
		r2.Header.Set("Content-Length", strconv.Itoa(len(sub)))
		next.ServeHTTP(rec, r2)
		var res struct{ Entries []json.RawMessage }
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &res) != nil || len(res.Entries) != len(kept) {
			// kumo refused the request itself: its answer stands, as it
			// would have for the whole batch.
			copyAnswer(w, rec)
			return
		}
		put = res.Entries
	}
	results := make([]json.RawMessage, 0, len(entries))
	nFailed := 0
	for i := range entries {
		if !failed[i] {
			results = append(results, put[0])
			put = put[1:]
			continue
		}
		nFailed++
		f := putEventsFailures[in.Choose(len(putEventsFailures))]
		b, _ := json.Marshal(map[string]string{"ErrorCode": f.code, "ErrorMessage": f.message})
		results = append(results, b)
	}
	in.Record(chaos.KindPutEventsPartial, 1)
	in.Record(chaos.KindPutEventsEntryFailed, nFailed)
	out, _ := json.Marshal(map[string]any{"FailedEntryCount": nFailed, "Entries": results})
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-Requestid", uuid.NewString())
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
}

// copyAnswer sends an answer the front door kept, as it is.
func copyAnswer(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}
