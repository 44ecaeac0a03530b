package metering

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
)

// dynamoRequest holds the members of a DynamoDB request the meter reads.
type dynamoRequest struct {
	TableName                string
	Key                      json.RawMessage
	Item                     json.RawMessage
	ConsistentRead           bool
	ProjectionExpression     string
	AttributesToGet          json.RawMessage
	FilterExpression         string
	QueryFilter              json.RawMessage
	ScanFilter               json.RawMessage
	Select                   string
	ConditionExpression      string
	ExpressionAttributeNames json.RawMessage
	RequestItems             json.RawMessage
	TransactItems            json.RawMessage
}

// present reports whether a member was given with a value: not absent,
// null or empty.
func present(raw json.RawMessage) bool {
	switch string(raw) {
	case "", "null", "[]", "{}":
		return false
	}
	return true
}

// decodeRequest reads the members of a DynamoDB request the meter needs,
// with the scanner: it leaves the rest, items included, as they are.
func decodeRequest(body []byte, req *dynamoRequest) error {
	s := &sizeScanner{data: body}
	return s.object(func(name []byte) error {
		s.space()
		start := s.pos
		var str *string
		var raw *json.RawMessage
		switch string(name) {
		case "TableName":
			str = &req.TableName
		case "ProjectionExpression":
			str = &req.ProjectionExpression
		case "FilterExpression":
			str = &req.FilterExpression
		case "Select":
			str = &req.Select
		case "ConditionExpression":
			str = &req.ConditionExpression
		case "ConsistentRead":
			if err := s.skip(); err != nil {
				return err
			}
			req.ConsistentRead = string(s.data[start:s.pos]) == "true"
			return nil
		case "Key":
			raw = &req.Key
		case "Item":
			raw = &req.Item
		case "AttributesToGet":
			raw = &req.AttributesToGet
		case "QueryFilter":
			raw = &req.QueryFilter
		case "ScanFilter":
			raw = &req.ScanFilter
		case "ExpressionAttributeNames":
			raw = &req.ExpressionAttributeNames
		case "RequestItems":
			raw = &req.RequestItems
		case "TransactItems":
			raw = &req.TransactItems
		}
		if err := s.skip(); err != nil {
			return err
		}
		value := s.data[start:s.pos]
		switch {
		case raw != nil:
			*raw = value
		case str != nil && bytes.IndexByte(value, '\\') < 0 && len(value) >= 2 && value[0] == '"':
			*str = string(value[1 : len(value)-1])
		case str != nil:
			return json.Unmarshal(value, str)
		}
		return nil
	})
}

// transactItem is one action of TransactWriteItems or TransactGetItems.
type transactItem struct {
	Put            *dynamoRequest
	Update         *dynamoRequest
	Delete         *dynamoRequest
	ConditionCheck *dynamoRequest
	Get            *dynamoRequest
}

// dynamoAnswer holds the members of a DynamoDB write's answer the meter
// reads: an error's type and the item a failed condition returned, and
// the writes BatchWriteItem left unprocessed.
type dynamoAnswer struct {
	Type             string `json:"__type"`
	Item             json.RawMessage
	UnprocessedItems map[string][]writeRequest
}

// writeRequest is one put or delete of BatchWriteItem.
type writeRequest struct {
	PutRequest    *struct{ Item json.RawMessage }
	DeleteRequest *struct{ Key json.RawMessage }
}

// stored is an item as DynamoDB's JSON carries it, with its size; the
// zero value is no item. The meter decodes an item only when a table's
// indexes need its attributes.
type stored struct {
	raw  json.RawMessage
	size int
}

// storedItem reads an item's JSON; a null or absent item is none.
func storedItem(raw json.RawMessage) stored {
	if len(raw) == 0 || string(raw) == "null" {
		return stored{}
	}
	s := &sizeScanner{data: raw}
	n, err := s.item()
	if err != nil {
		return stored{}
	}
	return stored{raw: raw, size: n}
}

// decoded is the item's attributes; nil for none.
func (s stored) decoded() item {
	if s.raw == nil {
		return nil
	}
	var it item
	if json.Unmarshal(s.raw, &it) != nil {
		return nil
	}
	return it
}

// schemaChanges are the operations after which a table's cached schema
// may be stale.
var schemaChanges = map[string]bool{"CreateTable": true, "DeleteTable": true, "UpdateTable": true}

// dynamoCharge is what one DynamoDB call consumed.
type dynamoCharge struct {
	read             float64
	write, index     int64
	conditionFailure bool
}

