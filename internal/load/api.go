package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/conveyor-dev/conveyor/internal/pspsim"
)

// requestTimeout bounds one API call: an open-loop arrival that gets no
// answer in this time counts as failed.
const requestTimeout = 30 * time.Second

// api calls the platform's HTTP API and the payment provider simulator.
type api struct {
	base     string
	provider string
	http     *http.Client
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
	}
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

// do sends one request; it fails only when no answer came.
func (a *api) do(ctx context.Context, method, url, token string, body any, header map[string]string) (answer, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return answer{}, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, r)
	if err != nil {
		return answer{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return answer{}, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, fmt.Errorf("%s %s: %w", method, url, err)
	}
	return answer{status: resp.StatusCode, body: b, retryAfter: resp.Header.Get("Retry-After")}, nil
}

// expect sends one request and fails unless the answer's status is 2xx;
// it decodes a 2xx body into out when out is not nil.
func (a *api) expect(ctx context.Context, method, url, token string, body, out any) error {
	ans, err := a.do(ctx, method, url, token, body, nil)
	if err != nil {
		return err
	}
	if ans.status < 200 || ans.status > 299 {
		return fmt.Errorf("%s %s: %s", method, url, ans)
	}
	if out != nil {
		if err := json.Unmarshal(ans.body, out); err != nil {
			return fmt.Errorf("%s %s: %w", method, url, err)
		}
	}
	return nil
}

// money is an amount in minor units of a currency.
type money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// putProduct creates or replaces a product, as an admin.
func (a *api) putProduct(ctx context.Context, admin, sku, name string, price int64) error {
	body := map[string]any{
		"name": name, "description": "made by conveyor load", "active": true,
		"price": money{Amount: price, Currency: currency},
	}
	return a.expect(ctx, http.MethodPut, a.base+"/products/"+sku, admin, body, nil)
}

// putStock sets an SKU's units on hand, as an admin.
func (a *api) putStock(ctx context.Context, admin, sku string, onHand int64) error {
	return a.expect(ctx, http.MethodPut, a.base+"/inventory/"+sku, admin, map[string]int64{"onHand": onHand}, nil)
}

// stock reads an SKU's stock.
func (a *api) stock(ctx context.Context, sku string) (StockLevel, error) {
	var s StockLevel
	err := a.expect(ctx, http.MethodGet, a.base+"/inventory/"+sku, "", nil, &s)
	return s, err
}

// placed is the part of the API's answer to POST /orders the run reads.
type placed struct {
	ID    string `json:"id"`
	Total money  `json:"total"`
}

// place sends POST /orders; the answer may be anything.
func (a *api) place(ctx context.Context, customer, key string, lines []Line) (answer, error) {
	return a.do(ctx, http.MethodPost, a.base+"/orders", customer, map[string][]Line{"lines": lines},
		map[string]string{"Idempotency-Key": key})
}

// cancel sends POST /orders/{id}/cancel as the order's customer.
func (a *api) cancel(ctx context.Context, customer, id string) (answer, error) {
	return a.do(ctx, http.MethodPost, a.base+"/orders/"+id+"/cancel", customer, nil, nil)
}

// health reads the orders service's health route: the cheapest proof
// that the API is up.
func (a *api) health(ctx context.Context) error {
	return a.expect(ctx, http.MethodGet, a.base+"/health/orders", "", nil, nil)
}

// faults reads the provider simulator's fault switches.
func (a *api) faults(ctx context.Context) (pspsim.Faults, error) {
	var f pspsim.Faults
	err := a.expect(ctx, http.MethodGet, a.provider+"/faults", "", nil, &f)
	return f, err
}

// setFaults replaces the provider simulator's fault switches.
func (a *api) setFaults(ctx context.Context, f pspsim.Faults) error {
	return a.expect(ctx, http.MethodPut, a.provider+"/faults", "", f, nil)
}

// ledger reads the provider simulator's ledger.
func (a *api) ledger(ctx context.Context) ([]pspsim.Entry, error) {
	var l []pspsim.Entry
	err := a.expect(ctx, http.MethodGet, a.provider+"/ledger", "", nil, &l)
	return l, err
}
