package cost

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
)

// awsServiceNames are the AWS services' names as the text report shows
// them.
var awsServiceNames = map[string]string{
	Lambda: "Lambda", DynamoDB: "DynamoDB", EventBridge: "EventBridge", SQS: "SQS",
	APIGateway: "API Gateway", XRay: "X-Ray", Logs: "CloudWatch Logs",
}

// WriteJSON writes the report as indented JSON.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report for a reader: the cost per million orders
// and per order, by AWS service with the usage behind it and by Conveyor
// service, which dominates, the fixed monthly costs, and the monthly
// estimate when asked for.
func (r Report) WriteText(w io.Writer) error {
	b := &strings.Builder{}
	for _, warn := range r.Warnings {
		fmt.Fprintf(b, "WARNING: %s\n\n", warn)
	}
	fmt.Fprintf(b, "What an order costs on AWS (%s, arm64 Lambda, on-demand prices of %s, before free tiers)\n", r.PriceTable.Region, r.PriceTable.Checked)
	fmt.Fprintf(b, "from %d orders placed between %s and %s (UTC), as the local cloud metered them\n\n",
		r.Orders, r.Since.UTC().Format("2006-01-02 15:04:05"), r.Taken.UTC().Format("15:04:05"))
	fmt.Fprintf(b, "per 1M orders: %s    per order: %s\n\n", usd(r.PerMillionOrdersUSD.Total), usd(r.PerOrderUSD.Total))

	u := r.UsagePerOrder
	usage := map[string]string{
		Lambda:      fmt.Sprintf("%.2f invocations, %.4f GB-s", u.LambdaInvocations, u.LambdaGBSeconds),
		DynamoDB:    fmt.Sprintf("%.2f WRU (%.2f for indexes), %.2f RRU", u.DynamoDBWriteUnits, u.DynamoDBIndexWriteUnits, u.DynamoDBReadUnits),
		EventBridge: fmt.Sprintf("%.2f events", u.EventBridgeEvents),
		SQS:         fmt.Sprintf("%.2f requests (%.2f empty receives)", u.SQSRequests, u.SQSEmptyReceives),
		APIGateway:  fmt.Sprintf("%.2f requests", u.APIRequests),
		XRay:        fmt.Sprintf("%.2f traces, %.0f %% of them recorded", u.XRayTraces, 100*r.Assumptions.XRaySampled),
		Logs:        fmt.Sprintf("%.0f bytes", u.LogBytes),
	}
	fmt.Fprintf(b, "  %-20s %14s %8s   %s\n", "by AWS service", "per 1M orders", "share", "usage per order")
	byAWS := slices.SortedFunc(slices.Values(AWSServices), func(a, b string) int {
		return cmpDesc(r.PerMillionOrdersUSD.ByAWSService[a], r.PerMillionOrdersUSD.ByAWSService[b])
	})
	for _, k := range byAWS {
		v := r.PerMillionOrdersUSD.ByAWSService[k]
		fmt.Fprintf(b, "  %-20s %14s %8s   %s\n", awsServiceNames[k], usd(v), share(v, r.PerMillionOrdersUSD.Total), usage[k])
	}
	fmt.Fprintf(b, "\n  %-20s %14s %8s\n", "by Conveyor service", "per 1M orders", "share")
	services := slices.SortedFunc(maps.Keys(r.PerMillionOrdersUSD.ByConveyorService), func(a, b string) int {
		return cmpDesc(r.PerMillionOrdersUSD.ByConveyorService[a], r.PerMillionOrdersUSD.ByConveyorService[b])
	})
	for _, k := range services {
		v := r.PerMillionOrdersUSD.ByConveyorService[k]
		fmt.Fprintf(b, "  %-20s %14s %8s\n", k, usd(v), share(v, r.PerMillionOrdersUSD.Total))
	}
	d := r.Dominant
	fmt.Fprintf(b, "\n%s dominates: %.0f %% of what an order costs; of the services, %s (%.0f %%).\n",
		awsServiceNames[d.AWSService], 100*d.AWSServiceShare, d.ConveyorService, 100*d.ConveyorServiceShare)

	fmt.Fprintf(b, "\nfixed monthly costs of %s, whatever the orders: %s\n", r.Fixed.Stage, usd(r.Fixed.TotalUSD))
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	for _, it := range r.Fixed.Items {
		extra := ""
		if it.PerMillionRequestsUSD > 0 {
			extra = fmt.Sprintf(", plus %s per 1M requests", usd(it.PerMillionRequestsUSD))
		}
		note := it.Note
		if note != "" {
			note = " (" + note + ")"
		}
		fmt.Fprintf(tw, "  %s\t%s %s\t%s%s%s\n", it.Name, quantity(it.Quantity), it.Unit, usd(it.USD), extra, note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if m := r.Monthly; m != nil {
		fmt.Fprintf(b, "\na month at %s orders a day: %s for the orders + %s fixed = %s\n",
			quantity(m.OrdersPerDay), usd(m.VariableUSD), usd(m.FixedUSD), usd(m.TotalUSD))
	}
	fmt.Fprintf(b, "\nprices: %s (version %s, checked %s)\n", r.PriceTable.File, r.PriceTable.Version, r.PriceTable.Checked)
	for _, src := range r.PriceTable.Sources {
		fmt.Fprintf(b, "  %s\n", src)
	}
	fmt.Fprintln(b, "not in these figures:")
	for _, x := range r.PriceTable.Excluded {
		fmt.Fprintf(b, "  %s\n", x)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteSummary writes the report's heart in a few lines, for the end of
// another report (conveyor load's): the cost per 1M orders and its
// orders, each AWS service's share, and what dominates.
func (r Report) WriteSummary(w io.Writer) error {
	b := &strings.Builder{}
	for _, warn := range r.Warnings {
		fmt.Fprintf(b, "WARNING: %s\n", warn)
	}
	fmt.Fprintf(b, "cost on AWS (%s, prices of %s): %s per 1M orders, from the %d orders metered\n",
		r.PriceTable.Region, r.PriceTable.Checked, usd(r.PerMillionOrdersUSD.Total), r.Orders)
	byAWS := slices.SortedFunc(slices.Values(AWSServices), func(a, b string) int {
		return cmpDesc(r.PerMillionOrdersUSD.ByAWSService[a], r.PerMillionOrdersUSD.ByAWSService[b])
	})
	parts := make([]string, 0, len(byAWS))
	for _, k := range byAWS {
		v := r.PerMillionOrdersUSD.ByAWSService[k]
		parts = append(parts, fmt.Sprintf("%s %s", awsServiceNames[k], usd(v)))
	}
	fmt.Fprintf(b, "  %s\n", strings.Join(parts, ", "))
	fmt.Fprintf(b, "  %s dominates (%.0f %%); fixed costs of %s: %s a month; `conveyor cost` for the breakdown\n",
		awsServiceNames[r.Dominant.AWSService], 100*r.Dominant.AWSServiceShare, r.Fixed.Stage, usd(r.Fixed.TotalUSD))
	_, err := io.WriteString(w, b.String())
	return err
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// usd formats an amount of dollars with the precision it needs.
func usd(v float64) string {
	switch {
	case v == 0:
		return "$0"
	case v < 0.01:
		return fmt.Sprintf("$%.6f", v)
	case v < 100:
		return fmt.Sprintf("$%.2f", v)
	}
	return "$" + thousands(fmt.Sprintf("%.0f", v))
}

func share(v, total float64) string {
	if total <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f %%", 100*v/total)
}

// quantity formats a count, whole when it is.
func quantity(v float64) string {
	if v == float64(int64(v)) {
		return thousands(fmt.Sprintf("%d", int64(v)))
	}
	return fmt.Sprintf("%.1f", v)
}

func thousands(digits string) string {
	neg := strings.HasPrefix(digits, "-")
	digits = strings.TrimPrefix(digits, "-")
	var out []byte
	for i := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, digits[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
