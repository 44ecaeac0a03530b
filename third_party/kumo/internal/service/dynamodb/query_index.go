package dynamodb

import (
	"sort"
	"strconv"
	"strings"
)

// keyIndex keeps the items of a table, or of one of its secondary
// indexes, grouped by partition key value and ordered by sort key within
// a partition, so that Query reads the matching range of one partition
// instead of every item of the table.
//
// An entry refers to its item by the table's primary key string (see
// serializeKey) and is looked up in tableData.Items when read, so an
// update that replaces an item needs no index change unless it changes
// the index's key attributes. Items that lack the index's key attributes
// are not in it, as in a sparse DynamoDB index.
type keyIndex struct {
	hashKey  string
	rangeKey string
	// partitions holds each partition's entries by partition key value.
	partitions map[string]*indexPartition
	// byPrimaryKey is where each indexed item is, to move or remove it.
	byPrimaryKey map[string]indexPlace
}

// indexPartition is one partition of a keyIndex.
type indexPartition struct {
	// key is the serialized partition key value (see serializeAttributeValue).
	key string
	// entries are ordered by sort key, then by primary key (the order
	// among items that share a sort key value in a secondary index).
	entries []indexEntry
}

// indexEntry is one item in its partition.
type indexEntry struct {
	sort       sortValue
	primaryKey string
}

// indexPlace is where an item is in a keyIndex.
type indexPlace struct {
	partition *indexPartition
	sort      sortValue
}

// sortValue is a key attribute value in the order DynamoDB sorts them:
// numbers by value, strings and binary by their bytes.
type sortValue struct {
	// kind is 'B', 'N' or 'S'; 0 in the entries of an index without a
	// sort key.
	kind byte
	text string
	num  float64
}

func newKeyIndex(keySchema []KeySchemaElement) *keyIndex {
	return &keyIndex{
		hashKey:      keyAttrName(keySchema, keyTypeHash),
		rangeKey:     keyAttrName(keySchema, keyTypeRange),
		partitions:   make(map[string]*indexPartition),
		byPrimaryKey: make(map[string]indexPlace),
	}
}

// newSortValue returns av's place in the sort order, and false for a
// value that cannot be a key (not S, N or B).
//
//nolint:gocritic // hugeParam: AttributeValue passed by value like elsewhere in this package.
func newSortValue(av AttributeValue) (sortValue, bool) {
	switch {
	case av.S != nil:
		return sortValue{kind: 'S', text: *av.S}, true
	case av.N != nil:
		// Numbers compare as compareForSort and the condition evaluator
		// compare them: as float64.
		n, _ := strconv.ParseFloat(*av.N, 64)

		return sortValue{kind: 'N', num: n}, true
	case av.B != nil:
		return sortValue{kind: 'B', text: string(av.B)}, true
	default:
		return sortValue{}, false
	}
}

// compareSort orders sort values: by kind, then by value.
func compareSort(a, b sortValue) int {
	if a.kind != b.kind {
		if a.kind < b.kind {
			return -1
		}

		return 1
	}

	if a.kind == 'N' {
		switch {
		case a.num < b.num:
			return -1
		case a.num > b.num:
			return 1
		default:
			return 0
		}
	}

	return strings.Compare(a.text, b.text)
}

// compareEntries is the order of entries within a partition.
func compareEntries(a, b indexEntry) int {
	if c := compareSort(a.sort, b.sort); c != 0 {
		return c
	}

	return strings.Compare(a.primaryKey, b.primaryKey)
}

// place returns the partition key value and the entry of item under
// primaryKey, and false when the item lacks one of the index's keys.
func (ix *keyIndex) place(m *MemoryStorage, primaryKey string, item Item) (string, indexEntry, bool) {
	if item == nil {
		return "", indexEntry{}, false
	}

	hash, ok := item[ix.hashKey]
	if !ok {
		return "", indexEntry{}, false
	}

	if _, ok := newSortValue(hash); !ok {
		return "", indexEntry{}, false
	}

	e := indexEntry{primaryKey: primaryKey}

	if ix.rangeKey != "" {
		rv, ok := item[ix.rangeKey]
		if !ok {
			return "", indexEntry{}, false
		}

		if e.sort, ok = newSortValue(rv); !ok {
			return "", indexEntry{}, false
		}
	}

	return m.serializeAttributeValue(hash), e, true
}

// put records that the item under primaryKey is now item (nil when it
// was deleted), moving its entry when its index keys changed.
func (ix *keyIndex) put(m *MemoryStorage, primaryKey string, item Item) {
	partition, next, indexed := ix.place(m, primaryKey, item)
	prev, was := ix.byPrimaryKey[primaryKey]

	if was && indexed && prev.partition.key == partition && compareSort(prev.sort, next.sort) == 0 {
		return
	}

	if was {
		ix.remove(prev.partition, indexEntry{sort: prev.sort, primaryKey: primaryKey})
	}

	if indexed {
		ix.insert(partition, next)
	}
}

