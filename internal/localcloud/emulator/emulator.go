package emulator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/sivchari/kumo"

	"github.com/conveyor-dev/conveyor/internal/chaos"
	"github.com/conveyor-dev/conveyor/internal/localcloud/awsclients"
	"github.com/conveyor-dev/conveyor/internal/metering"
)

// The environment variables kumo reads when it initialises.
const (
	EnvPort    = "KUMO_PORT"
	EnvHost    = "KUMO_HOST"
	EnvDataDir = "KUMO_DATA_DIR"
	envFlush   = "KUMO_PERSIST_FLUSH_INTERVAL_MS"
	envReexec  = "CONVEYOR_EMULATOR_REEXEC"
	// EnvXRayMaxSegments bounds the X-Ray segments kumo keeps: beyond
	// it, the oldest traces go. Reexec sets it to XRayMaxSegments unless
	// it is set already.
	EnvXRayMaxSegments = "KUMO_XRAY_MAX_SEGMENTS"
	// EnvStreamMaxRecords bounds the records each DynamoDB stream kumo
	// keeps: past it, the oldest go, and a reader behind them gets
	// TrimmedDataAccessException. Reexec sets it to StreamMaxRecords
	// unless it is set already.
	EnvStreamMaxRecords = "KUMO_DYNAMODB_STREAMS_MAX_RECORDS"
	// envRegion is the region kumo puts in the ARNs of tables, streams
	// and buses. Reexec sets it to the region the local cloud signs with,
	// whatever the shell says, so those ARNs match the ARNs the IAM
	// policies name.
	envRegion = "AWS_DEFAULT_REGION"
)

// flushInterval is how often kumo snapshots state to its data directory.
const flushInterval = 200 * time.Millisecond

// XRayMaxSegments is how many X-Ray segments the emulator keeps by
// default, so that a long run's traces stay within a fixed footprint (a
// few tens of megabytes) while the recent ones, those `conveyor trace`
// and the tests look up, are all there.
const XRayMaxSegments = 20_000

// StreamMaxRecords is how many records each table's stream keeps by
// default: about 22 MB a stream. The orders stream (about 11 records an
// order) lets a consumer fall about 1,800 orders behind before it loses
// records, as a Lambda mapping loses those older than a stream's 24 hours.
const StreamMaxRecords = 20_000

// Host is the loopback address the emulator serves on.
const Host = "127.0.0.1"

// Reexec restarts the running program with kumo's variables set for port
// and dataDir (empty: keep state in memory only), kumo's region and its
// bounds on X-Ray segments and stream records, unless they are set already, in which case it
// returns nil at once. On success it does not return: the program starts
// again from main with the same arguments.
func Reexec(port int, dataDir string) error {
	if dataDir != "" {
		abs, err := filepath.Abs(dataDir)
		if err != nil {
			return fmt.Errorf("emulator data dir: %w", err)
		}
		dataDir = abs
	}
	xrayMax := os.Getenv(EnvXRayMaxSegments)
	if xrayMax == "" {
		xrayMax = strconv.Itoa(XRayMaxSegments)
	}
	streamMax := os.Getenv(EnvStreamMaxRecords)
	if streamMax == "" {
		streamMax = strconv.Itoa(StreamMaxRecords)
	}
	want := map[string]string{
		EnvPort:             strconv.Itoa(port),
		EnvHost:             Host,
		EnvDataDir:          dataDir,
		envFlush:            strconv.Itoa(int(flushInterval / time.Millisecond)),
		envRegion:           awsclients.Region,
		EnvXRayMaxSegments:  xrayMax,
		EnvStreamMaxRecords: streamMax,
	}
	ready := true
	for k, v := range want {
		if os.Getenv(k) != v {
			ready = false
		}
	}
	if ready {
		return nil
	}
	marker := fmt.Sprintf("%d:%s", port, dataDir)
	if os.Getenv(envReexec) == marker {
		return errors.New("emulator: the environment did not survive a restart of the program")
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("emulator: find own executable: %w", err)
	}
	env := []string{envReexec + "=" + marker}
	for _, kv := range os.Environ() {
		k, _, _ := cutEnv(kv)
		if _, ours := want[k]; !ours && k != envReexec {
			env = append(env, kv)
		}
	}
	for k, v := range want {
		if v != "" {
			env = append(env, k+"="+v)
		}
	}
	if err := syscall.Exec(exe, os.Args, env); err != nil {
		return fmt.Errorf("emulator: restart with %s=%d: %w", EnvPort, port, err)
	}
	return nil
}

