package sso

import (
	"html/template"
	"net/http"
	"strings"
)

// reason is one way a login can end short of a ticket, with the page that
// says so. Keys are stable (data-reason on the page, the audit summary).
type reason struct {
	status int
	zh, en string
}

var reasons = map[string]reason{
	"corp":          {http.StatusNotFound, "找不到该企业的扫码登录，或未开启扫码登录。", "QR-code login is not available for this corp (unknown, or not enabled)."},
	"return_to":     {http.StatusBadRequest, "登录后要返回的地址不在允许的来源中。请从 OA 登录页重新开始。", "The address to return to after login is not an allowed origin. Start again from the OA's login page."},
	"state":         {http.StatusBadRequest, "登录请求缺失、已使用或已过期。请从 OA 登录页重新开始。", "The login request is missing, already used or expired. Start again from the OA's login page."},
	"browser":       {http.StatusBadRequest, "登录请求不是在此浏览器中发起的。请在同一浏览器中重新开始。", "The login was not started in this browser. Start again in the same browser."},
	"denied":        {http.StatusForbidden, "你拒绝了授权，未登录。", "You refused the authorization; you are not logged in."},
	"code":          {http.StatusBadRequest, "授权码已使用或已过期。请重新扫码。", "The authorization code was already used or has expired. Scan again."},
	"platform":      {http.StatusBadGateway, "{im_zh}拒绝了登录。", "{im_en} refused the login."},
	"busy":          {http.StatusServiceUnavailable, "服务暂时繁忙，请稍后重试。", "The service is busy; try again in a moment."},
	"not_found":     {http.StatusForbidden, "你不在该企业的通讯录中（或尚未同步）。请联系管理员。", "You are not in the corp's directory (or it has not been synced yet). Ask your administrator."},
	"user_disabled": {http.StatusForbidden, "你的账号已停用或已离职，不能登录。", "Your account is disabled or has left the organisation; you cannot log in."},
	"unbound":       {http.StatusForbidden, "你的{im_zh}账号尚未绑定 OA 账号，且未开启登录时绑定。请联系管理员绑定。", "Your {im_en} account is not bound to an OA account, and binding at login is off. Ask your administrator to bind it."},
	"pending":       {http.StatusBadRequest, "此登录已结束或已过期。请重新扫码。", "This login has ended or expired. Scan again."},
	"throttled":     {http.StatusTooManyRequests, "尝试次数过多，请稍后再试。", "Too many attempts; try again later."},
	"no_admin":      {http.StatusForbidden, "没有管理员账号绑定到此{im_zh}账号。请先用密码登录，在右上角菜单中绑定{im_zh}账号。", "No admin account is bound to this {im_en} account. Log in with your password and link your {im_en} account from the menu at the top right first."},
	"not_signed_in": {http.StatusUnauthorized, "请先登录控制台。", "Log into the console first."},
}

// page is what every page of the flow shows.
type page struct {
	Reason         string
	TitleZH        string
	TitleEN        string
	MsgZH, MsgEN   string
	Detail         string
	Choices        []choice
	Pending        string
	Bind           bool
	Person         string
	ErrorZH, ErrEN string
}

type choice struct {
	Index        int
	Tenant, Corp string
}

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{.TitleZH}} · {{.TitleEN}}</title>
<style>body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:32em;margin:3em auto;padding:0 1em;color:#1f2329}
.en{color:#646a73}.err{color:#d83931}button{padding:.5em 1.2em}label{display:block;margin:.6em 0}input{padding:.4em;width:100%;box-sizing:border-box}
li{margin:.5em 0}</style></head>
<body data-reason="{{.Reason}}">
<h1>{{.TitleZH}} <span class="en">{{.TitleEN}}</span></h1>
{{if .MsgZH}}<p id="message">{{.MsgZH}}<br><span class="en">{{.MsgEN}}</span></p>{{end}}
{{if .Detail}}<p class="en" id="detail">{{.Detail}}</p>{{end}}
{{if .Choices}}<form method="post" action="/sso/pick"><input type="hidden" name="pending" value="{{.Pending}}">
<p>选择要登录的团队和企业 <span class="en">Choose the team and corp to log in to</span></p><ul>
{{range .Choices}}<li><button name="choice" value="{{.Index}}">{{.Tenant}} · {{.Corp}}</button></li>{{end}}</ul></form>{{end}}
{{if .Bind}}<form method="post" action="/sso/bind" id="bind"><input type="hidden" name="pending" value="{{.Pending}}">
<p>{{.Person}}：输入你的 OA 账号和密码一次，即可绑定并登录。<br><span class="en">Enter your OA account and password once to bind and log in.</span></p>
{{if .ErrorZH}}<p class="err" id="bind-error">{{.ErrorZH}}<br>{{.ErrEN}}</p>{{end}}
<label>OA 账号 <span class="en">OA account</span><input name="username" autocomplete="username" required></label>
<label>密码 <span class="en">Password</span><input name="password" type="password" autocomplete="current-password" required></label>
<button>绑定并登录 <span class="en">Bind and log in</span></button></form>{{end}}
</body></html>`))

// render writes a page with headers that keep it out of caches and frames
// of other sites.
func render(w http.ResponseWriter, status int, p page) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	w.WriteHeader(status)
	_ = pageTmpl.Execute(w, p)
}

// refusal renders the page of a reason, with the platform's advice when
// there is one, for a Feishu corp (the console's own sign-in is Feishu).
func refusal(w http.ResponseWriter, key, detail string) {
	refusalOn(w, key, detail, "feishu")
}

// imNames are the platforms' names as the refusal pages say them: a WeCom
// person must not read "your Feishu account".
var imNames = map[string][2]string{
	"feishu":   {"飞书", "Feishu"},
	"wecom":    {"企业微信", "WeCom"},
	"dingtalk": {"钉钉", "DingTalk"},
}

// refusalOn renders the page of a reason naming the corp's platform.
func refusalOn(w http.ResponseWriter, key, detail, platform string) {
	rs, ok := reasons[key]
	if !ok {
		rs = reasons["busy"]
	}
	name, ok := imNames[platform]
	if !ok {
		name = imNames["feishu"]
	}
	r := strings.NewReplacer("{im_zh}", name[0], "{im_en}", name[1])
	render(w, rs.status, page{Reason: key, TitleZH: "无法登录", TitleEN: "Cannot log in", MsgZH: r.Replace(rs.zh), MsgEN: r.Replace(rs.en), Detail: detail})
}
