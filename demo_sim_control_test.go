package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The demo simulator's fault controls need the console session of a super
// admin or of the demo tenant's admin, from the console's own origin
// (anyone who reaches the demo could otherwise slow or fail its sends); the
// simulated Feishu API itself needs none, as Feishu's does not.
func TestDemoSimulatorControlsNeedAnAdminSession(t *testing.T) {
	a := startDemo(t)
	admin := loginAsSuperAdmin(t, a)
	// A viewer of another tenant: signed in, but not the demo's to control.
	var made struct{ CreateTenant struct{ ID string } }
	mustData(t, admin, `mutation { createTenant(input: {name: "Other", slug: "other"}) { id } }`, nil, &made)
	mustData(t, admin, `mutation($t: ID!) { createAdmin(input: {username: "other-viewer", password: "Other-viewer-pass-1", role: viewer, tenantID: $t}) { id } }`,
		map[string]any{"t": made.CreateTenant.ID}, nil)
	viewerOfOther := loginAs(t, a, "other-viewer", "Other-viewer-pass-1")
	post := func(path, field, value, cookie string, origin ...string) int {
		req, _ := http.NewRequest(http.MethodPost, admin.base+demoSimPath+path, strings.NewReader(url.Values{field: {value}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		if len(origin) > 0 {
			req.Header.Set("Origin", origin[0])
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
		if code := post(c.path, c.field, c.value, admin.cookie, admin.base); code != http.StatusNoContent {
			t.Errorf("%s from the console's origin: %d, want 204", c.path, code)
		}
		if code := post(c.path, c.field, c.value, admin.cookie, "http://127.0.0.1:1"); code != http.StatusForbidden {
			t.Errorf("%s from another origin of the same site: %d, want 403", c.path, code)
		}
		if code := post(c.path, c.field, c.value, viewerOfOther.cookie); code != http.StatusForbidden {
			t.Errorf("%s by another tenant's viewer: %d, want 403", c.path, code)
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

// mustData runs a GraphQL operation as c, failing the test on any error.
func mustData(t *testing.T, c *consoleCaller, query string, vars map[string]any, out any) {
	t.Helper()
	data, errs := c.do(query, vars)
	if len(errs) > 0 {
		t.Fatalf("%s: %+v", query, errs)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatal(err)
		}
	}
}
