package localcloud

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/conveyor-dev/conveyor/internal/chaos"
	"github.com/conveyor-dev/conveyor/internal/fnbuild"
	"github.com/conveyor-dev/conveyor/internal/localcloud/auth"
	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/internal/localcloud/emulator"
	"github.com/conveyor-dev/conveyor/internal/localcloud/gateway"
	"github.com/conveyor-dev/conveyor/internal/localcloud/poller"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/internal/localcloud/runtimeapi"
	"github.com/conveyor-dev/conveyor/internal/metering"
	"github.com/conveyor-dev/conveyor/internal/openapi"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// Stage is the stage name of the local cloud.
const Stage = "local"

// Config says what to start and where.
type Config struct {
	// ModuleRoot is the directory holding go.mod; functions are built
	// from it.
	ModuleRoot string
	// Services are the declarations to run, usually functions.All().
	Services []spec.Service
	// APIAddr is where the gateway listens, e.g. "127.0.0.1:8080"; a
	// port of 0 picks a free one.
	APIAddr string
	// StateDir holds the token signing key; empty means
	// <ModuleRoot>/build/local.
	StateDir string
	// BinDir receives the host builds of the functions; empty means
	// <ModuleRoot>/build/host.
	BinDir string
	// Prefix starts every resource name; empty means
	// provision.DefaultPrefix.
	Prefix string
	// LogLevel is passed to the functions as LOG_LEVEL; empty means INFO.
	LogLevel string
	// Printer receives function logs and platform notices; nil discards
	// them.
	Printer *Printer
	// PSPAddr is where the payment provider simulator listens; empty
	// picks a free port on 127.0.0.1 (see psp.go).
	PSPAddr string
	// Policies gives each function its IAM statements, which the
	// emulator enforces on every AWS call the function and its event
	// source mappings make (see policies.go); nil means DeclaredPolicies,
	// the statements the CDK app deploys.
	Policies Policies
	// Reservations give functions reserved concurrency, by function name,
	// which caps how many copies of each run at once. Nil reserves none,
	// as the dev stage does (infra.Dev); pass a stage's
	// Stage.Reservations to run with its caps.
	Reservations map[string]int
	// BusObserver, when set, sees the body of every PutEvents request the
	// emulator receives, after the local cloud's own observer: the events
	// put on the bus, for the console (console.Feed.ObservePutEvents). It
	// must not block.
	BusObserver func(body []byte)
	// Chaos are the faults injected from the start (see package chaos);
	// the zero value injects none. Cloud.Chaos changes them while the
	// cloud runs.
	Chaos chaos.Faults
	// Watch turns live reload on: the cloud watches the module's Go
	// sources and, after each save, reloads what changed (see Reload and
	// reload_watch.go).
	Watch bool
}

// Cloud is a running local platform.
type Cloud struct {
	// APIURL is the gateway's base URL.
	APIURL string
	// Endpoint is the emulator's URL.
	Endpoint string
	// Keys sign tokens the gateway accepts.
	Keys *auth.Keys
	// Platform lists the provisioned resources.
	Platform provision.Platform
	// Plan is what runs on them: functions, mappings, routes. A reload
	// that applies changed declarations replaces it; read it while no
	// reload runs.
	Plan Plan
	// Clients talk to the emulator.
	Clients awsclients.Clients
	// Functions are the running functions by name.
	Functions map[string]*runtimeapi.Function
	// Built lists the functions compiled by this start (the others were
	// up to date).
	Built []string
	// PSP is the payment provider simulator the functions call.
	PSP *pspsim.Running
	// Chaos holds the fault switches: the runtime, the emulator's front
	// door and the SQS mappings inject what it decides.
	Chaos *chaos.Injector
	// ChaosURL serves the switches over HTTP (chaos.Handler), for
	// `conveyor chaos` and `conveyor load -chaos`.
	ChaosURL string

	emulator *emulator.Emulator
	xray     *xrayRelay
	runtime  *runtimeapi.Server
	api      *http.Server
	control  *http.Server
	cancel   context.CancelFunc
	pollers  sync.WaitGroup
	// switches turn each subscription's event source mapping off and on,
	// by "<service>/<subscription>".
	switches map[string]*poller.Switch
	printer  *Printer
	logs     logStore
	names    provision.Names
	logLevel string
	// gateway serves the API; a reload that changes the routes swaps it.
	gateway atomic.Pointer[gateway.Gateway]
	traces  *eventTraces
	prefix  string
	// reload is what live reload keeps (see reload.go).
	reload reloadState
}

