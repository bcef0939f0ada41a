package feishu

import (
	"encoding/json"
	"strings"
	"time"
)

// batchRecord is one batch_send.
type batchRecord struct {
	appID     string
	createdAt time.Time
	copies    []*Message
	recalled  bool
}

// batchDay counts an app's batch_send recipients on one (Beijing) day.
type batchDay struct {
	day string
	n   int
}

var beijing = time.FixedZone("CST", 8*3600)

// POST /open-apis/message/v4/batch_send/ (page im-v1/batch_message/send-messages-in-batches):
// body msg_type, content (an object) or card (for interactive),
// department_ids, open_ids, user_ids, union_ids (each ≤ 200, at least one).
// Answers {message_id: "bm-…", invalid_*_ids} with code 0; refusals come
// with HTTP 200 and the v4 codes.
//
// Feishu queues a batch and delivers it asynchronously, in order per app;
// the simulator delivers it before answering, so the recipients' copies
// are there when the call returns. Each id that is unknown, resigned or
// outside the app's availability is listed as invalid and skipped (the
// page says ids "无效" are returned and the rest is sent; that unavailable
// ones count as invalid is UNVERIFIED). A person named twice (by two
// lists or two departments) gets one copy. Over 200 ids in a list or no
// recipient list: 10003 "Invalid parameter" (the page gives the limit,
// not the code: UNVERIFIED); content over 150 KB (text) or 30 KB (post,
// card): 11246 (UNVERIFIED); over the app's 500,000 messages of the day:
// 11247. batch_send carries no uuid: a repeated request sends again.
func (s *Server) handleBatchSend(c *call) (any, error) {
	var body struct {
		MsgType       string          `json:"msg_type"`
		Content       json.RawMessage `json:"content"`
		Card          json.RawMessage `json:"card"`
		DepartmentIDs []string        `json:"department_ids"`
		OpenIDs       []string        `json:"open_ids"`
		UserIDs       []string        `json:"user_ids"`
		UnionIDs      []string        `json:"union_ids"`
	}
	if json.Unmarshal(c.body, &body) != nil {
		return nil, errBatch(CodeBatchInvalidParam, "Invalid parameter.")
	}
	users := len(body.OpenIDs) + len(body.UserIDs) + len(body.UnionIDs)
	switch {
	case users+len(body.DepartmentIDs) == 0:
		return nil, errBatch(CodeBatchInvalidParam, "Invalid parameter. department_ids, open_ids, user_ids or union_ids is required")
	case len(body.OpenIDs) > maxBatchIDs || len(body.UserIDs) > maxBatchIDs || len(body.UnionIDs) > maxBatchIDs || len(body.DepartmentIDs) > maxBatchIDs:
		return nil, errBatch(CodeBatchInvalidParam, "Invalid parameter. at most 200 ids per list")
	case users > 0 && !s.HasScope(c.appID, ScopeSendMultiUsers):
		return nil, errBatch(CodeBatchNoMultiUsers, "Send employee ids permission denied.")
	case len(body.DepartmentIDs) > 0 && !s.HasScope(c.appID, ScopeSendMultiDepts):
		return nil, errBatch(CodeBatchNoMultiDepts, "Send department list permission denied.")
	}
	content, e := batchContent(body.MsgType, body.Content, body.Card)
	if e != nil {
		return nil, e
	}
	now := s.clock()
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()

	seen := map[string]bool{}
	var targets []User
	invalid := map[string][]string{"open_id": {}, "user_id": {}, "union_id": {}, "department_id": {}}
	add := func(u User) {
		if !seen[u.UserID] {
			seen[u.UserID] = true
			targets = append(targets, u)
		}
	}
	for _, l := range []struct {
		typ string
		ids []string
	}{{UserIDTypeOpenID, body.OpenIDs}, {UserIDTypeUserID, body.UserIDs}, {UserIDTypeUnionID, body.UnionIDs}} {
		for _, id := range l.ids {
			u, err := s.recipientLocked(c.appID, l.typ, id)
			if err != nil {
				invalid[l.typ] = append(invalid[l.typ], id)
				continue
			}
			add(u)
		}
	}
	for _, id := range body.DepartmentIDs {
		typ := DepartmentIDTypeDepartmentID
		if strings.HasPrefix(id, "od-") {
			typ = DepartmentIDTypeOpen
		}
		did, ok := s.org.departmentIDFor(id, typ)
		if !ok || did == RootDepartmentID { // "不支持传入根部门 ID"
			invalid["department_id"] = append(invalid["department_id"], id)
			continue
		}
		for _, d := range append([]string{did}, s.org.subtreeOf(did)...) {
			for _, uid := range s.org.Members(d) {
				if u, ok := s.org.User(uid); ok && !u.Resigned && s.availableLocked(c.appID, u) {
					add(u)
				}
			}
		}
	}

	day := now.In(beijing).Format("2006-01-02")
	quota := st.batchQuota
	if quota <= 0 {
		quota = batchDailyQuota
	}
	d := st.daily[c.appID]
	if d.day != day {
		d = batchDay{day: day}
	}
	if d.n+len(targets) > quota {
		return nil, errBatch(CodeBatchDailyQuota, "Internal send message trigger rate limit.")
	}
	d.n += len(targets)
	st.daily[c.appID] = d

	id := newMessageID("bm-")
	b := &batchRecord{appID: c.appID, createdAt: now}
	for _, u := range targets {
		m := &Message{ID: id, AppID: c.appID, UserID: u.UserID, MsgType: body.MsgType, Content: content,
			BatchID: id, CreatedAt: now, UpdatedAt: now}
		st.record(m)
		b.copies = append(b.copies, m)
	}
	st.batches[id] = b
	st.stats.Batches++
	st.stats.BatchCopies += len(targets)
	return map[string]any{"message_id": id, "invalid_department_ids": invalid["department_id"],
		"invalid_open_ids": invalid["open_id"], "invalid_user_ids": invalid["user_id"],
		"invalid_union_ids": invalid["union_id"]}, nil
}

