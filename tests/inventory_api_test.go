package tests

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// inventorySKU returns a SKU no other test run uses.
func inventorySKU(t *testing.T, name string) string {
	t.Helper()
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return "INV-" + strings.ToUpper(hex.EncodeToString(b[:])) + "-" + name
}

// inventoryLevels is the body of GET /inventory/{sku}.
type inventoryLevels struct {
	SKU       string `json:"sku"`
	OnHand    int    `json:"onHand"`
	Reserved  int    `json:"reserved"`
	Available int    `json:"available"`
}

// inventoryStock reads a SKU's stock through the API and checks the invariant
// onHand = available + reserved on every read.
func inventoryStock(t *testing.T, sku string) inventoryLevels {
	t.Helper()
	code, body := call(t, "GET", "/inventory/"+sku, "", "")
	if code != 200 {
		t.Fatalf("GET /inventory/%s: %d %s", sku, code, body)
	}
	var s inventoryLevels
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		t.Fatalf("GET /inventory/%s: %v: %s", sku, err, body)
	}
	if s.OnHand != s.Available+s.Reserved || s.Available < 0 || s.Reserved < 0 {
		t.Fatalf("the invariant onHand = available + reserved is broken: %+v", s)
	}
	return s
}

// inventorySetStock sets a SKU's units on hand through the API as an admin.
func inventorySetStock(t *testing.T, sku string, onHand int) {
	t.Helper()
	code, body := call(t, "PUT", "/inventory/"+sku, target.adminToken, `{"onHand":`+strconv.Itoa(onHand)+`}`)
	if code != 200 && code != 201 {
		t.Fatalf("PUT /inventory/%s: %d %s", sku, code, body)
	}
}

func TestInventoryThroughTheAPI(t *testing.T) {
	sku := inventorySKU(t, "LAMP")
	tests := []struct {
		name   string
		method string
		path   string
		token  string
		body   string
		status int
		want   string
	}{
		{"a SKU without stock is not found", "GET", "/inventory/" + sku, "", "", 404, ""},
		{"setting stock without a token is refused", "PUT", "/inventory/" + sku, "", `{"onHand":5}`, 401, ""},
		{"setting stock as a customer is forbidden", "PUT", "/inventory/" + sku, target.customerToken, `{"onHand":5}`, 403, ""},
		{"an admin creates the stock", "PUT", "/inventory/" + sku, target.adminToken, `{"onHand":5}`, 201,
			`{"sku":"` + sku + `","onHand":5,"reserved":0,"available":5}`},
		{"anyone reads it", "GET", "/inventory/" + sku, "", "", 200,
			`{"sku":"` + sku + `","onHand":5,"reserved":0,"available":5}`},
		{"an admin changes it", "PUT", "/inventory/" + sku, target.adminToken, `{"onHand":8}`, 200,
			`{"sku":"` + sku + `","onHand":8,"reserved":0,"available":8}`},
		{"a negative quantity is a 400 naming the field", "PUT", "/inventory/" + sku, target.adminToken, `{"onHand":-1}`, 400, `"field":"onHand"`},
		{"a missing quantity is a 400 naming the field", "PUT", "/inventory/" + sku, target.adminToken, `{}`, 400, `"field":"onHand"`},
		{"an unknown field is a 400", "PUT", "/inventory/" + sku, target.adminToken, `{"onHand":1,"reserved":0}`, 400, ""},
		{"a fractional quantity is a 400", "PUT", "/inventory/" + sku, target.adminToken, `{"onHand":1.5}`, 400, ""},
		{"a bad SKU is a 400", "GET", "/inventory/not-a-sku", "", "", 400, `"field":"sku"`},
		{"the health check answers", "GET", "/health/inventory", "", "", 200, `"status":"ok"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := call(t, tt.method, tt.path, tt.token, tt.body)
			if code != tt.status {
				t.Fatalf("%s %s: status %d, want %d: %s", tt.method, tt.path, code, tt.status, body)
			}
			if tt.want != "" && !strings.Contains(body, tt.want) {
				t.Errorf("body %s, want it to contain %s", body, tt.want)
			}
		})
	}
}
