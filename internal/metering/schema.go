package metering

import (
	"context"
	"encoding/json"
	"net/http"
)

// tableSchema is what the meter needs to know of a table: its key and its
// secondary indexes.
type tableSchema struct {
	hash, rangeKey string
	indexes        []indexSchema
}

// indexSchema is one secondary index: its key and what it projects.
type indexSchema struct {
	name           string
	hash, rangeKey string
	// projection is ALL, KEYS_ONLY or INCLUDE; include lists the non-key
	// attributes INCLUDE projects.
	projection string
	include    []string
}

// keyJSON is the primary key of an item given as JSON, as JSON; nil
// without a schema or when the item lacks a key attribute.
func (s *tableSchema) keyJSON(raw json.RawMessage) json.RawMessage {
	if s == nil {
		return nil
	}
	return keyOf(raw, s.hash, s.rangeKey)
}

// keyOf is the primary key of it.
func (s *tableSchema) keyOf(it item) item {
	if s == nil || it == nil {
		return nil
	}
	key := item{}
	for _, name := range []string{s.hash, s.rangeKey} {
		if v, ok := it[name]; ok && name != "" {
			key[name] = v
		}
	}
	return key
}

// entry is the entry index ix holds for it, as the index projects it;
// nil when it is nil or lacks one of the index's key attributes (the
// index holds no entry for it).
func (ix indexSchema) entry(table *tableSchema, it item) item {
	if it == nil {
		return nil
	}
	for _, k := range []string{ix.hash, ix.rangeKey} {
		if _, ok := it[k]; k != "" && !ok {
			return nil
		}
	}
	if ix.projection == "ALL" || ix.projection == "" {
		return it
	}
	e := table.keyOf(it)
	for _, k := range append([]string{ix.hash, ix.rangeKey}, ix.include...) {
		if v, ok := it[k]; ok && k != "" {
			e[k] = v
		}
	}
	return e
}

// indexWrites is the write units of keeping the table's indexes in step
// with one item changing from before to after (nil for none): an entry
// put or deleted costs its size; an entry whose index key changed costs
// the delete of the old one and the put of the new; an entry whose key
// stayed but whose projected attributes changed costs the larger of the
// two; an index holding the item neither before nor after costs nothing.
func (s *tableSchema) indexWrites(before, after item) int64 {
	if s == nil {
		return 0
	}
	var units int64
	for _, ix := range s.indexes {
		b, a := ix.entry(s, before), ix.entry(s, after)
		switch {
		case b == nil && a == nil:
		case b == nil:
			units += WriteUnits(a.size())
		case a == nil:
			units += WriteUnits(b.size())
		case !sameItem(ix.key(b), ix.key(a)):
			units += WriteUnits(b.size()) + WriteUnits(a.size())
		case !sameItem(b, a):
			units += WriteUnits(max(b.size(), a.size()))
		}
	}
	return units
}

// key is the index key of an entry.
func (ix indexSchema) key(e item) item {
	k := item{}
	for _, name := range []string{ix.hash, ix.rangeKey} {
		if v, ok := e[name]; ok && name != "" {
			k[name] = v
		}
	}
	return k
}

// schema returns table's schema, reading it (DescribeTable) the first
// time; nil when the table cannot be described.
func (fd *frontDoor) schema(ctx context.Context, table string) *tableSchema {
	if s, ok := fd.m.tables.Load(table); ok {
		return s.(*tableSchema)
	}
	body, err := json.Marshal(struct{ TableName string }{table})
	if err != nil {
		return nil
	}
	status, out := fd.call(ctx, targetDynamoDB+"DescribeTable", body)
	if status != http.StatusOK {
		return nil
	}
	s, err := parseSchema(out)
	if err != nil {
		return nil
	}
	fd.m.tables.Store(table, s)
	return s
}

type keySchemaElement struct{ AttributeName, KeyType string }

type describedIndex struct {
	IndexName  string
	KeySchema  []keySchemaElement
	Projection struct {
		ProjectionType   string
		NonKeyAttributes []string
	}
}

// parseSchema reads a DescribeTable answer.
func parseSchema(body []byte) (*tableSchema, error) {
	var out struct {
		Table struct {
			KeySchema              []keySchemaElement
			GlobalSecondaryIndexes []describedIndex
			LocalSecondaryIndexes  []describedIndex
		}
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, err
	}
	s := &tableSchema{}
	s.hash, s.rangeKey = keyNames(out.Table.KeySchema)
	for _, ix := range append(out.Table.GlobalSecondaryIndexes, out.Table.LocalSecondaryIndexes...) {
		h, r := keyNames(ix.KeySchema)
		s.indexes = append(s.indexes, indexSchema{name: ix.IndexName, hash: h, rangeKey: r,
			projection: ix.Projection.ProjectionType, include: ix.Projection.NonKeyAttributes})
	}
	return s, nil
}

func keyNames(ks []keySchemaElement) (hash, rangeKey string) {
	for _, k := range ks {
		switch k.KeyType {
		case "HASH":
			hash = k.AttributeName
		case "RANGE":
			rangeKey = k.AttributeName
		}
	}
	return hash, rangeKey
}

// forgetTables drops the cached table schemas, after a call that may
// have changed one (see schemaChanges).
func (m *Meter) forgetTables() { m.tables.Clear() }
