package feishu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// msgEnv is an env with a small org, a fake clock and raw calls.
type msgEnv struct {
	*env
	clock *fakeClock
	tok   string
	users []string // current user_ids
}

func newMsgEnv(t *testing.T, apps ...App) *msgEnv {
	t.Helper()
	clock := newFakeClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	org := Generate(GenOptions{Users: 12, Departments: 3, Seed: 5})
	e := newEnv(t, Config{Org: org, Apps: apps, Now: clock.Now})
	me := &msgEnv{env: e, clock: clock, tok: e.token()}
	for _, u := range org.Snapshot().Users {
		if !u.Resigned {
			me.users = append(me.users, u.UserID)
		}
	}
	return me
}

// call makes a raw request and returns status, code and data.
func (e *msgEnv) call(method, path, token string, body any) (int, int, map[string]any) {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Code int            `json:"code"`
		Data map[string]any `json:"data"`
	}
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		e.t.Fatalf("%s %s: %s", method, path, raw)
	}
	return resp.StatusCode, out.Code, out.Data
}

func (e *msgEnv) send(token, idType, id, msgType, content, uuid string) (int, int, string) {
	e.t.Helper()
	body := map[string]string{"receive_id": id, "msg_type": msgType, "content": content}
	if uuid != "" {
		body["uuid"] = uuid
	}
	st, code, data := e.call(http.MethodPost, "/open-apis/im/v1/messages?receive_id_type="+idType, token, body)
	id, _ = data["message_id"].(string)
	return st, code, id
}

const textHi = `{"text":"hi"}`

func sharedCard(title string) string {
	return `{"config":{"update_multi":true},"header":{"title":{"tag":"plain_text","content":"` + title +
		`"}},"elements":[{"tag":"action","actions":[{"tag":"button","text":{"tag":"plain_text","content":"同意"},"value":{"d":"approve"}},` +
		`{"tag":"button","text":{"tag":"plain_text","content":"打开"},"url":"https://oa.example.com"}]}]}`
}

func TestMessageCreate(t *testing.T) {
	e := newMsgEnv(t)
	u := e.users[0]
	st, code, id := e.send(e.tok, "user_id", u, "text", textHi, "")
	if st != 200 || code != 0 || !strings.HasPrefix(id, "om_") {
		t.Fatalf("send: %d %d %q", st, code, id)
	}
	// open_id and union_id of the same person reach the same user.
	if _, code, _ := e.send(e.tok, "open_id", OpenID(e.appID, u), "text", textHi, ""); code != 0 {
		t.Fatalf("by open_id: %d", code)
	}
	uu, _ := e.sim.Org().User(u)
	if _, code, _ := e.send(e.tok, "union_id", uu.UnionID, "text", textHi, ""); code != 0 {
		t.Fatalf("by union_id: %d", code)
	}
	if n := len(e.sim.Messages(u)); n != 3 {
		t.Fatalf("messages: %d", n)
	}
	// Another app's open_id is nobody to this app.
	if _, code, _ := e.send(e.tok, "open_id", OpenID("cli_other", u), "text", textHi, ""); code != CodeMsgReceiveIDInvalid {
		t.Fatalf("foreign open_id: %d", code)
	}

	cases := []struct {
		name, idType, id, msgType, content, uuid string
		status, code                             int
	}{
		{"no id type", "", u, "text", textHi, "", 400, CodeFieldValidation},
		{"unknown recipient", "user_id", "nobody", "text", textHi, "", 400, CodeMsgReceiveIDInvalid},
		{"unknown msg_type", "user_id", u, "fax", textHi, "", 400, CodeMsgInvalidParam},
		{"empty text", "user_id", u, "text", `{"text":""}`, "", 400, CodeMsgInvalidParam},
		{"text not json", "user_id", u, "text", `hi`, "", 400, CodeMsgInvalidParam},
		{"post without content", "user_id", u, "post", `{"zh_cn":{"title":"t"}}`, "", 400, CodeMsgInvalidParam},
		{"card not json", "user_id", u, "interactive", `{`, "", 400, CodeMsgCardContent},
		{"template card", "user_id", u, "interactive", `{"type":"template","data":{"template_id":"x"}}`, "", 400, CodeMsgCardContent},
		{"text too long", "user_id", u, "text", `{"text":"` + strings.Repeat("a", maxTextBytes) + `"}`, "", 400, CodeMsgTooLong},
		{"card too long", "user_id", u, "interactive", `{"elements":[{"tag":"markdown","content":"` + strings.Repeat("a", maxCardBytes) + `"}]}`, "", 400, CodeMsgTooLong},
		{"uuid too long", "user_id", u, "text", textHi, strings.Repeat("u", 51), 400, CodeFieldValidation},
	}
	for _, c := range cases {
		if st, code, _ := e.send(e.tok, c.idType, c.id, c.msgType, c.content, c.uuid); st != c.status || code != c.code {
			t.Errorf("%s: %d %d, want %d %d", c.name, st, code, c.status, c.code)
		}
	}

	// Resigned: 230013 by default, 230029 when chosen.
	r := e.users[1]
	if err := e.sim.Org().DeleteUser(r); err != nil {
		t.Fatal(err)
	}
	if _, code, _ := e.send(e.tok, "user_id", r, "text", textHi, ""); code != CodeMsgNoAvailability {
		t.Fatalf("resigned: %d", code)
	}
	e.sim.SetResignedRecipientCode(CodeMsgUserResigned)
	if _, code, _ := e.send(e.tok, "user_id", r, "text", textHi, ""); code != CodeMsgUserResigned {
		t.Fatalf("resigned (230029): %d", code)
	}

	// Availability: one department, one extra user, one excluded.
	in, _ := e.sim.Org().User(e.users[2])
	var out, extra string
	for _, id := range e.users[3:] {
		x, _ := e.sim.Org().User(id)
		if x.DepartmentIDs[0] != in.DepartmentIDs[0] {
			if out == "" {
				out = id
			} else if extra == "" {
				extra = id
			}
		}
	}
	e.sim.SetAvailability(e.appID, &Availability{Departments: []string{in.DepartmentIDs[0]}, Users: []string{extra}, Excluded: []string{e.users[2]}})
	for id, want := range map[string]int{out: CodeMsgNoAvailability, extra: 0, e.users[2]: CodeMsgNoAvailability} {
		if _, code, _ := e.send(e.tok, "user_id", id, "text", textHi, ""); code != want {
			t.Errorf("availability %s: %d, want %d", id, code, want)
		}
	}
	e.sim.SetAvailability(e.appID, nil)
	if _, code, _ := e.send(e.tok, "user_id", out, "text", textHi, ""); code != 0 {
		t.Fatalf("all members again: %d", code)
	}
}

