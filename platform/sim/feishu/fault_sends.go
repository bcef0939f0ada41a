package feishu

// FailSends makes the next n message sends (POST /open-apis/im/v1/messages)
// answer as Feishu's gateway answers an app that lacks the message scopes:
// HTTP 400, code 99991672 ("app has not applied for the scope",
// shared/reference/feishu-api.md §3.5) naming the scopes, the first-day
// mistake of an app whose 权限管理 was not published. It replaces any count
// still pending; 0 stops it. Other APIs, token requests among them, are not
// touched, so the app still verifies and only its deliveries fail.
func (s *Server) FailSends(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault.failSends = max(n, 0)
}

// refusedSend is FailSends' refusal for this call, or nil.
func (s *Server) refusedSend(appID string, rt *route) *Error {
	if rt.API() != APIMessageCreate {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fault.failSends <= 0 {
		return nil
	}
	s.fault.failSends--
	s.stats.Faults++
	return scopeMissing(appID, scopesMessageSend)
}
