package infra

import (
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/shared/metrics"
)

// appMetric is a metric the functions emit, as shared/metrics catalogues
// it: dashboards and alarms name the code's metrics only through it, so
// they cannot drift from what the code writes. It panics at synth time on
// a name or dimension set the catalogue does not document.
func appMetric(name, service, statistic string, period awscdk.Duration, label string, dims ...string) awscloudwatch.Metric {
	def, ok := metrics.Lookup(name)
	if !ok {
		panic(fmt.Sprintf("infra: metric %s is not in shared/metrics' catalogue", name))
	}
	dimensions := map[string]*string{metrics.DimService: jsii.String(service)}
	if len(dims)%2 != 0 {
		panic(fmt.Sprintf("infra: metric %s: dimensions come in name, value pairs", name))
	}
	for i := 0; i < len(dims); i += 2 {
		dimensions[dims[i]] = jsii.String(dims[i+1])
	}
	if names := slices.Sorted(maps.Keys(dimensions)); !def.HasDimensions(names) {
		panic(fmt.Sprintf("infra: metric %s is published with %v, not %v", name, def.DimensionNames(), names))
	}
	if label == "" {
		label = name
	}
	return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
		Namespace:     jsii.String(metrics.Namespace),
		MetricName:    jsii.String(name),
		DimensionsMap: &dimensions,
		Statistic:     jsii.String(statistic),
		Period:        period,
		Label:         jsii.String(label),
	})
}

// emittedBy lists the catalogued metrics a service's own code emits, in
// catalogue order.
func emittedBy(service string) []metrics.Definition {
	var out []metrics.Definition
	for _, d := range metrics.Catalogue() {
		if d.EmittedBy == service {
			out = append(out, d)
		}
	}
	return out
}

// statisticFor is the statistic a dashboard shows for a catalogued
// metric: the sum of counts, the p99 of durations, the maximum of gauges.
func statisticFor(d metrics.Definition) string {
	switch d.Unit {
	case metrics.Count:
		return "Sum"
	case metrics.Milliseconds, metrics.Seconds, metrics.Microseconds:
		return "p99"
	}
	return "Maximum"
}