func (ix *keyIndex) insert(partition string, e indexEntry) {
	p := ix.partitions[partition]
	if p == nil {
		p = &indexPartition{key: partition}
		ix.partitions[partition] = p
	}

	i := sort.Search(len(p.entries), func(i int) bool { return compareEntries(p.entries[i], e) >= 0 })
	p.entries = append(p.entries, indexEntry{})
	copy(p.entries[i+1:], p.entries[i:])
	p.entries[i] = e
	ix.byPrimaryKey[e.primaryKey] = indexPlace{partition: p, sort: e.sort}
}

func (ix *keyIndex) remove(p *indexPartition, e indexEntry) {
	delete(ix.byPrimaryKey, e.primaryKey)

	i := sort.Search(len(p.entries), func(i int) bool { return compareEntries(p.entries[i], e) >= 0 })
	if i == len(p.entries) || p.entries[i].primaryKey != e.primaryKey {
		return
	}

	if len(p.entries) == 1 {
		delete(ix.partitions, p.key)

		return
	}

	copy(p.entries[i:], p.entries[i+1:])
	p.entries[len(p.entries)-1] = indexEntry{}
	p.entries = p.entries[:len(p.entries)-1]
}

// buildIndexes indexes the table and each of its secondary indexes.
func (td *tableData) buildIndexes(m *MemoryStorage) {
	td.indexes = map[string]*keyIndex{"": newKeyIndex(td.Table.KeySchema)}

	for _, gsi := range td.Table.GlobalSecondaryIndexes {
		td.indexes[gsi.IndexName] = newKeyIndex(gsi.KeySchema)
	}

	for _, lsi := range td.Table.LocalSecondaryIndexes {
		td.indexes[lsi.IndexName] = newKeyIndex(lsi.KeySchema)
	}

	for key, encoded := range td.Items {
		item := encoded.decode()
		for _, ix := range td.indexes {
			ix.put(m, key, item)
		}
	}
}

// reindex records that the item stored under key is now item, nil when
// it was deleted. Every write to td.Items calls it.
func (m *MemoryStorage) reindex(td *tableData, key string, item Item) {
	for _, ix := range td.indexes {
		ix.put(m, key, item)
	}
}

// keyRange is a key condition parsed for one index: the partition to
// read and the condition on the sort key, if any.
type keyRange struct {
	hashValue AttributeValue
	// op is "" when the condition names only the partition key, else
	// "=", "<", "<=", ">", ">=", "BETWEEN" or "begins_with".
	op     string
	lo, hi AttributeValue
}

// parseKeyCondition reads a KeyConditionExpression on an index whose keys
// are hashKey and rangeKey, in any of the forms DynamoDB accepts:
// "hashKey = :v", optionally AND one condition on rangeKey (a comparison,
// BETWEEN or begins_with), in either order, each optionally in
// parentheses as the SDK's expression builder writes them. It resolves
// #name and :value placeholders. It returns false for an expression it
// does not recognise; Query then evaluates the expression against every
// item instead.
func parseKeyCondition(expr string, names map[string]string, values map[string]AttributeValue, hashKey, rangeKey string) (keyRange, bool) {
	p := keyCondParser{names: names, values: values}
	if !p.tokenize(expr) {
		return keyRange{}, false
	}

	conds, ok := p.conjunction()
	if !ok || p.pos != len(p.tokens) || len(conds) > 2 {
		return keyRange{}, false
	}

	var kr keyRange

	hashFound := false

	for _, c := range conds {
		switch {
		case c.name == hashKey && c.op == "=" && !hashFound:
			kr.hashValue, hashFound = c.lo, true
		case c.name == rangeKey && rangeKey != "" && kr.op == "":
			kr.op, kr.lo, kr.hi = c.op, c.lo, c.hi
		default:
			return keyRange{}, false
		}
	}

	return kr, hashFound
}

// keyCond is one condition of a key condition expression.
type keyCond struct {
	name   string
	op     string
	lo, hi AttributeValue
}

// keyCondParser parses key condition expressions (see parseKeyCondition).
type keyCondParser struct {
	names  map[string]string
	values map[string]AttributeValue
	tokens []string
	pos    int
}