// Start brings the platform up. On error everything started is stopped.
func Start(ctx context.Context, cfg Config) (c *Cloud, err error) {
	if cfg.ModuleRoot == "" {
		return nil, errors.New("local cloud: module root is required")
	}
	if err := spec.ValidateAll(cfg.Services); err != nil {
		return nil, fmt.Errorf("local cloud: %w", err)
	}
	if cfg.StateDir == "" {
		cfg.StateDir = filepath.Join(cfg.ModuleRoot, "build", "local")
	}
	if cfg.BinDir == "" {
		cfg.BinDir = filepath.Join(cfg.ModuleRoot, "build", "host")
	}
	if cfg.Prefix == "" {
		cfg.Prefix = provision.DefaultPrefix
	}
	if cfg.Policies == nil {
		cfg.Policies = DeclaredPolicies
	}
	if cfg.LogLevel == "" {
		cfg.LogLevel = "INFO"
	}
	if cfg.APIAddr == "" {
		cfg.APIAddr = "127.0.0.1:8080"
	}
	if cfg.Printer == nil {
		cfg.Printer = NewPrinter(discard{}, false, false)
	}
	c = &Cloud{Functions: map[string]*runtimeapi.Function{}, printer: cfg.Printer, prefix: cfg.Prefix}
	defer func() {
		if err != nil {
			stopCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = c.Close(stopCtx)
			c = nil
		}
	}()

	// Watch before building, so that a save made during the build is
	// seen. A cloud that cannot watch (no inotify instance left, say)
	// runs without live reload.
	if cfg.Watch {
		if err := c.watch(cfg); err != nil {
			cfg.Printer.Notice(reloadSource, "live reload is off: "+err.Error())
		}
	}
	// Build first: it is the slow step, and it fails fast on a bad tree.
	build := fnbuild.Host(cfg.ModuleRoot, cfg.BinDir, runtime.GOOS, runtime.GOARCH)
	paths, built, err := fnbuild.BuildCached(ctx, cfg.Services, build)
	if err != nil {
		return c, fmt.Errorf("local cloud: build functions: %w", err)
	}
	c.Built = built
	c.reload.init(cfg, build)

	if c.Chaos, err = chaos.New(cfg.Chaos); err != nil {
		return c, fmt.Errorf("local cloud: %w", err)
	}
	if c.emulator, err = emulator.Start(); err != nil {
		return c, fmt.Errorf("local cloud: %w", err)
	}
	c.emulator.SetChaos(c.Chaos)
	c.Endpoint = c.emulator.Endpoint
	traces := newEventTraces()
	c.traces = traces
	observe := traces.observePutEvents
	if cfg.BusObserver != nil {
		observe = func(body []byte) { traces.observePutEvents(body); cfg.BusObserver(body) }
	}
	c.emulator.Observe("AWSEvents.PutEvents", observe)
	if c.Clients, err = awsclients.New(ctx, c.Endpoint); err != nil {
		return c, fmt.Errorf("local cloud: %w", err)
	}
	names := provision.Names{Prefix: cfg.Prefix}
	c.names, c.logLevel = names, cfg.LogLevel
	if c.Platform, err = provision.Apply(ctx, c.Clients, names, cfg.Services); err != nil {
		return c, fmt.Errorf("local cloud: %w", err)
	}
	c.emulator.Meter.Attribute(metering.AttributionFor(cfg.Services, names))
	if err := c.enforceIAM(cfg.Policies, cfg.Services, names); err != nil {
		return c, fmt.Errorf("local cloud: %w", err)
	}
	if c.Keys, err = auth.LoadOrCreate(filepath.Join(cfg.StateDir, auth.KeyFile)); err != nil {
		return c, fmt.Errorf("local cloud: %w", err)
	}

	if c.xray, err = startXRayRelay(c.Endpoint, func(m string) { cfg.Printer.Notice("x-ray", m) }); err != nil {
		return c, fmt.Errorf("local cloud: %w", err)
	}
	if err := c.startPSP(cfg); err != nil {
		return c, fmt.Errorf("local cloud: %w", err)
	}
	if c.runtime, err = runtimeapi.NewServer("127.0.0.1:0"); err != nil {
		return c, fmt.Errorf("local cloud: %w", err)
	}
	c.runtime.SetChaos(c.Chaos)
	if err := c.serveChaos(cfg); err != nil {
		return c, fmt.Errorf("local cloud: %w", err)
	}
	c.Plan, err = NewPlan(cfg.Services, c.Platform, names, PlanInputs{
		LogLevel: cfg.LogLevel, Reservations: cfg.Reservations, Parameter: c.parameter,
	})
	if err != nil {
		return c, fmt.Errorf("local cloud: %w", err)
	}
	for _, fp := range c.Plan.Functions {
		f := fp.Decl
		fn, err := c.runtime.Register(runtimeapi.Config{
			Name:           f.Name,
			Binary:         paths[f.Name],
			Env:            c.processEnv(fp),
			Timeout:        f.Timeout,
			MemoryMB:       f.MemoryMB,
			MaxConcurrency: fp.Concurrency,
			Region:         awsclients.Region,
			AccountID:      awsclients.AccountID,
			Logs: func(function string, pid int, line []byte) {
				c.logs.add(function, line)
				c.emulator.Meter.LogBytes(function, len(line))
				cfg.Printer.FunctionLine(function, pid, line)
			},
			Notice:  cfg.Printer.Notice,
			Invoked: func(d time.Duration) { c.emulator.Meter.Invocation(f.Name, f.MemoryMB, d) },
		})
		if err != nil {
			return c, fmt.Errorf("local cloud: %w", err)
		}
		c.Functions[f.Name] = fn
		c.reload.started(f.Name, c.processEnv(fp))
	}
	c.emulator.ServeLogs(c.logGroup)
	traced := c.traced

	pollCtx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	c.switches = map[string]*poller.Switch{}
	for _, qm := range c.Plan.Queues {
		s, sub := qm.Service, qm.Subscription
		sw := &poller.Switch{}
		c.switches[s.Name+"/"+sub.Name] = sw
		pc := poller.SQS{
			Switch:   sw,
			QueueURL: qm.Queue.URL, QueueARN: qm.Queue.ARN, Region: awsclients.Region,
			BatchSize: sub.BatchSize, Window: sub.MaxBatchingWindow, Concurrency: qm.Pollers,
			Function: traced(s, sub.Function, byQueue),
			Notice:   func(m string) { cfg.Printer.Notice(sub.Function, m) },
			Chaos:    c.Chaos,
		}
		// The mapping reads with its function's role, as on AWS.
		client := sqs.NewFromConfig(functionConfig(c.Clients.Config, sub.Function, putBackOperation, chaosResendOperation))
		c.pollers.Add(1)
		go func() {
			defer c.pollers.Done()
			if err := poller.RunSQS(pollCtx, client, pc); err != nil {
				cfg.Printer.Notice(sub.Function, err.Error())
			}
		}()
	}
	for _, sm := range c.Plan.Streams {
		f := sm.Function
		// The mapping reads the stream and tells its failure queue with
		// its function's role, as on AWS.
		fnConfig := functionConfig(c.Clients.Config, f.Name)
		sc := poller.Stream{
			StreamARN: sm.StreamARN, Region: awsclients.Region,
			BatchSize: f.Stream.BatchSize, Window: f.Stream.MaxBatchingWindow, RetryAttempts: f.Stream.RetryAttempts,
			Function:  traced(sm.Service, f.Name, byStream),
			OnFailure: poller.SendStreamFailure(sqs.NewFromConfig(fnConfig), sm.OnFailure.URL),
			Notice:    func(m string) { cfg.Printer.Notice(f.Name, m) },
		}
		client := dynamodbstreams.NewFromConfig(fnConfig)
		c.pollers.Add(1)
		go func() {
			defer c.pollers.Done()
			if err := poller.RunStream(pollCtx, client, sc); err != nil {
				cfg.Printer.Notice(f.Name, err.Error())
			}
		}()
	}

	gw, err := c.newGateway(cfg.Services, c.Plan)
	if err != nil {
		return c, fmt.Errorf("local cloud: %w", err)
	}
	c.gateway.Store(gw)
	ln, err := net.Listen("tcp", cfg.APIAddr)
	if err != nil {
		return c, fmt.Errorf("local cloud: gateway listen on %s: %w", cfg.APIAddr, err)
	}
	c.APIURL = "http://" + ln.Addr().String()
	c.api = &http.Server{Handler: http.HandlerFunc(c.serveAPI), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = c.api.Serve(ln) }()

	// Start one process per routed function now, so the first request
	// does not pay for it.
	for _, rp := range c.Plan.Routes {
		if err := c.Functions[rp.Route.Function].Warm(); err != nil {
			return c, fmt.Errorf("local cloud: %w", err)
		}
	}
	c.startReloading()
	return c, nil
}

