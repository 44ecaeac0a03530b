package spec_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

func valid() spec.Service {
	return spec.Service{
		Name: "widgets",
		Table: spec.Table{
			PartitionKey: spec.Key{Name: "pk", Type: spec.String},
			Indexes:      []spec.Index{{Name: "byColour", PartitionKey: spec.Key{Name: "colour", Type: spec.String}}},
			Stream:       spec.NewAndOldImages,
		},
		Functions: []spec.Function{
			{Name: "widgets-api", Entry: "./functions/widgets/cmd/api", MemoryMB: 256, Timeout: 10 * time.Second},
			{Name: "widgets-projector", Entry: "./functions/widgets/cmd/projector", MemoryMB: 256, Timeout: 30 * time.Second,
				Stream: &spec.StreamConsumer{BatchSize: 100, RetryAttempts: 3, Rebuild: "widgets-rebuild"}},
			{Name: "widgets-relay", Entry: "./functions/widgets/cmd/relay", MemoryMB: 256, Timeout: 30 * time.Second,
				Stream: &spec.StreamConsumer{BatchSize: 100, RetryAttempts: spec.RetryForever}, Publisher: true},
			{Name: "widgets-rebuild", Entry: "./functions/widgets/cmd/rebuild", MemoryMB: 256, Timeout: 15 * time.Minute},
		},
		Routes: []spec.Route{{Method: "GET", Path: "/widgets/{id}", Function: "widgets-api", Auth: spec.Public}},
		Subscriptions: []spec.Subscription{{
			Name: "gadget-events", Function: "widgets-api", BatchSize: 10, MaxReceiveCount: 5,
			Sources: []string{"conveyor.gadgets"}, DetailTypes: []string{"GadgetMade"},
		}},
		Publishes: []string{"WidgetMade"},
	}
}

