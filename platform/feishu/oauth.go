package feishu

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"imbridge/platform"
)

// Web login (reference/feishu-api.md §5; the doc pages 获取授权码
// obtain-oauth-code, 获取 user_access_token get-user-access-token and 获取用户信息
// authen-v1/user_info/get):
//
//   - the authorize page is GET https://accounts.feishu.cn/open-apis/authen/v1/authorize
//     with client_id, response_type=code, redirect_uri, state (and scope);
//     it answers redirect_uri?code=…&state=… (code valid 5 minutes, once),
//     or error=access_denied when the person refuses;
//   - the token endpoint is POST https://open.feishu.cn/open-apis/authen/v2/oauth/token,
//     RFC 6749 (the doc recommends a standard OAuth client library: the
//     SDK v3.5.4 only has authen v1), client_id and client_secret in the
//     body; errors are HTTP 400/500/503 with {code, error, error_description};
//   - user_info is GET https://open.feishu.cn/open-apis/authen/v1/user_info
//     with the user token: {code, msg, data:{name, en_name, avatar_url,
//     open_id, union_id, email, enterprise_email, user_id, mobile,
//     tenant_key, employee_no}}; user_id, mobile, email and employee_no only
//     with their field permissions.
//
// Both calls go through the client's egress-checked HTTP client and the
// shared limiter ("1000 次/分钟、50 次/秒" on the token page; user_info says
// 特殊频控 without numbers, so it gets the same tier: one call per login,
// right after a token call that is held to it anyway).
const (
	APIOAuthToken = "POST /open-apis/authen/v2/oauth/token"
	APIUserInfo   = "GET /open-apis/authen/v1/user_info"
	authorizePath = "/open-apis/authen/v1/authorize"
)

var _ platform.OAuth = (*Client)(nil)

// AccountsURL is where the authorize page of an open platform root is:
// Feishu serves it on accounts.feishu.cn next to open.feishu.cn (Lark:
// accounts.larksuite.com); a root that is not an open.* host (a private
// deployment, the simulator) serves it itself.
func AccountsURL(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	if rest, ok := strings.CutPrefix(u.Host, "open."); ok {
		u.Host = "accounts." + rest
	}
	return u.String()
}

func (c *Client) oauthConfig(redirectURI string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     c.appID,
		ClientSecret: c.secret,
		RedirectURL:  redirectURI,
		Endpoint: oauth2.Endpoint{
			AuthURL:  AccountsURL(c.base) + authorizePath,
			TokenURL: c.base + "/open-apis/authen/v2/oauth/token",
			// The doc: client_id and client_secret in the body; sending Basic
			// authentication too is refused with 20070.
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// AuthorizeURL is the authorize page for this app. No scope is asked for:
// user_info needs none (its sensitive fields follow the app's own field
// permissions).
func (c *Client) AuthorizeURL(redirectURI, state string) string {
	return c.oauthConfig(redirectURI).AuthCodeURL(state)
}

// Identify exchanges the code at the v2 token endpoint and reads user_info.
func (c *Client) Identify(ctx context.Context, code, redirectURI string) (platform.Identity, error) {
	if err := c.limiter.Wait(ctx, c.limitKey(APIOAuthToken), c.limitsFor(APIOAuthToken)...); err != nil {
		return platform.Identity{}, err
	}
	tok, err := c.oauthConfig(redirectURI).Exchange(context.WithValue(ctx, oauth2.HTTPClient, c.hc), code)
	if err != nil {
		var pe *platform.Error
		if errors.As(oauthError(err), &pe) {
			return platform.Identity{}, c.oauthAnswer(pe)
		}
		return platform.Identity{}, oauthError(err)
	}
	if err := c.limiter.Wait(ctx, c.limitKey(APIUserInfo), c.limitsFor(APIUserInfo)...); err != nil {
		return platform.Identity{}, err
	}
	return c.userInfo(ctx, tok.AccessToken)
}

// userInfo reads who a user access token belongs to.
func (c *Client) userInfo(ctx context.Context, userToken string) (platform.Identity, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/open-apis/authen/v1/user_info", nil)
	if err != nil {
		return platform.Identity{}, err
	}
	req.Header.Set("Authorization", "Bearer "+userToken)
	resp, err := c.hc.Do(req)
	if err != nil {
		return platform.Identity{}, fmt.Errorf("feishu user_info: %w", err)
	}
	defer resp.Body.Close()
	var out struct {
		Code int    `json:"code"`
		Msg  string `json:"msg"`
		Data struct {
			Name            string `json:"name"`
			EnName          string `json:"en_name"`
			AvatarURL       string `json:"avatar_url"`
			OpenID          string `json:"open_id"`
			UnionID         string `json:"union_id"`
			Email           string `json:"email"`
			EnterpriseEmail string `json:"enterprise_email"`
			UserID          string `json:"user_id"`
			Mobile          string `json:"mobile"`
			TenantKey       string `json:"tenant_key"`
			EmployeeNo      string `json:"employee_no"`
		} `json:"data"`
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err := json.Unmarshal(body, &out); err != nil {
		return platform.Identity{}, fmt.Errorf("feishu user_info: %w", err)
	}
	if out.Code != 0 || resp.StatusCode != http.StatusOK {
		return platform.Identity{}, c.oauthAnswer(oauthCodeError(resp.StatusCode, out.Code, out.Msg, resp.Header.Get("X-Tt-Logid")))
	}
	d := out.Data
	return platform.Identity{
		TenantKey: d.TenantKey, UserID: d.UserID, UnionID: d.UnionID, OpenID: d.OpenID,
		Name: d.Name, EnName: d.EnName, Email: d.Email, Mobile: d.Mobile, EmployeeNo: d.EmployeeNo, AvatarURL: d.AvatarURL,
	}, nil
}

// oauthError turns the token endpoint's refusal into *platform.Error: its
// body is {code, error, error_description} (the HTTP status is 400, 500 or
// 503). Anything else (no answer, a refused destination) stays as it is.
func oauthError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return fmt.Errorf("feishu oauth token: %w", err)
	}
	var body struct {
		Code        int    `json:"code"`
		Msg         string `json:"msg"`
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	_ = json.Unmarshal(re.Body, &body)
	msg := body.Description
	if msg == "" {
		msg = body.Msg
	}
	if msg == "" {
		msg = body.Error
	}
	status, logID := 0, ""
	if re.Response != nil {
		status, logID = re.Response.StatusCode, re.Response.Header.Get("X-Tt-Logid")
	}
	return oauthCodeError(status, body.Code, msg, logID)
}

// oauthAnswer is answer for the OAuth endpoints, whose refusals may come
// without a code (an error_description alone, as OAuth servers answer): from
// a host that is not Feishu's own such a message is withheld too, since
// Feishu's own refusals carry a code (the 20xxx codes of the token endpoint,
// reference/feishu-api.md §3) and an internal service's text would otherwise
// reach the login page and the audit log.
func (c *Client) oauthAnswer(e *platform.Error) *platform.Error {
	if e != nil && c.withhold && e.Code == 0 && e.Msg != "" {
		e.Msg = msgWithheld
	}
	return c.answer(e)
}

func oauthCodeError(status, code int, msg, logID string) *platform.Error {
	e := &platform.Error{Platform: PlatformName, Code: code, Msg: platform.CleanMessage(msg), HTTPStatus: status, LogID: platform.CleanLogID(logID)}
	if info, ok := oauthCodes[code]; ok {
		e.Class, e.Hint = info.class, info.hint
	} else {
		e.Class, e.Hint = classify(code, status)
	}
	return e
}
