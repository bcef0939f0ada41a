package wecom

import (
	"math/rand/v2"
	"net/http"
	"strings"
)

// Faults for reliability tests, the same kinds the Feishu simulator has
// (platform/sim/feishu/fault.go, lostreply.go) in WeCom's own forms:
//
//   - an HTTP 5xx before the call is applied (a gateway failing);
//   - a lost reply: a message/send is applied, then its answer never
//     arrives (the connection is closed). Sending again must not deliver
//     twice, which is what enable_duplicate_check is for;
//   - 45009 (接口调用超过限制) on every nth call, whatever the clients'
//     speed, so throttling happens on a slow machine too.
//
// gettoken is never faulted: the token path has its own tests.

// Faults configures them; the zero value is none.
type Faults struct {
	// ErrorRate is the probability that an API call answers HTTP 500
	// without being applied.
	ErrorRate float64
	// LostReplyRate is the probability that an applied message/send loses
	// its answer.
	LostReplyRate float64
	// ThrottleEvery makes every nth API call answer 45009 (0: off).
	ThrottleEvery int
	// Seed seeds the draws (deterministic runs).
	Seed uint64
}

// faultState is guarded by Server.mu.
type faultState struct {
	Faults
	rng       *rand.Rand
	calls     int
	lostNext  int
	failed    int
	lost      int
	throttled int
}

// FaultStats counts the faults that happened.
type FaultStats struct {
	Failed, LostReplies, Throttled int
}

// SetFaults replaces the fault configuration (and resets nothing else).
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault.Faults = f
	s.fault.rng = rand.New(rand.NewPCG(f.Seed, f.Seed^0x5eed))
}

// LoseNextReplies makes the next n applied message/send calls lose their
// answer.
func (s *Server) LoseNextReplies(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault.lostNext = n
}

// FaultStats reports the faults so far.
func (s *Server) FaultStats() FaultStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return FaultStats{Failed: s.fault.failed, LostReplies: s.fault.lost, Throttled: s.fault.throttled}
}

// draw is one draw of the fault RNG; s.mu held.
func (s *Server) draw() float64 {
	if s.fault.rng == nil {
		s.fault.rng = rand.New(rand.NewPCG(1, 1))
	}
	return s.fault.rng.Float64()
}

// preFault decides, before a call is applied, whether it fails (HTTP 500)
// or is throttled (45009); s.mu held.
func (s *Server) preFault() (status, code int) {
	f := &s.fault
	f.calls++
	if f.ThrottleEvery > 0 && f.calls%f.ThrottleEvery == 0 {
		f.throttled++
		return 0, 45009
	}
	if f.ErrorRate > 0 && s.draw() < f.ErrorRate {
		f.failed++
		return http.StatusInternalServerError, 0
	}
	return 0, 0
}

// loseReply decides whether the answer of an applied call of api is lost:
// only message/send, the write whose resend exactly-once depends on.
func (s *Server) loseReply(api string) bool {
	if !strings.HasSuffix(api, "/cgi-bin/message/send") {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := &s.fault
	hit := false
	if f.lostNext > 0 {
		f.lostNext--
		hit = true
	} else if f.LostReplyRate > 0 && s.draw() < f.LostReplyRate {
		hit = true
	}
	if hit {
		f.lost++
	}
	return hit
}

// discard is a ResponseWriter whose answer goes nowhere (a lost reply).
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// serveLosingReply runs h; when the reply is to be lost, h's answer is
// discarded and the connection closed (or, without a hijackable
// connection, a bare 502 from a "gateway").
func (s *Server) serveLosingReply(w http.ResponseWriter, r *http.Request, api string, app *App, h handler) {
	if !s.loseReply(api) {
		h(w, r, api, app)
		return
	}
	h(&discard{h: http.Header{}}, r, api, app)
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	http.Error(w, "bad gateway", http.StatusBadGateway)
}