func cutEnv(kv string) (string, string, bool) {
	for i := range len(kv) {
		if kv[i] == '=' {
			return kv[:i], kv[i+1:], true
		}
	}
	return kv, "", false
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", Host+":0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Emulator is a running kumo reachable at Endpoint.
type Emulator struct {
	// Endpoint is the emulator's base URL, e.g. "http://127.0.0.1:4566".
	Endpoint string
	// DataDir is where state persists; empty when it lives in memory.
	DataDir string

	server    *http.Server
	observers atomic.Pointer[map[string]func(body []byte)]
	observeMu sync.Mutex // serialises Observe
	// enforcement, when set, is the IAM the front door enforces on the
	// functions' requests (see Enforce).
	enforcement atomic.Pointer[Enforcement]
	// chaos, when set, decides the faults injected into the functions'
	// requests (see SetChaos).
	chaos atomic.Pointer[chaos.Injector]
	// logs, when set, answers FilterLogEvents (see ServeLogs).
	logs atomic.Pointer[LogSource]
	// refuseDeliveries, when set, decides which of kumo's deliveries to
	// SQS queues the front door refuses (see RefuseDeliveries).
	refuseDeliveries atomic.Pointer[func(queue string) bool]
	// Meter counts what the functions' calls would be billed on AWS; the
	// front door feeds it and serves it at metering.Path.
	Meter *metering.Meter
	xray  sync.Mutex
}

// Start runs kumo and serves it on the port named by KUMO_PORT (see
// Reexec). It fails when KUMO_PORT is unset or the port is taken.
func Start() (*Emulator, error) {
	portText := os.Getenv(EnvPort)
	port, err := strconv.Atoi(portText)
	if err != nil || port <= 0 {
		return nil, fmt.Errorf("emulator: %s must name the port before the program starts (see emulator.Reexec), got %q", EnvPort, portText)
	}
	addr := net.JoinHostPort(Host, portText)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("emulator: listen on %s: %w", addr, err)
	}
	e := &Emulator{Endpoint: "http://" + addr, DataDir: os.Getenv(EnvDataDir), Meter: metering.New()}
	// kumo's handler serves behind the front door's own handlers, in
	// this server: a request costs one connection and one HTTP exchange,
	// not a second one from a proxy to a kumo server of its own. A
	// denied request stops at the first handler: kumo and the observers
	// never see it. The function logs the local cloud keeps answer
	// FilterLogEvents; the deliveries RefuseDeliveries picks are refused;
	// faults are injected into what IAM let through, and
	// the observers see what reaches kumo. The meter counts what gets
	// past the faults, as AWS bills what it accepted.
	e.server = &http.Server{
		Handler:           e.authorizing(e.servingLogs(e.refusingDeliveries(e.injecting(e.Meter.FrontDoor(e.observing(e.serialXRay(kumo.Handler())), callerFunction))))),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() { _ = e.server.Serve(ln) }()
	return e, nil
}

// callerFunction names the function whose key signed r, "" for any other
// caller: the meter charges each function its own calls.
func callerFunction(r *http.Request) string {
	sc, ok := signingScope(r)
	if !ok {
		return ""
	}
	function, isFunction := strings.CutPrefix(sc.accessKey, FunctionKeyPrefix)
	if !isFunction {
		return ""
	}
	return function
}

// maxObservedBody is the largest request body an observer sees.
const maxObservedBody = 1 << 20

// Observe makes fn see the body of every request whose X-Amz-Target is
// target (e.g. "AWSEvents.PutEvents") before the emulator handles it, so
// the local cloud can keep what the emulator drops. fn must not block; it
// replaces the target's previous observer, and nil removes it. Only the
// bodies of observed targets are read.
func (e *Emulator) Observe(target string, fn func(body []byte)) {
	e.observeMu.Lock()
	defer e.observeMu.Unlock()
	next := map[string]func([]byte){}
	if cur := e.observers.Load(); cur != nil {
		maps.Copy(next, *cur)
	}
	if fn == nil {
		delete(next, target)
	} else {
		next[target] = fn
	}
	e.observers.Store(&next)
}

// observing hands the body of each request of an observed target to its
// observer; other requests pass untouched.
func (e *Emulator) observing(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if obs := e.observers.Load(); obs != nil && len(*obs) > 0 && r.ContentLength <= maxObservedBody {
			if fn, ok := (*obs)[r.Header.Get("X-Amz-Target")]; ok {
				body, err := io.ReadAll(io.LimitReader(r.Body, maxObservedBody))
				if err == nil {
					fn(body)
				}
				r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// xrayPaths are the paths of the X-Ray API calls the platform makes.
var xrayPaths = map[string]bool{"/TraceSegments": true, "/Traces": true, "/TraceSummaries": true}

// serialXRay runs the X-Ray API calls one at a time. kumo v0.33.1's X-Ray
// store hands BatchGetTraces the traces themselves, and its handler reads
// their segments after the store's lock is released, while PutTraceSegments
// appends to them under it: a data race (go test -race reports it). One
// lock here, at the emulator's front door, orders them; nothing else goes
// through it.
func (e *Emulator) serialXRay(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if xrayPaths[r.URL.Path] {
			e.xray.Lock()
			defer e.xray.Unlock()
		}
		next.ServeHTTP(w, r)
	})
}

// Close stops serving. With a data directory it first waits for kumo's
// next snapshot, so the last writes are kept. A request still running
// when ctx ends (a long poll) is cut off.
func (e *Emulator) Close(ctx context.Context) error {
	err := e.server.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		err = e.server.Close()
	}
	if e.DataDir != "" {
		select {
		case <-time.After(3 * flushInterval):
		case <-ctx.Done():
		}
	}
	if err != nil {
		return fmt.Errorf("emulator: stop: %w", err)
	}
	return nil
}
