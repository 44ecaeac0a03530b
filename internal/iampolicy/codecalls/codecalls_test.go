package codecalls_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/conveyor-dev/conveyor/internal/iampolicy/codecalls"
)

func TestFindSeesWhatTheProgramCallsAndNothingElse(t *testing.T) {
	found, err := codecalls.Find(".", "./testdata/program")
	if err != nil {
		t.Fatal(err)
	}
	got, ok := found["github.com/conveyor-dev/conveyor/internal/iampolicy/codecalls/testdata/program"]
	if !ok {
		t.Fatalf("no calls for the program among %v", found)
	}
	want := codecalls.Calls{
		Operations:       []string{"dynamodb:GetItem", "dynamodb:Query", "dynamodb:TransactWriteItems", "sqs:SendMessage"},
		TransactionItems: []string{"dynamodb:ConditionCheckItem", "dynamodb:PutItem"},
		QueriesIndex:     true,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Find() = %+v\nwant      %+v", got, want)
	}
}

func TestFindRefusesALibrary(t *testing.T) {
	if _, err := codecalls.Find(".", "."); err == nil {
		t.Fatal("Find(library) = nil error, want one: only a main package has calls")
	}
}

func TestActionsAreWhatIAMAuthorises(t *testing.T) {
	c := codecalls.Calls{
		Operations:       []string{"dynamodb:GetItem", "dynamodb:Query", "dynamodb:TransactWriteItems", "sqs:SendMessage"},
		TransactionItems: []string{"dynamodb:ConditionCheckItem", "dynamodb:PutItem"},
		QueriesIndex:     true,
	}
	actions, onIndexes := c.Actions()
	want := []string{"dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:PutItem", "sqs:SendMessage"}
	if !reflect.DeepEqual(actions, want) || !reflect.DeepEqual(onIndexes, []string{"dynamodb:Query"}) {
		t.Errorf("Actions() = %v, %v; want %v, [dynamodb:Query]", actions, onIndexes, want)
	}
	c.QueriesTable, c.QueriesIndex = true, false
	if actions, onIndexes := c.Actions(); !slices.Contains(actions, "dynamodb:Query") || onIndexes != nil {
		t.Errorf("a query of the table: Actions() = %v, %v", actions, onIndexes)
	}
}
