package console

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/xray"

	"github.com/conveyor-dev/conveyor/internal/localcloud"
	"github.com/conveyor-dev/conveyor/internal/localcloud/provision"
	"github.com/conveyor-dev/conveyor/internal/trace"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

//go:embed templates/*.html
var templatesFS embed.FS

//go:embed static
var staticFS embed.FS

// Deps are what the console reads and drives: all of it is what the local
// cloud keeps already.
type Deps struct {
	// Services are the declarations the console draws.
	Services []spec.Service
	// Platform names the provisioned queues of the services.
	Platform provision.Platform
	// APIURL is the gateway's base URL, where the explorer sends requests.
	APIURL string
	// Token signs a local token for sub in groups.
	Token func(sub string, groups []string) (string, error)
	// Logs returns the lines the functions wrote at or after since,
	// oldest first (localcloud.Cloud.FunctionLogs).
	Logs func(since time.Time) []localcloud.LogLine
	// Instances returns how many processes of a function run; nil shows
	// none.
	Instances func(function string) int
	// XRay is the emulator's X-Ray API.
	XRay trace.API
	// SQS is the emulator's SQS API, asked for queue depths at most every
	// few seconds and only while a page shows them.
	SQS QueueAPI
	// Events are the events put on the bus.
	Events *Feed
	// Switchboards are the switches the console shows and flips.
	Switchboards []Switchboard
}

// Validate reports a dependency missing.
func (d Deps) Validate() error {
	var missing []string
	for name, ok := range map[string]bool{
		"Services": len(d.Services) > 0, "APIURL": d.APIURL != "", "Token": d.Token != nil, "Logs": d.Logs != nil,
		"XRay": d.XRay != nil, "SQS": d.SQS != nil, "Events": d.Events != nil,
	} {
		if !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return fmt.Errorf("console: missing %s", strings.Join(missing, ", "))
	}
	return nil
}

// Local returns the deps of a running local cloud that runs services and
// whose bus events reach events: its payment provider's switches come
// first, then boards.
func Local(c *localcloud.Cloud, services []spec.Service, events *Feed, boards ...Switchboard) Deps {
	d := Deps{
		Services: services, Platform: c.Platform, APIURL: c.APIURL,
		Token: func(sub string, groups []string) (string, error) { return c.Token(sub, time.Hour, groups...) },
		Logs:  c.FunctionLogs,
		Instances: func(name string) int {
			if f, ok := c.Functions[name]; ok {
				return len(f.PIDs())
			}
			return 0
		},
		XRay: xray.NewFromConfig(c.Clients.Config), SQS: c.Clients.SQS, Events: events,
	}
	if c.PSP != nil {
		d.Switchboards = append(d.Switchboards, Switchboard{Name: "payment-provider", Title: "Payment provider", URL: c.PSP.URL})
	}
	d.Switchboards = append(d.Switchboards, boards...)
	return d
}

// Console serves the console's pages. Close ends the live streams.
type Console struct {
	deps      Deps
	pages     *template.Template
	functions *functionIndex
	queues    *queueBoard
	explorer  *explorer
	switches  switchClient
	http      *http.Client
	mux       *http.ServeMux
	closing   chan struct{}
}

