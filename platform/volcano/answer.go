package volcano

import (
	"net/url"
	"strings"

	"imbridge/platform"
)

// Messages of answers from hosts that are not Volcano's own. A corp's
// Volcano base URL may name another host (a simulator, or through the
// operator's private allow-list an internal one), and a refusal's Code and
// Message are shown in the console and stored with the broadcast: a tenant
// admin could read what an internal JSON service answers by aiming the base
// URL at it and shaping nothing. So for such hosts the text of a code the
// bridge's table (codes.go) does not know is replaced; known codes keep
// Volcano's words. Answers that are not the OpenAPI's envelope are never
// quoted at all (client.go). The same rule as platform/feishu/answer.go
// and platform/wecom/answer.go.

// msgWithheld replaces a withheld message.
const msgWithheld = "the answer's message is not shown (an unknown code from a host that is not Volcano's own)"

// VolcanoHost says whether a base URL names Volcano Engine's own OpenAPI
// (livesaas.volcengineapi.com and the other *.volcengineapi.com hosts),
// over https.
func VolcanoHost(baseURL string) bool {
	u, err := url.Parse(baseURL)
	if err != nil || u.Scheme != "https" {
		return false
	}
	h := strings.ToLower(u.Hostname())
	return h == "volcengineapi.com" || strings.HasSuffix(h, ".volcengineapi.com")
}

// knownCode says whether a text code is one of codes.go's.
func knownCode(code string) bool {
	switch code {
	case CodeActivityNotExist, CodeActivityHasBeenDeleted, CodeActivityIDInvalid:
		return true
	}
	_, ok := CodeN[code]
	return ok
}

// answer withholds the text of an unknown code (Params.WithholdUnknown).
func (c *Client) answer(code string, e *platform.Error) *platform.Error {
	if c.withhold && !knownCode(code) {
		e.Msg = msgWithheld
	}
	return e
}
