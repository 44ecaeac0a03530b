package console

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/conveyor-dev/conveyor/internal/dlq"
	"github.com/conveyor-dev/conveyor/internal/localcloud"
	"github.com/conveyor-dev/conveyor/internal/trace"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// functionView is a function with its live counts.
type functionView struct {
	Service   string
	Decl      spec.Function
	Role      string
	Instances int
	Stats     FunctionStats
}

// subscriptionView is a subscription with its queue's depths.
type subscriptionView struct {
	spec.Subscription
	Queue Queue
}

// serviceView is one service as the architecture page draws it.
type serviceView struct {
	spec.Service
	TableName     string
	Functions     []functionView
	Subscriptions []subscriptionView
}

// flowView is one event type: who publishes it and who consumes it.
type flowView struct {
	Type      string
	Publisher string
	Consumers []string
}

// diagram draws the event flows: a column per service, a row per event
// type, a dot where the type is published and an arrow to each service
// that consumes it.
type diagram struct {
	Width, Height int
	Columns       []diagramColumn
	Rows          []diagramRow
}

type diagramColumn struct {
	X     int
	Label string
}

type diagramRow struct {
	Y, TextY, From int
	Type           string
	Published      bool
	Arrows         []diagramArrow
}

type diagramArrow struct {
	X1, X2, Head int
	Function     string
}

// Sizes of the diagram, in pixels.
const (
	diagramLabel = 170
	columnWidth  = 150
	rowHeight    = 26
	diagramTop   = 40
)

func newDiagram(services []spec.Service, flows []flowView) diagram {
	col := map[string]int{}
	d := diagram{Width: diagramLabel + columnWidth*len(services), Height: diagramTop + rowHeight*len(flows) + 10}
	for i, s := range services {
		col[s.Name] = i
		d.Columns = append(d.Columns, diagramColumn{X: diagramLabel + columnWidth*i + columnWidth/2, Label: s.Name})
	}
	owner := map[string]string{}
	for _, s := range services {
		for _, f := range s.Functions {
			owner[f.Name] = s.Name
		}
	}
	for i, f := range flows {
		y := diagramTop + rowHeight*i + rowHeight/2
		r := diagramRow{Y: y, TextY: y + 4, Type: f.Type, Published: f.Publisher != ""}
		if r.Published {
			r.From = d.Columns[col[f.Publisher]].X
		}
		for _, fn := range f.Consumers {
			to := d.Columns[col[owner[fn]]].X
			a := diagramArrow{X1: r.From, X2: to, Head: to - 6, Function: fn}
			if to < r.From {
				a.Head = to + 6
			}
			if !r.Published {
				a.X1 = to
			}
			r.Arrows = append(r.Arrows, a)
		}
		d.Rows = append(d.Rows, r)
	}
	return d
}

// role says how a function is invoked.
func role(s spec.Service, f spec.Function) string {
	for _, r := range s.Routes {
		if r.Function == f.Name {
			return "API"
		}
	}
	for _, sub := range s.Subscriptions {
		if sub.Function == f.Name {
			return "queue consumer"
		}
	}
	switch {
	case f.Stream != nil && f.Publisher:
		return "stream publisher"
	case f.Stream != nil:
		return "stream consumer"
	}
	return "invoked"
}

func (c *Console) functionViews(s spec.Service, stats map[string]FunctionStats) []functionView {
	var out []functionView
	for _, f := range s.Functions {
		v := functionView{Service: s.Name, Decl: f, Role: role(s, f), Stats: stats[f.Name]}
		v.Stats.Name = f.Name
		if c.deps.Instances != nil {
			v.Instances = c.deps.Instances(f.Name)
		}
		out = append(out, v)
	}
	return out
}

// queueDepths returns the queues with fresh depths for a page's live
// part, and with the depths last read for a whole page, which asks for
// its live part as soon as it has loaded: the page does not wait for the
// emulator.
func (c *Console) queueDepths(r *http.Request) []Queue {
	if !fragment(r) {
		return c.queues.kept()
	}
	ctx, cancel := withTimeout(r, 5*time.Second)
	defer cancel()
	return c.queues.list(ctx)
}

