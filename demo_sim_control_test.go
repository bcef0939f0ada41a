package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The demo simulator's fault controls need an admin's console session
// (anyone who reaches the demo could otherwise slow or fail its sends); the
// simulated Feishu API itself needs none, as Feishu's does not.
func TestDemoSimulatorControlsNeedAnAdminSession(t *testing.T) {
	a := startDemo(t)
	admin := loginAsSuperAdmin(t, a)
	post := func(path, field, value, cookie string) int {
		req, _ := http.NewRequest(http.MethodPost, admin.base+demoSimPath+path, strings.NewReader(url.Values{field: {value}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, c := range []struct{ path, field, value string }{{"/_latency", "ms", "0"}, {"/_fail_sends", "n", "0"}} {
		if code := post(c.path, c.field, c.value, ""); code != http.StatusUnauthorized {
			t.Errorf("%s without a session: %d, want 401", c.path, code)
		}
		if code := post(c.path, c.field, c.value, "imbridge_session=forged"); code != http.StatusUnauthorized {
			t.Errorf("%s with a forged session: %d, want 401", c.path, code)
		}
		if code := post(c.path, c.field, c.value, admin.cookie); code != http.StatusNoContent {
			t.Errorf("%s with the admin's session: %d, want 204", c.path, code)
		}
	}
	// The simulated API answers without a session (a bad credential here).
	resp, err := http.Post(admin.base+demoSimPath+"/open-apis/auth/v3/tenant_access_token/internal", "application/json",
		strings.NewReader(`{"app_id":"cli_x","app_secret":"wrong"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusUnauthorized && resp.Header.Get("Content-Type") == "text/plain; charset=utf-8" {
		t.Errorf("the simulated API asked for a session")
	}
}
