package metering

import (
	"encoding/json"
	"net/http"
)

// eventEntry holds the members of a PutEvents entry that count towards
// its size.
type eventEntry struct {
	Time       json.RawMessage
	Source     string
	DetailType string
	Detail     string
	Resources  []string
}

// EntrySize is the size of a PutEvents entry as EventBridge counts it: 14
// bytes for Time when it is set, plus the UTF-8 bytes of Source,
// DetailType, Detail and each of Resources.
func EntrySize(hasTime bool, source, detailType, detail string, resources ...string) int {
	n := len(source) + len(detailType) + len(detail)
	if hasTime {
		n += 14
	}
	for _, r := range resources {
		n += len(r)
	}
	return n
}

func (e eventEntry) size() int {
	hasTime := len(e.Time) > 0 && string(e.Time) != "null"
	return EntrySize(hasTime, e.Source, e.DetailType, e.Detail, e.Resources...)
}

// putEvents meters one PutEvents call of function: each entry the bus
// accepted is billed one event per 64 KB started, and an accepted order
// event counts an order.
func (fd *frontDoor) putEvents(w http.ResponseWriter, r *http.Request, function string) {
	body, ok := readBody(r)
	var req struct{ Entries []eventEntry }
	if ok {
		ok = json.Unmarshal(body, &req) == nil
	}
	c := fd.serve(w, r)
	defer c.flush()
	if !ok || c.status != http.StatusOK {
		return
	}
	var ans struct {
		Entries []struct{ EventID string }
	}
	if json.Unmarshal(c.body.Bytes(), &ans) != nil || len(ans.Entries) != len(req.Entries) {
		return
	}
	var entries, events, size int64
	var orderIDs []string
	m := fd.m
	oe := m.orderEvent
	for i, e := range req.Entries {
		if ans.Entries[i].EventID == "" {
			continue
		}
		s := e.size()
		entries++
		events += Chunks(s)
		size += int64(s)
		if e.DetailType == oe.DetailType && (oe.Source == "" || e.Source == oe.Source) {
			var env struct {
				ID string `json:"id"`
			}
			_ = json.Unmarshal([]byte(e.Detail), &env)
			orderIDs = append(orderIDs, env.ID)
		}
	}
	m.update(function, func(u *Usage) {
		u.EventBridge.Entries += entries
		u.EventBridge.Events += events
		u.EventBridge.Bytes += size
	})
	for _, id := range orderIDs {
		m.orderPlaced(id)
	}
}