func (c *Console) architecture(w http.ResponseWriter, r *http.Request) {
	stats := c.functions.stats()
	queues := map[string]Queue{}
	for _, q := range c.queueDepths(r) {
		queues[q.Key] = q
	}
	var services []serviceView
	flows := map[string]*flowView{}
	var order []string
	for _, s := range c.deps.Services {
		sv := serviceView{Service: s, Functions: c.functionViews(s, stats)}
		if t, ok := c.deps.Platform.Tables[s.Name]; ok {
			sv.TableName = t.Name
		}
		for _, sub := range s.Subscriptions {
			sv.Subscriptions = append(sv.Subscriptions, subscriptionView{Subscription: sub, Queue: queues[s.Name+"/"+sub.Name]})
		}
		services = append(services, sv)
		for _, t := range s.Publishes {
			if _, ok := flows[t]; !ok {
				flows[t] = &flowView{Type: t}
				order = append(order, t)
			}
			flows[t].Publisher = s.Name
		}
	}
	for _, s := range c.deps.Services {
		for _, sub := range s.Subscriptions {
			for _, t := range sub.DetailTypes {
				if _, ok := flows[t]; !ok {
					flows[t] = &flowView{Type: t}
					order = append(order, t)
				}
				flows[t].Consumers = append(flows[t].Consumers, sub.Function)
			}
		}
	}
	var flowList []flowView
	for _, t := range order {
		flowList = append(flowList, *flows[t])
	}
	data := struct {
		Services []serviceView
		Flows    []flowView
		Bus      string
		Diagram  diagram
	}{services, flowList, c.deps.Platform.Bus, newDiagram(c.deps.Services, flowList)}
	name := "architecture"
	if fragment(r) {
		name = "architecture-live"
	}
	c.render(w, name, page{Title: "Architecture", Nav: "architecture", Live: fragment(r), Data: data})
}

// eventLimit is how many events a page shows.
const eventLimit = 100

func filterOf(r *http.Request) Filter {
	q := r.URL.Query()
	return Filter{Type: strings.TrimSpace(q.Get("type")), OrderID: strings.TrimSpace(q.Get("order")),
		CorrelationID: strings.TrimSpace(q.Get("correlation"))}
}

func (c *Console) eventsPage(w http.ResponseWriter, r *http.Request) {
	f := filterOf(r)
	types := c.deps.Events.Types()
	for _, s := range c.deps.Services {
		for _, t := range s.Publishes {
			if !slices.Contains(types, t) {
				types = append(types, t)
			}
		}
	}
	slices.Sort(types)
	recent := c.deps.Events.Recent(f, eventLimit)
	var last uint64
	if len(recent) > 0 {
		last = recent[0].Seq
	}
	data := struct {
		Filter Filter
		Types  []string
		Events []Event
		Stream string
	}{f, types, recent, streamURL(f, last)}
	c.render(w, "events", page{Title: "Events", Nav: "events", Data: data})
}

// streamURL is the address of the live events the filter selects after
// sequence number seq.
func streamURL(f Filter, seq uint64) string {
	v := url.Values{}
	for k, val := range map[string]string{"type": f.Type, "order": f.OrderID, "correlation": f.CorrelationID} {
		if val != "" {
			v.Set(k, val)
		}
	}
	v.Set("after", strconv.FormatUint(seq, 10))
	return "/events/stream?" + v.Encode()
}

// keepAlive is how often an idle event stream sends a comment, so that
// the browser and any proxy keep it open.
const keepAlive = 15 * time.Second

