package sso

import (
	"cmp"
	"encoding/json"
	"net/http"
	"strconv"

	"imbridge/ent"
	"imbridge/ent/admin"
	"imbridge/ent/corp"
	"imbridge/ent/loginsetting"
	"imbridge/ent/viewer"
	"imbridge/graph/auth"
	"imbridge/platform"
)

// Console sign-in by scanning (issue 10 item 5, issue 11 for WeCom): an
// admin links their account to their own person of a Feishu or WeCom corp
// from the user menu (GET /sso/console/bind?corp=…, signed in), after
// which the login page's "Sign in with Feishu / WeCom" (GET
// /sso/console/start?corp=…) starts a session for them. The link is (corp,
// IM user): admin.im_corp_id with Feishu's user_id or union_id, or WeCom's
// userid (WeCom has no union id). The flows are the OA login's own
// (企业微信Web登录 on WeCom, service.go oauth). Only corps whose login
// settings offer console sign-in are used, and only they are listed on the
// login page (providers).

// Provider is a corp the console's login page offers.
type Provider struct {
	CorpID string `json:"corpId"`
	Name   string `json:"name"`
	// Platform is the corp's: "feishu" or "wecom" (the button's words).
	Platform string `json:"platform"`
}

// providers lists them: GET /sso/console/providers.
func (s *Service) providers(w http.ResponseWriter, r *http.Request) {
	sts, err := s.DB.LoginSetting.Query().Where(loginsetting.Enabled(true), loginsetting.ConsoleSignIn(true), loginsetting.AppIDNotNil()).
		WithCorp().All(system(r.Context(), 0))
	out := []Provider{}
	if err == nil {
		for _, st := range sts {
			if st.Edges.Corp != nil {
				out = append(out, Provider{CorpID: itoa(st.CorpID), Name: st.Edges.Corp.Name, Platform: string(st.Edges.Corp.Platform)})
			}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(map[string]any{"providers": out})
}

// consoleSetting is a corp's settings when it offers console sign-in.
func (s *Service) consoleSetting(r *http.Request) (*ent.LoginSetting, bool) {
	id, err := strconv.Atoi(r.URL.Query().Get("corp"))
	if err != nil {
		return nil, false
	}
	st, err := s.setting(r.Context(), id)
	if err != nil || st == nil || !st.ConsoleSignIn {
		return nil, false
	}
	return st, true
}

// consoleStart begins signing into the console.
func (s *Service) consoleStart(w http.ResponseWriter, r *http.Request) {
	st, ok := s.consoleSetting(r)
	if !ok {
		refusal(w, "corp", "")
		return
	}
	s.redirectToPlatform(w, r, st, flow{Purpose: purposeConsole, CorpID: st.CorpID, TenantID: st.TenantID})
}

// consoleBind begins linking the signed-in admin's account to their
// person of the corp (Feishu or WeCom); the admin must see the corp (their
// tenant's, or any for a super admin).
func (s *Service) consoleBind(w http.ResponseWriter, r *http.Request) {
	v := viewer.FromContext(r.Context())
	if v == nil || v.Kind != viewer.KindAdmin {
		refusal(w, "not_signed_in", "")
		return
	}
	st, ok := s.consoleSetting(r)
	if !ok || (!v.IsSuperAdmin() && v.TenantID != st.TenantID) {
		refusal(w, "corp", "")
		return
	}
	s.redirectToPlatform(w, r, st, flow{Purpose: purposeBindAdmin, CorpID: st.CorpID, TenantID: st.TenantID, AdminID: v.ID})
}

// boundAdmins are the admins linked to the person in the corp: by user id
// when the platform gave one (always on WeCom), else by Feishu union_id.
func (s *Service) boundAdmins(r *http.Request, corpID int, id platform.Identity) ([]*ent.Admin, error) {
	q := s.DB.Admin.Query().Where(admin.ImCorpID(corpID))
	switch {
	case id.UserID != "":
		q = q.Where(admin.ImUserID(id.UserID))
	case id.UnionID != "":
		q = q.Where(admin.ImUnionID(id.UnionID))
	default:
		return nil, nil
	}
	return q.All(system(r.Context(), 0))
}

// finishConsole signs in the one active admin bound to the person.
func (s *Service) finishConsole(w http.ResponseWriter, r *http.Request, st *ent.LoginSetting, id platform.Identity) {
	ads, err := s.boundAdmins(r, st.CorpID, id)
	if err != nil {
		refusal(w, "busy", "")
		return
	}
	if len(ads) != 1 || ads[0].Disabled {
		s.refuse(w, r, st.TenantID, st.CorpID, "no_admin", "")
		return
	}
	if err := s.Auth.StartSession(r.Context(), w, ads[0], auth.ClientIP(r), "console login with "+platformWord(st.Edges.Corp)); err != nil {
		refusal(w, "busy", "")
		return
	}
	loginsTotal.WithLabelValues(itoa(st.CorpID), "console").Inc()
	http.Redirect(w, r, "/", http.StatusFound)
}

// finishBindAdmin records the person (corp, IM user) on the admin who
// started the flow.
func (s *Service) finishBindAdmin(w http.ResponseWriter, r *http.Request, st *ent.LoginSetting, f flow, id platform.Identity) {
	v := viewer.FromContext(r.Context())
	if v == nil || v.Kind != viewer.KindAdmin || v.ID != f.AdminID {
		refusal(w, "not_signed_in", "")
		return
	}
	others, err := s.boundAdmins(r, st.CorpID, id)
	if err != nil {
		refusal(w, "busy", "")
		return
	}
	for _, o := range others {
		if o.ID != f.AdminID {
			s.refuse(w, r, st.TenantID, st.CorpID, "no_admin", "this "+platformWord(st.Edges.Corp)+" account is already bound to another admin")
			return
		}
	}
	ctx := system(r.Context(), 0)
	if err := s.DB.Admin.UpdateOneID(f.AdminID).SetImCorpID(st.CorpID).SetImUserID(id.UserID).
		SetImUnionID(id.UnionID).SetImName(id.Name).Exec(ctx); err != nil {
		refusal(w, "busy", "")
		return
	}
	s.record(r.Context(), r, st.TenantID, false, "bindAdminIM", "admin "+v.Name+" bound their account to "+platformWord(st.Edges.Corp)+" user "+cmp.Or(id.Name, id.UserID))
	http.Redirect(w, r, "/?im=bound", http.StatusFound)
}

// platformWord names the corp's platform in audit lines and refusals.
func platformWord(c *ent.Corp) string {
	if c != nil && c.Platform == corp.PlatformWecom {
		return "WeCom"
	}
	return "Feishu"
}
