package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/conveyor-dev/conveyor/shared/spec"
)

// functionConfig is the shape of a function's configuration.
type functionConfig struct {
	Platform
	ProviderURL string        `env:"PROVIDER_URL,required"`
	Timeout     time.Duration `env:"PROVIDER_TIMEOUT" envDefault:"2s"`
	Retries     int           `env:"PROVIDER_RETRIES" envDefault:"3"`
}

// Validate is promoted to *functionConfig's method set together with the
// embedded Platform checks.
func (c *functionConfig) Validate() error {
	if c.Retries < 0 {
		return errors.New("config: PROVIDER_RETRIES must not be negative")
	}
	return nil
}

func valid() map[string]string {
	return map[string]string{
		"CONVEYOR_SERVICE": "payments",
		"PROVIDER_URL":     "http://127.0.0.1:9000",
	}
}

func with(extra map[string]string, drop ...string) map[string]string {
	m := valid()
	for k, v := range extra {
		m[k] = v
	}
	for _, k := range drop {
		delete(m, k)
	}
	return m
}

func TestLoadFromFillsTheStruct(t *testing.T) {
	tests := []struct {
		name    string
		environ map[string]string
		want    functionConfig
	}{
		{
			name:    "defaults apply when only the required variables are set",
			environ: valid(),
			want: functionConfig{
				Platform:    Platform{Service: "payments", Stage: "local", LogLevel: slog.LevelInfo},
				ProviderURL: "http://127.0.0.1:9000", Timeout: 2 * time.Second, Retries: 3,
			},
		},
		{
			name: "every variable is read",
			environ: with(map[string]string{
				"CONVEYOR_STAGE": "prod", "TABLE_NAME": "payments-prod", "EVENT_BUS_NAME": "conveyor-prod",
				"LOG_LEVEL": "debug", "PROVIDER_TIMEOUT": "250ms", "PROVIDER_RETRIES": "0",
			}),
			want: functionConfig{
				Platform: Platform{
					Service: "payments", Stage: "prod", TableName: "payments-prod",
					EventBusName: "conveyor-prod", LogLevel: slog.LevelDebug,
				},
				ProviderURL: "http://127.0.0.1:9000", Timeout: 250 * time.Millisecond, Retries: 0,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LoadFrom[functionConfig](tt.environ)
			if err != nil {
				t.Fatalf("LoadFrom() error = %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("LoadFrom() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestLoadFromNamesEveryBadVariable(t *testing.T) {
	tests := []struct {
		name    string
		environ map[string]string
		want    []string
	}{
		{
			name:    "a missing required variable is named",
			environ: with(nil, "PROVIDER_URL"),
			want:    []string{"config: PROVIDER_URL is required"},
		},
		{
			name:    "an empty required variable counts as missing",
			environ: with(map[string]string{"PROVIDER_URL": ""}),
			want:    []string{"config: PROVIDER_URL is required"},
		},
		{
			name:    "an unknown log level lists the accepted ones",
			environ: with(map[string]string{"LOG_LEVEL": "LOUD"}),
			want:    []string{`config: LOG_LEVEL: "LOUD" is not one of DEBUG, INFO, WARN, ERROR`},
		},
		{
			name:    "a level with an offset is refused",
			environ: with(map[string]string{"LOG_LEVEL": "INFO+2"}),
			want:    []string{`config: LOG_LEVEL: "INFO+2" is not one of DEBUG, INFO, WARN, ERROR`},
		},
		{
			name:    "a malformed value is named with its text",
			environ: with(map[string]string{"PROVIDER_TIMEOUT": "soon"}),
			want:    []string{`config: PROVIDER_TIMEOUT: "soon" is not a valid time.Duration`},
		},
		{
			name: "every problem is reported at once, in the embedded struct too",
			environ: with(map[string]string{"LOG_LEVEL": "LOUD", "PROVIDER_RETRIES": "many"},
				"CONVEYOR_SERVICE", "PROVIDER_URL"),
			want: []string{
				"config: CONVEYOR_SERVICE is required",
				`config: LOG_LEVEL: "LOUD" is not one of DEBUG, INFO, WARN, ERROR`,
				"config: PROVIDER_URL is required",
				`config: PROVIDER_RETRIES: "many" is not a valid int`,
			},
		},
		{
			name:    "the platform checks run beside the struct's own Validate",
			environ: with(map[string]string{"CONVEYOR_SERVICE": "Pay Ments", "CONVEYOR_STAGE": "PROD"}),
			want:    []string{"config: CONVEYOR_SERVICE:", "config: CONVEYOR_STAGE:"},
		},
		{
			name:    "the struct's Validate runs",
			environ: with(map[string]string{"PROVIDER_RETRIES": "-1"}),
			want:    []string{"config: PROVIDER_RETRIES must not be negative"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LoadFrom[functionConfig](tt.environ)
			if err == nil {
				t.Fatalf("LoadFrom() = %+v, want an error", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if lines := strings.Count(err.Error(), "\n") + 1; lines != len(tt.want) {
				t.Errorf("error has %d problems, want %d: %q", lines, len(tt.want), err)
			}
			if !reflect.DeepEqual(got, functionConfig{}) {
				t.Errorf("LoadFrom() = %+v alongside an error, want the zero value", got)
			}
		})
	}
}

// valueValidated checks itself through a value receiver.
type valueValidated struct {
	Name string `env:"NAME"`
}

func (v valueValidated) Validate() error {
	if v.Name == "" {
		return errors.New("config: NAME is required")
	}
	return nil
}

func TestLoadFromCallsAValueReceiverValidate(t *testing.T) {
	if _, err := LoadFrom[valueValidated](map[string]string{}); err == nil || err.Error() != "config: NAME is required" {
		t.Errorf("LoadFrom() error = %v, want config: NAME is required", err)
	}
	if _, err := LoadFrom[valueValidated](map[string]string{"NAME": "x"}); err != nil {
		t.Errorf("LoadFrom() error = %v, want nil", err)
	}
}

func TestLoadFromRejectsANonStruct(t *testing.T) {
	if _, err := LoadFrom[string](nil); err == nil {
		t.Error("LoadFrom[string]() error = nil, want an error")
	}
}

func TestLoadReadsTheProcessEnvironment(t *testing.T) {
	t.Setenv("CONVEYOR_SERVICE", "orders")
	t.Setenv("CONVEYOR_STAGE", "dev")
	t.Setenv("LOG_LEVEL", "WARN")
	got, err := Load[Platform]()
	if err != nil {
		t.Fatalf("Load() error = %v", err)
	}
	if got.Service != "orders" || got.Stage != "dev" || got.LogLevel != slog.LevelWarn {
		t.Errorf("Load() = %+v, want orders, dev, WARN", got)
	}
}

func TestPlatformUsesTheVariablesOfTheSpec(t *testing.T) {
	want := map[string]string{
		"Service":      spec.EnvService,
		"Stage":        spec.EnvStage,
		"TableName":    spec.EnvTableName,
		"EventBusName": spec.EnvEventBusName,
		"LogLevel":     spec.EnvLogLevel,
	}
	for _, f := range fieldsOf(reflect.TypeFor[Platform](), "") {
		if want[f.name] != f.key {
			t.Errorf("Platform.%s reads %s, want %s", f.name, f.key, want[f.name])
		}
		delete(want, f.name)
	}
	if len(want) > 0 {
		t.Errorf("Platform lacks fields for %v", want)
	}
}

func TestMustLoadStopsTheColdStartWithOneJSONLine(t *testing.T) {
	var out bytes.Buffer
	code := -1
	oldStderr, oldExit := stderr, exit
	stderr, exit = &out, func(c int) { code = c }
	t.Cleanup(func() { stderr, exit = oldStderr, oldExit })
	t.Setenv("CONVEYOR_SERVICE", "")
	t.Setenv("LOG_LEVEL", "LOUD")

	MustLoad[Platform]()

	if code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("wrote %d lines, want 1: %q", len(lines), out.String())
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatalf("line is not JSON: %v", err)
	}
	msg, _ := rec["error"].(string)
	if rec["level"] != "ERROR" || rec["msg"] != "invalid configuration" ||
		!strings.Contains(msg, "CONVEYOR_SERVICE is required") || !strings.Contains(msg, "LOG_LEVEL") {
		t.Errorf("record = %v, want an ERROR naming CONVEYOR_SERVICE and LOG_LEVEL", rec)
	}
}

func TestMustLoadReturnsAValidConfiguration(t *testing.T) {
	oldExit := exit
	exit = func(c int) { t.Fatalf("exit(%d) called for a valid configuration", c) }
	t.Cleanup(func() { exit = oldExit })
	t.Setenv("CONVEYOR_SERVICE", "catalog")
	if got := MustLoad[Platform](); got.Service != "catalog" {
		t.Errorf("MustLoad() = %+v, want service catalog", got)
	}
}
