package feishu

import "net/http"

// Two more faults for the write path, next to fault.go's injected 5xx
// (which fails a call before it is applied):
//
//   - a lost reply: the write is applied, then its answer never arrives
//     intact. A client that retries must not apply it twice, which is what
//     client_token (and the adapter's "already done" checks) are for;
//   - an injected code: the next calls of one API answer a given Feishu
//     code, for refusals the simulator has no cause to produce by itself
//     (the lock conflicts 43024/43030/44025 the docs ask to retry).

// LostReply is how the answer of an applied write is lost.
type LostReply int

const (
	// LostReplyStatus answers HTTP 500 with code 40003 "internal error", as
	// a gateway does when it gives up on a slow backend that still commits.
	LostReplyStatus LostReply = iota
	// LostReplyDrop closes the connection without an answer (a cut
	// network, a proxy timing out).
	LostReplyDrop
)

// lostReplies is guarded by Server.mu.
type lostReplies struct {
	next int
	rate float64
	how  LostReply
}

// LoseNextReplies makes the next n successful writes (API calls other than
// GET) lose their answer after being applied.
func (s *Server) LoseNextReplies(n int, how LostReply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault.lost.next, s.fault.lost.how = n, how
}

// SetLostReplyRate loses the answer of each successful write with
// probability p, drawn from the fault RNG (reseeded by SetErrorRate).
func (s *Server) SetLostReplyRate(p float64, how LostReply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault.lost.rate, s.fault.lost.how = p, how
}

// loseReply decides whether the answer of one applied write is lost.
func (s *Server) loseReply() (LostReply, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := &s.fault.lost
	hit := false
	if l.next > 0 {
		l.next--
		hit = true
	} else if l.rate > 0 && s.fault.rng.Float64() < l.rate {
		hit = true
	}
	if hit {
		s.stats.LostReplies++
	}
	return l.how, hit
}

// answerLost loses the answer of an applied write when the fault says so:
// it drops the connection or answers 500, and reports whether it did.
func (s *Server) answerLost(w http.ResponseWriter, rec RequestRecord, fail func(*Error)) bool {
	how, lost := s.loseReply()
	if !lost {
		return false
	}
	if how == LostReplyDrop {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				s.record(rec) // Status 0: no answer was sent
				return true
			}
		}
	}
	fail(newErr(http.StatusInternalServerError, CodeInternal, "internal error"))
	return true
}

// injected is one queued answer of InjectCode.
type injected struct {
	status, code int
	msg          string
	left         int
}

// InjectCode makes the next n calls of api (a route name such as
// APIUserPatch) answer HTTP status with code and msg instead of running.
// Injections for one API queue up in the order they were made.
func (s *Server) InjectCode(api string, n, status, code int, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fault.inject == nil {
		s.fault.inject = map[string][]*injected{}
	}
	s.fault.inject[api] = append(s.fault.inject[api], &injected{status: status, code: code, msg: msg, left: n})
}

// injectedCode returns the answer queued for this call of api, if any.
func (s *Server) injectedCode(api string) *Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.fault.inject[api]
	if len(q) == 0 {
		return nil
	}
	for len(q) > 0 && q[0].left <= 0 {
		q = q[1:]
	}
	s.fault.inject[api] = q
	if len(q) == 0 {
		return nil
	}
	q[0].left--
	s.stats.Faults++
	return newErr(q[0].status, q[0].code, "%s", q[0].msg)
}
