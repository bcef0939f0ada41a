package graph

import (
	"context"
	"net/url"
	"regexp"
	"strings"

	"imbridge/ent"
	"imbridge/ent/corp"
	"imbridge/graph/model"
	"imbridge/platform/appclient"
)

// corpIDRule: a WeCom corpid as the admin console shows it (ww… or wx…,
// letters and digits).
var corpIDRule = regexp.MustCompile(`^w[wx][0-9A-Za-z]{6,30}$`)

// checkWeComCorp: a WeCom corp needs its corpid (the client's gettoken
// and the callbacks' receiveid check use it).
func checkWeComCorp(platform corp.Platform, corpID *string, clear bool) error {
	if platform != corp.PlatformWecom {
		return nil
	}
	if clear || corpID == nil || !corpIDRule.MatchString(strings.TrimSpace(*corpID)) {
		return badInput("input.corpID", "a WeCom corp needs its corpid (我的企业 › 企业信息 › 企业ID, \"ww\" and letters or digits)")
	}
	return nil
}

// checkWeComApp validates a WeCom app's fields: the app id is the AgentId
// (or "contacts" for the 通讯录同步 secret) and the EncodingAESKey, stored
// as the encrypt key, is 43 characters of Base64.
func checkWeComApp(c *ent.Corp, appID, encodingAESKey *string) error {
	if c.Platform != corp.PlatformWecom {
		return nil
	}
	if appID != nil {
		if err := appclient.CheckWeComAppID(strings.TrimSpace(*appID)); err != nil {
			return badInput("input.appID", err.Error())
		}
	}
	if encodingAESKey != nil && *encodingAESKey != "" && !aesKeyRule.MatchString(*encodingAESKey) {
		return badInput("input.encryptKey", "the WeCom EncodingAESKey is 43 letters and digits (应用管理 › the app › 接收消息 › EncodingAESKey)")
	}
	return nil
}

var aesKeyRule = regexp.MustCompile(`^[0-9A-Za-z]{43}$`)

// wecomSetup adds what WeCom's console asks for: the callback URL (接收
// 消息服务器配置 › URL), the trusted domain (网页授权及JS-SDK › 可信域名,
// the public host), and the trusted IP note (企业可信IP: required for
// apps created after 2022-06-20, else 60020).
func wecomSetup(public string, s *model.AppSetup, id string) {
	base := strings.TrimRight(public, "/")
	s.EventRequestURL = base + "/callback/wecom/" + id
	s.ApprovalCallbackURL = nil // the approval center is Feishu's
	s.OauthRedirectURL = base + "/sso/wecom/" + id + "/callback"
	s.HomepageURL = base + "/sso/wecom/" + id + "/home"
	if u, err := url.Parse(base); err == nil {
		host := u.Host
		s.TrustedDomain = &host
	}
	note := "Add this server's public egress IP under 应用管理 › the app › 企业可信IP (WeCom refuses other IPs with 60020 for apps created after 2022-06-20); with a 通讯录同步 secret, the same IP must be allowed there."
	s.IPAllowListNote = &note
}

// setupFor builds an app's setup values for its corp's platform.
func (r *Resolver) setupFor(ctx context.Context, a *ent.App) (*model.AppSetup, error) {
	s := appSetup(r.PublicURL, a)
	c, err := a.Corp(ctx)
	if err != nil {
		return nil, err
	}
	if c.Platform == corp.PlatformWecom {
		wecomSetup(r.PublicURL, s, s.EventRequestURL[strings.LastIndex(s.EventRequestURL, "/")+1:])
	}
	return s, nil
}
