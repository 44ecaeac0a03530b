package emulator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/conveyor-dev/conveyor/internal/iampolicy"
	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
)

// FunctionKeyPrefix starts the access key id of every function process:
// "fn.<function-name>". Requests signed with such a key are evaluated
// against that function's policy; any other key is an administrator.
const FunctionKeyPrefix = "fn."

// FunctionAccessKey is the access key id the local cloud gives function.
func FunctionAccessKey(function string) string { return FunctionKeyPrefix + function }

// DefaultAccountID is the account kumo puts in the ARNs it makes.
const DefaultAccountID = awsclients.AccountID

// Principal is the identity a function's requests are evaluated as.
type Principal struct {
	// Role is the name of the function's execution role, as denials name
	// it ("assumed-role/<Role>/<function>").
	Role string
	// Statements are the role's policy.
	Statements []iampolicy.Statement
}

// Enforcement configures the front door's IAM enforcement.
type Enforcement struct {
	// Principals are the functions' identities by function name, the
	// name in the access key id. A request signed by a function missing
	// here is evaluated against no statements, and so denied.
	Principals map[string]Principal
	// AccountID is the account of the ARNs the front door builds and
	// names in denials; empty means DefaultAccountID.
	AccountID string
	// Denied receives every denial, for the log; nil drops them. It must
	// not block.
	Denied func(Denial)
}

// Denial describes one refused request.
type Denial struct {
	// Function is the caller, Role its execution role.
	Function, Role string
	// Action and Resource are the refused check, e.g. "dynamodb:GetItem"
	// on a table ARN ("*" for an action without resource-level
	// permissions).
	Action, Resource string
	// Context holds the check's condition keys, e.g. events:source.
	Context map[string][]string
	// Decision is ImplicitDeny (no statement allows it) or ExplicitDeny
	// (the Deny statement Sid applies).
	Decision iampolicy.Decision
	Sid      string
	// Unresolved says why the front door could not tell the action or
	// resource of the request; such a request is refused outright.
	Unresolved string
}

// String is the one log line of a denial.
func (d Denial) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "AccessDenied: %s (role %s) ", d.Function, d.Role)
	if d.Unresolved != "" {
		fmt.Fprintf(&b, "made a request the local cloud cannot check, so it is refused: %s", d.Unresolved)
		return b.String()
	}
	fmt.Fprintf(&b, "may not %s on %s", d.Action, d.Resource)
	for _, k := range sortedKeys(d.Context) {
		fmt.Fprintf(&b, " %s=%s", k, strings.Join(d.Context[k], ","))
	}
	if d.Decision == iampolicy.ExplicitDeny {
		fmt.Fprintf(&b, ": denied by statement %q", d.Sid)
	} else {
		b.WriteString(": no statement of its policy allows it")
	}
	return b.String()
}

// Enforce makes the front door evaluate every request signed with a
// function's key (see FunctionAccessKey) against en, refusing denied ones
// with the error AWS returns for the protocol; nil turns enforcement off.
// It fails, and changes nothing, when a policy holds a statement
// iampolicy.Evaluate cannot apply faithfully.
func (e *Emulator) Enforce(en *Enforcement) error {
	if en != nil {
		for name, p := range en.Principals {
			if err := iampolicy.Validate(p.Statements); err != nil {
				return fmt.Errorf("emulator: policy of %s: %w", name, err)
			}
		}
		c := *en
		if c.AccountID == "" {
			c.AccountID = DefaultAccountID
		}
		en = &c
	}
	e.enforcement.Store(en)
	return nil
}

// maxAuthorizedBody is the largest request body the front door reads to
// resolve a function's request; DynamoDB's largest is 16 MB.
const maxAuthorizedBody = 32 << 20

