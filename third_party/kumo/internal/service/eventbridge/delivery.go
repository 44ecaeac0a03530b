package eventbridge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Environment variables that tune how failed deliveries are retried.
const (
	// EnvRetryBase is the delay before the first retry of a failed
	// delivery, as a Go duration ("100ms"); each later retry waits about
	// twice as long as the one before, up to 256 times this delay.
	EnvRetryBase = "KUMO_EVENTBRIDGE_RETRY_BASE"
	// EnvMaxPendingRetries bounds how many failed deliveries wait for a
	// retry at once, across all targets.
	EnvMaxPendingRetries = "KUMO_EVENTBRIDGE_MAX_PENDING_RETRIES"
)

// Defaults of the retry schedule and its bounds.
const (
	// DefaultRetryBase is the delay before a first retry. EventBridge
	// does not publish its own; this one is short, so that a local
	// target that failed for a moment gets its events a moment later.
	DefaultRetryBase = 100 * time.Millisecond
	// retryBackoffDoublings is how many times the delay doubles before it
	// stops growing: the longest wait is 256 times the base.
	retryBackoffDoublings = 8
	// DefaultMaxPendingRetries is how many failed deliveries may wait for
	// a retry at once.
	DefaultMaxPendingRetries = 10_000
	// maxPendingRetryBytes bounds the bytes the waiting deliveries hold
	// (each keeps the event and what its target receives).
	maxPendingRetryBytes = 64 << 20

	// EventBridge's defaults when a target has no RetryPolicy, and the
	// bounds PutTargets accepts.
	defaultMaximumRetryAttempts     = 185
	defaultMaximumEventAgeInSeconds = 24 * 60 * 60
	minMaximumEventAgeInSeconds     = 60

	// maxErrorBody is how much of a refusal's body is read for its error
	// code and message.
	maxErrorBody = 4 << 10
)

// The conditions a DLQ message names in EXHAUSTED_RETRY_CONDITION.
const (
	exhaustedAttempts = "MaximumRetryAttempts"
	exhaustedAge      = "MaximumEventAgeInSeconds"
)

// The error codes a DLQ message names in ERROR_CODE, as EventBridge names
// them.
const (
	codeConnectionFailure = "CONNECTION_FAILURE"
	codeTimeout           = "TIMEOUT"
	codeThrottling        = "THROTTLING"
	codeErrorFromTarget   = "ERROR_FROM_TARGET"
	codeNoResource        = "NO_RESOURCE"
	codeNoPermissions     = "NO_PERMISSIONS"
	codeInvalidParameter  = "INVALID_PARAMETER"
)

// outcome is how one delivery attempt ended: code is empty when the target
// accepted the event.
type outcome struct {
	code      string
	message   string
	retryable bool
}

func (o outcome) delivered() bool { return o.code == "" }

// delivery is one event on its way to one target of one rule.
type delivery struct {
	eventID string
	ruleArn string
	target  Target
	// dest is the target's API destination, for an HTTP target.
	dest *APIDestination
	// event is the event as the rule matched it, which a DLQ receives;
	// payload is what the target receives.
	event, payload []byte
	// firstAttempt is when the event was first sent, retries how many
	// times it was sent again since.
	firstAttempt time.Time
	retries      int
	// queued says the delivery holds a place in the retry queue, from its
	// first failure until it is delivered or given up.
	queued bool
}

// size is about how many bytes a waiting delivery holds.
func (d *delivery) size() int { return len(d.event) + len(d.payload) + 512 }

// retryLimits are the RetryPolicy of a target, with EventBridge's defaults
// for the fields it leaves out.
func retryLimits(t *Target) (attempts int, maxAge time.Duration) {
	attempts, ageSeconds := defaultMaximumRetryAttempts, defaultMaximumEventAgeInSeconds

	if p := t.RetryPolicy; p != nil {
		if p.MaximumRetryAttempts != nil {
			attempts = int(*p.MaximumRetryAttempts)
		}

		if p.MaximumEventAgeInSeconds != nil {
			ageSeconds = int(*p.MaximumEventAgeInSeconds)
		}
	}

	return attempts, time.Duration(ageSeconds) * time.Second
}

// validateTarget checks a target's RetryPolicy and DeadLetterConfig as
// PutTargets does.
func validateTarget(t *TargetInput) error {
	if p := t.RetryPolicy; p != nil {
		if n := p.MaximumRetryAttempts; n != nil && (*n < 0 || *n > defaultMaximumRetryAttempts) {
			return fmt.Errorf("RetryPolicy.MaximumRetryAttempts of target %s must be within 0 and %d", t.ID, defaultMaximumRetryAttempts)
		}

		if n := p.MaximumEventAgeInSeconds; n != nil && (*n < minMaximumEventAgeInSeconds || *n > defaultMaximumEventAgeInSeconds) {
			return fmt.Errorf("RetryPolicy.MaximumEventAgeInSeconds of target %s must be within %d and %d",
				t.ID, minMaximumEventAgeInSeconds, defaultMaximumEventAgeInSeconds)
		}
	}

	if c := t.DeadLetterConfig; c != nil && c.Arn != "" && !isSQSArn(c.Arn) {
		return fmt.Errorf("DeadLetterConfig.Arn of target %s must be an SQS queue ARN", t.ID)
	}

	return nil
}

