package infra_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/infra"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// The tests synthesize the app twice, once per stage, with the real
// declarations plus the throwaway one; every test reads those two results.
// jsii runs one node process per test binary, so nothing here is parallel.

var (
	tempRoot  string
	synthesis = map[string]*synthesized{}
)

func TestMain(m *testing.M) {
	// Node 20 works; jsii's end-of-life banner would only clutter the output.
	if err := os.Setenv("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var err error
	tempRoot, err = os.MkdirTemp("", "conveyor-infra-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	jsii.Close()
	_ = os.RemoveAll(tempRoot)
	os.Exit(code)
}

// synthesized is one stage's app, synthesized.
type synthesized struct {
	stage    infra.Stage
	services []spec.Service
	stacks   *infra.Stacks
	// templates and resources are by stack name.
	templates map[string]assertions.Template
	json      map[string]map[string]any
	// nagErrors are the unsuppressed cdk-nag errors, by stack name.
	nagErrors map[string][]string
}

// stages returns the two stages the tests synthesize: dev, and prod with
// provisioned table capacity for the throwaway service; both pin a version
// of the throwaway service's stage parameter.
func stages() []infra.Stage {
	dev, prod := infra.Dev(), infra.Prod()
	prod.Tables = map[string]infra.TableCapacity{
		parcels.Name: {ReadMin: 2, ReadMax: 40, WriteMin: 1, WriteMax: 20, TargetUtilization: 0.7},
	}
	for i, stage := range []*infra.Stage{&dev, &prod} {
		stage.ParameterVersions = maps.Clone(stage.ParameterVersions)
		if stage.ParameterVersions == nil {
			stage.ParameterVersions = map[string]int{}
		}
		stage.ParameterVersions["parcels/carrier-key"] = 3 + i
	}
	return []infra.Stage{dev, prod}
}

// testServices are the declared services plus the throwaway one.
func testServices() []spec.Service {
	return append(functions.All(), parcels)
}

// synth returns the stage's synthesized app, synthesizing it on first use.
func synth(t *testing.T, stage infra.Stage) *synthesized {
	t.Helper()
	if s, ok := synthesis[stage.Name]; ok {
		return s
	}
	services := testServices()
	app, out := newApp(t)
	// A cdk-nag error fails the synthesis (the app validates against its
	// rules); report the findings rather than the panic.
	defer func() {
		if r := recover(); r != nil {
			report, _ := os.ReadFile(filepath.Join(out, "validation-report.json"))
			t.Fatalf("synthesize the %s app: %v\n%s", stage.Name, r, report)
		}
	}()
	stacks, err := infra.Build(app, infra.Props{Stage: stage, Services: services, AssetDir: stubAssets(t, services)})
	if err != nil {
		t.Fatalf("build the %s app: %v", stage.Name, err)
	}
	s := &synthesized{
		stage: stage, services: services, stacks: stacks,
		templates: map[string]assertions.Template{},
		json:      map[string]map[string]any{},
		nagErrors: map[string][]string{},
	}
	all := []awscdk.Stack{stacks.Platform.Stack}
	for _, svc := range stacks.Services {
		all = append(all, svc.Stack)
	}
	for _, stack := range all {
		name := *stack.StackName()
		tmpl := assertions.Template_FromStack(stack, nil)
		s.templates[name] = tmpl
		s.json[name] = roundTrip(t, tmpl.ToJSON())
		for _, msg := range *assertions.Annotations_FromStack(stack).FindError(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("AwsSolutions-.*"))) {
			b, err := json.Marshal(msg)
			if err != nil {
				t.Fatal(err)
			}
			s.nagErrors[name] = append(s.nagErrors[name], string(b))
		}
	}
	synthesis[stage.Name] = s
	return s
}

// newApp returns an app with the context of cdk.json, so that tests and
// `cdk synth` use the same feature flags, and the temporary folder it
// writes to.
func newApp(t *testing.T) (awscdk.App, string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "cdk.json"))
	if err != nil {
		t.Fatalf("read cdk.json: %v", err)
	}
	var cfg struct {
		Context map[string]any `json:"context"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		t.Fatalf("decode cdk.json: %v", err)
	}
	out, err := os.MkdirTemp(tempRoot, "cdk.out-")
	if err != nil {
		t.Fatal(err)
	}
	return awscdk.NewApp(&awscdk.AppProps{Context: &cfg.Context, Outdir: jsii.String(out)}), out
}

// stubAssets writes a stand-in bootstrap for every function, and for the
// gatekeeper a stage with local tokens deploys, so the tests need no `make
// build`.
func stubAssets(t *testing.T, services []spec.Service) string {
	t.Helper()
	dir, err := os.MkdirTemp(tempRoot, "build-")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{infra.GatekeeperName}
	for _, svc := range services {
		for _, f := range svc.Functions {
			names = append(names, f.Name)
		}
	}
	for _, name := range names {
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name, "bootstrap"), []byte("#!/bin/sh\n# "+name+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func roundTrip(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// cdkAssert runs CDK assertions, which panic when they fail, and turns a
// failure into a test error.
func cdkAssert(t *testing.T, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("CDK assertion failed: %v", r)
		}
	}()
	f()
}

// resource is one resource of a template.
type resource struct {
	stack, id, typ string
	props          map[string]any
	raw            map[string]any
}

// resources returns the resources of the given type in one stack, or in
// every stack when stack is empty, sorted by stack and logical id.
func (s *synthesized) resources(stack, typ string) []resource {
	var out []resource
	for name, tmpl := range s.json {
		if stack != "" && name != stack {
			continue
		}
		res, _ := tmpl["Resources"].(map[string]any)
		for id, r := range res {
			raw := r.(map[string]any)
			if raw["Type"] != typ {
				continue
			}
			props, _ := raw["Properties"].(map[string]any)
			out = append(out, resource{stack: name, id: id, typ: typ, props: props, raw: raw})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].stack != out[j].stack {
			return out[i].stack < out[j].stack
		}
		return out[i].id < out[j].id
	})
	return out
}

// resourceByID returns a resource of a stack by logical id.
func (s *synthesized) resourceByID(stack, id string) (resource, bool) {
	res, _ := s.json[stack]["Resources"].(map[string]any)
	raw, ok := res[id].(map[string]any)
	if !ok {
		return resource{}, false
	}
	props, _ := raw["Properties"].(map[string]any)
	return resource{stack: stack, id: id, typ: raw["Type"].(string), props: props, raw: raw}, true
}

// ref returns the logical id a {"Ref": id} or {"Fn::GetAtt": [id, ...]}
// points at.
func ref(v any) (string, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return "", false
	}
	if id, ok := m["Ref"].(string); ok {
		return id, true
	}
	if att, ok := m["Fn::GetAtt"].([]any); ok && len(att) > 0 {
		id, ok := att[0].(string)
		return id, ok
	}
	return "", false
}

// refsIn returns every logical id referenced anywhere inside v, pseudo
// parameters (AWS::Region, ...) left out.
func refsIn(v any) []string {
	var out []string
	if id, ok := ref(v); ok && !strings.HasPrefix(id, "AWS::") {
		out = append(out, id)
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			out = append(out, refsIn(e)...)
		}
	case map[string]any:
		for _, e := range x {
			out = append(out, refsIn(e)...)
		}
	}
	return out
}

// get walks nested maps and slices by keys and indexes.
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// strs returns every string literal inside v.
func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, strs(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, e := range x {
			out = append(out, strs(e)...)
		}
		return out
	}
	return nil
}

// list returns v as a list, wrapping a single value.
func list(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	if v == nil {
		return nil
	}
	return []any{v}
}

func contains(haystack []string, needle string) bool {
	for _, s := range haystack {
		if strings.Contains(s, needle) {
			return true
		}
	}
	return false
}