// traced is function of service s as the trigger by invokes it, traced
// as Lambda's active tracing does (function_traces.go).
func (c *Cloud) traced(s spec.Service, function string, by trigger) *tracedFunction {
	return &tracedFunction{fn: c.Functions[function], name: function, service: s.Name, trigger: by,
		api: c.prefix + "-api/" + Stage, relay: c.xray, events: c.traces}
}

// newGateway returns a gateway serving plan's routes, with services'
// contract.
func (c *Cloud) newGateway(services []spec.Service, plan Plan) (*gateway.Gateway, error) {
	var routes []gateway.Route
	for _, rp := range plan.Routes {
		r := rp.Route
		routes = append(routes, gateway.Route{Method: r.Method, Path: r.Path, Auth: r.Auth,
			Function: c.emulator.Meter.API(r.Function, c.traced(rp.Service, r.Function, byAPI)), FunctionName: r.Function})
	}
	printer := c.printer
	return gateway.New(gateway.Config{Routes: routes, Keys: c.Keys, Stage: Stage, AccountID: awsclients.AccountID,
		AccessLog: func(line string) { printer.Info("gateway", line) },
		Contract:  func(server string) ([]byte, error) { return openapi.Document(services, server) }})
}

// serveAPI hands a request to the current gateway. A request keeps the
// gateway it started on, so a reload that swaps the routes cuts no
// request short.
func (c *Cloud) serveAPI(w http.ResponseWriter, r *http.Request) {
	c.gateway.Load().ServeHTTP(w, r)
}