// eventStream sends the events the filter selects as server-sent events,
// each a table row ("event: row"): first those after the sequence number
// "after" that the feed still keeps, then each new one as it arrives.
func (c *Console) eventStream(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	f := filterOf(r)
	after, _ := strconv.ParseUint(r.URL.Query().Get("after"), 10, 64)
	live, stop := c.deps.Events.Subscribe()
	defer stop()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, ": live\n\n")
	send := func(e Event) error {
		if e.Seq <= after || !f.Match(e) {
			return nil
		}
		after = e.Seq
		var buf bytes.Buffer
		if err := c.pages.ExecuteTemplate(&buf, "event-row", e); err != nil {
			return err
		}
		var msg bytes.Buffer
		msg.WriteString("event: row\n")
		for line := range strings.SplitSeq(strings.TrimSpace(buf.String()), "\n") {
			msg.WriteString("data: " + line + "\n")
		}
		msg.WriteString("\n")
		_, err := w.Write(msg.Bytes())
		return err
	}
	for _, e := range c.deps.Events.After(f, after, eventLimit) {
		if send(e) != nil {
			return
		}
	}
	flusher.Flush()
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case e := <-live:
			if send(e) != nil {
				return
			}
			flusher.Flush()
		case <-tick.C:
			if _, err := io.WriteString(w, ": keep-alive\n\n"); err != nil {
				return
			}
			flusher.Flush()
		case <-r.Context().Done():
			return
		case <-c.closing:
			return
		}
	}
}

// ordersPerPage is how many orders one page of the orders list shows.
const ordersPerPage = 100

func (c *Console) ordersPage(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	n = max(n, 1)
	orders, total, byStatus := c.deps.Events.Orders(q, (n-1)*ordersPerPage, ordersPerPage)
	pages := max(1, (total+ordersPerPage-1)/ordersPerPage)
	data := struct {
		Query              string
		Orders             []Order
		Total              int
		ByStatus           map[string]int
		Page, Pages        int
		First, Last        int
		NewerURL, OlderURL string
	}{Query: q, Orders: orders, Total: total, ByStatus: byStatus, Page: n, Pages: pages,
		First: (n-1)*ordersPerPage + 1, Last: (n-1)*ordersPerPage + len(orders)}
	pageURL := func(p int) string {
		return "/orders?" + url.Values{"q": {q}, "page": {strconv.Itoa(p)}}.Encode()
	}
	if n > 1 {
		data.NewerURL = pageURL(n - 1)
	}
	if n < pages {
		data.OlderURL = pageURL(n + 1)
	}
	c.render(w, "orders", page{Title: "Orders", Nav: "orders", Data: data})
}

// apiView is what the API answers about an order's payment.
type paymentView struct {
	Status        string `json:"status"`
	Attempts      int    `json:"attempts"`
	DeclineReason string `json:"declineReason"`
	Uncertain     bool   `json:"uncertain"`
	Err           string `json:"-"`
}

// settled reports whether nothing more will happen to the order: it
// shipped, or it was cancelled.
func settled(o Order) bool { return o.Status == StatusShipped || o.Status == StatusCancelled }

func (c *Console) orderPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	o, evs, ok := c.deps.Events.Order(id)
	if !ok {
		o = Order{ID: id}
	}
	var start time.Time
	if len(evs) > 0 {
		start = evs[0].Time
	}
	data := struct {
		Order   Order
		Known   bool
		Settled bool
		Events  []Event
		Start   time.Time
		Payment paymentView
		// Paid says whether Payment was asked for: the page asks for it
		// right after it loads, so that the API's answer does not hold
		// the page up.
		Paid bool
	}{Order: o, Known: ok, Settled: ok && settled(o), Events: evs, Start: start}
	name := "order"
	if fragment(r) {
		name = "order-live"
		ctx, cancel := withTimeout(r, 5*time.Second)
		defer cancel()
		data.Payment, data.Paid = c.payment(ctx, id), true
	}
	c.render(w, name, page{Title: "Order " + id, Nav: "orders", Data: data})
}