// dynamoDB meters one DynamoDB call of function.
func (fd *frontDoor) dynamoDB(w http.ResponseWriter, r *http.Request, function, op string) {
	body, ok := readBody(r)
	var req dynamoRequest
	if ok && len(body) > 0 {
		ok = decodeRequest(body, &req) == nil
	}
	if !ok {
		fd.next.ServeHTTP(w, r)
		fd.m.update(function, func(u *Usage) { u.DynamoDB.Calls[op]++ })
		return
	}
	ctx := context.WithoutCancel(r.Context())
	d := dynamoCall{fd: fd, ctx: ctx, op: op, req: &req, body: body}
	d.before()
	c := fd.serve(w, r)
	defer c.flush()
	charge := d.after(c.status, c.body.Bytes())
	if schemaChanges[op] {
		fd.m.forgetTables()
	}
	fd.m.update(function, func(u *Usage) {
		u.DynamoDB.Calls[op]++
		u.DynamoDB.ReadUnits += charge.read
		u.DynamoDB.WriteUnits += charge.write
		u.DynamoDB.IndexWriteUnits += charge.index
		if charge.conditionFailure {
			u.DynamoDB.ConditionFailures++
		}
	})
}

// dynamoCall is one DynamoDB call being metered.
type dynamoCall struct {
	fd   *frontDoor
	ctx  context.Context
	op   string
	req  *dynamoRequest
	body []byte
	// writes are the items the call writes, in request order, with what
	// they held before it.
	writes []pendingWrite
}

// pendingWrite is one item a write call touches.
type pendingWrite struct {
	table  string
	schema *tableSchema
	// key is the item's primary key, as JSON.
	key json.RawMessage
	// put is the item a put writes; none for an update, a delete or a
	// condition check.
	put stored
	// before is the item before the write; none when it did not exist.
	before stored
	// kind is "Put", "Update", "Delete" or "ConditionCheck".
	kind string
}

// before reads what the call's writes will overwrite.
func (d *dynamoCall) before() {
	switch d.op {
	case "PutItem", "UpdateItem", "DeleteItem":
		d.addWrite(strings.TrimSuffix(d.op, "Item"), d.req)
	case "TransactWriteItems":
		var items []transactItem
		if json.Unmarshal(d.req.TransactItems, &items) != nil {
			return
		}
		for _, t := range items {
			switch {
			case t.Put != nil:
				d.addWrite("Put", t.Put)
			case t.Update != nil:
				d.addWrite("Update", t.Update)
			case t.Delete != nil:
				d.addWrite("Delete", t.Delete)
			case t.ConditionCheck != nil:
				d.addWrite("ConditionCheck", t.ConditionCheck)
			}
		}
	case "BatchWriteItem":
		var requests map[string][]writeRequest
		if json.Unmarshal(d.req.RequestItems, &requests) != nil {
			return
		}
		for table, reqs := range requests {
			for _, wr := range reqs {
				switch {
				case wr.PutRequest != nil:
					d.addWrite("Put", &dynamoRequest{TableName: table, Item: wr.PutRequest.Item})
				case wr.DeleteRequest != nil:
					d.addWrite("Delete", &dynamoRequest{TableName: table, Key: wr.DeleteRequest.Key})
				}
			}
		}
	}
}

// addWrite records one write of kind, reading the item it will change
// unless the write can only create it.
func (d *dynamoCall) addWrite(kind string, req *dynamoRequest) {
	table := tableName(req.TableName)
	schema := d.fd.schema(d.ctx, table)
	pw := pendingWrite{table: table, schema: schema, kind: kind, key: req.Key}
	if kind == "Put" {
		pw.put = storedItem(req.Item)
		pw.key = schema.keyJSON(req.Item)
	}
	if kind != "ConditionCheck" && !(kind == "Put" && createsOnly(req.ConditionExpression, req.ExpressionAttributeNames, schema)) {
		pw.before = d.fd.getItem(d.ctx, table, pw.key)
	}
	d.writes = append(d.writes, pw)
}

// createsOnly reports whether a put's condition lets it write only an
// item that does not exist (attribute_not_exists of a key attribute), so
// that there is nothing to read before it.
func createsOnly(condition string, namesJSON json.RawMessage, schema *tableSchema) bool {
	m := notExists.FindStringSubmatch(strings.TrimSpace(condition))
	if m == nil || schema == nil {
		return false
	}
	attr := m[1]
	var names map[string]string
	if present(namesJSON) && json.Unmarshal(namesJSON, &names) != nil {
		return false
	}
	if n, ok := names[attr]; ok {
		attr = n
	}
	return attr == schema.hash || attr == schema.rangeKey
}

