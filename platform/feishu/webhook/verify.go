package webhook

import (
	"net/http"
	"strconv"
	"time"
)

// Headers Feishu adds to every push.
const (
	headerTimestamp = "X-Lark-Request-Timestamp"
	headerNonce     = "X-Lark-Request-Nonce"
	headerSignature = "X-Lark-Signature"
)

// verifySigned authenticates a request of an app with an Encrypt Key: the
// signature must cover the raw body with the timestamp and nonce, and the
// timestamp must be within maxSkew of now. The SDK checks the signature but
// not the timestamp (reference §4.3 case 2b), so a captured request could be
// replayed forever; the window bounds that, and event_id de-duplication
// covers replays inside it.
//
// The signature is checked before the timestamp, so only a request signed
// with the key can learn that its timestamp was the problem.
func verifySigned(h http.Header, body []byte, encryptKey string, now time.Time, maxSkew time.Duration) *rejection {
	ts, nonce, sig := h.Get(headerTimestamp), h.Get(headerNonce), h.Get(headerSignature)
	if ts == "" || nonce == "" || sig == "" {
		return reject(http.StatusUnauthorized, outcomeBadSignature, "missing signature headers")
	}
	if !signatureValid(sig, ts, nonce, encryptKey, body) {
		return reject(http.StatusUnauthorized, outcomeBadSignature, "signature mismatch")
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return malformed("timestamp is not a number")
	}
	// Both directions: a future timestamp is as suspicious as an old one
	// (a request pre-signed to outlive the window).
	if skew := now.Sub(time.Unix(sec, 0)); skew > maxSkew || skew < -maxSkew {
		return reject(http.StatusForbidden, outcomeStale, "timestamp outside the allowed window")
	}
	return nil
}
