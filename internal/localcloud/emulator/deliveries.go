package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/google/uuid"
)

// RefuseDeliveries makes the front door refuse each message kumo's
// EventBridge sends to an SQS queue (a rule's delivery to its target, or
// to the target's dead-letter queue) whose name refuse returns true for.
// A refusal is one of the answers SQS gives when it cannot take a message
// for a moment, in turn: 503 ServiceUnavailable, 500 InternalFailure and
// 400 RequestThrottled, all of which EventBridge retries. It lets a test
// make a target fail for a while, as a throttled or unavailable queue
// does on AWS. refuse must be safe for concurrent use; nil stops refusing.
func (e *Emulator) RefuseDeliveries(refuse func(queue string) bool) {
	if refuse == nil {
		e.refuseDeliveries.Store(nil)
		return
	}
	e.refuseDeliveries.Store(&refuse)
}

// deliveryRefusals are the answers a refused delivery gets, in turn.
var deliveryRefusals = []struct {
	status    int
	errorType string
	queryCode string
	message   string
}{
	{http.StatusServiceUnavailable, "ServiceUnavailable", "ServiceUnavailable;Server", "Service is unable to handle request."},
	{http.StatusInternalServerError, "InternalFailure", "InternalFailure;Server", "The request processing has failed because of an unknown error, exception or failure."},
	{http.StatusBadRequest, "com.amazonaws.sqs#RequestThrottled", "RequestThrottled;Sender", "The request was denied due to request throttling."},
}

// refusingDeliveries answers kumo's SendMessage deliveries with a refusal
// when the RefuseDeliveries switch says so; every other request passes.
func (e *Emulator) refusingDeliveries(next http.Handler) http.Handler {
	var turn atomic.Uint64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		refuse := e.refuseDeliveries.Load()
		if refuse == nil || r.Header.Get("X-Amz-Target") != targetSQS+"SendMessage" {
			next.ServeHTTP(w, r)
			return
		}
		if r.Header.Get("Authorization") != "" {
			// Signed: a client's call. kumo's deliveries are not signed.
			next.ServeHTTP(w, r)
			return
		}
		body, err := rereadBody(r)
		if err != nil {
			next.ServeHTTP(w, r)
			return
		}
		var req struct {
			QueueURL string `json:"QueueUrl"`
		}
		if json.Unmarshal(body, &req) != nil || !(*refuse)(req.QueueURL[strings.LastIndex(req.QueueURL, "/")+1:]) {
			next.ServeHTTP(w, r)
			return
		}
		a := deliveryRefusals[(turn.Add(1)-1)%uint64(len(deliveryRefusals))]
		out, _ := json.Marshal(map[string]string{"__type": a.errorType, "message": a.message})
		h := w.Header()
		h.Set("Content-Type", "application/x-amz-json-1.0")
		h.Set("X-Amzn-Query-Error", a.queryCode)
		h.Set("X-Amzn-Requestid", uuid.NewString())
		w.WriteHeader(a.status)
		_, _ = w.Write(out)
	})
}
