// Package oareceiver is the example OA receiver of docs/oa-webhooks.md,
// kept here so that a test runs it against real deliveries and checks
// that the document shows exactly this code. It uses only the standard
// library, as an OA team's receiver would.
package oareceiver

// receiver:begin
import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Receiver verifies imbridge webhooks signed with secret and hands each
// event to apply once. apply's error makes the bridge retry later.
func Receiver(secret string, apply func(eventType string, body []byte) error) http.Handler {
	var mu sync.Mutex
	seen := map[string]bool{} // delivery ids applied; keep them in your database
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
		ts, tsErr := strconv.ParseInt(r.Header.Get("X-Imbridge-Timestamp"), 10, 64)
		if err != nil || tsErr != nil || time.Since(time.Unix(ts, 0)).Abs() > 5*time.Minute {
			http.Error(w, "missing or stale timestamp", http.StatusBadRequest)
			return
		}
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(strconv.FormatInt(ts, 10) + "."))
		mac.Write(body)
		want := []byte("v1=" + hex.EncodeToString(mac.Sum(nil)))
		valid := false
		for _, sig := range strings.Split(r.Header.Get("X-Imbridge-Signature"), ",") {
			valid = valid || hmac.Equal([]byte(strings.TrimSpace(sig)), want)
		}
		if !valid {
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		id := r.Header.Get("X-Imbridge-Delivery")
		if !seen[id] {
			if err := apply(r.Header.Get("X-Imbridge-Event"), body); err != nil {
				http.Error(w, "not applied, try again later", http.StatusServiceUnavailable)
				return
			}
			seen[id] = true
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// receiver:end