// The same uuid within an hour answers the first message and sends
// nothing; after the hour it sends again. Scope: per app.
func TestMessageUUIDDedup(t *testing.T) {
	e := newMsgEnv(t)
	u := e.users[0]
	_, _, first := e.send(e.tok, "user_id", u, "text", textHi, "k-1")
	e.clock.Add(59 * time.Minute)
	_, code, again := e.send(e.tok, "user_id", u, "text", `{"text":"changed"}`, "k-1")
	if code != 0 || again != first {
		t.Fatalf("repeat within the hour: %d %s vs %s", code, again, first)
	}
	if n := len(e.sim.Messages(u)); n != 1 || e.sim.MessageStats().Deduplicated != 1 {
		t.Fatalf("messages %d, stats %+v", n, e.sim.MessageStats())
	}
	e.clock.Add(2 * time.Minute)
	if _, _, third := e.send(e.tok, "user_id", u, "text", textHi, "k-1"); third == first {
		t.Fatal("deduplicated after the hour")
	}
	if n := len(e.sim.Messages(u)); n != 2 {
		t.Fatalf("messages after the hour: %d", n)
	}
}

// Five messages a second to one person; the sixth is 230020, and the
// next second is fresh. Other recipients are not affected.
func TestMessagePerRecipientLimit(t *testing.T) {
	e := newMsgEnv(t)
	for i := 0; i < 5; i++ {
		if _, code, _ := e.send(e.tok, "user_id", e.users[0], "text", textHi, ""); code != 0 {
			t.Fatalf("send %d: %d", i, code)
		}
	}
	if st, code, _ := e.send(e.tok, "user_id", e.users[0], "text", textHi, ""); st != 400 || code != CodeMsgFrequency {
		t.Fatalf("sixth: %d %d", st, code)
	}
	if _, code, _ := e.send(e.tok, "user_id", e.users[1], "text", textHi, ""); code != 0 {
		t.Fatalf("another recipient: %d", code)
	}
	e.clock.Add(time.Second)
	if _, code, _ := e.send(e.tok, "user_id", e.users[0], "text", textHi, ""); code != 0 {
		t.Fatalf("next second: %d", code)
	}
}