func TestValidateAcceptsAComplete(t *testing.T) {
	if err := valid().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateReportsEachMistake(t *testing.T) {
	cases := []struct {
		name   string
		change func(*spec.Service)
		want   string
	}{
		{"an upper-case service name", func(s *spec.Service) { s.Name = "Widgets" }, "name must be"},
		{"a key without a type", func(s *spec.Service) { s.Table.PartitionKey.Type = "" }, "partition key: type"},
		{"a function named for another service", func(s *spec.Service) { s.Functions[0].Name = "gadgets-api" }, `must start with "widgets-"`},
		{"an absolute entry", func(s *spec.Service) { s.Functions[0].Entry = "/abs" }, "must be a package path"},
		{"too little memory", func(s *spec.Service) { s.Functions[0].MemoryMB = 64 }, "memory 64 MB"},
		{"a zero timeout", func(s *spec.Service) { s.Functions[0].Timeout = 0 }, "timeout"},
		{"a platform variable in the environment", func(s *spec.Service) {
			s.Functions[0].Environment = map[string]spec.Var{"TABLE_NAME": spec.Literal("x")}
		}, "set by the platform"},
		{"a stream consumer without a stream", func(s *spec.Service) { s.Table.Stream = spec.NoStream }, "declares none"},
		{"a route to an undeclared function", func(s *spec.Service) { s.Routes[0].Function = "widgets-nope" }, "is not declared"},
		{"a lower-case method", func(s *spec.Service) { s.Routes[0].Method = "get" }, "method must be"},
		{"a path with a trailing slash", func(s *spec.Service) { s.Routes[0].Path = "/widgets/" }, "must start with / and not end with /"},
		{"a path with a bad segment", func(s *spec.Service) { s.Routes[0].Path = "/widgets/{id" }, "is not a literal or {param}"},
		{"an unknown auth", func(s *spec.Service) { s.Routes[0].Auth = "staff" }, "auth must be"},
		{"a duplicate route", func(s *spec.Service) { s.Routes = append(s.Routes, s.Routes[0]) }, "declared twice"},
		{"an SQS batch over 10", func(s *spec.Service) { s.Subscriptions[0].BatchSize = 11 }, "batch size 11"},
		{"no max receive count", func(s *spec.Service) { s.Subscriptions[0].MaxReceiveCount = 0 }, "max receive count"},
		{"a subscription to no event type", func(s *spec.Service) { s.Subscriptions[0].DetailTypes = nil }, "at least one source and one detail-type"},
		{"a subscription to a source outside the platform", func(s *spec.Service) { s.Subscriptions[0].Sources = []string{"aws.s3"} }, "not a conveyor.<service> source"},
		{"a detail-type named twice", func(s *spec.Service) { s.Subscriptions[0].DetailTypes = []string{"A1", "A1"} }, "named twice"},
		{"a lower-case environment variable", func(s *spec.Service) { s.Functions[0].Environment = map[string]spec.Var{"x": spec.Literal("1")} }, "not a variable name"},
		{"a variable both literal and a parameter", func(s *spec.Service) {
			s.Functions[0].Environment = map[string]spec.Var{"X": {Value: "1", Parameter: "a/b"}}
		}, "more than one"},
		{"self-sent messages no function can send", func(s *spec.Service) { s.Subscriptions[0].SelfSent = []string{"WidgetRetryDue"} }, "no function declares its queue's URL"},
		{"the queue of an undeclared subscription", func(s *spec.Service) { s.Functions[0].Environment = map[string]spec.Var{"Q": spec.QueueURL("nope")} }, "does not declare"},
		{"a max concurrency of 1", func(s *spec.Service) { s.Subscriptions[0].MaxConcurrency = 1 }, "max concurrency"},
		{"a duplicate published type", func(s *spec.Service) { s.Publishes = []string{"A", "A"} }, "unique"},
		{"a stream consumer that gives up with nothing to rebuild its output", func(s *spec.Service) { s.Functions[1].Stream.Rebuild = "" }, "must name the function that rebuilds"},
		{"a stream consumer that gives up at once with nothing to rebuild its output", func(s *spec.Service) {
			s.Functions[1].Stream = &spec.StreamConsumer{BatchSize: 10}
		}, "or retry forever (spec.RetryForever)"},
		{"a rebuild function that is not declared", func(s *spec.Service) { s.Functions[1].Stream.Rebuild = "widgets-nope" }, "must be another function of the service"},
		{"a stream consumer that names itself to rebuild its output", func(s *spec.Service) { s.Functions[1].Stream.Rebuild = "widgets-projector" }, "must be another function of the service"},
		{"negative stream retries other than RetryForever", func(s *spec.Service) { s.Functions[2].Stream.RetryAttempts = -2 }, "within 0-10000, or spec.RetryForever"},
		{"more stream retries than AWS allows", func(s *spec.Service) { s.Functions[1].Stream.RetryAttempts = 10001 }, "within 0-10000"},
		{"an unknown table operation", func(s *spec.Service) {
			s.Functions[0].Table.Operations = []spec.TableOperation{"DescribeTable"}
		}, `table operation "DescribeTable" is not one of`},
		{"a table operation declared twice", func(s *spec.Service) {
			s.Functions[0].Table.Operations = []spec.TableOperation{spec.GetItem, spec.GetItem}
		}, "table operation GetItem declared twice"},
		{"a query of an index the table lacks", func(s *spec.Service) { s.Functions[0].Table.Indexes = []string{"bySize"} }, `queries index "bySize", which the table does not declare`},
		{"an index declared twice", func(s *spec.Service) { s.Functions[0].Table.Indexes = []string{"byColour", "byColour"} }, `index "byColour" declared twice`},
		{"a publisher of a service that publishes nothing", func(s *spec.Service) { s.Publishes = nil }, "publishes no events"},
		{"a publisher that does not read the stream", func(s *spec.Service) { s.Functions[0].Publisher = true; s.Functions[2].Publisher = false }, "must consume the table's stream and retry forever"},
		{"a publisher that gives up on a record", func(s *spec.Service) {
			s.Functions[2].Stream = &spec.StreamConsumer{BatchSize: 100, RetryAttempts: 3, Rebuild: "widgets-rebuild"}
		}, "must consume the table's stream and retry forever"},
		{"two publishers", func(s *spec.Service) {
			s.Functions[1].Stream = &spec.StreamConsumer{BatchSize: 100, RetryAttempts: spec.RetryForever}
			s.Functions[1].Publisher = true
		}, "one function publishes the service's events"},
	}
	for _, c := range cases {
		t.Run("it reports "+c.name, func(t *testing.T) {
			s := valid()
			c.change(&s)
			err := s.Validate()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Validate() = %v, want an error containing %q", err, c.want)
			}
		})
	}
}

func TestStreamConsumersEitherRetryForeverOrNameTheirRebuild(t *testing.T) {
	tests := []struct {
		name     string
		consumer spec.StreamConsumer
		givesUp  bool
	}{
		{"a consumer that retries forever never gives up", spec.StreamConsumer{BatchSize: 10, RetryAttempts: spec.RetryForever}, false},
		{"a consumer with a retry limit gives up after it", spec.StreamConsumer{BatchSize: 10, RetryAttempts: 20, Rebuild: "widgets-rebuild"}, true},
		{"a consumer with no retries gives up at once", spec.StreamConsumer{BatchSize: 10, Rebuild: "widgets-rebuild"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.consumer.GivesUp(); got != tt.givesUp {
				t.Errorf("GivesUp() = %v, want %v", got, tt.givesUp)
			}
			s := valid()
			c := tt.consumer
			s.Functions[1].Stream = &c
			if err := s.Validate(); err != nil {
				t.Errorf("Validate() = %v, want the declaration accepted", err)
			}
		})
	}
}

