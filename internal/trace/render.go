package trace

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteJSON writes the journey as one indented JSON document.
func (j Journey) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(j); err != nil {
		return fmt.Errorf("trace: write JSON: %w", err)
	}
	return nil
}

// WriteText writes the journey as a waterfall: one line per span, by
// start time, the operation indented by its depth in its trace, a bar
// showing where it falls in the journey, and its errors.
func (j Journey) WriteText(w io.Writer) error {
	total := 0.0
	for _, s := range j.Spans {
		total = max(total, s.OffsetMS+s.DurationMS)
	}
	fmt.Fprintf(w, "order %s: %d spans in %d traces over %.1f ms (correlation %s)\n",
		j.OrderID, len(j.Spans), len(j.TraceIDs), total, strings.Join(j.CorrelationIDs, ", "))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "START\tDURATION\tOUTCOME\tSERVICE\tFUNCTION\tOPERATION\tTIMELINE\tERRORS")
	for _, s := range j.Spans {
		fmt.Fprintf(tw, "+%.1fms\t%.1fms\t%s\t%s\t%s\t%s%s\t%s\t%s\n",
			s.OffsetMS, s.DurationMS, s.Outcome, orDash(s.Service), orDash(s.Function),
			strings.Repeat("  ", s.Depth), s.Operation, bar(s.OffsetMS, s.DurationMS, total), strings.Join(s.Errors, "; "))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("trace: write waterfall: %w", err)
	}
	return nil
}

// barWidth is the width of the timeline column.
const barWidth = 40

func bar(offset, duration, total float64) string {
	if total <= 0 {
		return strings.Repeat(".", barWidth)
	}
	from := int(offset / total * barWidth)
	to := max(from+1, int((offset+duration)/total*barWidth+0.5))
	from, to = min(from, barWidth-1), min(to, barWidth)
	return strings.Repeat(".", from) + strings.Repeat("#", to-from) + strings.Repeat(".", barWidth-to)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
