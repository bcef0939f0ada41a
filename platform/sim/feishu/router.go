package feishu

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// route is one API: the path exactly as the SDK's apiReq.ApiPath, the scopes
// of which the app needs any one (nil = no token needed), and the handler.
type route struct {
	method  string
	pattern string
	segs    []string
	auth    bool
	scopes  []string
	handle  func(c *call) (any, error)
}

// API is the name of a route for rate limits and the request log:
// "GET /open-apis/contact/v3/users/:user_id".
func (r *route) API() string { return r.method + " " + r.pattern }

// call is one request being served.
type call struct {
	s      *Server
	r      *http.Request
	params map[string]string
	query  url.Values
	body   []byte
	appID  string
}

// rawBody marks a handler result written as the whole body, not under "data"
// (the auth endpoints answer {code,msg,tenant_access_token,expire}).
type rawBody map[string]any

func (s *Server) buildRoutes() []route {
	var rs []route
	add := func(method, pattern string, auth bool, scopes []string, h func(*call) (any, error)) {
		rs = append(rs, route{method: method, pattern: pattern, segs: strings.Split(pattern, "/"),
			auth: auth, scopes: scopes, handle: h})
	}
	s.authRoutes(add)
	s.departmentRoutes(add)
	s.userRoutes(add)
	s.scopeRoutes(add)
	s.messageRoutes(add)
	s.approvalRoutes(add)
	s.oauthRoutes(add)
	return rs
}

type addRoute func(method, pattern string, auth bool, scopes []string, h func(*call) (any, error))

// match finds the route; static segments win over :params because routes
// are tried in registration order and static ones are registered first.
func (s *Server) match(method, escapedPath string) (*route, map[string]string, bool) {
	segs := strings.Split(escapedPath, "/")
	pathKnown := false
	for i := range s.routes {
		rt := &s.routes[i]
		if len(rt.segs) != len(segs) {
			continue
		}
		params := map[string]string{}
		ok := true
		for j, p := range rt.segs {
			if strings.HasPrefix(p, ":") {
				v, err := url.PathUnescape(segs[j])
				if err != nil || v == "" {
					ok = false
					break
				}
				params[p[1:]] = v
			} else if p != segs[j] {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		pathKnown = true
		if rt.method == method {
			return rt, params, true
		}
	}
	return nil, nil, pathKnown
}

// ServeHTTP runs the gateway steps in the real order: log id, latency,
// routing, injected faults, token, rate limit, scope, then the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	logID := s.newLogID()
	w.Header().Set("X-Tt-Logid", logID)
	rec := RequestRecord{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery}
	if s.serveMessageView(w, r) || s.serveApprovalView(w, r) || s.serveAuthorize(w, r) || s.serveFaultControl(w, r) {
		return
	}

	finish := func(status int, body []byte, code int) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write(body)
		rec.Status, rec.Code, rec.Duration = status, code, time.Since(start)
		s.record(rec)
	}
	fail := func(e *Error) { finish(e.Status, errorBody(e, logID), e.Code) }

	if d := s.latency(); d > 0 {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
	}
	rt, params, known := s.match(r.Method, r.URL.EscapedPath())
	if rt == nil {
		if known {
			fail(newErr(http.StatusMethodNotAllowed, CodeMethodMismatch, "request method doesn't match"))
		} else {
			fail(newErr(http.StatusNotFound, CodeNotFoundPath, "resource not find"))
		}
		return
	}
	rec.API = rt.API()
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		fail(errField("unreadable body"))
		return
	}
	c := &call{s: s, r: r, params: params, query: r.URL.Query(), body: body}
	if rt.auth {
		if e := s.injectedFault(); e != nil {
			fail(e)
			return
		}
		appID, e := s.authenticate(r)
		if e != nil {
			fail(e)
			return
		}
		c.appID, rec.AppID = appID, appID
		for _, api := range []string{rt.API(), fieldLimitAPI(rt.API(), body)} {
			if api == "" {
				continue
			}
			if limit, reset, ok := s.allow(appID, api); !ok {
				w.Header().Set("x-ogw-ratelimit-limit", fmt.Sprint(limit))
				w.Header().Set("x-ogw-ratelimit-reset", fmt.Sprint(reset))
				fail(newErr(http.StatusTooManyRequests, CodeRateLimited, "request trigger frequency limit"))
				return
			}
		}
		if e := s.checkScopes(appID, rt.scopes); e != nil {
			fail(e)
			return
		}
		if e := s.refusedSend(appID, rt); e != nil {
			fail(e)
			return
		}
		if e := s.injectedCode(rt.API()); e != nil {
			fail(e)
			return
		}
	}
	out, herr := rt.handle(c)
	if c.appID != "" {
		rec.AppID = c.appID
	}
	if herr != nil {
		e, ok := herr.(*Error)
		if !ok {
			e = newErr(http.StatusInternalServerError, CodeInternal, "internal error: %v", herr)
		}
		fail(e)
		return
	}
	if rt.auth && r.Method != http.MethodGet && s.answerLost(w, rec, fail) {
		return
	}
	if raw, ok := out.(rawBody); ok {
		b, _ := json.Marshal(map[string]any(raw))
		finish(http.StatusOK, b, 0)
		return
	}
	if out == nil {
		out = struct{}{}
	}
	b, err := json.Marshal(struct {
		Code int    `json:"code"`
		Msg  string `json:"msg"`
		Data any    `json:"data"`
	}{0, "success", out})
	if err != nil {
		fail(newErr(http.StatusInternalServerError, CodeInternal, "internal error: %v", err))
		return
	}
	finish(http.StatusOK, b, 0)
}

// errorBody is {code,msg,error:{log_id,troubleshooter,…}} like the gateway's.
func errorBody(e *Error, logID string) []byte {
	if e.OAuthError != "" {
		b, _ := json.Marshal(map[string]any{"code": e.Code, "error": e.OAuthError, "error_description": e.Msg})
		return b
	}
	type violation struct {
		Type    string `json:"type"`
		Subject string `json:"subject"`
	}
	detail := map[string]any{
		"log_id":         logID,
		"troubleshooter": "排查建议查看(Troubleshooting suggestions): https://open.feishu.cn/search?from=openapi&log_id=" + logID,
	}
	if len(e.Scopes) > 0 {
		var vs []violation
		for _, sc := range e.Scopes {
			vs = append(vs, violation{Type: "action_privilege_required", Subject: sc})
		}
		detail["permission_violations"] = vs
	}
	b, _ := json.Marshal(map[string]any{"code": e.Code, "msg": e.Msg, "error": detail})
	return b
}

func (s *Server) newLogID() string {
	s.mu.Lock()
	s.logSeq++
	n := s.logSeq
	s.mu.Unlock()
	return fmt.Sprintf("%s%018X", time.Now().Format("20060102150405"), n)
}

// decodeBody decodes a JSON body; an empty body decodes to the zero value.
func (c *call) decodeBody(v any) error {
	if len(strings.TrimSpace(string(c.body))) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		return errField("request body is not valid JSON: %v", err)
	}
	return nil
}
