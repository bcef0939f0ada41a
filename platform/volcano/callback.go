package volcano

import (
	"context"
	"crypto/md5"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// EventStatusModify is EventType of the live-status callback.
const EventStatusModify = "ActivityStatusModifyCallBack"

// StatusEvent is one live-status callback (docs 3019/154548): a GET with
// ActivityID, EventType, Status, Timestamp and Sign.
type StatusEvent struct {
	ActivityID string
	Status     int // GetActivityAPI's: 1 直播中, 2 预告, 3 回放, 4 已结束
	Timestamp  time.Time
}

// ErrBadCallback: the callback's signature or fields are wrong.
var ErrBadCallback = errors.New("volcano callback: bad signature or fields")

// CallbackSign is md5(AccountSecret+ActivityID+EventType+Status+Timestamp)
// in lowercase hex (feishu-api.md §6.2).
func CallbackSign(secret, activityID, eventType, status, timestamp string) string {
	sum := md5.Sum([]byte(secret + activityID + eventType + status + timestamp))
	return hex.EncodeToString(sum[:])
}

// CallbackWindow is how old a callback's Timestamp may be: Volcano retries
// twice 5 s apart after a 5 s timeout, so a minute covers every delivery.
const CallbackWindow = 5 * time.Minute

// VerifyStatusCallback checks a status callback's query against the
// account's callback secret and returns the event; a wrong Sign, another
// EventType, or a Timestamp outside CallbackWindow is ErrBadCallback.
func VerifyStatusCallback(secret string, q url.Values, now time.Time) (StatusEvent, error) {
	id, ev, st, ts := q.Get("ActivityID"), q.Get("EventType"), q.Get("Status"), q.Get("Timestamp")
	want := CallbackSign(secret, id, ev, st, ts)
	if secret == "" || subtle.ConstantTimeCompare([]byte(want), []byte(q.Get("Sign"))) != 1 || ev != EventStatusModify || id == "" {
		return StatusEvent{}, ErrBadCallback
	}
	status, err1 := strconv.Atoi(st)
	sec, err2 := strconv.ParseInt(ts, 10, 64)
	if err1 != nil || err2 != nil {
		return StatusEvent{}, ErrBadCallback
	}
	t := time.Unix(sec, 0)
	if d := now.Sub(t); d > CallbackWindow || d < -CallbackWindow {
		return StatusEvent{}, ErrBadCallback
	}
	return StatusEvent{ActivityID: id, Status: status, Timestamp: t}, nil
}

// StatusHandler serves the live-status callback URL: it verifies each GET
// (VerifyStatusCallback) and hands the event to apply; a bad signature is
// 403 and nothing is applied, an error from apply is 500 so Volcano
// retries (twice, 5 s apart).
func StatusHandler(secret string, now func() time.Time, apply func(*http.Request, StatusEvent) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			http.Error(w, "GET only", http.StatusMethodNotAllowed)
			return
		}
		ev, err := VerifyStatusCallback(secret, r.URL.Query(), now())
		if err != nil {
			http.Error(w, "bad signature", http.StatusForbidden)
			return
		}
		if err := apply(r, ev); err != nil {
			http.Error(w, "not applied", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// CallbackTarget is the corp a callback URL names and its callback key.
type CallbackTarget struct {
	TenantID, CorpID int
	Secret           string
}

// ErrUnknownTarget: the callback URL names no corp with Volcano keys.
var ErrUnknownTarget = errors.New("volcano callback: unknown corp")

// CallbackHandler serves /callback/volcano/{corp}: the corp's callback key
// comes from lookup (by the path value "corp"), then each GET is verified
// as StatusHandler does and the event handed to deliver. An unknown corp
// is 404, a bad signature 403 (nothing delivered), a failed delivery 500
// so Volcano retries.
func CallbackHandler(lookup func(ctx context.Context, corp string) (CallbackTarget, error), now func() time.Time,
	deliver func(ctx context.Context, t CallbackTarget, ev StatusEvent) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t, err := lookup(r.Context(), r.PathValue("corp"))
		if errors.Is(err, ErrUnknownTarget) {
			http.Error(w, "unknown corp", http.StatusNotFound)
			return
		}
		if err != nil {
			http.Error(w, "lookup failed", http.StatusInternalServerError)
			return
		}
		StatusHandler(t.Secret, now, func(r *http.Request, ev StatusEvent) error {
			return deliver(r.Context(), t, ev)
		}).ServeHTTP(w, r)
	})
}
