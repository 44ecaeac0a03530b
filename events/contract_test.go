package events_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/eventbridge"

	"github.com/conveyor-dev/conveyor/events"
	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/shared/eventbus"
	"github.com/conveyor-dev/conveyor/shared/eventpattern"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// localGaps are pattern operators the local cloud's emulator does not
// evaluate; a subscription using one would work on AWS and silently
// receive nothing locally.
var localGaps = []string{"$or", "wildcard"}

// bridgeEvent returns the EventBridge event that carries the sample of d
// when producer publishes it.
func bridgeEvent(d events.Definition, producer spec.Service) ([]byte, map[string]any, error) {
	b, err := os.ReadFile(d.SampleFile())
	if err != nil {
		return nil, nil, err
	}
	var detail map[string]any
	if err := json.Unmarshal(b, &detail); err != nil {
		return nil, nil, err
	}
	detail["source"] = producer.Source()
	ev := map[string]any{
		"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": d.Type,
		"source": producer.Source(), "account": "000000000000", "time": detail["time"],
		"region": "us-east-1", "resources": []any{}, "detail": detail,
	}
	out, err := json.Marshal(ev)
	return out, ev, err
}

// checkPublications reports published event types the published language
// does not define.
func checkPublications(services []spec.Service) []error {
	var errs []error
	for _, s := range services {
		for _, t := range s.Publishes {
			if !slices.Contains(events.Types(), t) {
				errs = append(errs, fmt.Errorf("%s publishes %s, which package events does not define", s.Name, t))
			}
		}
	}
	return errs
}

// checkSubscriptions reports subscriptions whose pattern does not compile,
// matches no published event, or relies on what the local emulator
// cannot evaluate.
func checkSubscriptions(services []spec.Service) []error {
	var errs []error
	for _, s := range services {
		for _, sub := range s.Subscriptions {
			name := s.Name + "/" + sub.Name
			for _, t := range sub.DetailTypes {
				if !slices.ContainsFunc(services, func(producer spec.Service) bool {
					return slices.Contains(sub.Sources, producer.Source()) && slices.Contains(producer.Publishes, t)
				}) {
					errs = append(errs, fmt.Errorf("%s: detail-type %s is published by none of %v", name, t, sub.Sources))
				}
			}
			p, err := eventpattern.Compile(sub.Pattern())
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", name, err))
				continue
			}
			for _, op := range p.Operators() {
				if slices.Contains(localGaps, op) {
					errs = append(errs, fmt.Errorf("%s: the local emulator does not evaluate %s; split the subscription or use another operator", name, op))
				}
			}
			matched := 0
			for _, producer := range services {
				for _, d := range events.Definitions() {
					if !slices.Contains(producer.Publishes, d.Type) {
						continue
					}
					raw, ev, err := bridgeEvent(d, producer)
					if err != nil {
						errs = append(errs, fmt.Errorf("%s: sample of %s: %w", name, d.Name(), err))
						continue
					}
					ok, err := p.Match(raw)
					if err != nil {
						errs = append(errs, fmt.Errorf("%s: %w", name, err))
						continue
					}
					if !ok {
						continue
					}
					matched++
					for _, path := range p.Paths() {
						if isArray(ev, path) {
							errs = append(errs, fmt.Errorf("%s: pattern field %s is an array in %s; the local emulator never matches array fields", name, path, d.Name()))
						}
					}
				}
			}
			if matched == 0 {
				errs = append(errs, fmt.Errorf("%s: the pattern matches no event any service publishes", name))
			}
		}
	}
	return errs
}

// isArray reports whether the value at path, or a value on the way to it,
// is an array.
func isArray(ev map[string]any, path string) bool {
	var v any = ev
	for _, part := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[part]
		case []any:
			return true
		default:
			return false
		}
	}
	_, ok := v.([]any)
	return ok
}

func TestThePlatformKeepsItsEventContracts(t *testing.T) {
	services := functions.All()
	t.Run("every published event type is defined, with a schema and a sample", func(t *testing.T) {
		for _, err := range checkPublications(services) {
			t.Error(err)
		}
	})
	t.Run("every subscription matches an event somebody publishes", func(t *testing.T) {
		for _, err := range checkSubscriptions(services) {
			t.Error(err)
		}
	})
	t.Run("publishing a type the service did not declare fails", func(t *testing.T) {
		client := eventbridge.New(eventbridge.Options{Region: "us-east-1"})
		for _, s := range services {
			if len(s.Publishes) == 0 {
				continue
			}
			pub, err := eventbus.ForService(client, "bus", s)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range events.Definitions() {
				if slices.Contains(s.Publishes, d.Type) {
					continue
				}
				env := sampleEnvelope(t, d)
				env.Source = s.Source()
				if err := pub.PublishEnvelopes(t.Context(), env); !errors.Is(err, eventbus.ErrUndeclared) {
					t.Errorf("%s publishing %s: error %v, want ErrUndeclared", s.Name, d.Type, err)
				}
			}
		}
	})
}

func sampleEnvelope(t *testing.T, d events.Definition) events.Envelope {
	t.Helper()
	var env events.Envelope
	if err := json.Unmarshal(readSample(t, d), &env); err != nil {
		t.Fatal(err)
	}
	return env
}

// TestTheContractChecksCatchBrokenDeclarations proves each check can fail.
func TestTheContractChecksCatchBrokenDeclarations(t *testing.T) {
	orders := spec.Service{Name: "orders", Publishes: []string{events.TypeOrderPlaced, events.TypeOrderCancelled}}
	withSubscription := func(sources []string, types ...string) []spec.Service {
		inventory := spec.Service{Name: "inventory", Subscriptions: []spec.Subscription{{Name: "orders", Sources: sources, DetailTypes: types}}}
		return []spec.Service{orders, inventory}
	}
	fromOrders := []string{"conveyor.orders"}
	tests := []struct {
		name     string
		services []spec.Service
		check    func([]spec.Service) []error
		want     string
	}{
		{"a published type nobody defined", []spec.Service{{Name: "orders", Publishes: []string{"OrderLost"}}}, checkPublications, "does not define"},
		{"a subscription to a type nobody publishes", withSubscription(fromOrders, events.TypeOrderShipped), checkSubscriptions, "matches no event"},
		{"a subscription to a type its sources do not publish", withSubscription(fromOrders, events.TypeOrderPlaced, events.TypeOrderShipped), checkSubscriptions, "published by none of"},
		{"a subscription on the wrong source", withSubscription([]string{"conveyor.catalog"}, events.TypeOrderPlaced), checkSubscriptions, "matches no event"},
	}
	for _, tt := range tests {
		t.Run("the checks report "+tt.name, func(t *testing.T) {
			errs := tt.check(tt.services)
			if !slices.ContainsFunc(errs, func(err error) bool { return strings.Contains(err.Error(), tt.want) }) {
				t.Errorf("errors %v, want one containing %q", errs, tt.want)
			}
		})
	}
	t.Run("the checks accept a subscription that matches", func(t *testing.T) {
		if errs := checkSubscriptions(withSubscription(fromOrders, events.TypeOrderPlaced, events.TypeOrderCancelled)); len(errs) > 0 {
			t.Errorf("errors %v", errs)
		}
	})
}
