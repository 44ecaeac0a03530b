package httpapi

// Operation describes one declared route for the API's contract
// (docs/openapi.json, internal/openapi): what its request and its answers
// hold, as the Go types the handler decodes and writes. A service's ports
// list one Operation per route of its declaration; a test fails when a
// route has none, or an Operation names no route.
type Operation struct {
	// Method and Path name the declared route: "PUT", "/products/{sku}".
	Method, Path string
	// ID is the operation's unique id, e.g. "putProduct": the name of the
	// generated client's method.
	ID string
	// Summary is a short phrase; Description says more, in sentences.
	Summary, Description string
	// Parameters are the path, query and header parameters it reads. A
	// path parameter the Path holds and Parameters omit is a string.
	Parameters []Parameter
	// Request is its body, nil when it takes none.
	Request *Body
	// Responses are its answers when it runs, success first.
	Responses []Response
	// Problems are the statuses of the RFC 9457 problems it answers
	// itself. The contract adds those every operation of its kind can
	// answer: 401 and 403 for a protected route, 400, 413 and 415 for
	// one that takes a body.
	Problems []int
}

// Parameter is one path, query or header parameter of an Operation.
type Parameter struct {
	// Name is the parameter's name, e.g. "sku", "limit", "If-Match".
	Name string
	// In is "path", "query" or "header".
	In string
	// Description says what it means.
	Description string
	// Required is true when a request must carry it; a path parameter
	// always must.
	Required bool
	// Type is "string" (the default) or "integer".
	Type string
	// Pattern, MaxLength, Minimum and Maximum bound its value when set.
	Pattern          string
	MaxLength        int
	Minimum, Maximum *int64
	// Example is a value of it.
	Example any
}

// Body is the JSON body of a request or a response.
type Body struct {
	// Type is a value of the Go type the body is decoded into or encoded
	// from, e.g. productRequest{}.
	Type any
	// Required lists the fields a request must hold, as dotted paths
	// ("price.amount"); a response's fields are required when their JSON
	// encoding always writes them.
	Required []string
	// Fields describe and bound fields, by dotted path.
	Fields map[string]Field
	// Example is a value of Type, shown in the contract (and checked
	// against it).
	Example any
}

// Field describes one field of a Body.
type Field struct {
	// Description says what it means.
	Description string
	// Format is a JSON Schema format, e.g. "date-time", "uuid".
	Format string
	// Pattern is a regular expression a string value matches.
	Pattern string
	// Enum lists the values it may take.
	Enum []string
	// Minimum bounds a number from below.
	Minimum *int64
	// Maximum bounds a number from above.
	Maximum *int64
}

// Response is one answer of an Operation when it runs.
type Response struct {
	// Status is the HTTP status, e.g. 201.
	Status int
	// Description says when it is answered.
	Description string
	// Body is what it holds; nil for none (a 204).
	Body *Body
	// Headers name the response headers it sets besides X-Correlation-Id,
	// which every answer of a function has: "ETag", "Location",
	// "Idempotent-Replayed".
	Headers []string
}

// Int64 returns a pointer to n, for the bounds of a Parameter or a Field.
func Int64(n int64) *int64 { return &n }

// SKUPattern is the form of a SKU in the contract: 1 to 64 upper-case
// letters, digits and inner hyphens.
const SKUPattern = `^[A-Z0-9](?:[A-Z0-9-]{0,62}[A-Z0-9])?$`

// HealthFields describe the fields of every health report.
var HealthFields = map[string]Field{
	"service":           {Description: "The service checked."},
	"status":            {Description: "ok when every dependency answered.", Enum: []string{"ok", "unavailable"}},
	"checks":            {Description: "One entry per dependency checked."},
	"checks.status":     {Enum: []string{"ok", "unavailable"}},
	"checks.durationMs": {Description: "How long the check took, in milliseconds.", Minimum: Int64(0)},
}

// HealthOperation is the Operation of GET /health/<service> (Health): a
// HealthReport, 200 when every dependency answered and 503 when one did
// not.
func HealthOperation(service, operationID string) Operation {
	return HealthOperationOf(service, operationID, &Body{Type: HealthReport{}, Fields: HealthFields})
}

// HealthOperationOf is HealthOperation with a report body of the
// service's own (HealthWithDetails).
func HealthOperationOf(service, operationID string, report *Body) Operation {
	ok := *report
	ok.Example = HealthReport{Service: service, Status: "ok", Checks: []HealthCheck{{Name: "table", Status: "ok", DurationMS: 2}}}
	if report.Example != nil {
		ok.Example = report.Example
	}
	down := *report
	down.Example = nil
	return Operation{
		Method: "GET", Path: "/health/" + service, ID: operationID,
		Summary:     "Check the " + service + " service",
		Description: "Checks each dependency of the " + service + " service (its table) within a second.",
		Responses: []Response{
			{Status: 200, Description: "Every dependency answered.", Body: &ok},
			{Status: 503, Description: "A dependency did not answer.", Body: &down},
		},
	}
}

// IfMatch is the If-Match parameter of a conditional write.
var IfMatch = Parameter{
	Name: "If-Match", In: "header", Example: `"3"`,
	Description: `The version the write expects, as the ETag gave it ("3"), or * for any existing version; 412 when it does not hold.`,
}

// IfNoneMatch is the If-None-Match parameter of a create-only write.
var IfNoneMatch = Parameter{
	Name: "If-None-Match", In: "header", Example: "*",
	Description: "* makes the write create only: 412 when the resource exists.",
}
