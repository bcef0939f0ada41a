package feishu

import (
	"encoding/json"
	"strconv"
	"time"

	larkim "github.com/larksuite/oapi-sdk-go/v3/service/im/v1"
)

// POST /open-apis/im/v1/messages?receive_id_type=… (page im-v1/message/create):
// body receive_id, msg_type, content (a JSON string), uuid (≤ 50 chars).
// The checks, after the gateway's (token, per-app limit, scope):
//
//   - receive_id_type open_id, user_id or union_id (email and chat_id are
//     real but not simulated: 99992402 like any value the gateway refuses);
//   - a uuid the app used within the last hour answers the message sent
//     then (code 0, its message_id), whatever this request says. What a
//     repeat answers is not documented beyond "at most one succeeds";
//     returning the first is what makes a retry after a lost reply safe;
//   - msg_type text, post or interactive (others are real but not
//     simulated; an unknown one is 230001 "invalid msg_type", as observed
//     in larksuite/node-sdk#115); content of that type, else 230001 (a card
//     that does not parse: 230099 sub-code 200621; a template card:
//     200380, templates are not simulated);
//   - content over 150 KB (text) or 30 KB (post, card): 230025;
//   - the recipient: unknown 230034; resigned 230013 (SetResignedRecipientCode);
//     outside the app's availability or excluded 230013;
//   - more than 5 messages in one second to one recipient: 230020.
//
// Frozen (disabled) users still receive: what Feishu does is not documented.
func (s *Server) handleMessageCreate(c *call) (any, error) {
	idType := c.query.Get("receive_id_type")
	switch idType {
	case UserIDTypeOpenID, UserIDTypeUserID, UserIDTypeUnionID:
	case "":
		return nil, errField("receive_id_type is required")
	default:
		return nil, errField("receive_id_type: invalid value %q", idType)
	}
	var body struct {
		ReceiveID string `json:"receive_id"`
		MsgType   string `json:"msg_type"`
		Content   string `json:"content"`
		UUID      string `json:"uuid"`
	}
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	switch {
	case body.ReceiveID == "":
		return nil, errField("receive_id is required")
	case body.MsgType == "":
		return nil, errField("msg_type is required")
	case body.Content == "":
		return nil, errField("content is required")
	case len([]rune(body.UUID)) > maxUUIDLen:
		return nil, errField("uuid: longer than %d characters", maxUUIDLen)
	}
	now := s.clock()
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	ukey := c.appID + "|" + body.UUID
	if body.UUID != "" {
		if e, ok := st.uuids[ukey]; ok && now.Sub(e.at) < UUIDWindow {
			if m := st.byID[e.messageID]; m != nil {
				st.stats.Deduplicated++
				return s.messageData(m), nil
			}
		}
	}
	if err := checkContent(body.MsgType, body.Content); err != nil {
		return nil, err
	}
	u, err := s.recipientLocked(c.appID, idType, body.ReceiveID)
	if err != nil {
		return nil, err
	}
	if !s.limitsOff() && !allowOnce(st.chatWin, c.appID+"|"+u.UserID, perChatQPS, now) {
		st.stats.Throttled++
		return nil, errMsgFrequency()
	}
	m := &Message{ID: newMessageID("om_"), AppID: c.appID, UserID: u.UserID, MsgType: body.MsgType,
		Content: body.Content, UUID: body.UUID, CreatedAt: now, UpdatedAt: now}
	st.record(m)
	st.stats.Sent++
	if body.UUID != "" {
		st.uuids[ukey] = uuidEntry{messageID: m.ID, at: now}
	}
	return s.messageData(m), nil
}

// recipientLocked resolves a receive_id and checks the person may get the
// app's messages; st.mu held.
func (s *Server) recipientLocked(appID, idType, id string) (User, error) {
	uid, ok := s.org.userIDFor(id, idType, appID)
	u, found := s.org.User(uid)
	if !ok || !found {
		return User{}, errMsg(CodeMsgReceiveIDInvalid, "The receive_id is invalid.", "")
	}
	if u.Resigned {
		code := s.msgs.resignedCode
		if code == CodeMsgUserResigned {
			return User{}, errMsg(code, "User has resigned.", "")
		}
		return User{}, errMsg(CodeMsgNoAvailability, "Bot has NO availability to this user.", "")
	}
	if !s.availableLocked(appID, u) {
		return User{}, errMsg(CodeMsgNoAvailability, "Bot has NO availability to this user.", "")
	}
	return u, nil
}

