package eventbus_test

import (
	"testing"

	"github.com/conveyor-dev/conveyor/shared/eventbus"
)

func TestStableID(t *testing.T) {
	a := eventbus.StableID("ProductUpserted", "MUG", "3")
	if a != eventbus.StableID("ProductUpserted", "MUG", "3") {
		t.Error("the same parts gave two ids")
	}
	for _, other := range [][]string{{"ProductUpserted", "MUG", "4"}, {"ProductUpserted", "MUG3"}, {"ProductDeleted", "MUG", "3"}} {
		if eventbus.StableID(other...) == a {
			t.Errorf("%v gave the id of another change", other)
		}
	}
}
