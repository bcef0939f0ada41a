package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Headers of a delivery (docs/oa-webhooks.md, "Headers").
const (
	HeaderEvent     = "X-Imbridge-Event"     // the event type, e.g. user.updated
	HeaderDelivery  = "X-Imbridge-Delivery"  // the event id: the same on every attempt
	HeaderTimestamp = "X-Imbridge-Timestamp" // unix seconds of this attempt
	HeaderSignature = "X-Imbridge-Signature" // v1=<hex>[,v1=<hex>]
)

// SignatureVersion prefixes every signature in HeaderSignature.
const SignatureVersion = "v1"

// Sign is the v1 signature: the lower-case hex HMAC-SHA256, keyed with the
// secret's UTF-8 bytes (the whole string, prefix included), of the decimal
// unix timestamp, a ".", and the body exactly as sent.
func Sign(secret string, timestamp int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(timestamp, 10)))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// SignatureHeader is the value of HeaderSignature: one "v1=<hex>" per
// secret, comma-separated, the current secret first. During a rotation
// there are two, so a receiver that still holds the previous secret keeps
// verifying until it is given the new one.
func SignatureHeader(secrets []string, timestamp int64, body []byte) string {
	parts := make([]string, len(secrets))
	for i, s := range secrets {
		parts[i] = SignatureVersion + "=" + Sign(s, timestamp, body)
	}
	return strings.Join(parts, ",")
}

// DefaultTolerance is how far a delivery's timestamp may be from the
// receiver's clock (docs: replay protection).
const DefaultTolerance = 5 * time.Minute

// Verification errors.
var (
	ErrNoSignature = errors.New("webhook: no v1 signature")
	ErrSignature   = errors.New("webhook: no signature matches")
	ErrTimestamp   = errors.New("webhook: timestamp missing or outside the tolerance")
)

// Verify checks a delivery as a receiver does: the timestamp header is a
// unix time within tolerance of now, and one of the v1 signatures in the
// signature header is Sign(secret, timestamp, body), compared in constant
// time. Unknown versions are ignored, so receivers keep working when a
// later version is added next to v1.
func Verify(secret, signatureHeader, timestampHeader string, body []byte, now time.Time, tolerance time.Duration) error {
	ts, err := strconv.ParseInt(strings.TrimSpace(timestampHeader), 10, 64)
	if err != nil {
		return ErrTimestamp
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return ErrTimestamp
	}
	want := []byte(Sign(secret, ts, body))
	found := false
	for _, part := range strings.Split(signatureHeader, ",") {
		v, sig, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || v != SignatureVersion {
			continue
		}
		found = true
		if hmac.Equal([]byte(sig), want) {
			return nil
		}
	}
	if !found {
		return ErrNoSignature
	}
	return ErrSignature
}
