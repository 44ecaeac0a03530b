package metrics

// Unit is a CloudWatch metric unit.
type Unit string

// The CloudWatch units.
const (
	None            Unit = "None"
	Count           Unit = "Count"
	CountPerSecond  Unit = "Count/Second"
	Percent         Unit = "Percent"
	Microseconds    Unit = "Microseconds"
	Milliseconds    Unit = "Milliseconds"
	Seconds         Unit = "Seconds"
	Bytes           Unit = "Bytes"
	Kilobytes       Unit = "Kilobytes"
	Megabytes       Unit = "Megabytes"
	Gigabytes       Unit = "Gigabytes"
	Terabytes       Unit = "Terabytes"
	Bits            Unit = "Bits"
	Kilobits        Unit = "Kilobits"
	Megabits        Unit = "Megabits"
	Gigabits        Unit = "Gigabits"
	Terabits        Unit = "Terabits"
	BytesPerSecond  Unit = "Bytes/Second"
	KilobytesPerSec Unit = "Kilobytes/Second"
	MegabytesPerSec Unit = "Megabytes/Second"
	GigabytesPerSec Unit = "Gigabytes/Second"
	TerabytesPerSec Unit = "Terabytes/Second"
	BitsPerSecond   Unit = "Bits/Second"
	KilobitsPerSec  Unit = "Kilobits/Second"
	MegabitsPerSec  Unit = "Megabits/Second"
	GigabitsPerSec  Unit = "Gigabits/Second"
	TerabitsPerSec  Unit = "Terabits/Second"
)

var units = map[Unit]bool{
	None: true, Count: true, CountPerSecond: true, Percent: true,
	Microseconds: true, Milliseconds: true, Seconds: true,
	Bytes: true, Kilobytes: true, Megabytes: true, Gigabytes: true, Terabytes: true,
	Bits: true, Kilobits: true, Megabits: true, Gigabits: true, Terabits: true,
	BytesPerSecond: true, KilobytesPerSec: true, MegabytesPerSec: true, GigabytesPerSec: true, TerabytesPerSec: true,
	BitsPerSecond: true, KilobitsPerSec: true, MegabitsPerSec: true, GigabitsPerSec: true, TerabitsPerSec: true,
}

// Valid reports whether u is a CloudWatch unit.
func (u Unit) Valid() bool { return units[u] }
