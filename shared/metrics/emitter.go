package metrics

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// The limits of the Embedded Metric Format.
const (
	MaxMetricsPerDirective = 100
	MaxValuesPerMetric     = 100
	MaxDimensions          = 30
	maxNameLength          = 255
)

// Emitter writes EMF records for one namespace to one writer. Its fields
// are read when a batch flushes; set them before the first Begin.
type Emitter struct {
	// Namespace is the CloudWatch namespace of every metric, e.g. "Conveyor".
	Namespace string
	// Out receives one line per record; nil means os.Stdout.
	Out io.Writer
	// Dimensions are added to every record, e.g. {"Service": "catalog"}.
	Dimensions map[string]string
	// Now gives the record timestamp; nil means time.Now.
	Now func() time.Time

	mu sync.Mutex // serialises writes to Out
}

// New returns an Emitter writing records for namespace to out, each with
// the dimensions dims.
func New(namespace string, out io.Writer, dims map[string]string) *Emitter {
	return &Emitter{Namespace: namespace, Out: out, Dimensions: maps.Clone(dims)}
}

// Validate reports what makes the emitter unable to write valid records.
func (e *Emitter) Validate() error {
	var errs []error
	if e.Namespace == "" || len(e.Namespace) > maxNameLength || strings.HasPrefix(e.Namespace, "AWS/") {
		errs = append(errs, fmt.Errorf("metrics: namespace %q must be 1-255 characters and not start with AWS/", e.Namespace))
	}
	if len(e.Dimensions) > MaxDimensions {
		errs = append(errs, fmt.Errorf("metrics: %d dimensions, at most %d allowed", len(e.Dimensions), MaxDimensions))
	}
	for k, v := range e.Dimensions {
		if err := checkDimension(k, v); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Begin returns an empty batch that flushes to e. A nil Emitter gives a
// batch that records nothing.
func (e *Emitter) Begin() *Batch {
	if e == nil {
		return &Batch{}
	}
	return &Batch{emitter: e}
}

func (e *Emitter) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Emitter) write(line []byte) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.Out
	if out == nil {
		out = os.Stdout
	}
	if _, err := out.Write(line); err != nil {
		return fmt.Errorf("metrics: write record: %w", err)
	}
	return nil
}

// Batch gathers the metrics of one unit of work, usually one invocation,
// into one EMF record. Its methods are safe for concurrent use. A batch
// with no emitter (see FromContext) accepts every call and records nothing.
type Batch struct {
	emitter *Emitter

	mu      sync.Mutex
	names   []string // metric names, in the order first added
	metrics map[string]*metric
	dims    map[string]string
	dimKeys []string
	props   map[string]any
	errs    []error
	// rollup is the dimension With added; the batch's records publish
	// every metric with and without it.
	rollup   string
	children map[[2]string]*Batch
	order    [][2]string
}

type metric struct {
	unit   Unit
	values []float64
}

// Add records value for the metric name, in unit (empty means None).
// Adding to a metric again adds a value to it, which CloudWatch counts as
// one more sample; a metric keeps its first unit. When the metric already
// holds 100 values, the batch is flushed first. Invalid input is left out
// and reported by the next Flush.
func (b *Batch) Add(name string, value float64, unit Unit) {
	if b.emitter == nil {
		return
	}
	if unit == "" {
		unit = None
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case name == "" || len(name) > maxNameLength:
		b.errs = append(b.errs, fmt.Errorf("metrics: metric name %q must be 1-255 characters", name))
		return
	case math.IsNaN(value) || math.IsInf(value, 0):
		b.errs = append(b.errs, fmt.Errorf("metrics: metric %s: value %v is not a finite number", name, value))
		return
	case !unit.Valid():
		b.errs = append(b.errs, fmt.Errorf("metrics: metric %s: %q is not a CloudWatch unit", name, unit))
		return
	}
	m := b.metrics[name]
	if m != nil && m.unit != unit {
		b.errs = append(b.errs, fmt.Errorf("metrics: metric %s: unit %s differs from its first unit %s", name, unit, m.unit))
		return
	}
	if m != nil && len(m.values) >= MaxValuesPerMetric {
		if err := b.flushLocked(false); err != nil {
			b.errs = append(b.errs, err)
		}
		m = nil
	}
	if m == nil {
		if b.metrics == nil {
			b.metrics = map[string]*metric{}
		}
		m = &metric{unit: unit}
		b.metrics[name] = m
		b.names = append(b.names, name)
	}
	m.values = append(m.values, value)
}

