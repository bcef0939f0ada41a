package appclient

import (
	"net/url"
	"strings"

	lark "github.com/larksuite/oapi-sdk-go/v3"

	"imbridge/ent"
	"imbridge/ent/corp"
)

// defaultBaseURL is each platform's open API root, used when a corp leaves
// its API base URL empty (ent/schema/corp.go).
var defaultBaseURL = map[corp.Platform]string{
	corp.PlatformFeishu:   lark.FeishuBaseUrl,
	corp.PlatformWecom:    "https://qyapi.weixin.qq.com",
	corp.PlatformDingtalk: "https://api.dingtalk.com",
}

// BaseURL is where a corp's platform calls go: its API base URL, or the
// platform's default, normalized (scheme and host lower case, default port
// and trailing slash dropped) so that two spellings of one URL compare
// equal. App secrets are bound to it (App.secrets_base_url).
func BaseURL(c *ent.Corp) string {
	raw := c.APIBaseURL
	if raw == "" {
		raw = defaultBaseURL[c.Platform]
	}
	return NormalizeURL(raw)
}

// NormalizeURL is BaseURL's normal form of any API root.
func NormalizeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "443" && u.Scheme == "https" || port == "80" && u.Scheme == "http" {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String()
}