// processEnv is the environment of a function's processes: the one its
// plan gives it, then the emulator's endpoint, the function's own
// credentials ("fn.<name>", see policies.go) and the X-Ray daemon address.
func (c *Cloud) processEnv(fp FunctionPlan) []string {
	env := make([]string, 0, len(fp.Env)+8)
	for _, k := range slices.Sorted(maps.Keys(fp.Env)) {
		env = append(env, k+"="+fp.Env[k])
	}
	env = append(env, "AWS_XRAY_DAEMON_ADDRESS="+c.xray.Addr())
	// The OpenTelemetry variables reach the functions, so that a build
	// with TRACING=otlp exports to the collector the shell names.
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "OTEL_") {
			env = append(env, kv)
		}
	}
	return withFunctionCredentials(append(env, awsclients.Env(c.Endpoint)...), fp.Decl.Name)
}

// ChaosURLFile, in the state directory, holds the URL of the fault
// switches while the local cloud runs, for `conveyor chaos` and `conveyor
// load -chaos`.
const ChaosURLFile = "chaos-url"

// chaosResendOperation is the call an SQS mapping makes to send a copy of
// a message to its queue when the chaos delivers it twice: the platform's
// call, not the function's, as Lambda's poller never makes it.
const chaosResendOperation = "SendMessage"

