package infra_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/infra"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestBuildRefusesWhatCannotDeploy(t *testing.T) {
	services := testServices()
	assets := stubAssets(t, services)
	noRoutes := parcels
	noRoutes.Routes = nil
	noRoutes.Functions = parcels.Functions[1:]
	badName := parcels
	badName.Name = "Parcels"
	tests := []struct {
		name  string
		props func() infra.Props
		want  string
	}{
		{
			name: "a function without a bootstrap names the missing file",
			props: func() infra.Props {
				empty := t.TempDir()
				return infra.Props{Stage: infra.Dev(), Services: services, AssetDir: empty}
			},
			want: filepath.Join("parcels-api", "bootstrap") + " (run `make build`)",
		},
		{
			name: "an invalid declaration is refused",
			props: func() infra.Props {
				return infra.Props{Stage: infra.Dev(), Services: []spec.Service{badName}, AssetDir: assets}
			},
			want: "name must be 2-31 lower-case letters",
		},
		{
			name: "an API with no route at all is refused",
			props: func() infra.Props {
				return infra.Props{Stage: infra.Dev(), Services: []spec.Service{noRoutes}, AssetDir: assets}
			},
			want: "no service declares a route",
		},
		{
			name: "table capacity for an undeclared service is refused",
			props: func() infra.Props {
				s := infra.Dev()
				s.Tables = map[string]infra.TableCapacity{"ghost": {ReadMin: 1, ReadMax: 2, WriteMin: 1, WriteMax: 2, TargetUtilization: 0.5}}
				return infra.Props{Stage: s, Services: services, AssetDir: assets}
			},
			want: `undeclared service "ghost"`,
		},
		{
			name: "a stage parameter whose version the stage does not pin is refused",
			props: func() infra.Props {
				return infra.Props{Stage: infra.Dev(), Services: services, AssetDir: assets}
			},
			want: `stage "dev": pin the version of stage parameter "parcels/carrier-key"`,
		},
		{
			name: "a pinned version of a parameter no function reads is refused",
			props: func() infra.Props {
				s := infra.Dev()
				s.ParameterVersions = map[string]int{"payments/provider-url": 1, "parcels/carrier-key": 1, "ghost/url": 2}
				return infra.Props{Stage: s, Services: services, AssetDir: assets}
			},
			want: `pins a version of "ghost/url", a parameter no function declares`,
		},
		{
			name: "a visibility timeout shorter than the consumer's timeout is refused",
			props: func() infra.Props {
				short := parcels
				short.Subscriptions = []spec.Subscription{parcels.Subscriptions[0]}
				short.Subscriptions[0].VisibilityTimeout = parcels.Functions[1].Timeout / 2
				return infra.Props{Stage: infra.Dev(), Services: []spec.Service{short}, AssetDir: assets}
			},
			want: "visibility timeout 15s is shorter than",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, _ := newApp(t)
			stacks, err := infra.Build(app, tt.props())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Build() error = %v, want one containing %q", err, tt.want)
			}
			if stacks != nil || len(*app.Node().Children()) != 0 {
				t.Fatal("Build() added stacks although it refused")
			}
		})
	}
}

func TestTheAppBuildsFromTheDeclaredServicesAlone(t *testing.T) {
	if _, err := os.Stat(filepath.Join("..", "cdk.json")); err != nil {
		t.Fatalf("cdk.json: %v", err)
	}
	s := synth(t, stages()[0])
	want := []string{s.stage.PlatformStackName()}
	for _, svc := range s.services {
		want = append(want, s.stage.ServiceStackName(svc.Name))
	}
	if len(s.json) != len(want) {
		t.Errorf("%d stacks, want %d: %v", len(s.json), len(want), keys(s.json))
	}
	for _, name := range want {
		if _, ok := s.json[name]; !ok {
			t.Errorf("no stack %s", name)
		}
	}
}