// batchContent checks batch_send's content and returns it in im/v1's
// content form, so every recorded message reads the same: text
// {"text":…}, post {"zh_cn":…} (batch_send wraps it as {"post":{…}}),
// interactive the card.
func batchContent(msgType string, content, card json.RawMessage) (string, *Error) {
	var out string
	limit := maxCardBytes
	switch msgType {
	case "text":
		limit = maxTextBytes
		var v struct {
			Text string `json:"text"`
		}
		if json.Unmarshal(content, &v) != nil || v.Text == "" {
			return "", errBatch(CodeBatchInvalidParam, "Invalid parameter. content.text is required")
		}
		out = string(content)
	case "post":
		var v struct {
			Post json.RawMessage `json:"post"`
		}
		if json.Unmarshal(content, &v) != nil || !validPost(v.Post) {
			return "", errBatch(CodeBatchInvalidParam, "Invalid parameter. content.post needs a language with a content array")
		}
		out = string(v.Post)
	case "interactive":
		if checkCard(card) != nil {
			return "", errBatch(CodeBatchContentFail, "Create message content fail.")
		}
		out = string(card)
	case "":
		return "", errBatch(CodeBatchInvalidParam, "Invalid parameter. msg_type is required")
	default:
		return "", errBatch(CodeBatchInvalidParam, "Invalid parameter. msg_type "+msgType+" is not simulated")
	}
	if len(out) > limit {
		return "", errBatch(CodeBatchContentFail, "Create message content fail. content too long")
	}
	return out, nil
}

// DELETE /open-apis/im/v1/batch_messages/:batch_message_id (page
// im-v1/batch_message/delete): recalls every copy. Unknown id 230030,
// another app's 230026, older than the recall window 230009. Feishu
// recalls asynchronously; the simulator at once. A second recall of the
// same batch succeeds again (UNVERIFIED).
func (s *Server) handleBatchRecall(c *call) (any, error) {
	now := s.clock()
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	b, ok := st.batches[c.params["batch_message_id"]]
	switch {
	case !ok:
		return nil, errMsg(CodeMsgBatchNotFound, "The message id is invalid, record not found.", "")
	case b.appID != c.appID:
		return nil, errMsg(CodeMsgRecallDenied, "No permission to recall this message.", "")
	case now.Sub(b.createdAt) > st.recallWindowOr():
		return nil, errMsg(CodeMsgRecallExpired, "Message can only be recalled within one days.", "")
	}
	if !b.recalled {
		b.recalled = true
		for _, m := range b.copies {
			m.Recalled, m.UpdatedAt = true, now
		}
		st.stats.Recalls++
	}
	return nil, nil
}
