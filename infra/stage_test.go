package infra_test

import (
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/infra"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestStageValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*infra.Stage)
		want   string // empty: valid
	}{
		{name: "dev as shipped is valid", change: func(*infra.Stage) {}},
		{name: "a name with upper case letters is refused", change: func(s *infra.Stage) { s.Name = "Dev" }, want: "name must be"},
		{name: "an unknown log level is refused", change: func(s *infra.Stage) { s.LogLevel = "TRACE" }, want: "log level"},
		{name: "a retention CloudWatch does not offer is refused", change: func(s *infra.Stage) { s.LogRetentionDays = 10 }, want: "retention of 10 days"},
		{name: "zero throttling is refused", change: func(s *infra.Stage) { s.Throttle.Burst = 0 }, want: "throttle"},
		{
			name: "provisioned concurrency with min above max is refused",
			change: func(s *infra.Stage) {
				s.ProvisionedConcurrency = &infra.ProvisionedConcurrency{Min: 5, Max: 2, TargetUtilization: 0.7}
			},
			want: "min <= max",
		},
		{
			name: "a utilisation target of 1 or more is refused",
			change: func(s *infra.Stage) {
				s.ProvisionedConcurrency = &infra.ProvisionedConcurrency{Min: 1, Max: 2, TargetUtilization: 1}
			},
			want: "target utilisation",
		},
		{
			name: "table capacity without a maximum is refused",
			change: func(s *infra.Stage) {
				s.Tables = map[string]infra.TableCapacity{"catalog": {ReadMin: 1, WriteMin: 1, TargetUtilization: 0.7}}
			},
			want: `table capacity of "catalog"`,
		},
		{name: "a negative reserved concurrency is refused", change: func(s *infra.Stage) { s.ReservedConcurrency = map[string]int{"catalog-api": -1} }, want: "reserved concurrency"},
		{name: "an alarm threshold below a second is refused", change: func(s *infra.Stage) { s.QueueAgeAlarm = time.Millisecond }, want: "alarm thresholds"},
		{name: "an iterator-age alarm that fires only when records near the stream's end is refused", change: func(s *infra.Stage) { s.StreamIteratorAgeAlarm = 20 * time.Hour }, want: "must fire before the last alarm"},
		{name: "a parameter version below 1 is refused", change: func(s *infra.Stage) { s.ParameterVersions = map[string]int{"payments/provider-url": 0} }, want: "SSM numbers versions from 1"},
		{name: "WAF without a rate limit is refused", change: func(s *infra.Stage) { s.WAF = true; s.WAFRateLimit = 0 }, want: "WAF rate limit"},
		{name: "an unknown auth mode is refused", change: func(s *infra.Stage) { s.Auth = infra.Auth(7) }, want: "unknown auth mode Auth(7)"},
		{name: "local tokens in production are refused", change: func(s *infra.Stage) { s.Production = true; s.Auth = infra.AuthLocalTokens }, want: "must sign its users in with Cognito"},
		{name: "local tokens outside production are valid", change: func(s *infra.Stage) { s.Auth = infra.AuthLocalTokens }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := infra.Dev()
			tt.change(&s)
			err := s.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("Validate() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestEveryKnownStageIsValid(t *testing.T) {
	for name, s := range infra.Stages() {
		t.Run(name+" is valid and named after its key", func(t *testing.T) {
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
			if s.Name != name {
				t.Fatalf("stage %q is filed under %q", s.Name, name)
			}
		})
	}
	t.Run("dev and prod keep Cognito, tracing and the health canary", func(t *testing.T) {
		for _, s := range []infra.Stage{infra.Dev(), infra.Prod()} {
			if s.Auth != infra.AuthCognito || !s.Tracing || !s.HealthCanary {
				t.Errorf("%s: auth %v, tracing %v, canary %v", s.Name, s.Auth, s.Tracing, s.HealthCanary)
			}
		}
	})
	t.Run("prod has provisioned concurrency at 70 % and dev has none", func(t *testing.T) {
		if pc := infra.Prod().ProvisionedConcurrency; pc == nil || pc.TargetUtilization != 0.7 {
			t.Fatalf("prod provisioned concurrency %+v", pc)
		}
		if infra.Dev().ProvisionedConcurrency != nil {
			t.Fatal("dev has provisioned concurrency")
		}
	})
}

func TestTheStageDecidesEveryFunctionsReservedConcurrency(t *testing.T) {
	services := []spec.Service{{Name: "parcels", Functions: []spec.Function{
		{Name: "parcels-worker", ReservedConcurrency: 3},
		{Name: "parcels-api"},
	}}}
	tests := []struct {
		name  string
		stage func() infra.Stage
		want  map[string]int
	}{
		{name: "dev reserves none", stage: infra.Dev, want: map[string]int{"parcels-worker": 0, "parcels-api": 0}},
		{name: "prod reserves what the declarations ask for", stage: infra.Prod, want: map[string]int{"parcels-worker": 3, "parcels-api": 0}},
		{name: "a stage's setting wins in dev", stage: func() infra.Stage {
			s := infra.Dev()
			s.ReservedConcurrency = map[string]int{"parcels-api": 2}
			return s
		}, want: map[string]int{"parcels-worker": 0, "parcels-api": 2}},
		{name: "a stage's setting wins in prod", stage: func() infra.Stage {
			s := infra.Prod()
			s.ReservedConcurrency = map[string]int{"parcels-worker": 0}
			return s
		}, want: map[string]int{"parcels-worker": 0, "parcels-api": 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.stage().Reservations(services); !maps.Equal(got, tt.want) {
				t.Fatalf("Reservations() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestStageByName(t *testing.T) {
	tests := []struct {
		name, stage, want string
	}{
		{name: "dev is found", stage: "dev"},
		{name: "prod is found", stage: "prod"},
		{name: "localstack is found", stage: "localstack"},
		{name: "an unknown stage lists the known ones", stage: "staging", want: `unknown stage "staging": choose one of dev, localstack, prod`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := infra.StageByName(tt.stage)
			if tt.want != "" {
				if err == nil || err.Error() != tt.want {
					t.Fatalf("StageByName(%q) error %v, want %q", tt.stage, err, tt.want)
				}
				return
			}
			if err != nil || s.Name != tt.stage {
				t.Fatalf("StageByName(%q) = %q, %v", tt.stage, s.Name, err)
			}
		})
	}
}