// New returns the console over deps.
func New(deps Deps) (*Console, error) {
	if err := deps.Validate(); err != nil {
		return nil, err
	}
	pages, err := template.New("").Funcs(funcs).ParseFS(templatesFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("console: templates: %w", err)
	}
	client := &http.Client{Timeout: 15 * time.Second}
	c := &Console{
		deps: deps, pages: pages, functions: newFunctionIndex(deps.Logs),
		queues: newQueueBoard(deps.SQS, deps.Services, deps.Platform),
		explorer: &explorer{apiURL: strings.TrimSuffix(deps.APIURL, "/"), base: OperationsFromDeclarations(deps.Services),
			http: client, token: deps.Token},
		switches: switchClient{http: &http.Client{Timeout: 5 * time.Second}},
		http:     client, mux: http.NewServeMux(), closing: make(chan struct{}),
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	files := http.FileServerFS(static)
	c.mux.Handle("GET /static/", http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})))
	c.mux.HandleFunc("GET /{$}", c.architecture)
	c.mux.HandleFunc("GET /events", c.eventsPage)
	c.mux.HandleFunc("GET /events/stream", c.eventStream)
	c.mux.HandleFunc("GET /orders", c.ordersPage)
	c.mux.HandleFunc("GET /orders/{id}", c.orderPage)
	c.mux.HandleFunc("GET /orders/{id}/trace", c.orderTrace)
	c.mux.HandleFunc("GET /functions", c.functionsPage)
	c.mux.HandleFunc("GET /functions/{name}", c.functionPage)
	c.mux.HandleFunc("GET /queues", c.queuesPage)
	c.mux.HandleFunc("GET /queues/{group}/{name}", c.queuePage)
	c.mux.HandleFunc("POST /queues/{group}/{name}/redrive", c.redrive)
	c.mux.HandleFunc("GET /explorer", c.explorerPage)
	c.mux.HandleFunc("POST /explorer/send", c.explorerSend)
	c.mux.HandleFunc("GET /explorer/trace", c.explorerTrace)
	c.mux.HandleFunc("GET /switches", c.switchesPage)
	c.mux.HandleFunc("POST /switches/{board}", c.setSwitch)
	c.mux.HandleFunc("GET /traces/{id}", c.tracePage)
	c.mux.HandleFunc("GET /logs", c.logsPage)
	return c, nil
}

// ServeHTTP serves the console. A request that changes something (a
// POST) must come from the console's own pages: it carries htmx's
// HX-Request header, which a form or a page of another site cannot send
// without the console's consent, and no foreign Origin.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if r.Header.Get("HX-Request") != "true" || !sameOrigin(r) {
			http.Error(w, "the console changes things only from its own pages", http.StatusForbidden)
			return
		}
	}
	c.mux.ServeHTTP(w, r)
}

// Close ends the live event streams, so that a server shutting down is
// not held by open pages.
func (c *Console) Close() {
	select {
	case <-c.closing:
	default:
		close(c.closing)
	}
}

func sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}

// page is what every page template receives.
type page struct {
	Title string
	// Nav is the section the page belongs to.
	Nav string
	// Live is set when only the page's live part is rendered, for its
	// refresh.
	Live bool
	Data any
}

// render writes a page, or only its named fragment when fragment is set.
func (c *Console) render(w http.ResponseWriter, name string, p page) {
	var buf bytes.Buffer
	if err := c.pages.ExecuteTemplate(&buf, name, p); err != nil {
		http.Error(w, "render "+name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

// fragment reports whether the request asks for a page's live part only.
func fragment(r *http.Request) bool { return r.URL.Query().Get("fragment") != "" }

func (c *Console) fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	if fragment(r) || r.Header.Get("HX-Request") == "true" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `<p class="error">%s</p>`, template.HTMLEscapeString(err.Error()))
		return
	}
	w.WriteHeader(status)
	c.render(w, "error", page{Title: "Error", Data: err.Error()})
}

var funcs = template.FuncMap{
	"ms": func(v float64) string {
		if v < 10 {
			return fmt.Sprintf("%.2f ms", v)
		}
		return fmt.Sprintf("%.1f ms", v)
	},
	"dur": func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) },
	"clock": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.Local().Format("15:04:05.000")
	},
	"ago": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return time.Since(t).Round(time.Second).String() + " ago"
	},
	"offset": func(t, start time.Time) string { return fmt.Sprintf("+%.2fs", t.Sub(start).Seconds()) },
	"pct":    func(v float64) string { return fmt.Sprintf("%.2f%%", v) },
	"indent": func(depth int) string { return fmt.Sprintf("%dem", depth) },
	"query": func(kv ...string) template.URL {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] != "" {
				v.Set(kv[i], kv[i+1])
			}
		}
		return template.URL(v.Encode())
	},
	"lower": strings.ToLower,
	"join":  strings.Join,
	"line":  func(b []byte) string { return string(b) },
	// boardPage hands one board to the template that draws it alone.
	"boardPage": func(b BoardView) page { return page{Data: b} },
}

// errNotFound is a page about something the console does not know.
var errNotFound = errors.New("not found")

// withTimeout bounds the emulator calls of one request.
func withTimeout(r *http.Request, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), d)
}