func TestMessagePatchAndRecall(t *testing.T) {
	other := App{ID: fmt.Sprintf("cli_other%04d", appSeq.Add(1)), Secret: "s2"}
	e := newMsgEnv(t, other)
	var o struct {
		Token string `json:"tenant_access_token"`
	}
	e.post("/open-apis/auth/v3/tenant_access_token/internal", "", map[string]string{"app_id": other.ID, "app_secret": other.Secret}, &o)
	u := e.users[0]
	patch := func(tok, id, content string) (int, int) {
		st, code, _ := e.call(http.MethodPatch, "/open-apis/im/v1/messages/"+id, tok, map[string]string{"content": content})
		return st, code
	}
	_, _, card := e.send(e.tok, "user_id", u, "interactive", sharedCard("待办"), "")
	_, _, text := e.send(e.tok, "user_id", u, "text", textHi, "")
	_, _, private := e.send(e.tok, "user_id", u, "interactive", `{"elements":[{"tag":"markdown","content":"x"}]}`, "")

	if st, code := patch(e.tok, card, sharedCard("已办")); st != 200 || code != 0 {
		t.Fatalf("patch: %d %d", st, code)
	}
	if m, _ := e.sim.Message(card); !strings.Contains(m.Content, "已办") || m.Updates != 1 {
		t.Fatalf("patched: %+v", m)
	}
	for name, c := range map[string]struct {
		tok, id, content string
		code             int
	}{
		"not a card":          {e.tok, text, sharedCard("x"), CodeMsgInvalidParam},
		"unknown id":          {e.tok, "om_nobody", sharedCard("x"), CodeMsgInvalidParam},
		"batch id":            {e.tok, "bm-123", sharedCard("x"), CodeMsgInvalidParam},
		"other app":           {o.Token, card, sharedCard("x"), CodeMsgNoPermission},
		"not shared before":   {e.tok, private, sharedCard("x"), CodeMsgInvalidParam},
		"not shared after":    {e.tok, card, `{"elements":[{"tag":"markdown","content":"x"}]}`, CodeMsgInvalidParam},
		"card does not parse": {e.tok, card, `{`, CodeMsgCardContent},
		"too large":           {e.tok, card, `{"config":{"update_multi":true},"elements":[{"tag":"markdown","content":"` + strings.Repeat("a", maxCardBytes) + `"}]}`, CodeMsgTooLong},
	} {
		if _, code := patch(c.tok, c.id, c.content); code != c.code {
			t.Errorf("%s: %d, want %d", name, code, c.code)
		}
	}
	// 5 updates a second per message.
	e.clock.Add(time.Second)
	for i := 0; i < 5; i++ {
		if _, code := patch(e.tok, card, sharedCard(fmt.Sprint(i))); code != 0 {
			t.Fatalf("patch %d: %d", i, code)
		}
	}
	if st, code := patch(e.tok, card, sharedCard("6")); st != 400 || code != CodeMsgFrequency {
		t.Fatalf("sixth patch: %d %d", st, code)
	}
	// Older than 14 days.
	e.sim.AgeMessage(card, UpdateWindow)
	e.clock.Add(time.Second)
	if _, code := patch(e.tok, card, sharedCard("late")); code != CodeMsgUpdateExpired {
		t.Fatalf("after 14 days: %d", code)
	}

	recall := func(tok, id string) int {
		_, code, _ := e.call(http.MethodDelete, "/open-apis/im/v1/messages/"+id, tok, nil)
		return code
	}
	if code := recall(o.Token, text); code != CodeMsgRecallDenied {
		t.Fatalf("recall by another app: %d", code)
	}
	if code := recall(e.tok, text); code != 0 {
		t.Fatalf("recall: %d", code)
	}
	if code := recall(e.tok, text); code != CodeMsgRecalled {
		t.Fatalf("recall again: %d", code)
	}
	if _, code := patch(e.tok, private, sharedCard("x")); code != CodeMsgInvalidParam {
		t.Fatalf("patch private: %d", code)
	}
	if code := recall(e.tok, card); code != CodeMsgRecallExpired {
		t.Fatalf("recall after the window: %d", code)
	}
	if m, _ := e.sim.Message(text); !m.Recalled {
		t.Fatal("not recalled")
	}
	_, _, c2 := e.send(e.tok, "user_id", u, "interactive", sharedCard("y"), "")
	_ = recall(e.tok, c2)
	if _, code := patch(e.tok, c2, sharedCard("z")); code != CodeMsgRecalled {
		t.Fatalf("patch recalled: %d", code)
	}
}

