package feishu

import larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"

// Resources of a deleted user and who received them: user/delete's body
// names an acceptor per resource (department_chat_acceptor_user_id,
// external_chat_, docs_, calendar_, application_, minutes_, survey_,
// anycross_acceptor_user_id, email_acceptor.acceptor_user_id; SDK
// DeleteUserReqBody). The simulator holds no chats or documents: it
// remembers the hand-over so tests can see it happened.

// Resource names of HandedOver, the body's field names without
// _acceptor_user_id.
const (
	ResourceDepartmentChat = "department_chat"
	ResourceExternalChat   = "external_chat"
	ResourceDocs           = "docs"
	ResourceCalendar       = "calendar"
	ResourceApplication    = "application"
	ResourceMinutes        = "minutes"
	ResourceSurvey         = "survey"
	ResourceAnycross       = "anycross"
	ResourceEmail          = "email"
)

// handOver records who received the resources of deleted user uid (ids
// resolved from the request's user_id_type to user_id); checkAcceptors ran
// first, so every named acceptor is a current user.
func (s *Server) handOver(v view, uid string, b *larkcontact.DeleteUserReqBody) {
	got := map[string]string{}
	for name, id := range map[string]*string{ResourceDepartmentChat: b.DepartmentChatAcceptorUserId,
		ResourceExternalChat: b.ExternalChatAcceptorUserId, ResourceDocs: b.DocsAcceptorUserId,
		ResourceCalendar: b.CalendarAcceptorUserId, ResourceApplication: b.ApplicationAcceptorUserId,
		ResourceMinutes: b.MinutesAcceptorUserId, ResourceSurvey: b.SurveyAcceptorUserId,
		ResourceAnycross: b.AnycrossAcceptorUserId} {
		if id != nil && *id != "" {
			if to, err := v.resolveUser(*id); err == nil {
				got[name] = to
			}
		}
	}
	if b.EmailAcceptor != nil && b.EmailAcceptor.AcceptorUserId != nil && *b.EmailAcceptor.AcceptorUserId != "" {
		if to, err := v.resolveUser(*b.EmailAcceptor.AcceptorUserId); err == nil {
			got[ResourceEmail] = to
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.handedOver == nil {
		s.handedOver = map[string]map[string]string{}
	}
	s.handedOver[uid] = got
}

// HandedOver says who received deleted user userID's resources: resource
// (Resource…) → acceptor user_id; empty when the delete named nobody (the
// platform's default), nil when the user was not deleted through the API.
func (s *Server) HandedOver(userID string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	got, ok := s.handedOver[userID]
	if !ok {
		return nil
	}
	out := make(map[string]string, len(got))
	for k, v := range got {
		out[k] = v
	}
	return out
}
