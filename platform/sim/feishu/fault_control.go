package feishu

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// EnableFaultControl serves (or stops serving) the HTTP forms of two
// faults, for a test that drives the simulator only over HTTP (a browser
// test of the demo):
//
//   - POST /_latency, form field ms: SetLatency in milliseconds (0 to
//     10000), to watch a job run part-way;
//   - POST /_fail_sends, form field n: FailSends (0 to 100), so that a push
//     delivery fails with a real Feishu code for the console to word.
func (s *Server) EnableFaultControl(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faultControl = on
}

// IsFaultControl reports whether path (below the simulator's root) is one
// of the HTTP fault controls, so a server mounting the simulator can guard
// them (the demo asks for an admin's session).
func IsFaultControl(path string) bool { return path == "/_latency" || path == "/_fail_sends" }

// serveFaultControl answers the controls' paths; false for any other request.
func (s *Server) serveFaultControl(w http.ResponseWriter, r *http.Request) bool {
	var field string
	var limit int
	switch r.URL.Path {
	case "/_latency":
		field, limit = "ms", 10000
	case "/_fail_sends":
		field, limit = "n", 100
	default:
		return false
	}
	if r.Method != http.MethodPost {
		return false
	}
	s.mu.Lock()
	on := s.faultControl
	s.mu.Unlock()
	if !on {
		http.NotFound(w, r)
		return true
	}
	v, err := strconv.Atoi(r.FormValue(field))
	if err != nil || v < 0 || v > limit {
		http.Error(w, fmt.Sprintf("%s: %q is not a whole number from 0 to %d", field, r.FormValue(field), limit), http.StatusBadRequest)
		return true
	}
	if field == "ms" {
		s.SetLatency(time.Duration(v) * time.Millisecond)
	} else {
		s.FailSends(v)
	}
	w.WriteHeader(http.StatusNoContent)
	return true
}