func TestBatchSend(t *testing.T) {
	e := newMsgEnv(t)
	resigned := e.users[len(e.users)-1]
	if err := e.sim.Org().DeleteUser(resigned); err != nil {
		t.Fatal(err)
	}
	u0, _ := e.sim.Org().User(e.users[0])
	body := map[string]any{"msg_type": "text", "content": map[string]string{"text": "公告"},
		"user_ids": []string{e.users[0], e.users[1], "nobody", resigned},
		"open_ids": []string{OpenID(e.appID, e.users[0])}, "union_ids": []string{u0.UnionID}}
	st, code, data := e.call(http.MethodPost, "/open-apis/message/v4/batch_send/", e.tok, body)
	if st != 200 || code != 0 || !strings.HasPrefix(fmt.Sprint(data["message_id"]), "bm-") {
		t.Fatalf("batch: %d %d %v", st, code, data)
	}
	if got := fmt.Sprint(data["invalid_user_ids"]); got != "[nobody "+resigned+"]" {
		t.Fatalf("invalid user ids: %s", got)
	}
	// One copy per person, whichever list named them.
	if n, m := len(e.sim.Messages(e.users[0])), len(e.sim.Messages(e.users[1])); n != 1 || m != 1 {
		t.Fatalf("copies: %d %d", n, m)
	}
	if c := e.sim.Messages(e.users[0])[0]; c.Content != `{"text":"公告"}` || c.BatchID == "" {
		t.Fatalf("copy: %+v", c)
	}
	bid := fmt.Sprint(data["message_id"])
	// A post, department-wide.
	dept := u0.DepartmentIDs[0]
	st, code, data = e.call(http.MethodPost, "/open-apis/message/v4/batch_send/", e.tok, map[string]any{
		"msg_type": "post", "department_ids": []string{dept, "nodept"},
		"content": map[string]any{"post": map[string]any{"zh_cn": map[string]any{"title": "通知", "content": [][]map[string]string{{{"tag": "text", "text": "x"}}}}}}})
	if code != 0 || fmt.Sprint(data["invalid_department_ids"]) != "[nodept]" {
		t.Fatalf("department batch: %d %v", code, data)
	}
	if n := len(e.sim.Messages(e.users[0])); n != 2 {
		t.Fatalf("department copy missing: %d", n)
	}

	many := make([]string, 201)
	for i := range many {
		many[i] = e.users[0]
	}
	for name, c := range map[string]struct {
		body map[string]any
		code int
	}{
		"201 ids":  {map[string]any{"msg_type": "text", "content": map[string]string{"text": "x"}, "user_ids": many}, CodeBatchInvalidParam},
		"no ids":   {map[string]any{"msg_type": "text", "content": map[string]string{"text": "x"}}, CodeBatchInvalidParam},
		"no text":  {map[string]any{"msg_type": "text", "content": map[string]string{}, "user_ids": e.users[:1]}, CodeBatchInvalidParam},
		"bad card": {map[string]any{"msg_type": "interactive", "card": "x", "user_ids": e.users[:1]}, CodeBatchContentFail},
	} {
		if st, code, _ := e.call(http.MethodPost, "/open-apis/message/v4/batch_send/", e.tok, c.body); st != 200 || code != c.code {
			t.Errorf("%s: %d %d, want 200 %d", name, st, code, c.code)
		}
	}
	e.sim.SetBatchDailyQuota(4)
	if _, code, _ := e.call(http.MethodPost, "/open-apis/message/v4/batch_send/", e.tok, body); code != CodeBatchDailyQuota {
		t.Fatalf("daily quota: %d", code)
	}
	e.sim.SetScopes(e.appID, ScopeMessageSendAsBot)
	if _, code, _ := e.call(http.MethodPost, "/open-apis/message/v4/batch_send/", e.tok, body); code != CodeBatchNoMultiUsers {
		t.Fatalf("without send_multi_users: %d", code)
	}
	e.sim.SetScopes(e.appID, DefaultScopes...)

	// Batch recall: every copy, idempotent; unknown ids 230030; bm- ids
	// cannot be recalled one by one.
	if _, code, _ := e.call(http.MethodDelete, "/open-apis/im/v1/messages/"+bid, e.tok, nil); code != CodeMsgInvalidParam {
		t.Fatalf("single recall of a batch: %d", code)
	}
	for i := 0; i < 2; i++ {
		if _, code, _ := e.call(http.MethodDelete, "/open-apis/im/v1/batch_messages/"+bid, e.tok, nil); code != 0 {
			t.Fatalf("batch recall %d: %d", i, code)
		}
	}
	if !e.sim.Messages(e.users[1])[0].Recalled {
		t.Fatal("copy not recalled")
	}
	if _, code, _ := e.call(http.MethodDelete, "/open-apis/im/v1/batch_messages/bm-nothing", e.tok, nil); code != CodeMsgBatchNotFound {
		t.Fatalf("unknown batch: %d", code)
	}
}
