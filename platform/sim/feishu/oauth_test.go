package feishu

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The token endpoint speaks the documented wire format: a JSON body (the
// doc's Content-Type) or a form, refusals with HTTP 400 and
// {code, error, error_description}.
func TestOAuthTokenWireFormat(t *testing.T) {
	org := Generate(GenOptions{Name: "T", TenantKey: "tk", Users: 3, Departments: 1, Depth: 1, Seed: 1})
	s := New(Config{Org: org, Apps: []App{{ID: "cli_wire", Secret: "sec"}}})
	defer s.Close()
	srv := httptest.NewServer(s)
	defer srv.Close()
	user := org.Snapshot().Users[0].UserID
	post := func(body string, basic bool) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/open-apis/authen/v2/oauth/token", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		if basic {
			req.SetBasicAuth("cli_wire", "sec")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	code, _ := s.Authorize("cli_wire", user, "https://cb.example/cb")
	body := `{"grant_type":"authorization_code","client_id":"cli_wire","client_secret":"sec","code":"` + code + `","redirect_uri":"https://cb.example/cb"}`
	for _, c := range []struct {
		body  string
		basic bool
		code  float64
		rfc   string
	}{
		{`{"client_id":"cli_wire"}`, false, CodeOAuthMissingParam, "invalid_request"},
		{`{"grant_type":"refresh_token","client_id":"cli_wire","client_secret":"sec","refresh_token":"x"}`, false, CodeOAuthGrantType, "unsupported_grant_type"},
		{body, true, CodeOAuthAuthMethods, "invalid_request"},
		{strings.Replace(body, `"sec"`, `"bad"`, 1), false, CodeOAuthClientSecret, "invalid_client"},
		{strings.Replace(body, `"cli_wire"`, `"cli_nope"`, 1), false, CodeOAuthAppNotExist, "invalid_client"},
	} {
		status, out := post(c.body, c.basic)
		if status != http.StatusBadRequest || out["code"] != c.code || out["error"] != c.rfc || out["error_description"] == "" {
			t.Errorf("%s: %d %v", c.body, status, out)
		}
	}
	status, out := post(body, false)
	if status != http.StatusOK || out["code"] != float64(0) || !strings.HasPrefix(out["access_token"].(string), "u-") || out["token_type"] != "Bearer" || out["expires_in"] != float64(7200) {
		t.Fatalf("exchange: %d %v", status, out)
	}
	if status, out := post(body, false); status != http.StatusBadRequest || out["code"] != float64(CodeOAuthCodeUsed) {
		t.Fatalf("second exchange: %d %v", status, out)
	}
	// user_info with the token; an unknown token is 20005 with HTTP 200.
	get := func(tok string) map[string]any {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/open-apis/authen/v1/user_info", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("user_info: HTTP %d", resp.StatusCode)
		}
		return m
	}
	if m := get(out["access_token"].(string)); m["code"] != float64(0) || m["data"].(map[string]any)["user_id"] != user {
		t.Fatalf("user_info: %v", m)
	}
	if m := get("u-unknown"); m["code"] != float64(CodeUserTokenInvalid) {
		t.Fatalf("unknown token: %v", m)
	}
}