// tokenize splits expr into names, placeholders, operators, parentheses
// and commas, and reports false on any other character.
func (p *keyCondParser) tokenize(expr string) bool {
	for i := 0; i < len(expr); {
		c := expr[i]

		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')' || c == ',' || c == '=':
			p.tokens = append(p.tokens, expr[i:i+1])
			i++
		case c == '<' || c == '>':
			if i+1 < len(expr) && (expr[i+1] == '=' || (c == '<' && expr[i+1] == '>')) {
				p.tokens = append(p.tokens, expr[i:i+2])
				i += 2
			} else {
				p.tokens = append(p.tokens, expr[i:i+1])
				i++
			}
		case c == '#' || c == ':' || isPlaceholderNameChar(c):
			j := i + 1
			for j < len(expr) && isPlaceholderNameChar(expr[j]) {
				j++
			}

			if j == i+1 && !isPlaceholderNameChar(c) {
				return false
			}

			p.tokens = append(p.tokens, expr[i:j])
			i = j
		default:
			return false
		}
	}

	return true
}

func (p *keyCondParser) peek() string {
	if p.pos < len(p.tokens) {
		return p.tokens[p.pos]
	}

	return ""
}

func (p *keyCondParser) next() string {
	t := p.peek()
	if t != "" {
		p.pos++
	}

	return t
}

func (p *keyCondParser) expect(tok string) bool {
	return p.next() == tok
}

// conjunction parses "term (AND term)*".
func (p *keyCondParser) conjunction() ([]keyCond, bool) {
	var conds []keyCond

	for {
		c, ok := p.term()
		if !ok {
			return nil, false
		}

		conds = append(conds, c...)

		if !strings.EqualFold(p.peek(), "AND") {
			return conds, true
		}

		p.next()
	}
}

// term parses "( conjunction )", "begins_with ( name , value )",
// "name BETWEEN value AND value" or "name op value".
func (p *keyCondParser) term() ([]keyCond, bool) {
	switch tok := p.next(); {
	case tok == "(":
		conds, ok := p.conjunction()
		if !ok || !p.expect(")") {
			return nil, false
		}

		return conds, true
	case tok == "begins_with" && p.peek() == "(":
		p.next()

		name, ok := p.name(p.next())
		if !ok || !p.expect(",") {
			return nil, false
		}

		v, ok := p.value(p.next())
		if !ok || !p.expect(")") {
			return nil, false
		}

		return []keyCond{{name: name, op: "begins_with", lo: v}}, true
	default:
		name, ok := p.name(tok)
		if !ok {
			return nil, false
		}

		op := p.next()
		if strings.EqualFold(op, "BETWEEN") {
			lo, ok := p.value(p.next())
			if !ok || !strings.EqualFold(p.next(), "AND") {
				return nil, false
			}

			hi, ok := p.value(p.next())
			if !ok {
				return nil, false
			}

			return []keyCond{{name: name, op: "BETWEEN", lo: lo, hi: hi}}, true
		}

		switch op {
		case "=", "<", "<=", ">", ">=":
		default:
			return nil, false
		}

		v, ok := p.value(p.next())
		if !ok {
			return nil, false
		}

		return []keyCond{{name: name, op: op, lo: v}}, true
	}
}

// name resolves an attribute name token: a #placeholder or a bare name.
func (p *keyCondParser) name(tok string) (string, bool) {
	switch {
	case tok == "":
		return "", false
	case tok[0] == '#':
		n, ok := p.names[tok]

		return n, ok
	case tok[0] == ':' || strings.EqualFold(tok, "AND") || strings.EqualFold(tok, "BETWEEN") || tok == "begins_with":
		return "", false
	case isPlaceholderNameChar(tok[0]):
		return tok, true
	default:
		return "", false
	}
}

// value resolves a :placeholder token to a key attribute value.
func (p *keyCondParser) value(tok string) (AttributeValue, bool) {
	if tok == "" || tok[0] != ':' {
		return AttributeValue{}, false
	}

	v, ok := p.values[tok]
	if !ok {
		return AttributeValue{}, false
	}

	if _, ok := newSortValue(v); !ok {
		return AttributeValue{}, false
	}

	return v, true
}

// bounds returns the range [lo, hi) of entries, ordered as a partition
// holds them, that the sort key condition of kr selects.
func (kr keyRange) bounds(entries []indexEntry) (int, int) {
	if kr.op == "" {
		return 0, len(entries)
	}

	lo, _ := newSortValue(kr.lo)
	// cmpAt compares the entry at i with v.
	cmpAt := func(i int, v sortValue) int { return compareSort(entries[i].sort, v) }
	first := func(pred func(i int) bool) int { return sort.Search(len(entries), pred) }
	// The entries of lo's kind: a condition never matches another kind.
	kindStart := first(func(i int) bool { return entries[i].sort.kind >= lo.kind })
	kindEnd := first(func(i int) bool { return entries[i].sort.kind > lo.kind })
	atLeast := func(v sortValue) int { return first(func(i int) bool { return cmpAt(i, v) >= 0 }) }
	above := func(v sortValue) int { return first(func(i int) bool { return cmpAt(i, v) > 0 }) }

	switch kr.op {
	case "=":
		return atLeast(lo), above(lo)
	case "<":
		return kindStart, atLeast(lo)
	case "<=":
		return kindStart, above(lo)
	case ">":
		return above(lo), kindEnd
	case ">=":
		return atLeast(lo), kindEnd
	case "BETWEEN":
		hi, _ := newSortValue(kr.hi)
		if hi.kind != lo.kind {
			return 0, 0
		}

		from, to := atLeast(lo), above(hi)

		return from, max(from, to)
	case "begins_with":
		if lo.kind == 'N' {
			return 0, 0
		}

		from := atLeast(lo)
		// Values that start with the prefix are the first ones at or
		// after it.
		to := from + sort.Search(len(entries)-from, func(i int) bool {
			e := entries[from+i].sort

			return e.kind != lo.kind || !strings.HasPrefix(e.text, lo.text)
		})

		return from, to
	default:
		return 0, 0
	}
}

