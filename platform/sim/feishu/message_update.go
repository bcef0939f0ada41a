package feishu

import (
	"strings"
	"time"
)

// PATCH /open-apis/im/v1/messages/:message_id (page im-v1/message-card/patch),
// body {"content": "<card json>"}: replaces a card the app sent. In order:
//
//   - a bm-… id: batch messages cannot be updated ("不支持更新批量发送的消息");
//     an id nobody sent: both 230001 (the code is not documented; UNVERIFIED);
//   - another app's message: 230027 ("调用该接口的身份需与发送卡片的身份一致";
//     the code is UNVERIFIED);
//   - recalled: 230011;
//   - not a card: 230001 "ext=This message is NOT a card" (observed, go-lark/lark#48);
//   - sent more than 14 days ago: 230031;
//   - the content must be a card (230099) of at most 30 KB (230025);
//   - update_multi must be true in the card sent and in the new one ("你需在
//     更新前后卡片的 config 属性中，均显式声明 update_multi:true"): 230001
//     otherwise (the code is UNVERIFIED);
//   - more than 5 updates of one message in one second: 230020.
func (s *Server) handleMessagePatch(c *call) (any, error) {
	var body struct {
		Content string `json:"content"`
	}
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	if body.Content == "" {
		return nil, errField("content is required")
	}
	now := s.clock()
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	m, err := s.ownMessageLocked(c.appID, c.params["message_id"], "update")
	if err != nil {
		return nil, err
	}
	switch {
	case m.Recalled:
		return nil, errMsg(CodeMsgRecalled, "The message is recalled.", "")
	case m.MsgType != "interactive":
		return nil, errMsgParam("This message is NOT a card")
	case now.Sub(m.CreatedAt) > UpdateWindow:
		return nil, errMsg(CodeMsgUpdateExpired, "Message can only be modified within 14 days after sending.", "")
	}
	if e := checkCard([]byte(body.Content)); e != nil {
		return nil, e
	}
	if len(body.Content) > maxCardBytes {
		return nil, errMsgTooLong()
	}
	if !updateMulti(m.Content) || !updateMulti(body.Content) {
		return nil, errMsgParam("the card must declare config.update_multi true both before and after the update")
	}
	if !s.limitsOff() && !allowOnce(st.patchWin, m.ID, perChatQPS, now) {
		st.stats.Throttled++
		return nil, errMsgFrequency()
	}
	m.Content, m.UpdatedAt = body.Content, now
	m.Updates++
	st.stats.Patches++
	return nil, nil
}

// ownMessageLocked finds a message the app sent by create; st.mu held.
func (s *Server) ownMessageLocked(appID, id, op string) (*Message, *Error) {
	if strings.HasPrefix(id, "bm-") {
		return nil, errMsgParam("batch messages (bm-…) cannot be " + op + "d through this API")
	}
	m, ok := s.msgs.byID[id]
	if !ok {
		return nil, errMsgParam("invalid message_id")
	}
	if m.AppID != appID {
		if op == "recall" {
			return nil, errMsg(CodeMsgRecallDenied, "No permission to recall this message.", "")
		}
		return nil, errMsg(CodeMsgNoPermission, "Lack of necessary permissions.", "the message was sent by another app")
	}
	return m, nil
}

// DELETE /open-apis/im/v1/messages/:message_id (page im-v1/message/delete):
// recalls a message the app's bot sent. A bm-… id must use the batch
// recall; another app's message is 230026; older than the recall window
// 230009. Recalling a recalled message answers 230011 (not documented for
// this API; UNVERIFIED).
func (s *Server) handleMessageDelete(c *call) (any, error) {
	now := s.clock()
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	m, err := s.ownMessageLocked(c.appID, c.params["message_id"], "recall")
	if err != nil {
		return nil, err
	}
	if m.Recalled {
		return nil, errMsg(CodeMsgRecalled, "The message is recalled.", "")
	}
	if now.Sub(m.CreatedAt) > st.recallWindowOr() {
		return nil, errMsg(CodeMsgRecallExpired, "Message has expired when recall message.", "")
	}
	m.Recalled, m.UpdatedAt = true, now
	st.stats.Recalls++
	return nil, nil
}

func (st *messageStore) recallWindowOr() time.Duration {
	if st.recallWindow > 0 {
		return st.recallWindow
	}
	return defaultRecallWindow
}
