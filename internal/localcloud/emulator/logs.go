package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// LogEvent is one line of a function's log group.
type LogEvent struct {
	// Stream is the log stream, Time when the line was written.
	Stream string
	Time   time.Time
	// Message is the line, a JSON record for the platform's functions.
	Message string
}

// LogSource returns the lines of a log group written within [start, end),
// oldest first, and whether the group exists.
type LogSource func(group string, start, end time.Time) ([]LogEvent, bool)

// ServeLogs makes the front door answer CloudWatch Logs' FilterLogEvents
// from src, the function logs the local cloud keeps, as an operator's
// tools call it on AWS (`conveyor dlq show` finds why a message failed
// this way). Filter patterns are CloudWatch's, as far as JSON conditions
// joined by && ({ $.messageId = "..." && $.level = "ERROR" }) and terms
// that must all appear ("poison" "payments"); any other pattern is
// refused with InvalidParameterException. nil stops serving them, and
// the calls go to the emulator.
func (e *Emulator) ServeLogs(src LogSource) {
	if src == nil {
		e.logs.Store(nil)
		return
	}
	e.logs.Store(&src)
}

// targetFilterLogEvents is the X-Amz-Target of FilterLogEvents.
const targetFilterLogEvents = "Logs_20140328.FilterLogEvents"

// maxLogEvents is the most events one FilterLogEvents answer holds, as
// CloudWatch Logs caps it.
const maxLogEvents = 10_000

// servingLogs answers FilterLogEvents from the log source, when one is set.
func (e *Emulator) servingLogs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		src := e.logs.Load()
		if src == nil || r.Header.Get("X-Amz-Target") != targetFilterLogEvents {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			writeLogsError(w, "InvalidParameterException", err.Error())
			return
		}
		var in struct {
			LogGroupName       string `json:"logGroupName"`
			LogGroupIdentifier string `json:"logGroupIdentifier"`
			StartTime          int64  `json:"startTime"`
			EndTime            int64  `json:"endTime"`
			FilterPattern      string `json:"filterPattern"`
			Limit              int    `json:"limit"`
			NextToken          string `json:"nextToken"`
		}
		if err := json.Unmarshal(body, &in); err != nil {
			writeLogsError(w, "InvalidParameterException", "request body: "+err.Error())
			return
		}
		group := in.LogGroupName
		if group == "" {
			group = in.LogGroupIdentifier
		}
		match, err := compileFilterPattern(in.FilterPattern)
		if err != nil {
			writeLogsError(w, "InvalidParameterException", err.Error())
			return
		}
		start, end := time.UnixMilli(in.StartTime), time.Now().Add(time.Hour)
		if in.EndTime > 0 {
			end = time.UnixMilli(in.EndTime)
		}
		lines, ok := (*src)(group, start, end)
		if !ok {
			writeLogsError(w, "ResourceNotFoundException", "The specified log group does not exist.")
			return
		}
		skip, _ := strconv.Atoi(in.NextToken)
		limit := in.Limit
		if limit <= 0 || limit > maxLogEvents {
			limit = maxLogEvents
		}
		type event struct {
			LogStreamName string `json:"logStreamName"`
			Timestamp     int64  `json:"timestamp"`
			IngestionTime int64  `json:"ingestionTime"`
			Message       string `json:"message"`
			EventID       string `json:"eventId"`
		}
		out := struct {
			Events    []event `json:"events"`
			NextToken string  `json:"nextToken,omitempty"`
		}{Events: []event{}}
		seen := 0
		for i, l := range lines {
			if !match(l.Message) {
				continue
			}
			seen++
			if seen <= skip {
				continue
			}
			if len(out.Events) == limit {
				out.NextToken = strconv.Itoa(skip + limit)
				break
			}
			ms := l.Time.UnixMilli()
			out.Events = append(out.Events, event{LogStreamName: l.Stream, Timestamp: ms, IngestionTime: ms, Message: l.Message,
				EventID: fmt.Sprintf("%d%06d", ms, i)})
		}
		b, _ := json.Marshal(out)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(b)
	})
}

func writeLogsError(w http.ResponseWriter, code, message string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": code, "message": message})
}

// jsonCondition is one "$.field = value" of a JSON filter pattern.
var jsonCondition = regexp.MustCompile(`^\$\.([A-Za-z0-9_]+)\s*(=|!=)\s*(?:"((?:[^"\\]|\\.)*)"|([A-Za-z0-9_.\-*]+))$`)

// compileFilterPattern returns the matcher of a CloudWatch Logs filter
// pattern, for the forms ServeLogs supports.
func compileFilterPattern(pattern string) (func(string) bool, error) {
	p := strings.TrimSpace(pattern)
	if p == "" {
		return func(string) bool { return true }, nil
	}
	if strings.HasPrefix(p, "{") {
		if !strings.HasSuffix(p, "}") {
			return nil, fmt.Errorf("invalid filter pattern %q", pattern)
		}
		type cond struct {
			field, value string
			equal        bool
		}
		var conds []cond
		for _, part := range strings.Split(strings.TrimSpace(p[1:len(p)-1]), "&&") {
			m := jsonCondition.FindStringSubmatch(strings.TrimSpace(part))
			if m == nil {
				return nil, fmt.Errorf("filter pattern %q: the local cloud supports $.field = \"value\" conditions joined by &&", pattern)
			}
			value := m[4]
			if m[4] == "" {
				if err := json.Unmarshal([]byte(`"`+m[3]+`"`), &value); err != nil {
					return nil, fmt.Errorf("filter pattern %q: %w", pattern, err)
				}
			}
			conds = append(conds, cond{field: m[1], value: value, equal: m[2] == "="})
		}
		return func(line string) bool {
			var rec map[string]any
			if json.Unmarshal([]byte(line), &rec) != nil {
				return false
			}
			for _, c := range conds {
				v, ok := rec[c.field]
				got := ""
				switch x := v.(type) {
				case string:
					got = x
				case float64:
					got = strconv.FormatFloat(x, 'f', -1, 64)
				case bool:
					got = strconv.FormatBool(x)
				}
				if (ok && wildcardMatch(c.value, got)) != c.equal {
					return false
				}
			}
			return true
		}, nil
	}
	var terms []string
	for rest := p; rest != ""; rest = strings.TrimSpace(rest) {
		if rest[0] == '"' {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				return nil, fmt.Errorf("filter pattern %q: unterminated quote", pattern)
			}
			terms, rest = append(terms, rest[1:end+1]), rest[end+2:]
			continue
		}
		word, after, _ := strings.Cut(rest, " ")
		if strings.ContainsAny(word, "?-[]") {
			return nil, fmt.Errorf("filter pattern %q: the local cloud supports terms that must all appear, quoted or plain", pattern)
		}
		terms, rest = append(terms, word), after
	}
	return func(line string) bool {
		for _, t := range terms {
			if !strings.Contains(line, t) {
				return false
			}
		}
		return true
	}, nil
}

// wildcardMatch matches value against a JSON pattern's value, where *
// stands for any text.
func wildcardMatch(pattern, value string) bool {
	if !strings.Contains(pattern, "*") {
		return pattern == value
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(value, parts[0]) {
		return false
	}
	value = value[len(parts[0]):]
	for _, part := range parts[1 : len(parts)-1] {
		i := strings.Index(value, part)
		if i < 0 {
			return false
		}
		value = value[i+len(part):]
	}
	return strings.HasSuffix(value, parts[len(parts)-1])
}