// payment asks the API for an order's payment, as an admin.
func (c *Console) payment(ctx context.Context, orderID string) paymentView {
	tok, err := c.deps.Token("console-admin", []string{spec.AdminGroup})
	if err != nil {
		return paymentView{Err: err.Error()}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(c.deps.APIURL, "/")+"/payments/"+url.PathEscape(orderID), nil)
	if err != nil {
		return paymentView{Err: err.Error()}
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := c.http.Do(req)
	if err != nil {
		return paymentView{Err: err.Error()}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return paymentView{Status: "none yet"}
	case resp.StatusCode != http.StatusOK:
		return paymentView{Err: fmt.Sprintf("GET /payments/%s: %s", orderID, resp.Status)}
	}
	var p paymentView
	if err := json.Unmarshal(body, &p); err != nil {
		return paymentView{Err: err.Error()}
	}
	return p
}

func (c *Console) orderTrace(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	o, _, ok := c.deps.Events.Order(id)
	if !ok {
		c.fail(w, r, http.StatusNotFound, fmt.Errorf("no event about order %s yet", id))
		return
	}
	ctx, cancel := withTimeout(r, 10*time.Second)
	defer cancel()
	j, err := orderJourney(ctx, c.deps.XRay, o)
	data := struct {
		Order     Order
		Settled   bool
		Waterfall Waterfall
		Err       string
	}{Order: o, Settled: settled(o)}
	switch {
	case errors.Is(err, trace.ErrNotFound):
		data.Err = "no trace carries the order yet"
	case err != nil:
		data.Err = err.Error()
	default:
		data.Waterfall = newWaterfall(j)
	}
	c.render(w, "order-trace", page{Data: data})
}

func (c *Console) functionsPage(w http.ResponseWriter, r *http.Request) {
	stats := c.functions.stats()
	var fns []functionView
	for _, s := range c.deps.Services {
		fns = append(fns, c.functionViews(s, stats)...)
	}
	name := "functions"
	if fragment(r) {
		name = "functions-live"
	}
	c.render(w, name, page{Title: "Functions", Nav: "functions", Data: fns})
}

func (c *Console) functionPage(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	for _, s := range c.deps.Services {
		if f, ok := s.Function(name); ok {
			v := functionView{Service: s.Name, Decl: f, Role: role(s, f), Stats: c.functions.function(name)}
			if c.deps.Instances != nil {
				v.Instances = c.deps.Instances(name)
			}
			tmpl := "function"
			if fragment(r) {
				tmpl = "function-live"
			}
			c.render(w, tmpl, page{Title: name, Nav: "functions", Data: v})
			return
		}
	}
	c.fail(w, r, http.StatusNotFound, fmt.Errorf("function %s: %w", name, errNotFound))
}

func (c *Console) queuesPage(w http.ResponseWriter, r *http.Request) {
	name := "queues"
	if fragment(r) {
		name = "queues-live"
	}
	c.render(w, name, page{Title: "Queues", Nav: "queues", Live: fragment(r), Data: c.queueDepths(r)})
}

func (c *Console) queuePage(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("group") + "/" + r.PathValue("name")
	q, ok := c.queues.find(key)
	if !ok {
		c.fail(w, r, http.StatusNotFound, fmt.Errorf("queue %s: %w", key, errNotFound))
		return
	}
	ctx, cancel := withTimeout(r, 5*time.Second)
	defer cancel()
	for _, d := range c.queues.list(ctx) {
		if d.Key == key {
			q = d
		}
	}
	msgs, err := Peek(ctx, c.deps.SQS, q.DLQURL, peekLimit)
	data := struct {
		Queue    Queue
		Messages []Message
		Err      string
		Result   string
	}{Queue: q, Messages: c.withReasons(msgs)}
	if err != nil {
		data.Err = err.Error()
	}
	c.render(w, "queue", page{Title: q.Name, Nav: "queues", Data: data})
}

// messageIDMarker starts the messageId field of a consumer's log line.
var messageIDMarker = []byte(`"messageId":"`)

// withReasons adds to each message the last error its consumer logged
// about it (the consumer logs the message id with each failure), from
// the lines the log store still holds.
func (c *Console) withReasons(msgs []Message) []Message {
	if len(msgs) == 0 {
		return msgs
	}
	byID := map[string]int{}
	for i, m := range msgs {
		byID[m.ID] = i
	}
	for _, l := range c.deps.Logs(time.Time{}) {
		at := bytes.Index(l.Line, messageIDMarker)
		if at < 0 || !bytes.Contains(l.Line, errorMarker) {
			continue
		}
		rest := l.Line[at+len(messageIDMarker):]
		end := bytes.IndexByte(rest, '"')
		if end < 0 {
			continue
		}
		i, ok := byID[string(rest[:end])]
		if !ok {
			continue
		}
		var rec struct {
			Msg    string `json:"msg"`
			Reason string `json:"reason"`
			Error  string `json:"error"`
		}
		if json.Unmarshal(l.Line, &rec) != nil {
			continue
		}
		reason := rec.Reason
		if reason == "" {
			reason = rec.Error
		}
		msgs[i].Reason = strings.TrimSpace(l.Function + ": " + rec.Msg + ": " + reason)
	}
	return msgs
}

func (c *Console) redrive(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("group") + "/" + r.PathValue("name")
	q, ok := c.queues.find(key)
	if !ok || q.FailureQueue() {
		c.fail(w, r, http.StatusNotFound, fmt.Errorf("no dead-letter queue to redrive for %s", key))
		return
	}
	if err := r.ParseForm(); err != nil {
		c.fail(w, r, http.StatusBadRequest, err)
		return
	}
	ctx, cancel := withTimeout(r, 20*time.Second)
	defer cancel()
	tool := dlq.Tool{SQS: c.deps.SQS}
	var n int
	var err error
	if id := strings.TrimSpace(r.PostForm.Get("id")); id != "" {
		n, err = tool.RedriveMessages(ctx, q.deadLetters(), id)
	} else {
		n, err = tool.Redrive(ctx, q.deadLetters())
	}
	c.queues.forget()
	msgs, peekErr := Peek(ctx, c.deps.SQS, q.DLQURL, peekLimit)
	data := struct {
		Queue    Queue
		Messages []Message
		Err      string
		Result   string
	}{Queue: q, Messages: c.withReasons(msgs), Result: fmt.Sprintf("moved %d message(s) back to %s", n, q.Name)}
	if err = errors.Join(err, peekErr); err != nil {
		data.Err = err.Error()
	}
	c.render(w, "dlq", page{Data: data})
}

// explorerData is what the explorer page shows.
type explorerData struct {
	Operations   []Operation
	Selected     Operation
	Headers      string
	WithContract bool
}

func (c *Console) explorerPage(w http.ResponseWriter, r *http.Request) {
	ops, withContract := c.explorer.operations(r.Context())
	data := explorerData{Operations: ops, WithContract: withContract}
	want := r.URL.Query().Get("op")
	for _, op := range ops {
		if op.Key() == want || (want == "" && op.Key() == "POST /orders") {
			data.Selected = op
		}
	}
	if data.Selected.Method == "" && len(ops) > 0 {
		data.Selected = ops[0]
	}
	var headers []string
	for _, h := range data.Selected.Headers {
		if strings.EqualFold(h, "Idempotency-Key") {
			headers = append(headers, h+": "+uuid.NewString())
		} else {
			headers = append(headers, h+": ")
		}
	}
	data.Headers = strings.Join(headers, "\n")
	c.render(w, "explorer", page{Title: "API explorer", Nav: "explorer", Data: data})
}

func (c *Console) explorerSend(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		c.fail(w, r, http.StatusBadRequest, err)
		return
	}
	f := r.PostForm
	ops, _ := c.explorer.operations(r.Context())
	var op Operation
	for _, o := range ops {
		if o.Key() == f.Get("op") {
			op = o
		}
	}
	if op.Method == "" {
		c.fail(w, r, http.StatusBadRequest, fmt.Errorf("no operation %q", f.Get("op")))
		return
	}
	req := Request{Method: op.Method, Path: op.Path, Params: map[string]string{}, Query: f.Get("query"),
		Headers: f.Get("headers"), Body: f.Get("body"), Who: Identity{Kind: f.Get("who"), Name: f.Get("customer")}}
	for _, p := range op.Params() {
		req.Params[p] = strings.TrimSpace(f.Get("param." + p))
	}
	ctx, cancel := withTimeout(r, 30*time.Second)
	defer cancel()
	resp, err := c.explorer.send(ctx, req)
	if err != nil {
		c.fail(w, r, http.StatusBadGateway, err)
		return
	}
	data := struct {
		Response
		Stream string
		Trace  string
	}{resp, streamURL(Filter{CorrelationID: resp.CorrelationID}, 0),
		"/explorer/trace?" + url.Values{"correlation": {resp.CorrelationID}, "since": {strconv.FormatInt(resp.Sent.UnixMilli(), 10)}, "try": {"0"}}.Encode()}
	c.render(w, "explorer-response", page{Data: data})
}