// retryQueue keeps count of the deliveries waiting for a retry, and says
// how long each waits.
type retryQueue struct {
	base     time.Duration
	maxCount int

	mu      sync.Mutex
	pending int
	bytes   int
}

func newRetryQueue(base time.Duration, maxCount int) *retryQueue {
	if base <= 0 {
		base = DefaultRetryBase
	}

	if maxCount <= 0 {
		maxCount = DefaultMaxPendingRetries
	}

	return &retryQueue{base: base, maxCount: maxCount}
}

// backoff is how long the n-th retry (from 1) waits: exponential, with
// jitter. The ceiling doubles with each retry, from the base up to 256
// times the base, and the wait is between half of it and all of it.
func (q *retryQueue) backoff(n int) time.Duration {
	ceiling := q.base << min(max(n-1, 0), retryBackoffDoublings)
	half := ceiling / 2

	return half + rand.N(half+1) //nolint:gosec // jitter needs no cryptographic randomness
}

// reserve counts a delivery in, unless the queue is full.
func (q *retryQueue) reserve(size int) bool {
	q.mu.Lock()
	defer q.mu.Unlock()

	if q.pending >= q.maxCount || q.bytes+size > maxPendingRetryBytes {
		return false
	}

	q.pending++
	q.bytes += size

	return true
}

// release counts a delivery out.
func (q *retryQueue) release(size int) {
	q.mu.Lock()
	q.pending--
	q.bytes -= size
	q.mu.Unlock()
}

// deliver makes the delivery's first attempt, and its retries if it fails.
func (s *MemoryStorage) deliver(d *delivery) {
	d.firstAttempt = time.Now()

	go s.attempt(d)
}

// attempt sends the event to its target once. When the target does not
// accept it, the event is sent again later if the failure is one
// EventBridge retries (a connection that failed or timed out, throttling, a
// server error), as long as the target's RetryPolicy allows and the retry
// queue has room; otherwise it goes to the target's dead-letter queue, or
// is dropped when the target has none.
func (s *MemoryStorage) attempt(d *delivery) {
	if s.deliveryCtx.Err() != nil {
		return
	}

	out := s.send(d)
	if s.deliveryCtx.Err() != nil {
		return
	}

	if !s.retryLater(d, out) && d.queued {
		s.retries.release(d.size())
	}
}

// retryLater schedules the next attempt of a delivery that failed, and
// reports whether it did; when it did not, the delivery is done: delivered,
// sent to its dead-letter queue or dropped.
func (s *MemoryStorage) retryLater(d *delivery, out outcome) bool {
	if out.delivered() {
		if d.retries > 0 {
			s.logger.Info("delivered event after retries",
				"event", d.eventID, "target", d.target.Arn, "retries", d.retries)
		}

		return false
	}

	if !out.retryable {
		s.deadLetter(d, out, "")

		return false
	}

	attempts, maxAge := retryLimits(&d.target)
	if d.retries >= attempts {
		s.deadLetter(d, out, exhaustedAttempts)

		return false
	}

	wait := s.retries.backoff(d.retries + 1)
	if time.Since(d.firstAttempt)+wait > maxAge {
		s.deadLetter(d, out, exhaustedAge)

		return false
	}

	// A delivery takes its place in the queue at its first failure and
	// keeps it through its retries, so that the deliveries already
	// waiting are retried to the end when the queue is full.
	if !d.queued {
		if !s.retries.reserve(d.size()) {
			out.message = fmt.Sprintf("%s (not retried: %d deliveries already wait for a retry)", out.message, s.retries.maxCount)
			s.deadLetter(d, out, "")

			return false
		}

		d.queued = true
	}

	// The first failure of an event is worth a warning; the retries that
	// follow it are not, until it is given up.
	level := s.logger.Info
	if d.retries == 0 {
		level = s.logger.Warn
	}

	level("failed to deliver event, will retry",
		"event", d.eventID, "target", d.target.Arn, "error_code", out.code, "error", out.message,
		"retry", d.retries+1, "retry_in", wait.String())

	d.retries++

	time.AfterFunc(wait, func() { s.attempt(d) })

	return true
}

// send makes one attempt at the delivery.
func (s *MemoryStorage) send(d *delivery) outcome {
	switch {
	case d.dest != nil:
		return s.deliverToHTTP(d.dest, &d.target, d.payload)
	case isSQSArn(d.target.Arn):
		return s.deliverToSQS(&d.target, d.payload)
	case isLambdaArn(d.target.Arn):
		return s.deliverToLambda(&d.target, d.payload)
	}

	return outcome{code: codeInvalidParameter, message: "unsupported target " + d.target.Arn}
}

