package docgen_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/internal/docgen"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

const moduleRoot = "../.."

func TestTheCommittedCatalogIsCurrent(t *testing.T) {
	want, err := docgen.Render(moduleRoot, functions.All())
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(moduleRoot, docgen.OutputFile))
	if err != nil {
		t.Fatalf("%v; run make docs", err)
	}
	if strings.TrimRight(string(got), "\n") != string(want) {
		t.Errorf("%s is stale: run make docs and commit it", docgen.OutputFile)
	}
}

func TestTheCatalogShowsWhoPublishesAndWhoConsumes(t *testing.T) {
	services := []spec.Service{
		{Name: "orders", Publishes: []string{"OrderPlaced"}},
		{Name: "inventory", Subscriptions: []spec.Subscription{
			{Name: "orders", Function: "inventory-orders", Sources: []string{"conveyor.orders"}, DetailTypes: []string{"OrderPlaced"}},
			{Name: "catalog", Function: "inventory-catalog", Sources: []string{"conveyor.catalog"}, DetailTypes: []string{"ProductUpserted"}},
		}},
	}
	out, err := docgen.Render(moduleRoot, services)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(out)
	for _, want := range []string{
		"| [OrderPlaced](#orderplaced-v1) | 1 | orders | inventory |",
		"svc_orders --> ev_OrderPlaced_v1",
		"ev_OrderPlaced_v1 --> svc_inventory",
		"inventory, subscription `orders`, function `inventory-orders`",
		"| [ProductUpserted](#productupserted-v1) | 1 | none | none |",
		"| `lines` | list of orderLine |",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("the catalog lacks %q", want)
		}
	}
	if strings.Contains(doc, "inventory-catalog") {
		t.Error("a subscription to an event nobody publishes is shown as a consumer")
	}
}
