package load

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/conveyor-dev/conveyor/client"
	"github.com/conveyor-dev/conveyor/internal/pspsim"
)

// requestTimeout bounds one API call: an open-loop arrival that gets no
// answer in this time counts as failed.
const requestTimeout = 30 * time.Second

// api calls the platform's API through its generated client, and the
// payment provider simulator, which is no part of the API's contract,
// over plain HTTP.
type api struct {
	base     string
	provider string
	http     *http.Client

	mu sync.Mutex
	// callers holds one client per bearer token ("" for none): the run
	// signs in as an admin and a few customers, each many times.
	callers map[string]*client.Client
}

func newAPI(base, provider string) *api {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	// An open-loop load keeps many requests in flight: keep their
	// connections for the next arrivals instead of dialling anew.
	transport.MaxIdleConns = 1024
	transport.MaxIdleConnsPerHost = 1024
	return &api{
		base:     strings.TrimSuffix(base, "/"),
		provider: strings.TrimSuffix(provider, "/"),
		http:     &http.Client{Transport: transport, Timeout: requestTimeout},
		callers:  map[string]*client.Client{},
	}
}

// as returns the client that calls the API with token, "" for none.
func (a *api) as(token string) (*client.Client, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if c, ok := a.callers[token]; ok {
		return c, nil
	}
	opts := []client.ClientOption{client.WithHTTPClient(a.http)}
	if token != "" {
		opts = append(opts, client.WithBearerToken(token))
	}
	c, err := client.NewClient(a.base, opts...)
	if err != nil {
		return nil, err
	}
	a.callers[token] = c
	return c, nil
}

// answer is one HTTP answer.
type answer struct {
	status int
	body   []byte
	// retryAfter is the Retry-After header: the API asks the client to
	// send the request again after that many seconds.
	retryAfter string
}

func (a answer) String() string {
	return fmt.Sprintf("%d %s", a.status, bytes.TrimSpace(a.body))
}

// ok reports whether the status is 2xx.
func (a answer) ok() bool { return a.status >= 200 && a.status <= 299 }

// decoded is what every parsed answer of the generated client tells.
type decoded interface {
	StatusCode() int
	GetBody() []byte
}

// readWatcher remembers why reading an answer's body failed: the answer
// was lost on its way, unlike a body that came whole and does not decode.
type readWatcher struct {
	io.ReadCloser
	err error
}

func (w *readWatcher) Read(p []byte) (int, error) {
	n, err := w.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		w.err = err
	}
	return n, err
}

// receive reads the answer to a request sent through the generated
// client with its parse function. It fails only when no answer came: a
// body that came whole but is not what the contract says is an answer,
// its decoded form nil.
func receive[R decoded](call string, resp *http.Response, err error, parse func(*http.Response) (R, error)) (answer, R, error) {
	var none R
	if err != nil {
		return answer{}, none, fmt.Errorf("%s: %w", call, err)
	}
	ans := answer{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
	body := &readWatcher{ReadCloser: resp.Body}
	resp.Body = body
	parsed, err := parse(resp)
	switch {
	case body.err != nil:
		return answer{}, none, fmt.Errorf("%s: %w", call, body.err)
	case err != nil:
		ans.body = []byte("an answer the contract does not describe: " + err.Error())
		return ans, none, nil
	}
	ans.body = parsed.GetBody()
	return ans, parsed, nil
}

// expect fails unless the call got a 2xx answer.
func expect(call string, ans answer, err error) error {
	if err != nil {
		return err
	}
	if !ans.ok() {
		return fmt.Errorf("%s: %s", call, ans)
	}
	return nil
}

// withCorrelationID sends the request with id as its X-Correlation-Id:
// every log line and event of the request carries it, so an order's
// trail is found by the key the run placed it with.
func withCorrelationID(id string) client.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("X-Correlation-Id", id)
		return nil
	}
}

// putProduct creates or replaces a product, as an admin.
func (a *api) putProduct(ctx context.Context, admin, sku, name string, price int64) error {
	c, err := a.as(admin)
	if err != nil {
		return err
	}
	active, description := true, "made by conveyor load"
	resp, err := c.PutProduct(ctx, sku, nil, client.ProductRequest{
		Name: name, Description: &description, Active: &active,
		Price: client.PriceRequest{Amount: price, Currency: currency},
	})
	ans, _, err := receive("PUT /products/"+sku, resp, err, client.ParsePutProductResponse)
	return expect("PUT /products/"+sku, ans, err)
}

