package feishu

import "time"

// RequestRecord is one served request, for test assertions.
type RequestRecord struct {
	Time     time.Time
	Method   string
	Path     string // as received (decoded)
	Query    string // raw query
	API      string // route name, "" when no route matched
	AppID    string // from the token (or the body, for token requests)
	Status   int    // HTTP status
	Code     int    // Feishu code in the body
	Duration time.Duration
}

// Stats are counters since the last ResetRequests.
type Stats struct {
	Requests    int // all requests
	RateLimited int // 429s returned
	Faults      int // injected failures returned
	LostReplies int // writes applied whose answer was lost (lostreply.go)
}

// maxLog bounds the request log; older records are dropped.
const maxLog = 100_000

func (s *Server) record(r RequestRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.Time = s.now()
	s.stats.Requests++
	if len(s.reqLog) >= maxLog {
		s.reqLog = append(s.reqLog[:0], s.reqLog[len(s.reqLog)-maxLog/2:]...)
	}
	s.reqLog = append(s.reqLog, r)
}

// Requests returns a copy of the request log.
func (s *Server) Requests() []RequestRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]RequestRecord(nil), s.reqLog...)
}

// ResetRequests clears the request log and the counters.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqLog = nil
	s.stats = Stats{}
}

// Stats returns the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}
