package wecom

import (
	"net/url"
	"strings"

	"imbridge/platform"
)

// Messages of answers from hosts that are not WeCom's own (a private
// deployment, an allow-listed internal host): the errmsg of a code the
// bridge's table does not know is withheld, so deliveries, verifications
// and the console never quote what an internal JSON service answered
// (answers that are not WeCom's shape were never quoted: call.go). The
// same rule as platform/feishu/answer.go.

const msgWithheld = "the answer's message is not shown (an unknown code from a host that is not WeCom's own)"

// WeComHost says whether a base URL names WeCom's own API
// (qyapi.weixin.qq.com, over https).
func WeComHost(baseURL string) bool {
	u, err := url.Parse(baseURL)
	if err != nil || u.Scheme != "https" {
		return false
	}
	h := strings.ToLower(u.Hostname())
	return h == "qyapi.weixin.qq.com" || strings.HasSuffix(h, ".work.weixin.qq.com")
}

// answer withholds the errmsg of an unknown code (Params.WithholdUnknown).
func (c *Client) answer(e *platform.Error) *platform.Error {
	if e == nil || !c.withhold || e.Code == 0 {
		return e
	}
	if _, ok := codes[e.Code]; !ok {
		e.Msg = msgWithheld
	}
	return e
}