// queryIndex answers a Query whose key condition parsed as kr from index
// ix: the matching items in the requested order, starting after
// exclusiveStartKey, at most limit+1 of them when limit is positive (one
// more than a page, so evaluatePage can tell whether more remain). ok is
// false when the index cannot place exclusiveStartKey; the caller then
// answers the query as before.
func (m *MemoryStorage) queryIndex(td *tableData, ix *keyIndex, kr keyRange, exclusiveStartKey Item, scanForward bool, limit int) ([]Item, bool) {
	var entries []indexEntry
	if p := ix.partitions[m.serializeAttributeValue(kr.hashValue)]; p != nil {
		entries = p.entries
	}

	from, to := kr.bounds(entries)

	if exclusiveStartKey != nil {
		start, ok := ix.startAfter(m, td.Table, exclusiveStartKey)
		if !ok {
			return nil, false
		}

		if scanForward {
			from = max(from, sort.Search(len(entries), func(i int) bool { return compareEntries(entries[i], start) > 0 }))
		} else {
			to = min(to, sort.Search(len(entries), func(i int) bool { return compareEntries(entries[i], start) >= 0 }))
		}
	}

	n := max(0, to-from)
	if limit > 0 && n > limit+1 {
		n = limit + 1
	}

	items := make([]Item, 0, n)

	for i := range n {
		idx := from + i
		if !scanForward {
			idx = to - 1 - i
		}

		if item, ok := td.item(entries[idx].primaryKey); ok {
			items = append(items, item)
		}
	}

	return items, true
}

// startAfter returns the place of exclusiveStartKey in the index: from
// its index key attributes when it holds them (a key DynamoDB returned
// for an index query does), else from where the item it names is.
func (ix *keyIndex) startAfter(m *MemoryStorage, table *Table, exclusiveStartKey Item) (indexEntry, bool) {
	primaryKey := m.serializeKey(table, exclusiveStartKey)
	if _, e, ok := ix.place(m, primaryKey, exclusiveStartKey); ok {
		return e, true
	}

	if p, ok := ix.byPrimaryKey[primaryKey]; ok {
		return indexEntry{sort: p.sort, primaryKey: primaryKey}, true
	}

	return indexEntry{}, false
}

// queryByIndex answers a Query from the key index of the table or of
// indexName, reading only the items its key condition selects. ok is
// false when the key condition is not one parseKeyCondition reads, or
// exclusiveStartKey cannot be placed: the caller then evaluates the
// query against every item.
func (m *MemoryStorage) queryByIndex(td *tableData, indexName, keyCondExpr, filterExpr string, exprNames map[string]string, exprValues map[string]AttributeValue, limit int, exclusiveStartKey Item, scanForward bool) ([]Item, Item, int, bool, error) {
	ix := td.indexes[indexName]
	if ix == nil {
		return nil, nil, 0, false, nil
	}

	kr, ok := parseKeyCondition(keyCondExpr, exprNames, exprValues, ix.hashKey, ix.rangeKey)
	if !ok {
		return nil, nil, 0, false, nil
	}

	candidates, ok := m.queryIndex(td, ix, kr, exclusiveStartKey, scanForward, limit)
	if !ok {
		return nil, nil, 0, false, nil
	}

	items, lastKey, scannedCount, err := m.evaluatePage(td.Table, candidates, filterExpr, exprNames, exprValues, limit)
	if err != nil {
		return nil, nil, 0, true, err
	}

	// On an index, the last evaluated key also holds the index's keys, as
	// on DynamoDB, so the next page starts from the right place even when
	// the item is gone by then.
	if lastKey != nil && indexName != "" {
		if item, ok := td.Items[m.serializeKey(td.Table, lastKey)]; ok {
			for _, name := range []string{ix.hashKey, ix.rangeKey} {
				if v, ok := item.attr(name); ok && name != "" {
					lastKey[name] = v
				}
			}
		}
	}

	return items, lastKey, scannedCount, true, nil
}
