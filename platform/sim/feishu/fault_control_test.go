package feishu

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// POST /_latency sets the added round trip only while the control is on,
// and refuses a value outside 0–10000 ms naming the field.
func TestLatencyControl(t *testing.T) {
	s := New(Config{})
	post := func(ms string) *httptest.ResponseRecorder { return postControl(s, "/_latency", "ms", ms) }
	if rec := post("300"); rec.Code != http.StatusNotFound || s.latency() != 0 {
		t.Fatalf("control off: %d, latency %v", rec.Code, s.latency())
	}
	s.EnableFaultControl(true)
	if rec := post("300"); rec.Code != http.StatusNoContent || s.latency() != 300*time.Millisecond {
		t.Fatalf("control on: %d, latency %v", rec.Code, s.latency())
	}
	for _, bad := range []string{"-1", "10001", "fast", ""} {
		if rec := post(bad); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "ms:") {
			t.Errorf("%q: %d %q", bad, rec.Code, rec.Body.String())
		}
	}
	if s.latency() != 300*time.Millisecond {
		t.Fatalf("a refused value changed the latency to %v", s.latency())
	}
	if rec := post("0"); rec.Code != http.StatusNoContent || s.latency() != 0 {
		t.Fatalf("back to 0: %d, latency %v", rec.Code, s.latency())
	}
}
