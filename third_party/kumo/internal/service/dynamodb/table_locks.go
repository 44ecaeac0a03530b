package dynamodb

import (
	"fmt"
	"sort"
)

// tableNotFound is the error of a call on a table that does not exist.
func tableNotFound(tableName string) *TableError {
	return &TableError{
		Code:    errCodeResourceNotFound,
		Message: fmt.Sprintf("Requested resource not found: Table: %s not found", tableName),
	}
}

// lookupTable returns the table named name, or false when there is none.
// The table is not locked.
func (m *MemoryStorage) lookupTable(name string) (*tableData, bool) {
	m.mu.RLock()
	td, ok := m.Tables[name]
	m.mu.RUnlock()

	return td, ok
}

// readTable returns the table named name locked for reading, and the
// function that unlocks it, or false when there is no such table.
func (m *MemoryStorage) readTable(name string) (*tableData, func(), bool) {
	td, ok := m.lookupTable(name)
	if !ok {
		return nil, nil, false
	}

	td.mu.RLock()

	if td.dropped {
		td.mu.RUnlock()

		return nil, nil, false
	}

	return td, td.mu.RUnlock, true
}

// writeTable returns the table named name locked for writing, and the
// function that unlocks it, or false when there is no such table.
func (m *MemoryStorage) writeTable(name string) (*tableData, func(), bool) {
	td, ok := m.lookupTable(name)
	if !ok {
		return nil, nil, false
	}

	td.mu.Lock()

	if td.dropped {
		td.mu.Unlock()

		return nil, nil, false
	}

	return td, td.mu.Unlock, true
}

// lockTables locks the tables a call on several tables uses: for writing
// those whose value in names is true, for reading the others. It locks
// them in name order, which every such call follows, so two calls that
// share tables cannot deadlock, and it holds every lock until the call
// is done, so the call sees and leaves its tables as one change. The
// tables that exist are returned by name (a name missing from the
// result has no table); unlock releases every lock.
func (m *MemoryStorage) lockTables(names map[string]bool) (map[string]*tableData, func()) {
	ordered := make([]string, 0, len(names))
	for name := range names {
		ordered = append(ordered, name)
	}

	sort.Strings(ordered)

	found := make([]*tableData, len(ordered))

	m.mu.RLock()

	for i, name := range ordered {
		found[i] = m.Tables[name]
	}

	m.mu.RUnlock()

	tables := make(map[string]*tableData, len(ordered))
	unlocks := make([]func(), 0, len(ordered))

	for i, name := range ordered {
		td := found[i]
		if td == nil {
			continue
		}

		if names[name] {
			td.mu.Lock()
			unlocks = append(unlocks, td.mu.Unlock)
		} else {
			td.mu.RLock()
			unlocks = append(unlocks, td.mu.RUnlock)
		}

		if !td.dropped {
			tables[name] = td
		}
	}

	return tables, func() {
		for i := len(unlocks) - 1; i >= 0; i-- {
			unlocks[i]()
		}
	}
}

// lockAllTablesLocked locks every table for reading, in name order, and
// returns the function that unlocks them. The caller holds m.mu.
func (m *MemoryStorage) lockAllTablesLocked() func() {
	ordered := make([]string, 0, len(m.Tables))
	for name := range m.Tables {
		ordered = append(ordered, name)
	}

	sort.Strings(ordered)

	locked := make([]*tableData, len(ordered))
	for i, name := range ordered {
		locked[i] = m.Tables[name]
		locked[i].mu.RLock()
	}

	return func() {
		for i := len(locked) - 1; i >= 0; i-- {
			locked[i].mu.RUnlock()
		}
	}
}

// describe returns a copy of the table's description with its current
// item count, for a caller that holds td.mu: the caller may read the
// copy after unlocking, while later calls change the table.
func (td *tableData) describe() *Table {
	t := *td.Table
	t.ItemCount = int64(len(td.Items))

	return &t
}
