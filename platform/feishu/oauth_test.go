package feishu_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"imbridge/platform"
	"imbridge/platform/feishu"
	feishusim "imbridge/platform/sim/feishu"
)

const testRedirect = "https://bridge.example/sso/feishu/callback"

// scan drives the simulator's authorize page as a browser would: the page
// from AuthorizeURL, then its form posted as the person; it returns the
// redirect the page answers with.
func scan(t *testing.T, e *env, userID, decision string) *url.URL {
	t.Helper()
	page := e.client.AuthorizeURL(testRedirect, "st-1")
	u, _ := url.Parse(page)
	if u.Path != "/open-apis/authen/v1/authorize" || u.Query().Get("client_id") != e.appID || u.Query().Get("redirect_uri") != testRedirect ||
		u.Query().Get("state") != "st-1" || u.Query().Get("response_type") != "code" {
		t.Fatalf("authorize URL %s", page)
	}
	resp, err := http.Get(page)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("authorize page: %s", resp.Status)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noFollow.PostForm(page, url.Values{"client_id": {e.appID}, "redirect_uri": {testRedirect}, "state": {"st-1"},
		"user_id": {userID}, "decision": {decision}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("decision: %s", resp.Status)
	}
	loc, _ := url.Parse(resp.Header.Get("Location"))
	return loc
}

func TestOAuthIdentify(t *testing.T) {
	org := feishusim.Generate(feishusim.GenOptions{Name: "OAuth Co", TenantKey: "tk-oauth", Users: 5, Departments: 2, Depth: 1, Seed: 7})
	e := newEnv(t, feishusim.Config{Org: org}, nil)
	user := org.Snapshot().Users[0]

	loc := scan(t, e, user.UserID, "allow")
	code := loc.Query().Get("code")
	if loc.Query().Get("state") != "st-1" || code == "" {
		t.Fatalf("redirect %s", loc)
	}
	id, err := e.client.Identify(testCtx(t), code, testRedirect)
	if err != nil {
		t.Fatal(err)
	}
	if id.UserID != user.UserID || id.UnionID != user.UnionID || id.TenantKey != "tk-oauth" || id.Name != user.Name ||
		id.OpenID != feishusim.OpenID(e.appID, user.UserID) || id.Mobile != user.Mobile || id.Email != user.Email {
		t.Fatalf("identity %+v, want %+v", id, user)
	}

	// The same code again: 20065, a permanent refusal with the remedy.
	_, err = e.client.Identify(testCtx(t), code, testRedirect)
	wantOAuthCode(t, err, 20065, platform.ClassInvalid)

	// A refusal on the page comes back as error=access_denied.
	if loc := scan(t, e, user.UserID, "deny"); loc.Query().Get("error") != "access_denied" || loc.Query().Get("code") != "" {
		t.Fatalf("refusal redirect %s", loc)
	}
}

func TestOAuthRefusals(t *testing.T) {
	org := feishusim.Generate(feishusim.GenOptions{Name: "OAuth Co", TenantKey: "tk-oauth", Users: 5, Departments: 2, Depth: 1, Seed: 7})
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	e := newEnv(t, feishusim.Config{Org: org, Now: func() time.Time { return now }}, nil)
	users := org.Snapshot().Users
	ctx := testCtx(t)

	_, err := e.client.Identify(ctx, "no-such-code", testRedirect)
	wantOAuthCode(t, err, 20003, platform.ClassInvalid)

	code, _ := e.sim.Authorize(e.appID, users[0].UserID, testRedirect)
	_, err = e.client.Identify(ctx, code, "https://elsewhere.example/cb")
	wantOAuthCode(t, err, 20071, platform.ClassInvalid)

	code, _ = e.sim.Authorize(e.appID, users[0].UserID, testRedirect)
	now = now.Add(feishusim.OAuthCodeTTL)
	_, err = e.client.Identify(ctx, code, testRedirect)
	wantOAuthCode(t, err, 20004, platform.ClassInvalid)

	// A frozen person cannot get a token.
	if _, err := org.UpdateUser(users[1].UserID, func(u *feishusim.User) { u.Frozen = true }); err != nil {
		t.Fatal(err)
	}
	code, _ = e.sim.Authorize(e.appID, users[1].UserID, testRedirect)
	_, err = e.client.Identify(ctx, code, testRedirect)
	wantOAuthCode(t, err, 20066, platform.ClassInvalid)

	// A wrong secret: 20002, the app's credentials.
	bad := e.newClient(func(p *feishu.Params) { p.AppSecret = "wrong" })
	code, _ = e.sim.Authorize(e.appID, users[2].UserID, testRedirect)
	_, err = bad.Identify(ctx, code, testRedirect)
	wantOAuthCode(t, err, 20002, platform.ClassCredentials)
}

func TestAccountsURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://open.feishu.cn":           "https://accounts.feishu.cn",
		"https://open.larksuite.com":       "https://accounts.larksuite.com",
		"http://127.0.0.1:8080/sim/feishu": "http://127.0.0.1:8080/sim/feishu",
		"https://feishu.corp.example/open": "https://feishu.corp.example/open",
	} {
		if got := feishu.AccountsURL(in); got != want {
			t.Errorf("AccountsURL(%s) = %s, want %s", in, got, want)
		}
	}
}

func wantOAuthCode(t *testing.T, err error, code int, class platform.ErrorClass) {
	t.Helper()
	var pe *platform.Error
	if !errors.As(err, &pe) || pe.Code != code || pe.Class != class {
		t.Fatalf("want code %d (%s), got %v", code, class, err)
	}
	if pe.Hint == "" || strings.Contains(pe.Error(), "secret-") {
		t.Fatalf("error %q: want a hint and no secret", pe.Error())
	}
}