// checkContent validates a content string of im/v1 for its msg_type.
func checkContent(msgType, content string) *Error {
	limit := maxCardBytes
	switch msgType {
	case "text":
		limit = maxTextBytes
		var v struct {
			Text *string `json:"text"`
		}
		if json.Unmarshal([]byte(content), &v) != nil || v.Text == nil || *v.Text == "" {
			return errMsgParam("invalid content: text content needs a non-empty \"text\"")
		}
	case "post":
		if !validPost([]byte(content)) {
			return errMsgParam("invalid content: post content needs a language (zh_cn, en_us…) with a content array")
		}
	case "interactive":
		if e := checkCard([]byte(content)); e != nil {
			return e
		}
	case "image", "file", "audio", "media", "sticker", "share_chat", "share_user", "system":
		return errMsgParam("msg_type " + msgType + " is not simulated")
	default:
		return errMsgParam("invalid msg_type.")
	}
	if len(content) > limit {
		return errMsgTooLong()
	}
	return nil
}

// validPost: {"zh_cn":{"title":…,"content":[[{"tag":…},…],…]},…}, at least
// one language with a content array of paragraphs.
func validPost(b []byte) bool {
	var langs map[string]struct {
		Title   string              `json:"title"`
		Content [][]json.RawMessage `json:"content"`
	}
	if json.Unmarshal(b, &langs) != nil || len(langs) == 0 {
		return false
	}
	for _, l := range langs {
		if l.Content == nil {
			return false
		}
	}
	return true
}

// checkCard accepts a card JSON object (1.0 with elements or
// i18n_elements, 2.0 with body); a template reference is refused as not
// existing (the simulator has no card templates).
func checkCard(b []byte) *Error {
	var card map[string]json.RawMessage
	if json.Unmarshal(b, &card) != nil {
		return errMsg(CodeMsgCardContent, "Failed to create card content.",
			"ErrCode: "+strconv.Itoa(codeCardParseSubcode)+"; ErrMsg: parse card json err, please check whether the card json is correct")
	}
	if t, ok := card["type"]; ok && string(t) == `"template"` {
		return errMsg(CodeMsgCardContent, "Failed to create card content.",
			"ErrCode: "+strconv.Itoa(codeCardTemplateMissing)+"; ErrMsg: template does not exist")
	}
	_, e := card["elements"]
	_, i := card["i18n_elements"]
	_, body := card["body"]
	if !e && !i && !body {
		return errMsg(CodeMsgCardContent, "Failed to create card content.",
			"ErrCode: "+strconv.Itoa(codeCardParseSubcode)+"; ErrMsg: card has no elements")
	}
	return nil
}

// updateMulti says whether a card is shared (config.update_multi): JSON 2.0
// cards are ("默认值为 true，且暂时仅支持设为 true"), 1.0 cards only when set.
func updateMulti(content string) bool {
	var card struct {
		Schema string `json:"schema"`
		Config struct {
			UpdateMulti *bool `json:"update_multi"`
		} `json:"config"`
	}
	if json.Unmarshal([]byte(content), &card) != nil {
		return false
	}
	if card.Config.UpdateMulti != nil {
		return *card.Config.UpdateMulti
	}
	return card.Schema == "2.0"
}

// messageData renders a message as create answers it (the SDK's own
// CreateMessageRespData): the p2p chat, the app as sender.
func (s *Server) messageData(m *Message) *larkim.CreateMessageRespData {
	ms := func(t time.Time) *string { return ptr(strconv.FormatInt(t.UnixMilli(), 10)) }
	return &larkim.CreateMessageRespData{
		MessageId: ptr(m.ID), MsgType: ptr(m.MsgType), CreateTime: ms(m.CreatedAt), UpdateTime: ms(m.UpdatedAt),
		Deleted: ptr(m.Recalled), Updated: ptr(m.Updates > 0), ChatId: ptr(p2pChatID(m.AppID, m.UserID)),
		Sender: &larkim.Sender{Id: ptr(m.AppID), IdType: ptr("app_id"), SenderType: ptr("app"), TenantKey: ptr(s.org.tenantKey)},
		Body:   &larkim.MessageBody{Content: ptr(m.Content)},
	}
}

// p2pChatID is the chat of one bot and one user.
func p2pChatID(appID, userID string) string { return hashID("oc_", appID, userID) }
