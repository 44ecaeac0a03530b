package console

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Switchboard is a set of switches served over HTTP as the payment
// provider simulator and the local cloud's fault injector serve theirs:
// GET <URL>/faults answers a JSON object, PUT <URL>/faults replaces it.
// The console draws each field: a boolean as a toggle, a number as a
// value to set, a list as comma-separated names, an object as a group.
type Switchboard struct {
	// Name names the board in the console's addresses: letters, digits
	// and hyphens.
	Name string
	// Title is what the page calls it, e.g. "Payment provider".
	Title string
	// URL is the base URL the switches are served under.
	URL string
}

// Switch is one field of a board, flattened: its dotted path, its kind and
// its value as text.
type Switch struct {
	Path  string
	Kind  string // "bool", "number", "list" or "text"
	Value string
	On    bool
	// Depth is how deep in the board's object the field is.
	Depth int
}

// switchClient reads and writes boards.
type switchClient struct{ http *http.Client }

// read returns the board's switches as a JSON object.
func (c switchClient) read(ctx context.Context, b Switchboard) (map[string]any, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(b.URL, "/")+"/faults", nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", b.Title, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", b.Title, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: GET /faults: %s: %s", b.Title, resp.Status, bytes.TrimSpace(body))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%s: GET /faults: %w", b.Title, err)
	}
	return v, nil
}

// set changes one switch, given by its dotted path, to value (text, read
// as the switch's kind), keeping every other switch as it is.
func (c switchClient) set(ctx context.Context, b Switchboard, path, value string) error {
	v, err := c.read(ctx, b)
	if err != nil {
		return err
	}
	if err := setPath(v, strings.Split(path, "."), value); err != nil {
		return fmt.Errorf("%s: %s: %w", b.Title, path, err)
	}
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, strings.TrimSuffix(b.URL, "/")+"/faults", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", b.Title, err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s refused %s = %s: %s", b.Title, path, value, bytes.TrimSpace(answer))
	}
	return nil
}

// setPath sets the field at path of v to value, read as the kind of the
// value it replaces.
func setPath(v map[string]any, path []string, value string) error {
	if len(path) == 0 || path[0] == "" {
		return errors.New("no such switch")
	}
	cur, ok := v[path[0]]
	if len(path) > 1 {
		sub, isObject := cur.(map[string]any)
		if !ok || !isObject {
			return errors.New("no such switch")
		}
		return setPath(sub, path[1:], value)
	}
	if !ok {
		return errors.New("no such switch")
	}
	value = strings.TrimSpace(value)
	switch cur.(type) {
	case bool:
		b, err := strconv.ParseBool(value)
		if err != nil {
			return fmt.Errorf("%q is not true or false", value)
		}
		v[path[0]] = b
	case json.Number:
		if _, err := strconv.ParseFloat(value, 64); err != nil {
			return fmt.Errorf("%q is not a number", value)
		}
		v[path[0]] = json.Number(value)
	case []any, nil:
		var list []string
		for part := range strings.SplitSeq(value, ",") {
			if part = strings.TrimSpace(part); part != "" {
				list = append(list, part)
			}
		}
		v[path[0]] = list
	case string:
		v[path[0]] = value
	default:
		return errors.New("a group of switches, not a switch")
	}
	return nil
}

// flatten lists an object's switches in name order, groups before their
// fields.
func flatten(v map[string]any, prefix string, depth int, out []Switch) []Switch {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		path := k
		if prefix != "" {
			path = prefix + "." + k
		}
		switch x := v[k].(type) {
		case map[string]any:
			out = append(out, Switch{Path: path, Kind: "group", Depth: depth})
			out = flatten(x, path, depth+1, out)
		case bool:
			out = append(out, Switch{Path: path, Kind: "bool", On: x, Value: strconv.FormatBool(x), Depth: depth})
		case json.Number:
			out = append(out, Switch{Path: path, Kind: "number", Value: x.String(), On: x.String() != "0", Depth: depth})
		case []any:
			var names []string
			for _, n := range x {
				names = append(names, fmt.Sprint(n))
			}
			out = append(out, Switch{Path: path, Kind: "list", Value: strings.Join(names, ", "), On: len(names) > 0, Depth: depth})
		case nil:
			out = append(out, Switch{Path: path, Kind: "list", Depth: depth})
		default:
			out = append(out, Switch{Path: path, Kind: "text", Value: fmt.Sprint(x), On: fmt.Sprint(x) != "", Depth: depth})
		}
	}
	return out
}

// BoardView is a board as the switches page draws it.
type BoardView struct {
	Switchboard
	Switches []Switch
	Err      string
}

func (c switchClient) view(ctx context.Context, b Switchboard) BoardView {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	v, err := c.read(ctx, b)
	if err != nil {
		return BoardView{Switchboard: b, Err: err.Error()}
	}
	return BoardView{Switchboard: b, Switches: flatten(v, "", 0, nil)}
}