// putStock sets an SKU's units on hand, as an admin.
func (a *api) putStock(ctx context.Context, admin, sku string, onHand int64) error {
	c, err := a.as(admin)
	if err != nil {
		return err
	}
	resp, err := c.SetStock(ctx, sku, client.StockRequest{OnHand: onHand})
	ans, _, err := receive("PUT /inventory/"+sku, resp, err, client.ParseSetStockResponse)
	return expect("PUT /inventory/"+sku, ans, err)
}

// stock reads an SKU's stock.
func (a *api) stock(ctx context.Context, sku string) (StockLevel, error) {
	c, err := a.as("")
	if err != nil {
		return StockLevel{}, err
	}
	resp, err := c.GetStock(ctx, sku)
	ans, got, err := receive("GET /inventory/"+sku, resp, err, client.ParseGetStockResponse)
	if err := expect("GET /inventory/"+sku, ans, err); err != nil {
		return StockLevel{}, err
	}
	if got == nil || got.JSON200 == nil {
		return StockLevel{}, fmt.Errorf("GET /inventory/%s: %s", sku, ans)
	}
	s := got.JSON200
	return StockLevel{OnHand: s.OnHand, Reserved: s.Reserved, Available: s.Available}, nil
}

// placed is the accepted order's id and priced total; the zero placed
// when the order was not accepted.
type placed struct {
	ID    string
	Total int64
}

// place sends POST /orders with the key as its Idempotency-Key and its
// correlation id; the answer may be anything.
func (a *api) place(ctx context.Context, customer, key string, lines []Line) (answer, placed, error) {
	c, err := a.as(customer)
	if err != nil {
		return answer{}, placed{}, err
	}
	body := client.PlaceOrderRequest{Lines: make([]client.LineRequest, len(lines))}
	for i, l := range lines {
		body.Lines[i] = client.LineRequest{Sku: l.SKU, Quantity: l.Quantity}
	}
	resp, err := c.PlaceOrder(ctx, &client.PlaceOrderParams{IdempotencyKey: key}, body, withCorrelationID(key))
	ans, got, err := receive("POST /orders", resp, err, client.ParsePlaceOrderResponse)
	if err != nil || got == nil || got.JSON202 == nil {
		return ans, placed{}, err
	}
	return ans, placed{ID: got.JSON202.Id.String(), Total: got.JSON202.Total.Amount}, nil
}

// cancel sends POST /orders/{id}/cancel as the order's customer, with
// the correlation id of its placing.
func (a *api) cancel(ctx context.Context, customer, id, correlationID string) (answer, error) {
	c, err := a.as(customer)
	if err != nil {
		return answer{}, err
	}
	resp, err := c.CancelOrder(ctx, id, withCorrelationID(correlationID))
	ans, _, err := receive("POST /orders/"+id+"/cancel", resp, err, client.ParseCancelOrderResponse)
	return ans, err
}

// health reads the orders service's health route: the cheapest proof
// that the API is up.
func (a *api) health(ctx context.Context) error {
	c, err := a.as("")
	if err != nil {
		return err
	}
	resp, err := c.OrdersHealth(ctx)
	ans, _, err := receive("GET /health/orders", resp, err, client.ParseOrdersHealthResponse)
	return expect("GET /health/orders", ans, err)
}

// simulator sends one request to the payment provider simulator and
// fails unless its answer is 2xx; it decodes the body into out when out
// is not nil.
func (a *api) simulator(ctx context.Context, method, path string, body, out any) error {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		r = bytes.NewReader(b)
	}
	url := a.provider + path
	req, err := http.NewRequestWithContext(ctx, method, url, r)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, url, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, bytes.TrimSpace(b))
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: %w", method, url, err)
		}
	}
	return nil
}

// faults reads the provider simulator's fault switches.
func (a *api) faults(ctx context.Context) (pspsim.Faults, error) {
	var f pspsim.Faults
	err := a.simulator(ctx, http.MethodGet, "/faults", nil, &f)
	return f, err
}

// setFaults replaces the provider simulator's fault switches.
func (a *api) setFaults(ctx context.Context, f pspsim.Faults) error {
	return a.simulator(ctx, http.MethodPut, "/faults", f, nil)
}

// ledger reads the provider simulator's ledger.
func (a *api) ledger(ctx context.Context) ([]pspsim.Entry, error) {
	var l []pspsim.Entry
	err := a.simulator(ctx, http.MethodGet, "/ledger", nil, &l)
	return l, err
}
