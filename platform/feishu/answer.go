package feishu

import (
	"errors"
	"net/url"
	"strings"

	"imbridge/platform"
)

// Messages of answers from hosts that are not Feishu's own. A corp's base
// URL may name a private deployment (or, through the operator's private
// allow-list, any internal host), and a refusal's msg is shown in the
// console and stored in deliveries and verifications: a tenant admin could
// read what an internal JSON service answers by aiming the base URL at it.
// So for such hosts the msg of a code none of the bridge's tables knows is
// replaced by the code's class: a real deployment answers the codes the
// bridge acts on, whose messages stay (answers that are not the Open
// Platform's are never quoted at all: transport.go).

// msgWithheld replaces a withheld message.
const msgWithheld = "the answer's message is not shown (an unknown code from a host that is not Feishu's own)"

// FeishuHost says whether a base URL names Feishu's or Lark's own open
// platform (open.feishu.cn, open.larksuite.com and their domains).
func FeishuHost(baseURL string) bool {
	u, err := url.Parse(baseURL)
	if err != nil || u.Scheme != "https" {
		return false
	}
	h := strings.ToLower(u.Hostname())
	for _, d := range []string{"feishu.cn", "larksuite.com", "larkoffice.com"} {
		if h == d || strings.HasSuffix(h, "."+d) {
			return true
		}
	}
	return false
}

// knownCode says whether a code is in one of the bridge's code tables.
func knownCode(code int) bool {
	if _, ok := codes[code]; ok {
		return true
	}
	if _, ok := messageCodes[code]; ok {
		return true
	}
	if _, ok := approvalCodes[code]; ok {
		return true
	}
	if _, ok := oauthCodes[code]; ok {
		return true
	}
	if _, ok := writeCodes[code]; ok {
		return true
	}
	if _, ok := sentinels[code]; ok {
		return true
	}
	for _, t := range apiCodes {
		if _, ok := t[code]; ok {
			return true
		}
	}
	return false
}

// answer withholds the message of an unknown code from a host that is not
// Feishu's own (Params.WithholdUnknown).
func (c *Client) answer(e *platform.Error) *platform.Error {
	if e != nil && c.withhold && e.Code != 0 && !knownCode(e.Code) {
		e.Msg = msgWithheld
	}
	return e
}

// withheld applies answer to a *platform.Error inside err.
func (c *Client) withheld(err error) error {
	var pe *platform.Error
	if errors.As(err, &pe) {
		c.answer(pe)
	}
	return err
}
