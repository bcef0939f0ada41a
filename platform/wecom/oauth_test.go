package wecom_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"imbridge/platform"
)

// Web login: the login page (here the simulator's) sends the browser back
// with a code, which identifies the member once; a new app gets no mobile
// but the employee number all the same.
func TestWebLogin(t *testing.T) {
	e := newEnv(t, smallOrg())
	c := e.client(t, appSecret)
	ctx := context.Background()
	back := "https://bridge.example.com/sso/wecom/callback"
	u, err := url.Parse(c.AuthorizeURL(back, "st-1"))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Path != "/wwlogin/sso/login" || q.Get("login_type") != "CorpApp" || q.Get("appid") != "wwtest" || q.Get("agentid") != "1000002" ||
		q.Get("redirect_uri") != back || q.Get("state") != "st-1" {
		t.Fatalf("login URL %s", u)
	}
	// The page, then the member "scans".
	resp, err := http.Get(u.String())
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("login page: %v %v", resp, err)
	}
	resp.Body.Close()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noFollow.PostForm(u.String(), url.Values{"agentid": {"1000002"}, "redirect_uri": {back}, "state": {"st-1"}, "userid": {"dev"}, "decision": {"allow"}})
	if err != nil || resp.StatusCode != http.StatusFound {
		t.Fatalf("scan: %v %v", resp, err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if !strings.HasPrefix(loc.String(), back) || loc.Query().Get("state") != "st-1" || loc.Query().Get("code") == "" {
		t.Fatalf("redirect %s", loc)
	}
	id, err := c.Identify(ctx, loc.Query().Get("code"), back)
	if err != nil {
		t.Fatal(err)
	}
	if id.UserID != "dev" || id.TenantKey != "wwtest" || id.Name != "开发" || id.Mobile != "+8613800000002" || id.EmployeeNo != "E007" {
		t.Fatalf("identity %+v", id)
	}
	// A code is good once: 40029.
	_, err = c.Identify(ctx, loc.Query().Get("code"), back)
	var pe *platform.Error
	if !errors.As(err, &pe) || pe.Code != 40029 || pe.Class.Retryable() {
		t.Fatalf("code used twice: %v", err)
	}
	// An app created after 2022-06-20 identifies the member without a mobile.
	n := e.client(t, newSecret)
	id, err = n.Identify(ctx, e.sim.LoginCode(1000003, "dev"), back)
	if err != nil || id.UserID != "dev" || id.Mobile != "" || id.EmployeeNo != "E007" {
		t.Fatalf("new app: %+v %v", id, err)
	}
	// A code issued for another app is refused.
	if _, err := c.Identify(ctx, e.sim.LoginCode(1000003, "dev"), back); !errors.As(err, &pe) || pe.Code != 40029 {
		t.Fatalf("another app's code: %v", err)
	}
	// A refusal on the page redirects without a code.
	resp, err = noFollow.PostForm(u.String(), url.Values{"agentid": {"1000002"}, "redirect_uri": {back}, "state": {"st-1"}, "decision": {"deny"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc, _ := url.Parse(resp.Header.Get("Location")); loc.Query().Get("code") != "" {
		t.Fatalf("refusal redirect with a code: %s", loc)
	}
}
