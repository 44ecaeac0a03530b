package iampolicy_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/iampolicy"
	"github.com/conveyor-dev/conveyor/internal/iampolicy/codecalls"
)

// module is the import path of the module the functions' entries are in.
const module = "github.com/conveyor-dev/conveyor"

// mappingStatements are the statements a function's role holds for the
// Lambda service (logs, traces, event source mappings), not for calls of
// the function's own code.
var mappingStatements = []string{"WriteOwnLogs", "WriteTraces", "ReadOwnStream", "ListStreams", "ReportStreamFailures", "ConsumeSubscriptionQueues"}

// TestEveryFunctionIsGrantedWhatItsCodeCallsAndNothingMore holds, for
// every declared function, the statements ForFunction gives it against the
// AWS calls its code can make (codecalls, from its main): the table
// operations (a transaction's as its items), a query of the table or of an
// index, sending to a queue and putting events. A role holding an action
// its code never calls fails, and so does code calling an action its role
// lacks, which on AWS would be AccessDenied.
func TestEveryFunctionIsGrantedWhatItsCodeCallsAndNothingMore(t *testing.T) {
	var entries []string
	for _, s := range functions.All() {
		for _, f := range s.Functions {
			entries = append(entries, f.Entry)
		}
	}
	calls, err := codecalls.Find("../..", entries...)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range functions.All() {
		for _, f := range s.Functions {
			t.Run(f.Name, func(t *testing.T) {
				c, ok := calls[module+strings.TrimPrefix(f.Entry, ".")]
				if !ok {
					t.Fatalf("no calls found for %s", f.Entry)
				}
				statements, err := iampolicy.ForFunction(s, f, devNaming.Resources(s))
				if err != nil {
					t.Fatal(err)
				}
				if got, want := codeActions(c), grantedActions(statements); !slices.Equal(got, want) {
					t.Errorf("its code calls\n  %v\nits role grants\n  %v\n(declare the difference in functions/%s/spec.go)", got, want, s.Name)
				}
			})
		}
	}
}

// codeActions are the IAM actions the calls need, a query of an index
// written "dynamodb:Query (index)"; sorted.
func codeActions(c codecalls.Calls) []string {
	actions, onIndexes := c.Actions()
	for _, a := range onIndexes {
		actions = append(actions, a+" (index)")
	}
	slices.Sort(actions)
	return actions
}

// grantedActions are the actions statements grant for the function's own
// code, a query of its indexes written "dynamodb:Query (index)"; sorted.
func grantedActions(statements []iampolicy.Statement) []string {
	set := map[string]bool{}
	for _, s := range statements {
		if slices.Contains(mappingStatements, s.Sid) {
			continue
		}
		for _, a := range s.Actions {
			if s.Sid == "QueryOwnIndexes" {
				a += " (index)"
			}
			set[a] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}