var notExists = regexp.MustCompile(`^\(?\s*attribute_not_exists\s*\(\s*([#\w.]+)\s*\)\s*\)?$`)

// after works out what the call consumed from its answer.
func (d *dynamoCall) after(status int, body []byte) dynamoCharge {
	req := d.req
	consistency := Eventual
	if req.ConsistentRead {
		consistency = Strong
	}
	if status == http.StatusOK {
		switch d.op {
		case "GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems":
			a, err := readAnswerSizes(body)
			if err != nil {
				return dynamoCharge{}
			}
			return dynamoCharge{read: d.read(a, consistency)}
		}
	}
	var ans dynamoAnswer
	if len(body) > 0 && json.Unmarshal(body, &ans) != nil {
		return dynamoCharge{}
	}
	if status != http.StatusOK {
		return d.failed(ans)
	}
	switch d.op {
	case "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem":
		return d.written(ans)
	}
	return dynamoCharge{}
}

// read is the read units of a read call that succeeded, from the sizes
// of the items it answered.
func (d *dynamoCall) read(a readAnswer, c Consistency) float64 {
	req := d.req
	switch d.op {
	case "GetItem":
		size := a.item
		if req.ProjectionExpression != "" || present(req.AttributesToGet) {
			// A read is charged for the whole item, whatever it returns.
			size = d.fd.getItem(d.ctx, tableName(req.TableName), req.Key).size
		}
		return ReadUnits(size, c)
	case "Query", "Scan":
		return ReadUnits(d.readSize(a), c)
	case "BatchGetItem":
		return d.batchGet(a)
	case "TransactGetItems":
		read := 0.0
		for _, n := range a.items {
			read += ReadUnits(n, Transactional)
		}
		return read
	}
	return 0
}

// readSize is the size of the items a Query or Scan read: those it
// returned, or, when a filter or a projection changed what it returned,
// the items it evaluated, read again whole.
func (d *dynamoCall) readSize(a readAnswer) int {
	req := d.req
	whole := req.FilterExpression == "" && len(req.QueryFilter) == 0 && len(req.ScanFilter) == 0 &&
		req.ProjectionExpression == "" && !present(req.AttributesToGet) && (req.Select == "" || req.Select == "ALL_ATTRIBUTES" || req.Select == "ALL_PROJECTED_ATTRIBUTES")
	sizes := a.items
	if !whole {
		sizes = d.evaluated(a.scanned)
	}
	size := 0
	for _, n := range sizes {
		size += n
	}
	return size
}

// evaluated runs the Query or Scan again without its filter and
// projection, limited to the count of items it evaluated, and returns
// the sizes of the items it reads.
func (d *dynamoCall) evaluated(scanned int) []int {
	if scanned <= 0 {
		return nil
	}
	var raw map[string]json.RawMessage
	if json.Unmarshal(d.body, &raw) != nil {
		return nil
	}
	for _, k := range []string{"FilterExpression", "QueryFilter", "ScanFilter", "ConditionalOperator", "ProjectionExpression", "AttributesToGet", "Select"} {
		delete(raw, k)
	}
	raw["Limit"], _ = json.Marshal(scanned)
	body, err := json.Marshal(raw)
	if err != nil {
		return nil
	}
	status, out := d.fd.call(d.ctx, targetDynamoDB+d.op, body)
	if status != http.StatusOK {
		return nil
	}
	a, err := readAnswerSizes(out)
	if err != nil {
		return nil
	}
	return a.items
}

// batchGet is the read units of a BatchGetItem: each key it processed
// read as a GetItem, each item rounded up on its own.
func (d *dynamoCall) batchGet(a readAnswer) float64 {
	var requests map[string]struct {
		Keys           []json.RawMessage
		ConsistentRead bool
	}
	if json.Unmarshal(d.req.RequestItems, &requests) != nil {
		return 0
	}
	read := 0.0
	for table, kr := range requests {
		c := Eventual
		if kr.ConsistentRead {
			c = Strong
		}
		found := a.byTable[table]
		for _, n := range found {
			read += ReadUnits(n, c)
		}
		if missing := len(kr.Keys) - a.unprocessed[table] - len(found); missing > 0 {
			read += float64(missing) * ReadUnits(0, c)
		}
	}
	return read
}

