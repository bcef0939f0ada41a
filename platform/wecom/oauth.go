package wecom

import (
	"context"
	"errors"
	"net/url"

	"imbridge/platform"
)

// Web login (企业微信Web登录, path/98151 构造企业微信登录链接 and path/98176
// 获取用户登录身份):
//
//   - the login page is GET https://login.work.weixin.qq.com/wwlogin/sso/login
//     with login_type=CorpApp (a self-built app), appid (the corpid),
//     agentid, redirect_uri (on the app's 可信域名 / 授权回调域名) and state;
//     after the member scans (or confirms in the desktop client) the
//     browser goes to redirect_uri?code=…&state=…;
//   - GET /cgi-bin/auth/getuserinfo?access_token=&code= answers the
//     member's userid (a non-member gets openid instead); a code is good
//     once, for 5 minutes: 40029 (invalid code) otherwise;
//   - the profile is then read with user/get (name, 工号 custom field;
//     mobile and e-mail only for apps created before 2022-06-20).
//
// The person's enterprise is this client's corp (TenantKey = corpid).

// APIAuthUserInfo is getuserinfo of web login.
const APIAuthUserInfo = "GET /cgi-bin/auth/getuserinfo"

// DefaultLoginURL serves WeCom's login page.
const DefaultLoginURL = "https://login.work.weixin.qq.com"

// LoginPath is the login page's path.
const LoginPath = "/wwlogin/sso/login"

var _ platform.OAuth = (*Client)(nil)

// ErrNotAMember: the login is of someone outside the corp (getuserinfo
// answered an openid, not a userid).
var ErrNotAMember = &platform.Error{Platform: PlatformName, Class: platform.ClassOutOfRange,
	Msg: "the person who scanned is not a member of this WeCom corp"}

// loginBase: WeCom serves the login page on its own host; a BaseURL that
// is not WeCom's (a private deployment, the simulator) serves it itself.
func (c *Client) loginBase() string {
	if c.base == DefaultBaseURL {
		return DefaultLoginURL
	}
	return c.base
}

// AuthorizeURL is the app's login page.
func (c *Client) AuthorizeURL(redirectURI, state string) string {
	q := url.Values{"login_type": {"CorpApp"}, "appid": {c.corpID}, "agentid": {c.agentID}, "redirect_uri": {redirectURI}, "state": {state}}
	return c.loginBase() + LoginPath + "?" + q.Encode()
}

// Identify turns a login code into the member: getuserinfo, then user/get
// for the profile (a member outside the app's visible range is still
// identified, by userid alone).
func (c *Client) Identify(ctx context.Context, code, _ string) (platform.Identity, error) {
	if c.agentID == "" {
		return platform.Identity{}, errors.New("wecom: login needs an app with an AgentId, not the 通讯录同步 secret")
	}
	var ans struct {
		envelope
		UserID string `json:"userid"`
		OpenID string `json:"openid"`
	}
	if err := c.do(ctx, APIAuthUserInfo, url.Values{"code": {code}}, nil, &ans); err != nil {
		return platform.Identity{}, err
	}
	if ans.UserID == "" {
		return platform.Identity{}, ErrNotAMember
	}
	id := platform.Identity{TenantKey: c.corpID, UserID: ans.UserID}
	u, err := c.GetUser(ctx, ans.UserID)
	switch {
	case err == nil:
		d := u.DirUser(c.employeeNoAttr)
		id.Name, id.EnName, id.Email, id.EmployeeNo = d.Name, d.EnName, d.Email, d.EmployeeNo
		if d.Mobile != "" {
			id.Mobile = wecomToE164(d.Mobile)
		}
	case platform.ClassOf(err) != platform.ClassOutOfRange:
		return platform.Identity{}, err
	}
	return id, nil
}

// wecomToE164 reads a mobile as WeCom shows it (11 digits for mainland
// numbers, "+852 …" style otherwise) as E.164 where it is a mainland
// number; anything else is left for the binding's own normalisation.
func wecomToE164(m string) string {
	if len(m) == 11 && m[0] == '1' {
		for _, r := range m {
			if r < '0' || r > '9' {
				return m
			}
		}
		return "+86" + m
	}
	return m
}
