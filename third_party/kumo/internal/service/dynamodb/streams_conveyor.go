package dynamodb

import (
	"reflect"

	"github.com/sivchari/kumo/internal/streams"
)

// emitWriteStreamEvent records one item change of a TransactWriteItems or
// BatchWriteItem call on the table's stream, as DynamoDB does for every
// item such a call changes: INSERT when there was no item, REMOVE when
// there is none left, MODIFY otherwise. A write that leaves the item as
// it was (or deletes an item that does not exist) records nothing.
// Must be called under the table's write lock.
//
// Carried by Conveyor: upstream v0.33.1 applies these writes without
// stream records (see third_party/README.md).
func (m *MemoryStorage) emitWriteStreamEvent(td *tableData, oldItem, newItem Item) {
	if !td.Table.StreamEnabled || td.Table.LatestStreamArn == "" {
		return
	}

	switch {
	case oldItem == nil && newItem == nil:
		return
	case oldItem == nil:
		m.emitStreamEvent(td.Table, streams.OperationTypeInsert, m.extractKey(td.Table, newItem), nil, newItem)
	case newItem == nil:
		m.emitStreamEvent(td.Table, streams.OperationTypeRemove, m.extractKey(td.Table, oldItem), oldItem, nil)
	case reflect.DeepEqual(oldItem, newItem):
		return
	default:
		m.emitStreamEvent(td.Table, streams.OperationTypeModify, m.extractKey(td.Table, newItem), oldItem, newItem)
	}
}