// written is the write units of a write call that succeeded.
func (d *dynamoCall) written(ans dynamoAnswer) dynamoCharge {
	var charge dynamoCharge
	factor := int64(1)
	if d.op == "TransactWriteItems" {
		factor = 2
	}
	for _, pw := range d.writes {
		if d.op == "BatchWriteItem" && unprocessed(ans.UnprocessedItems[pw.table], pw) {
			continue
		}
		var after stored
		switch pw.kind {
		case "Put":
			after = pw.put
		case "Update":
			after = d.fd.getItem(d.ctx, pw.table, pw.key)
		case "ConditionCheck":
			// A condition check writes nothing; it is charged as a
			// transactional write of the item it checks.
			charge.write += factor * WriteUnits(d.fd.getItem(d.ctx, pw.table, pw.key).size)
			continue
		}
		charge.write += factor * WriteUnits(max(pw.before.size, after.size))
		if pw.schema != nil && len(pw.schema.indexes) > 0 {
			charge.index += pw.schema.indexWrites(pw.before.decoded(), after.decoded())
		}
	}
	return charge
}

// unprocessed reports whether pw is among the writes BatchWriteItem left
// unprocessed.
func unprocessed(left []writeRequest, pw pendingWrite) bool {
	mine := storedItem(pw.key).decoded()
	for _, wr := range left {
		var key item
		switch {
		case wr.PutRequest != nil && pw.kind == "Put":
			key = pw.schema.keyOf(storedItem(wr.PutRequest.Item).decoded())
		case wr.DeleteRequest != nil && pw.kind == "Delete":
			key = storedItem(wr.DeleteRequest.Key).decoded()
		default:
			continue
		}
		if sameItem(key, mine) {
			return true
		}
	}
	return false
}

// failed is what a call refused by DynamoDB consumed: a write whose
// condition failed consumes the write units of the item as it is (at
// least one); a cancelled transaction consumes, for each of its items,
// what that item's own write would have had its condition failed; any
// other error consumes nothing.
func (d *dynamoCall) failed(ans dynamoAnswer) dynamoCharge {
	_, errType, _ := strings.Cut(ans.Type, "#")
	if errType == "" {
		errType = ans.Type
	}
	switch {
	case errType == "ConditionalCheckFailedException" && len(d.writes) == 1:
		existing := storedItem(ans.Item)
		if existing.raw == nil {
			existing = d.fd.getItem(d.ctx, d.writes[0].table, d.writes[0].key)
		}
		return dynamoCharge{write: WriteUnits(existing.size), conditionFailure: true}
	case errType == "TransactionCanceledException":
		var charge dynamoCharge
		for _, pw := range d.writes {
			existing := pw.before
			if pw.kind == "ConditionCheck" || (pw.kind == "Put" && existing.raw == nil) {
				existing = d.fd.getItem(d.ctx, pw.table, pw.key)
			}
			charge.write += WriteUnits(existing.size)
		}
		charge.conditionFailure = true
		return charge
	}
	return dynamoCharge{}
}

// getItem reads the item at key (JSON) from table as it is now, with a
// strongly consistent read through the front door's next handler; none
// when there is none.
func (fd *frontDoor) getItem(ctx context.Context, table string, key json.RawMessage) stored {
	if table == "" || len(key) == 0 {
		return stored{}
	}
	name, err := json.Marshal(table)
	if err != nil {
		return stored{}
	}
	body := make([]byte, 0, len(name)+len(key)+64)
	body = append(append(append(body, `{"TableName":`...), name...), `,"Key":`...)
	body = append(append(body, key...), `,"ConsistentRead":true}`...)
	status, out := fd.call(ctx, targetDynamoDB+"GetItem", body)
	if status != http.StatusOK {
		return stored{}
	}
	a, err := readAnswerSizes(out)
	if err != nil || !a.found {
		return stored{}
	}
	return stored{raw: a.itemRaw, size: a.item}
}

// tableName is the table's name, whether given by name or ARN.
func tableName(nameOrARN string) string {
	if strings.HasPrefix(nameOrARN, "arn:") {
		if _, name, ok := strings.Cut(nameOrARN, ":table/"); ok {
			name, _, _ = strings.Cut(name, "/")
			return name
		}
	}
	return nameOrARN
}

// sameItem reports whether two keys name the same item.
func sameItem(a, b item) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !v.equal(w) {
			return false
		}
	}
	return true
}