// authorizing refuses the requests of functions their policy denies.
func (e *Emulator) authorizing(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		en := e.enforcement.Load()
		if en == nil {
			next.ServeHTTP(w, r)
			return
		}
		scope, ok := signingScope(r)
		function, isFunction := strings.CutPrefix(scope.accessKey, FunctionKeyPrefix)
		if !ok || !isFunction {
			next.ServeHTTP(w, r)
			return
		}
		body, err := readBody(r.Body, r.ContentLength, maxAuthorizedBody+1)
		_ = r.Body.Close()
		if err != nil {
			http.Error(w, "read request: "+err.Error(), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		principal, known := en.Principals[function]
		if !known {
			// A function without a policy: nothing allows it anything.
			principal.Role = function
		}
		req := resolve(r, body, scope, en.AccountID)
		if len(body) > maxAuthorizedBody {
			req.unresolved = fmt.Sprintf("request body over %d bytes", maxAuthorizedBody)
		}
		denial, denied := authorize(principal, req)
		if !denied {
			next.ServeHTTP(w, r)
			return
		}
		denial.Function, denial.Role = function, principal.Role
		if en.Denied != nil {
			en.Denied(denial)
		}
		writeDenial(w, req.protocol, denialMessage(en.AccountID, denial, req.protocol))
	})
}

// readBody reads a request body of size bytes (-1 when unknown), or at
// most limit bytes of it.
func readBody(body io.Reader, size, limit int64) ([]byte, error) {
	if size < 0 || size > limit {
		return io.ReadAll(io.LimitReader(body, limit))
	}
	buf := make([]byte, size)
	if _, err := io.ReadFull(body, buf); err != nil {
		return nil, err
	}
	return buf, nil
}

// authorize evaluates every check of req; the first that fails denies
// the whole request, as one unauthorised item fails a whole transaction
// or PutEvents call on AWS.
func authorize(p Principal, req resolved) (Denial, bool) {
	if req.unresolved != "" {
		return Denial{Unresolved: req.unresolved, Decision: iampolicy.ImplicitDeny}, true
	}
	for _, c := range req.checks {
		res := iampolicy.Evaluate(p.Statements, iampolicy.Request{Action: c.action, Resource: c.resource, Context: c.context})
		if !res.Allowed() {
			return Denial{Action: c.action, Resource: c.resource, Context: c.context, Decision: res.Decision, Sid: res.Sid}, true
		}
	}
	return Denial{}, false
}

// denialMessage is AWS's message for d: "User: <assumed-role ARN> is not
// authorized to perform: <action> on resource: <ARN> because no
// identity-based policy allows the <action> action". SQS writes the
// action in lower case; an action on "*" names no resource.
func denialMessage(account string, d Denial, p protocol) string {
	user := fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", account, d.Role, d.Function)
	if d.Unresolved != "" {
		return fmt.Sprintf("User: %s is not authorized to perform this request: %s", user, d.Unresolved)
	}
	action := d.Action
	if p == sqsJSON || p == sqsQuery {
		action = strings.ToLower(action)
	}
	msg := fmt.Sprintf("User: %s is not authorized to perform: %s", user, action)
	if d.Resource != "*" {
		msg += " on resource: " + d.Resource
	}
	if d.Decision == iampolicy.ExplicitDeny {
		return msg + " with an explicit deny in an identity-based policy"
	}
	return msg + " because no identity-based policy allows the " + action + " action"
}

// writeDenial answers with AccessDenied as AWS does for protocol p.
func writeDenial(w http.ResponseWriter, p protocol, message string) {
	switch p {
	case sqsQuery:
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusForbidden)
		_, _ = fmt.Fprintf(w, `<?xml version="1.0"?><ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>%s</Message><Detail/></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`,
			xmlEscape(message))
		return
	case restJSON:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-Errortype", "AccessDeniedException")
		w.WriteHeader(http.StatusForbidden)
		_ = json.NewEncoder(w).Encode(map[string]string{"Message": message})
		return
	}
	status := http.StatusBadRequest
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	if p == sqsJSON {
		// SQS speaks JSON for the SDKs and keeps its Query error code in
		// a header, from which the SDK takes the code "AccessDenied".
		w.Header().Set("X-Amzn-Query-Error", "AccessDenied;Sender")
		status = http.StatusForbidden
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{
		"__type":  "com.amazon.coral.service#AccessDeniedException",
		"Message": message,
	})
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
