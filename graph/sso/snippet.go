package sso

import (
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"imbridge/ent"
	"imbridge/ent/corp"
)

// The QR entry for the OA's login page (扫码入口在右上角, seed 003 §5), two
// ways to include it:
//
//	<script src="{bridge}/sso/{corp}/qr.js" data-return-to="https://oa.example.com/sso/done" async></script>
//
// renders a "飞书扫码登录" box in the top right corner of the page; or an
// iframe of {bridge}/sso/{corp}/embed?return_to=… renders the same box
// inside the OA's own layout. Either sends the whole page (never just the
// frame: the flow's cookie must be first-party) to the start URL, from
// where Feishu shows its QR code (inside the Feishu client, it logs in
// without one) and the browser comes back to return_to with a ticket.

// snippetJS is the script; START and LABEL are replaced by the start URL
// and the button's text as JSON strings (JavaScript string literals).
const snippetJS = `(function () {
  var start = START;
  var s = document.currentScript;
  var back = (s && s.getAttribute("data-return-to")) || window.location.href;
  var a = document.createElement("a");
  a.id = "imbridge-qr-login";
  a.href = start + "?return_to=" + encodeURIComponent(back);
  a.target = "_top";
  a.textContent = LABEL;
  a.setAttribute("style", "position:fixed;top:16px;right:16px;z-index:2147483647;padding:10px 16px;border-radius:6px;background:#3370ff;color:#fff;font:14px sans-serif;text-decoration:none;box-shadow:0 2px 8px rgba(0,0,0,.2)");
  function add() { document.body.appendChild(a); }
  if (document.body) { add(); } else { document.addEventListener("DOMContentLoaded", add); }
})();
`

// snippet serves qr.js for a corp with login on.
func (s *Service) snippet(w http.ResponseWriter, r *http.Request) {
	corpID, err := strconv.Atoi(r.PathValue("corp"))
	st, lerr := s.setting(r.Context(), corpID)
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	if err != nil || lerr != nil || st == nil {
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("/* imbridge: QR-code login is not enabled for this corp */\n"))
		return
	}
	start, _ := json.Marshal(s.StartURL(corpID))
	label, _ := json.Marshal(loginLabel(st.Edges.Corp))
	_, _ = w.Write([]byte(strings.NewReplacer("START", string(start), "LABEL", string(label)).Replace(snippetJS)))
}

// loginLabel is the entry's text: the IM the person scans with.
func loginLabel(c *ent.Corp) string {
	if c != nil && c.Platform == corp.PlatformWecom {
		return "企业微信扫码登录 · Log in with WeCom"
	}
	return "飞书扫码登录 · Log in with Feishu"
}

var embedTmpl = template.Must(template.New("embed").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><style>body{margin:0;font:14px sans-serif}a{display:block;padding:10px 16px;border-radius:6px;background:#3370ff;color:#fff;text-decoration:none;text-align:center}</style></head>
<body><a id="imbridge-qr-login" href="{{.URL}}" target="_top">{{.Label}}</a></body></html>`))

// embed serves the iframe version; return_to is checked like at the start.
func (s *Service) embed(w http.ResponseWriter, r *http.Request) {
	corpID, err := strconv.Atoi(r.PathValue("corp"))
	if err != nil {
		refusal(w, "corp", "")
		return
	}
	st, err := s.setting(r.Context(), corpID)
	if err != nil || st == nil {
		refusal(w, "corp", "")
		return
	}
	back := r.URL.Query().Get("return_to")
	if _, ok := allowedReturn(back, st.AllowedOrigins); !ok {
		refusal(w, "return_to", "")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	// Framed by the OA's pages only: its allowed origins.
	anc := ""
	for _, o := range st.AllowedOrigins {
		anc += " " + o
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors"+anc)
	_ = embedTmpl.Execute(w, struct{ URL, Label string }{s.StartURL(corpID) + "?return_to=" + url.QueryEscape(back), loginLabel(st.Edges.Corp)})
}