// Dimension adds a dimension to the record, on top of the emitter's; the
// value of an existing key is replaced. A dimension beyond the 30th is left
// out and reported by the next Flush.
func (b *Batch) Dimension(key, value string) {
	if b.emitter == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := checkDimension(key, value); err != nil {
		b.errs = append(b.errs, err)
		return
	}
	if _, ok := b.dims[key]; !ok {
		if _, shared := b.emitter.Dimensions[key]; !shared {
			if len(b.dimKeys)+len(b.emitter.Dimensions) >= MaxDimensions {
				b.errs = append(b.errs, fmt.Errorf("metrics: dimension %s left out: at most %d dimensions", key, MaxDimensions))
				return
			}
		}
		b.dimKeys = append(b.dimKeys, key)
	}
	if b.dims == nil {
		b.dims = map[string]string{}
	}
	b.dims[key] = value
}

// With returns the batch for metrics that b's dimensions alone do not
// describe, such as orders cancelled by reason. It is flushed with b, as
// a record of its own in which every metric is published twice: under the
// emitter's dimensions, a roll-up over every value of key, and under those
// plus key=value. Calls with the same key and value return the same batch.
// Dimensions added to b with Dimension are not carried over; b's
// properties are, as they stand when b flushes.
func (b *Batch) With(key, value string) *Batch {
	if b.emitter == nil {
		return &Batch{}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	id := [2]string{key, value}
	if c, ok := b.children[id]; ok {
		return c
	}
	c := &Batch{emitter: b.emitter, rollup: key}
	if err := checkDimension(key, value); err != nil {
		b.errs = append(b.errs, err)
		return &Batch{}
	}
	if _, shared := b.emitter.Dimensions[key]; shared {
		b.errs = append(b.errs, fmt.Errorf("metrics: With(%s): the emitter already sets that dimension", key))
		return &Batch{}
	}
	c.dims, c.dimKeys = map[string]string{key: value}, []string{key}
	if b.children == nil {
		b.children = map[[2]string]*Batch{}
	}
	b.children[id] = c
	b.order = append(b.order, id)
	return c
}

// Property adds a member to the record that is not a metric: searchable in
// CloudWatch Logs, e.g. a request id. value must encode as JSON.
func (b *Batch) Property(key string, value any) {
	if b.emitter == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if key == "" || key == "_aws" {
		b.errs = append(b.errs, fmt.Errorf("metrics: property name %q is reserved", key))
		return
	}
	if _, err := json.Marshal(value); err != nil {
		b.errs = append(b.errs, fmt.Errorf("metrics: property %s: %w", key, err))
		return
	}
	if b.props == nil {
		b.props = map[string]any{}
	}
	b.props[key] = value
}

// Flush writes the batch as one EMF record, a single JSON line, and empties
// it. A batch without metrics writes nothing. The error reports the input
// left out since the last Flush and any failure to write; the record is
// written all the same.
func (b *Batch) Flush() error {
	if b.emitter == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	err := b.flushLocked(true)
	errs := append(b.errs, err)
	b.errs = nil
	for _, id := range b.order {
		c := b.children[id]
		c.mu.Lock()
		c.props = maps.Clone(b.props)
		errs = append(errs, c.flushLocked(false), errors.Join(c.errs...))
		c.errs = nil
		c.mu.Unlock()
	}
	b.children, b.order = nil, nil
	b.props = nil
	return errors.Join(errs...)
}

// flushLocked writes the metrics gathered so far. With all, it empties the
// batch; without, it keeps the dimensions and properties for the metrics
// still to come.
func (b *Batch) flushLocked(all bool) error {
	var err error
	if len(b.names) > 0 {
		line, problems := b.record()
		err = errors.Join(problems, b.emitter.write(line))
	}
	b.names, b.metrics = nil, nil
	if all {
		b.dims, b.dimKeys = nil, nil
		if len(b.children) == 0 {
			b.props = nil
		}
	}
	return err
}

// directive is one member of _aws.CloudWatchMetrics.
type directive struct {
	Namespace  string       `json:"Namespace"`
	Dimensions [][]string   `json:"Dimensions"`
	Metrics    []definition `json:"Metrics"`
}

type definition struct {
	Name string `json:"Name"`
	Unit Unit   `json:"Unit"`
}

// record encodes the batch as one EMF line, and reports the members that
// hide others of the same name.
func (b *Batch) record() ([]byte, error) {
	root := make(map[string]any, len(b.props)+len(b.dims)+len(b.names)+len(b.emitter.Dimensions)+1)
	var errs []error
	for k, v := range b.props {
		root[k] = v
	}
	dimKeys := append(make([]string, 0, len(b.emitter.Dimensions)+len(b.dimKeys)),
		slices.Sorted(maps.Keys(b.emitter.Dimensions))...)
	for _, k := range b.dimKeys {
		if _, ok := b.emitter.Dimensions[k]; !ok {
			dimKeys = append(dimKeys, k)
		}
	}
	for _, k := range dimKeys {
		v, ok := b.dims[k]
		if !ok {
			v = b.emitter.Dimensions[k]
		}
		if _, clash := b.props[k]; clash {
			errs = append(errs, fmt.Errorf("metrics: property %s hidden by the dimension of that name", k))
		}
		root[k] = v
	}
	defs := make([]definition, 0, len(b.names))
	for _, name := range b.names {
		if _, clash := root[name]; clash {
			errs = append(errs, fmt.Errorf("metrics: metric %s clashes with a dimension or property of that name", name))
		}
		m := b.metrics[name]
		if len(m.values) == 1 {
			root[name] = m.values[0]
		} else {
			root[name] = m.values
		}
		defs = append(defs, definition{Name: name, Unit: m.unit})
	}
	sets := [][]string{dimKeys}
	if b.rollup != "" {
		sets = [][]string{slices.DeleteFunc(slices.Clone(dimKeys), func(k string) bool { return k == b.rollup }), dimKeys}
	}
	var directives []directive
	for chunk := range slices.Chunk(defs, MaxMetricsPerDirective) {
		directives = append(directives, directive{
			Namespace:  b.emitter.Namespace,
			Dimensions: sets,
			Metrics:    chunk,
		})
	}
	root["_aws"] = map[string]any{
		"Timestamp":         b.emitter.now().UnixMilli(),
		"CloudWatchMetrics": directives,
	}
	line, err := json.Marshal(root)
	if err != nil {
		// Property checked each value, so this cannot happen; keep the
		// metrics should it ever.
		for k := range b.props {
			delete(root, k)
		}
		errs = append(errs, fmt.Errorf("metrics: properties left out: %w", err))
		if line, err = json.Marshal(root); err != nil {
			return nil, errors.Join(append(errs, err)...)
		}
	}
	return append(line, '\n'), errors.Join(errs...)
}

func checkDimension(key, value string) error {
	if key == "" || len(key) > maxNameLength || value == "" || len(value) > 1024 || key == "_aws" {
		return fmt.Errorf("metrics: dimension %q=%q: names must be 1-255 characters and values 1-1024", key, value)
	}
	return nil
}