// explorerTries is how often the explorer looks for a request's trace:
// its segments reach the X-Ray API a moment after the answer, and the
// saga it started adds traces for a few seconds more.
const explorerTries = 12

func (c *Console) explorerTrace(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	corr := q.Get("correlation")
	ms, err := strconv.ParseInt(q.Get("since"), 10, 64)
	if corr == "" || err != nil {
		c.fail(w, r, http.StatusBadRequest, errors.New("correlation and since are required"))
		return
	}
	try, _ := strconv.Atoi(q.Get("try"))
	ctx, cancel := withTimeout(r, 10*time.Second)
	defer cancel()
	j, err := correlationJourney(ctx, c.deps.XRay, corr, time.UnixMilli(ms).Add(-2*time.Second), time.Now().Add(time.Second))
	data := struct {
		Waterfall Waterfall
		Err       string
		Next      string
	}{}
	if err != nil {
		data.Err = err.Error()
	} else {
		data.Waterfall = newWaterfall(j)
	}
	if try+1 < explorerTries {
		q.Set("try", strconv.Itoa(try+1))
		data.Next = "/explorer/trace?" + q.Encode()
	}
	c.render(w, "explorer-trace", page{Data: data})
}

func (c *Console) switchesPage(w http.ResponseWriter, r *http.Request) {
	var boards []BoardView
	for _, b := range c.deps.Switchboards {
		boards = append(boards, c.switches.view(r.Context(), b))
	}
	c.render(w, "switches", page{Title: "Switches", Nav: "switches", Data: boards})
}

