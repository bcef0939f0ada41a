package feishu

import (
	"math/rand"
	"net/http"
	"time"
)

// faultState is guarded by Server.mu. Faults hit API calls only, never the
// token endpoints, so "fail the next N calls" means N API calls.
type faultState struct {
	latency  time.Duration
	rate     float64
	status   int
	failNext int
	rng      *rand.Rand // seeded: the same seed fails the same calls

	lost   lostReplies            // writes applied whose answer is lost (lostreply.go)
	inject map[string][]*injected // API name -> codes to answer with (lostreply.go)
	// throttleEvery > 0 refuses every nth API call as over budget.
	throttleEvery, throttleCalls int
	// failSends > 0 refuses that many message sends as unscoped (FailSends).
	failSends int
}

func (s *Server) latency() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fault.latency
}

// injectedFault decides whether this API call fails with a 5xx. The body is
// JSON with code 40003 ("internal error", the contact APIs' internal-error
// code) so the SDK parses it; a 504 makes the SDK return ServerTimeoutError.
func (s *Server) injectedFault() *Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	hit := false
	if s.fault.failNext > 0 {
		s.fault.failNext--
		hit = true
	} else if s.fault.rate > 0 && s.fault.rng.Float64() < s.fault.rate {
		hit = true
	}
	if !hit {
		return nil
	}
	s.stats.Faults++
	return newErr(s.fault.status, CodeInternal, "internal error")
}

// SetLatency adds d to every request (0 = none).
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault.latency = d
}

// SetErrorRate makes each API call fail with probability p, drawn from an
// RNG reseeded with seed so runs are reproducible.
func (s *Server) SetErrorRate(p float64, seed int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault.rate = p
	s.fault.rng = rand.New(rand.NewSource(seed))
}

// FailNext makes the next n API calls fail with the injected-error status.
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault.failNext = n
}

// ThrottleEvery makes every nth API call (token requests aside) answer as
// Feishu answers an app over its budget (429, 99991400, reset in 1 s),
// whatever the clients' speed: reliability tests use it so that 429s happen
// on a slow machine too, where the documented limits may never be reached.
// 0 turns it off.
func (s *Server) ThrottleEvery(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault.throttleEvery, s.fault.throttleCalls = n, 0
}

// SetErrorStatus sets the HTTP status of injected failures (default 500).
func (s *Server) SetErrorStatus(status int) {
	if status < 500 {
		status = http.StatusInternalServerError
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault.status = status
}