// serveChaos serves the fault switches on a loopback port of their own and
// records their URL in the state directory.
func (c *Cloud) serveChaos(cfg Config) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("chaos switches: %w", err)
	}
	c.ChaosURL = "http://" + ln.Addr().String()
	c.control = &http.Server{Handler: c.Chaos.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = c.control.Serve(ln) }()
	if err := os.MkdirAll(cfg.StateDir, 0o700); err != nil {
		return fmt.Errorf("chaos switches: %w", err)
	}
	if err := os.WriteFile(filepath.Join(cfg.StateDir, ChaosURLFile), []byte(c.ChaosURL+"\n"), 0o600); err != nil {
		return fmt.Errorf("chaos switches: %w", err)
	}
	if cfg.Chaos.Any() {
		cfg.Printer.Notice("chaos", fmt.Sprintf("injecting faults %+v; switches at %s/faults", cfg.Chaos, c.ChaosURL))
	}
	return nil
}

// logGroup returns the lines a function wrote within [start, end), as its
// log group holds them: "/aws/lambda/<function>" as the runtime names it
// (AWS_LAMBDA_LOG_GROUP_NAME), or "/aws/lambda/<prefix>-<function>" as
// the stacks name it on AWS, so that an operator's tool finds it under
// either name. The local cloud keeps the newest lines only (logStore).
func (c *Cloud) logGroup(group string, start, end time.Time) ([]emulator.LogEvent, bool) {
	name, ok := strings.CutPrefix(group, "/aws/lambda/")
	if !ok {
		return nil, false
	}
	if _, known := c.Functions[name]; !known {
		name = strings.TrimPrefix(name, c.names.Prefix+"-")
	}
	if _, known := c.Functions[name]; !known {
		return nil, false
	}
	var out []emulator.LogEvent
	for _, l := range c.logs.since(start) {
		if l.Function == name && l.Time.Before(end) {
			out = append(out, emulator.LogEvent{Stream: "[$LATEST]" + name, Time: l.Time, Message: string(l.Line)})
		}
	}
	return out, true
}

// Token signs a token for sub in groups, valid for ttl.
func (c *Cloud) Token(sub string, ttl time.Duration, groups ...string) (string, error) {
	return c.Keys.Issue(sub, groups, ttl)
}

// SetSubscriptionEnabled turns the event source mapping of a service's
// subscription off or on, as UpdateEventSourceMapping's Enabled does on
// AWS: while it is off, its events wait in the queue. Tests use it to hold
// one step of a flow.
func (c *Cloud) SetSubscriptionEnabled(service, subscription string, enabled bool) error {
	sw, ok := c.switches[service+"/"+subscription]
	if !ok {
		return fmt.Errorf("localcloud: no subscription %q of service %q", subscription, service)
	}
	sw.Set(enabled)
	return nil
}

// Close stops live reload, the gateway, the pollers, every function
// process and the emulator, in that order.
func (c *Cloud) Close(ctx context.Context) error {
	var errs []error
	if err := c.stopReloading(ctx); err != nil {
		errs = append(errs, err)
	}
	if c.api != nil {
		if err := c.api.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stop gateway: %w", err))
		}
	}
	if c.control != nil {
		_ = c.control.Close()
	}
	if c.cancel != nil {
		c.cancel()
		done := make(chan struct{})
		go func() { c.pollers.Wait(); close(done) }()
		select {
		case <-done:
		case <-ctx.Done():
			errs = append(errs, fmt.Errorf("stop pollers: %w", ctx.Err()))
		}
	}
	if c.runtime != nil {
		if err := c.runtime.Close(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	if c.xray != nil {
		c.xray.Close()
	}
	if err := c.closePSP(ctx); err != nil {
		errs = append(errs, err)
	}
	if c.emulator != nil {
		if err := c.emulator.Close(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// StateDirFor is the default state directory of a module root.
func StateDirFor(moduleRoot string) string { return filepath.Join(moduleRoot, "build", "local") }

// FindModuleRoot walks up from dir to the directory holding go.mod.
func FindModuleRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("find module root: %w", err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod above %s", dir)
		}
	}
}
