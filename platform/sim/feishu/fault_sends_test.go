package feishu

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// postControl posts one form field to a fault control of s.
func postControl(s *Server, path, field, value string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(url.Values{field: {value}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	s.ServeHTTP(rec, req)
	return rec
}

// POST /_fail_sends n refuses the next n message sends with 99991672,
// naming the message scopes, only while the control is on; other APIs
// (a user read) still answer, n=0 cancels what is pending, and a value
// outside 0–100 is refused naming the field.
func TestFailSendsControl(t *testing.T) {
	e := newMsgEnv(t)
	u := e.users[0]
	if rec := postControl(e.sim, "/_fail_sends", "n", "2"); rec.Code != http.StatusNotFound {
		t.Fatalf("control off: %d", rec.Code)
	}
	if _, code, _ := e.send(e.tok, "user_id", u, "text", textHi, ""); code != 0 {
		t.Fatalf("control off, send: code %d", code)
	}
	e.sim.EnableFaultControl(true)
	for _, bad := range []string{"-1", "101", "some", ""} {
		if rec := postControl(e.sim, "/_fail_sends", "n", bad); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "n:") {
			t.Errorf("%q: %d %q", bad, rec.Code, rec.Body.String())
		}
	}
	if rec := postControl(e.sim, "/_fail_sends", "n", "2"); rec.Code != http.StatusNoContent {
		t.Fatalf("control on: %d %s", rec.Code, rec.Body.String())
	}
	// A read is not a send: it answers, and does not use up the count.
	if st, code, _ := e.call(http.MethodGet, "/open-apis/contact/v3/users/"+u+"?user_id_type=user_id", e.tok, nil); st != http.StatusOK || code != 0 {
		t.Fatalf("user read: %d code %d", st, code)
	}
	for i := range 2 {
		st, code, id := e.send(e.tok, "user_id", u, "text", textHi, "")
		if st != http.StatusBadRequest || code != CodeScopeMissing || id != "" {
			t.Fatalf("send %d: %d code %d id %q, want 400 99991672", i, st, code, id)
		}
	}
	if _, code, _ := e.send(e.tok, "user_id", u, "text", textHi, ""); code != 0 {
		t.Fatalf("third send: code %d", code)
	}
	// The refusal names the scopes, as the gateway does.
	postControl(e.sim, "/_fail_sends", "n", "1")
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/open-apis/im/v1/messages?receive_id_type=user_id",
		strings.NewReader(`{"receive_id":"`+u+`","msg_type":"text","content":"{\"text\":\"hi\"}"}`))
	req.Header.Set("Authorization", "Bearer "+e.tok)
	e.sim.ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), "im:message:send_as_bot") || !strings.Contains(rec.Body.String(), "permission_violations") {
		t.Fatalf("refusal body: %s", rec.Body.String())
	}
	// 0 cancels a pending count.
	postControl(e.sim, "/_fail_sends", "n", "5")
	if rec := postControl(e.sim, "/_fail_sends", "n", "0"); rec.Code != http.StatusNoContent {
		t.Fatalf("n=0: %d", rec.Code)
	}
	if _, code, _ := e.send(e.tok, "user_id", u, "text", textHi, ""); code != 0 {
		t.Fatalf("after n=0: code %d", code)
	}
}