func TestValidateAllFindsClashesAcrossServices(t *testing.T) {
	a, b := valid(), valid()
	b.Name = "gadgets"
	b.Functions = []spec.Function{{Name: "gadgets-api", Entry: "./x", MemoryMB: 128, Timeout: time.Second}}
	b.Routes = []spec.Route{{Method: "GET", Path: "/widgets/{id}", Function: "gadgets-api", Auth: spec.Public}}
	b.Subscriptions = nil
	err := spec.ValidateAll([]spec.Service{a, b})
	if err == nil || !strings.Contains(err.Error(), `route GET /widgets/{id} declared by "widgets" and "gadgets"`) {
		t.Fatalf("ValidateAll = %v", err)
	}
	if err := spec.ValidateAll([]spec.Service{a, a}); err == nil || !strings.Contains(err.Error(), "declared twice") {
		t.Fatalf("a service declared twice: %v", err)
	}
}

func TestAFunctionsAccessComesFromItsDeclaration(t *testing.T) {
	s := valid()
	s.Functions[0].Table = spec.TableAccess{Operations: []spec.TableOperation{spec.Query, spec.GetItem}, Indexes: []string{"byColour"}}
	s.Functions[0].Environment = map[string]spec.Var{"Q": spec.QueueURL("gadget-events"), "R": spec.QueueURL("gadget-events")}
	s.Functions[3].Table = spec.TableAccess{Operations: []spec.TableOperation{spec.Scan, spec.PutItem}}
	api, projector, relay, rebuild := s.Functions[0], s.Functions[1], s.Functions[2], s.Functions[3]
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}

	t.Run("a subscription's consumer keeps its idempotency records besides what it declares", func(t *testing.T) {
		got := s.TableOperations(api)
		want := []spec.TableOperation{spec.DeleteItem, spec.GetItem, spec.PutItem, spec.Query}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("TableOperations(api) = %v, want %v", got, want)
		}
		if got := s.TableAccess(api); got != spec.ReadWrite {
			t.Errorf("TableAccess(api) = %v, want read-write", got)
		}
	})
	t.Run("a function that only reads has read access", func(t *testing.T) {
		reader := projector
		reader.Table = spec.TableAccess{Indexes: []string{"byColour"}}
		if got := s.TableAccess(reader); got != spec.ReadOnly {
			t.Errorf("TableAccess(index reader) = %v, want read", got)
		}
		reader.Table = spec.TableAccess{Operations: []spec.TableOperation{spec.GetItem, spec.Scan}}
		if got := s.TableAccess(reader); got != spec.ReadOnly {
			t.Errorf("TableAccess(reader) = %v, want read", got)
		}
	})
	t.Run("a function that declares nothing has no access", func(t *testing.T) {
		if got := s.TableAccess(relay); got != spec.NoAccess || len(s.TableOperations(relay)) != 0 {
			t.Errorf("TableAccess(relay) = %v with %v, want none", got, s.TableOperations(relay))
		}
	})
	t.Run("a scan is granted only where declared", func(t *testing.T) {
		if got := s.TableOperations(rebuild); !reflect.DeepEqual(got, []spec.TableOperation{spec.PutItem, spec.Scan}) {
			t.Errorf("TableOperations(rebuild) = %v", got)
		}
	})
	t.Run("the queues a function sends to are those whose URL it declares", func(t *testing.T) {
		if got := s.SendsTo(api); !reflect.DeepEqual(got, []string{"gadget-events"}) {
			t.Errorf("SendsTo(api) = %v", got)
		}
		if got := s.SendsTo(rebuild); len(got) != 0 {
			t.Errorf("SendsTo(rebuild) = %v, want none", got)
		}
	})
	t.Run("only the publisher publishes, and it publishes the service's events", func(t *testing.T) {
		if got := s.PublishedBy(relay); !reflect.DeepEqual(got, []string{"WidgetMade"}) {
			t.Errorf("PublishedBy(relay) = %v", got)
		}
		if got := s.PublishedBy(api); got != nil {
			t.Errorf("PublishedBy(api) = %v, want none", got)
		}
	})
	t.Run("the subscriptions a function drains are those naming it", func(t *testing.T) {
		if got := s.Drains(api); len(got) != 1 || got[0].Name != "gadget-events" {
			t.Errorf("Drains(api) = %v", got)
		}
		if got := s.Drains(projector); len(got) != 0 {
			t.Errorf("Drains(projector) = %v, want none", got)
		}
	})
}
