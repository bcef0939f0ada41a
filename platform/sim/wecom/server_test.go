package wecom_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	simwecom "imbridge/platform/sim/wecom"
)

func get(t *testing.T, url string) map[string]any {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET %s: HTTP %d %s", url, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func code(m map[string]any) int { return int(m["errcode"].(float64)) }

// The wire format: errcode/errmsg with HTTP 200, access_token in the
// query, the token's errcodes, the per-cgi limit, new apps' missing fields.
func TestWireFormat(t *testing.T) {
	org := simwecom.NewOrg("示例", "wwwire0001")
	org.AddUser(simwecom.User{UserID: "boss", Name: "老板", Departments: []int{1}, Mobile: "13800000000", Email: "b@ex.cn"})
	sim := simwecom.New(simwecom.Config{Org: org, PerMinute: 3, Apps: []simwecom.App{{AgentID: 1, Secret: "old"}, {AgentID: 2, Secret: "new", NewApp: true}}})
	defer sim.Close()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	if m := get(t, srv.URL+"/cgi-bin/gettoken?corpid=other&corpsecret=old"); code(m) != 40013 {
		t.Fatalf("another corpid: %v", m)
	}
	if m := get(t, srv.URL+"/cgi-bin/gettoken?corpid=wwwire0001&corpsecret=nope"); code(m) != 40001 || !strings.Contains(m["errmsg"].(string), "hint: [") {
		t.Fatalf("a wrong secret: %v", m)
	}
	tok := get(t, srv.URL+"/cgi-bin/gettoken?corpid=wwwire0001&corpsecret=old")
	if code(tok) != 0 || tok["expires_in"].(float64) != 7200 || tok["access_token"] == "" {
		t.Fatalf("gettoken: %v", tok)
	}
	if m := get(t, srv.URL+"/cgi-bin/user/list?department_id=1"); code(m) != 41001 {
		t.Fatalf("no token: %v", m)
	}
	if m := get(t, srv.URL+"/cgi-bin/user/list?department_id=1&access_token=forged"); code(m) != 40014 {
		t.Fatalf("a forged token: %v", m)
	}
	list := get(t, srv.URL+"/cgi-bin/user/list?department_id=1&access_token="+tok["access_token"].(string))
	u := list["userlist"].([]any)[0].(map[string]any)
	if u["userid"] != "boss" || u["mobile"] != "13800000000" || u["main_department"].(float64) != 1 {
		t.Fatalf("user/list: %v", list)
	}
	newTok := get(t, srv.URL+"/cgi-bin/gettoken?corpid=wwwire0001&corpsecret=new")["access_token"].(string)
	list = get(t, srv.URL+"/cgi-bin/user/list?department_id=1&access_token="+newTok)
	if u := list["userlist"].([]any)[0].(map[string]any); u["mobile"] != nil || u["email"] != nil {
		t.Fatalf("a new app got contact fields: %v", u)
	}
	// Third call to user/list in the minute passes, the fourth is 45009.
	if m := get(t, srv.URL+"/cgi-bin/user/list?department_id=1&access_token="+newTok); code(m) != 0 {
		t.Fatalf("third call: %v", m)
	}
	if m := get(t, srv.URL+"/cgi-bin/user/list?department_id=1&access_token="+newTok); code(m) != 45009 {
		t.Fatalf("over the per-cgi limit: %v", m)
	}
	sim.ExpireTokens()
	if m := get(t, srv.URL+"/cgi-bin/department/get?id=1&access_token="+newTok); code(m) != 42001 {
		t.Fatalf("an expired token: %v", m)
	}
}