func (c *Console) setSwitch(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("board")
	i := slices.IndexFunc(c.deps.Switchboards, func(b Switchboard) bool { return b.Name == name })
	if i < 0 {
		c.fail(w, r, http.StatusNotFound, fmt.Errorf("switchboard %s: %w", name, errNotFound))
		return
	}
	if err := r.ParseForm(); err != nil {
		c.fail(w, r, http.StatusBadRequest, err)
		return
	}
	b := c.deps.Switchboards[i]
	ctx, cancel := withTimeout(r, 5*time.Second)
	defer cancel()
	err := c.switches.set(ctx, b, r.PostForm.Get("path"), r.PostForm.Get("value"))
	v := c.switches.view(ctx, b)
	if err != nil {
		v.Err = err.Error()
	}
	c.render(w, "board", page{Data: v})
}

func (c *Console) tracePage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ctx, cancel := withTimeout(r, 10*time.Second)
	defer cancel()
	j, err := traceJourney(ctx, c.deps.XRay, id)
	data := struct {
		ID        string
		Waterfall Waterfall
		Err       string
	}{ID: id}
	if err != nil {
		data.Err = err.Error()
	} else {
		data.Waterfall = newWaterfall(j)
	}
	c.render(w, "trace", page{Title: "Trace " + id, Nav: "functions", Data: data})
}

// logLimit is how many lines the logs page shows.
const logLimit = 500

func (c *Console) logsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	function, traceID, corr, msgID := q.Get("function"), q.Get("trace"), q.Get("correlation"), q.Get("message")
	var needles [][]byte
	for _, v := range []string{traceID, corr, msgID} {
		if v != "" {
			needles = append(needles, []byte(v))
		}
	}
	lines := c.deps.Logs(time.Time{})
	var out []localcloud.LogLine
	for i := len(lines) - 1; i >= 0 && len(out) < logLimit; i-- {
		l := lines[i]
		if function != "" && l.Function != function {
			continue
		}
		match := true
		for _, n := range needles {
			if !bytes.Contains(l.Line, n) {
				match = false
				break
			}
		}
		if match {
			out = append(out, l)
		}
	}
	data := struct {
		Function, Trace, Correlation, Message string
		Lines                                 []localcloud.LogLine
	}{function, traceID, corr, msgID, out}
	c.render(w, "logs", page{Title: "Logs", Nav: "functions", Data: data})
}