// deadLetter sends an event that was given up to its target's dead-letter
// queue, with the attributes EventBridge gives it, or drops it when the
// target has none. exhausted names the retry limit that was reached, if
// one was.
func (s *MemoryStorage) deadLetter(d *delivery, out outcome, exhausted string) {
	if d.target.DeadLetterConfig == nil || d.target.DeadLetterConfig.Arn == "" {
		s.logger.Error("failed to deliver event, dropped it: its target has no dead-letter queue",
			"event", d.eventID, "target", d.target.Arn, "error_code", out.code, "error", out.message,
			"retries", d.retries, "exhausted", exhausted)

		return
	}

	attributes := map[string]any{
		"RULE_ARN":       stringAttribute(d.ruleArn),
		"TARGET_ARN":     stringAttribute(d.target.Arn),
		"ERROR_CODE":     stringAttribute(out.code),
		"ERROR_MESSAGE":  stringAttribute(truncate(out.message, 1024)),
		"RETRY_ATTEMPTS": map[string]string{"DataType": "Number", "StringValue": strconv.Itoa(d.retries)},
	}
	if exhausted != "" {
		attributes["EXHAUSTED_RETRY_CONDITION"] = stringAttribute(exhausted)
	}

	dlq := d.target.DeadLetterConfig.Arn

	sent := s.sendToQueue(dlq, d.event, attributes)
	if !sent.delivered() {
		s.logger.Error("failed to deliver event, and failed to send it to its dead-letter queue: dropped it",
			"event", d.eventID, "target", d.target.Arn, "error_code", out.code, "error", out.message,
			"dead_letter_queue", dlq, "dead_letter_error", sent.message)

		return
	}

	s.logger.Error("failed to deliver event, sent it to its dead-letter queue",
		"event", d.eventID, "target", d.target.Arn, "error_code", out.code, "error", out.message,
		"retries", d.retries, "exhausted", exhausted, "dead_letter_queue", dlq)
}

func stringAttribute(v string) map[string]string {
	return map[string]string{"DataType": "String", "StringValue": v}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}

	return s[:n]
}

// post makes one delivery request and tells how it went.
func (s *MemoryStorage) post(req *http.Request) outcome {
	resp, err := s.httpClient.Do(req)
	if err != nil {
		return transportFailure(err)
	}

	defer closeResponse(resp)

	return answerOutcome(resp)
}

// transportFailure is the outcome of a request that got no answer.
func transportFailure(err error) outcome {
	var netErr net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()) {
		return outcome{code: codeTimeout, message: err.Error(), retryable: true}
	}

	return outcome{code: codeConnectionFailure, message: err.Error(), retryable: true}
}

// answerOutcome reads a target's answer as EventBridge does: a 2xx status
// delivered the event; throttling (429, or a throttling error code) and
// server errors (5xx) are retried; a missing resource, a denied permission
// and any other client error (4xx) are not.
func answerOutcome(resp *http.Response) outcome {
	status := resp.StatusCode
	if status >= 200 && status < 300 {
		return outcome{}
	}

	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	errType, message := errorOf(resp.Header, body)
	message = strings.TrimSpace(fmt.Sprintf("%d %s: %s", status, errType, message))

	lower := strings.ToLower(errType)

	switch {
	case status == http.StatusTooManyRequests || strings.Contains(lower, "throttl") || strings.Contains(lower, "toomanyrequests"):
		return outcome{code: codeThrottling, message: message, retryable: true}
	case status >= 500:
		return outcome{code: codeErrorFromTarget, message: message, retryable: true}
	case status == http.StatusNotFound || strings.Contains(lower, "nonexistent") || strings.Contains(lower, "notfound") ||
		strings.Contains(lower, "doesnotexist"):
		return outcome{code: codeNoResource, message: message}
	case status == http.StatusForbidden || status == http.StatusUnauthorized || strings.Contains(lower, "accessdenied"):
		return outcome{code: codeNoPermissions, message: message}
	}

	return outcome{code: codeInvalidParameter, message: message}
}

// errorOf finds the error code and message of an AWS error answer, in the
// JSON protocols' body (__type, message) or in their headers.
func errorOf(h http.Header, body []byte) (errType, message string) {
	var doc struct {
		Type         string `json:"__type"`
		Code         string `json:"code"`
		Message      string `json:"message"`
		MessageUpper string `json:"Message"`
	}

	_ = json.Unmarshal(body, &doc)

	errType = doc.Type
	if errType == "" {
		errType = doc.Code
	}

	if errType == "" {
		errType = h.Get("X-Amzn-Errortype")
	}

	if q := h.Get("X-Amzn-Query-Error"); q != "" {
		code, _, _ := strings.Cut(q, ";")
		errType = code
	}

	if i := strings.LastIndex(errType, "#"); i >= 0 {
		errType = errType[i+1:]
	}

	errType, _, _ = strings.Cut(errType, ":")

	message = doc.Message
	if message == "" {
		message = doc.MessageUpper
	}

	if message == "" && errType == "" {
		message = truncate(string(body), 256)
	}

	return errType, message
}
