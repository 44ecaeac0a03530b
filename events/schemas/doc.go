// Package schemas holds the JSON Schema (draft 2020-12) of every event of
// the published language, one file per event type and version named
// "<Type>.v<Version>.json", plus envelope.json (the detail every event
// shares) and common.json (money, lines, times). The files are embedded
// and compiled once; Validate checks an event's detail against its schema.
package schemas
